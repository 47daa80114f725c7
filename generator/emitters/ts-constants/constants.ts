/**
 * The TypeScript constants emitter: `ts-constants/<target>[-<config>]/<namespace>.ts` and an
 * `index.ts` re-exporting each namespace (`import { coyotos } from '.../x86_64/index.js'`).
 * The same numbers as the C header, the GNU as include and the Rust module, under the Rust
 * module's names (upper snake case, no namespace prefix): tools written in TypeScript use
 * them beside the accessors of the `ts` emitter, which has no per-field shifts and masks.
 *
 * A number is a `number` when it is a safe integer, except masks of 64-bit words and
 * constants declared `u64`/`i64`, which are `bigint` whatever their value (so `~MASK & w`
 * and the like stay in one type); enums wider than 53 bits are `bigint` too.
 */
import type * as ir from '../../ir.js';
import { type EmitContext, keptWithOnce, type RenderedTable } from '../context.js';
import { banner, byDataModel, docLines, namespaceSpecs, type Emitter, type GeneratedFile } from '../emitter.js';
import { type ConstItem, type DeclPlan, fieldSignature, hexDigits, layoutDir, layoutTitle, type NamespacePlan, itemField, NUMBERS_NAMES, planConstants, planOnce, renderedNumbers } from '../common/numbers.js';
import { wrap } from '../common/wrap.js';
import { moduleNames } from '../common/module-names.js';
import { fileStems } from '../common/file-stems.js';
import { blockCommentText } from '../common/comments.js';
import { declHeading } from '../common/headings.js';
import { render } from './templates.js';

export const tsConstantsEmitter: Emitter = {
  name: 'ts-constants',
  description: 'TypeScript constants per target: the C header\'s constants, offsets, sizes, shifts and masks',
  shares: [planOnce('module'), ...NUMBERS_NAMES],
  *emit({ layouts, specs, context }) {
    // A namespace's numbers are the same on the layouts of a data model with the same facts.
    for (const group of byDataModel(layouts)) {
      const bodies = context?.rendered<readonly string[]>('ts-constants body') ?? new Map<string, readonly string[]>();
      for (const layout of group) yield* renderTsConstants(layout, specs, context, bodies);
    }
  },
};

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Whether an item is a `bigint` in TypeScript. */
export function tsIsBig(item: ConstItem): boolean {
  const num = item.num;
  if (num.kind === 'mask') return num.bits === 64;
  if (num.kind === 'declared' && (num.type === 'u64' || num.type === 'i64')) return true;
  if (num.kind === 'enum' && num.width > 53) return true;
  return item.value > SAFE || item.value < -SAFE;
}

function tsLiteral(item: ConstItem): string {
  const big = tsIsBig(item);
  const v = item.value;
  const abs = v < 0n ? -v : v;
  const digits = item.num.kind === 'mask' ? `0x${hexDigits(v, item.num.bits)}` : abs < 0x10000n ? abs.toString() : `0x${abs.toString(16)}`;
  return `${v < 0n ? '-' : ''}${digits}${big ? 'n' : ''}`;
}

/** A line made safe inside a block comment. */
function escapeComment(line: string): string {
  return line.replace(/\*\//g, '*\\/');
}

function tsDoc(lines: readonly string[]): string {
  return blockCommentText(lines.map(escapeComment));
}

export function renderTsConstants(layout: ir.Layout, specs: readonly string[], context?: EmitContext, bodies: RenderedTable<readonly string[]> = new Map()): GeneratedFile[] {
  const dir = `ts-constants/${layoutDir(layout)}`;
  const texts = context?.keptWith<readonly string[], string>('ts-constants module file') ?? null;
  const namespaces = planConstants(layout, 'module', context);
  const head = (what: string, from = specs): string[] => [...banner(from).flatMap((l) => wrap(l)), '', ...wrap(what)].map(escapeComment);
  const files = fileStems(namespaces.map((ns) => ns.namespace), ['index']);
  const modules = moduleNames(namespaces.map((ns) => ns.namespace));
  const exports = namespaces.map((ns) => ({ alias: modules.get(ns.namespace)!, file: files.get(ns.namespace)! }));
  const index = render('index', { head: head(`The numbers of ${layoutTitle(layout)}, one module per namespace.`), exports });
  return [
    ...namespaces.map((ns) => {
      const body = renderedNumbers(layout, ns, context, bodies, 'ts-constants declarations', (each) => renderBlocks(ns, each));
      const path = `${dir}/${files.get(ns.namespace)}.ts`;
      const banner = namespaceSpecs(layout, [ns.namespace], specs);
      // The module's text is its body framed for the layout: kept with the body across runs.
      const frame = JSON.stringify([path, layoutTitle(layout), banner]);
      return { path, contents: keptWithOnce(texts, body, frame, () => renderModule(layout, ns, body, (what) => head(what, banner))) };
    }),
    { path: `${dir}/index.ts`, contents: index },
  ];
}

/** A module's declarations: made from the namespace's facts and names (`numbersKey`). */
function renderBlocks(ns: NamespacePlan, each: (decl: ir.Decl, render: () => string) => string = (_, render) => render()): string[] {
  const blocks: string[] = [];
  let previous: ir.Decl | null = null;
  for (const plan of ns.decls) {
    const d = plan.decl;
    if (d.kind !== 'const') {
      const block = each(d, () => declLines(plan).join('\n'));
      if (block) blocks.push(block);
      previous = d;
      continue;
    }
    // A run of constants is one block.
    const lines = declLines(plan);
    if (lines.length && previous?.kind === 'const') blocks[blocks.length - 1] += `\n${lines.join('\n')}`;
    else if (lines.length) blocks.push(lines.join('\n'));
    previous = d;
  }
  return blocks;
}

/** A declaration's lines: a heading (but for a constant), then each of its numbers. */
function declLines(plan: DeclPlan): string[] {
  const d = plan.decl;
  const lines: string[] = [];
  if (d.kind !== 'const') lines.push(`// ${declHeading(d)}`);
  const fieldOf = itemField(plan);
  for (const item of plan.items) {
    if (item.sameAs) {
      lines.push(`// ${item.name}: the spec's constant of that name, ${item.value}.`);
      continue;
    }
    let doc: readonly string[] = item.doc ? docLines(item.doc) : [];
    if (d.kind === 'bits') {
      const f = fieldOf(item);
      if (f) {
        const what = { word: 'word index', shift: 'lowest bit in its word', width: 'stored bits', mask: 'bits in its word', 'value-shift': 'low value bits not stored' }[
          item.role as 'word' | 'shift' | 'width' | 'mask' | 'value-shift'
        ];
        doc = [`${f.variant ? `${f.variant.name}: ` : ''}\`${fieldSignature(f.field)}\`${item.subject.part !== undefined ? `, part ${item.subject.part}` : ''}: ${what}.`];
      }
    }
    lines.push(`${tsDoc(doc)}export const ${item.name} = ${tsLiteral(item)};`);
  }
  return lines;
}

function renderModule(layout: ir.Layout, ns: NamespacePlan, blocks: readonly string[], head: (what: string) => string[]): string {
  const dir = layoutDir(layout);
  const what = `Namespace ${ns.namespace} for ${layoutTitle(layout)}: the numbers of c/${dir}/${ns.namespace}.h and asm/${dir}/${ns.namespace}.inc, named as in the Rust module.`;
  return render('module', { head: head(what), blocks });
}
