/**
 * The TypeScript emitter: typed, range-checked accessors for every declaration, over the
 * dependency-free runtime in `runtime/`.
 *
 *   ts/<ns>.ts             target-independent: enums, bit layouts (decode/encode/validate and
 *                          per-field getters and setters on raw words), constants that have one
 *                          value on every layout
 *   ts/<stem>/<ns>.ts      per target and configuration (`x86_64`, `x86_64.kernel`): re-exports
 *                          the above, plus the other constants and the views (bit layouts,
 *                          structs, unions) in that target's byte order and offsets
 *   ts/<stem>/index.ts     every namespace of a layout: `import { x86 } from '.../x86_64/index.js'`
 *   ts/index.ts            every namespace's target-independent module
 *
 * Output is formatted by prettier with fixed options, so it is byte-identical across runs.
 */
import * as prettier from 'prettier';
import type * as ir from '../../ir.js';
import { banner, layoutStem, type Emitter } from '../emitter.js';
import { bitsModel, renderBitsTypes, renderBitsView, renderCompanion } from './bits.js';
import { renderConstant, renderEnum } from './constants.js';
import { renderStruct, renderUnion } from './aggregates.js';
import { ModuleWriter, NamespacePlan } from './module.js';
import { docComment, ident } from './naming.js';
import { render } from './templates.js';
import { plainValueType } from './types.js';

export interface TsEmitterOptions {
  /**
   * Path of the runtime's `index.js`, relative to the output directory. Default: the
   * repository's `runtime/`, the output directory being `generated/` beside it.
   */
  readonly runtimePath?: string;
  /** Run prettier over each file (default true; tests may skip it for speed). */
  readonly format?: boolean;
}

export const PRETTIER_OPTIONS: prettier.Options = {
  parser: 'typescript',
  printWidth: 120,
  tabWidth: 2,
  useTabs: false,
  semi: true,
  singleQuote: true,
  trailingComma: 'all',
  bracketSpacing: true,
  arrowParens: 'always',
  endOfLine: 'lf',
};

export function createTsEmitter(options: TsEmitterOptions = {}): Emitter {
  const runtimePath = options.runtimePath ?? '../runtime/index.js';
  return {
    name: 'ts',
    description: 'TypeScript accessors, decoders, encoders and struct views over runtime/',
    async emit({ layouts, specs }) {
      const files = emitTs(layouts, specs, runtimePath);
      if (options.format === false) return files.map((f) => ({ path: f.path, contents: f.parts.join('\n') }));
      // Each top-level declaration is formatted on its own: many are identical across
      // targets, and prettier formats a declaration the same alone or in a file.
      const cache = new Map<string, Promise<string>>();
      const format = (text: string) => {
        let p = cache.get(text);
        if (!p) {
          p = prettier.format(text, PRETTIER_OPTIONS);
          cache.set(text, p);
        }
        return p;
      };
      return Promise.all(
        files.map(async (f) => ({ path: f.path, contents: (await Promise.all(f.parts.map(format))).join('\n') })),
      );
    },
  };
}

export const tsEmitter: Emitter = createTsEmitter();

function namespaceOf(qname: string): string {
  return qname.slice(0, qname.lastIndexOf('.'));
}

function specFiles(decls: readonly ir.Decl[], fallback: readonly string[]): string[] {
  const files = [...new Set(decls.map((d) => d.source.replace(/:\d+(:\d+)?$/, '')))].sort();
  return files.length ? files : [...fallback];
}

/** A file before formatting: its header (banner, doc, imports) and declarations. */
export interface UnformattedFile {
  readonly path: string;
  readonly parts: readonly string[];
}

/** The files before formatting. */
export function emitTs(layouts: readonly ir.Layout[], specs: readonly string[], runtimePath: string): UnformattedFile[] {
  if (layouts.length === 0) return [];
  const first = layouts[0];
  const namespaces = [...new Set(layouts.flatMap((l) => l.decls.map((d) => d.namespace)))].sort();
  const plans = new Map<string, NamespacePlan>();
  for (const ns of namespaces) {
    const seen = new Map<string, ir.Decl>();
    for (const l of layouts) for (const d of l.decls) if (d.namespace === ns && !seen.has(d.qname)) seen.set(d.qname, d);
    const aliases = new Map<string, ir.TypeAlias>();
    for (const l of layouts) for (const a of l.aliases ?? []) if (a.namespace === ns && !aliases.has(a.qname)) aliases.set(a.qname, a);
    plans.set(ns, new NamespacePlan(ns, [...seen.values()], [...aliases.values()]));
  }
  // A constant is target-independent when every layout gives it the same value.
  const commonConstants = new Set<string>();
  for (const c of first.constants) {
    const same = layouts.every((l) => {
      const d = l.byName.get(c.qname);
      return d?.kind === 'const' && d.value === c.value && d.type === c.type;
    });
    if (same) commonConstants.add(c.qname);
  }
  const isCommon = (d: ir.Decl) => d.kind === 'enum' || d.kind === 'bits' || (d.kind === 'const' && commonConstants.has(d.qname));

  const files: UnformattedFile[] = [];
  for (const ns of namespaces) {
    const plan = plans.get(ns)!;
    const decls = first.decls.filter((d) => d.namespace === ns && isCommon(d));
    const commonQnames = new Set(decls.map((d) => d.qname));
    const path = `ts/${ns}.ts`;
    const m = new ModuleWriter(plans, plan, 'common', path, runtimePath, commonQnames);
    const blocks: string[] = [];
    for (const d of decls) {
      if (d.kind === 'const') blocks.push(renderConstant(d, m));
      else if (d.kind === 'enum') blocks.push(renderEnum(d, m));
      else if (d.kind === 'bits') {
        const model = bitsModel(d, first);
        blocks.push(...renderBitsTypes(model, m), renderCompanion(model, m));
      }
    }
    files.push({
      path,
      parts: fileParts(m, blocks, specFiles(decls, specs), `Namespace \`${ns}\`: what is the same on every target (enums, bit layouts, constants).`),
    });
  }
  for (const layout of layouts) {
    const stem = layoutStem(layout);
    for (const ns of namespaces) {
      const plan = plans.get(ns)!;
      const commonQnames = new Set(first.decls.filter((d) => d.namespace === ns && isCommon(d)).map((d) => d.qname));
      const path = `ts/${stem}/${ns}.ts`;
      const m = new ModuleWriter(plans, plan, 'target', path, runtimePath, commonQnames);
      const blocks: string[] = [];
      const decls = layout.decls.filter((d) => d.namespace === ns);
      for (const a of layout.aliases ?? []) {
        if (a.namespace === ns) blocks.push(render('typeAlias', { doc: docComment(a.doc), name: m.ref(a.qname, 'base', true), type: plainValueType(a.type, layout, m) }));
      }
      for (const d of decls) {
        if (d.kind === 'const' && !commonConstants.has(d.qname)) blocks.push(renderConstant(d, m));
        else if (d.kind === 'bits') blocks.push(renderBitsView(bitsModel(d, layout), m));
        else if (d.kind === 'struct') blocks.push(...renderStruct(d, layout, m));
        else if (d.kind === 'union') blocks.push(...renderUnion(d, layout, m));
      }
      const t = layout.target;
      const doc = `Namespace \`${ns}\` on ${t.name}${layout.config ? `, configuration ${layout.config}` : ''} (${t.endian}-endian, ${t.wordBits}-bit words, ${t.pointerBits}-bit pointers): views in this target's layout, and everything target-independent re-exported from ../${ns}.js.`;
      files.push({ path, parts: fileParts(m, blocks, specFiles(decls, specs), doc) });
    }
    files.push({ path: `ts/${stem}/index.ts`, parts: [indexText(namespaces, specs, `Every namespace on ${stem}.`)] });
  }
  files.push({ path: 'ts/index.ts', parts: [indexText(namespaces, specs, 'Every namespace, target-independent parts (enums, bit layouts, constants).')] });
  return files;
}

function fileParts(m: ModuleWriter, blocks: readonly string[], specs: readonly string[], doc: string): string[] {
  const [b1, b2] = banner(specs);
  const header = render('file', { banner1: b1, banner2: b2, doc: docComment(doc).trimEnd(), imports: m.header(), blocks: [] });
  return [header, ...m.helpers(), ...blocks];
}

function indexText(namespaces: readonly string[], specs: readonly string[], doc: string): string {
  const [b1, b2] = banner(specs);
  return render('index', { banner1: b1, banner2: b2, doc: docComment(doc).trimEnd(), exports: namespaces.map((ns) => ({ alias: ident(ns), file: ns })) });
}
