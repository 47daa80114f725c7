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
 * Output is formatted as prettier formats it with `PRETTIER_OPTIONS`, byte-identical across runs:
 * the emitter writes code already spaced as prettier spaces it, `layout.ts` indents it and
 * breaks long statements (`expression-layout.ts` builds prettier's documents for long bit
 * expressions and `doc-printer.ts` prints them as prettier does); a declaration with a line it
 * still cannot break goes through prettier itself (loaded only then: dsl/ needs it for none).
 * The tests check that prettier leaves every file as it is.
 */
import type * as prettier from 'prettier';
import type * as ir from '../../ir.js';
import { type EmitContext, KeptParts, type RenderedTable, renderedOnce } from '../context.js';
import { unreachable } from '../../util/unreachable.js';
import { digest } from '../../util/digest.js';
import { namesDigests } from '../common/closure-keys.js';
import { byNamespace } from '../../util/list.js';
import { banner, byDataModel, DEFAULT_RUNTIME, layoutStem, namespaceSpecs, specFilesOf, type Emitter } from '../emitter.js';
import { renderBitsTypes, renderCompanion } from './bits-companion.js';
import { bitsModel } from './bits-model.js';
import { renderBitsView } from './bits-view.js';
import { renderConstant, renderEnum } from './constants.js';
import { heldTypes, renderStruct, renderUnion } from './aggregates.js';
import { layoutCode } from './layout.js';
import { hasMachine, machineBindings, renderMachine } from './machine.js';
import { framesOf, type TrapFrame } from '../../lower/machine-data.js';
import { ModuleWriter, NamespacePlan, type WriterCall } from './module.js';
import { SharedDecls } from './shared-decls.js';
import { docComment, ident } from './naming.js';
import { fileStems } from '../common/file-stems.js';
import { render } from './templates.js';
import { plainValueType } from './types.js';

export interface TsEmitterOptions {
  /** Lay out the code (default true; false gives each declaration unindented, for speed). */
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
  return {
    name: 'ts',
    description: 'TypeScript accessors, decoders, encoders and struct views over runtime/',
    async *emit({ layouts, specs, runtime = DEFAULT_RUNTIME, context }) {
      // Declarations are laid out one at a time: many are the same on the targets of a data
      // model, so each is laid out once per group of them, and forgotten after it (kept from
      // run to run in a long-lived process).
      const laidOut = (): RenderedTable<string | Promise<string>> => context?.rendered('ts laid out') ?? new Map();
      let formatted = laidOut();
      let group = -1;
      const format = (text: string) => {
        let out = formatted.get(text);
        if (out === undefined) {
          out = layoutCode(text) ?? prettierFormat(text);
          formatted.set(text, out);
        }
        return out;
      };
      for (const f of emitTs(layouts, specs, runtime, context)) {
        if (options.format === false) {
          yield { path: f.path, contents: f.parts.join('\n') };
          continue;
        }
        if (f.group !== group) [formatted, group] = [laidOut(), f.group];
        // Laid out by CDL, every part is a string at once; prettier's are promises.
        const parts = f.parts.map(format);
        yield { path: f.path, contents: (parts.every((p) => typeof p === 'string') ? (parts as string[]) : await Promise.all(parts)).join('\n') };
      }
    },
  };
}

/** prettier, for what {@link layoutCode} cannot lay out (it takes a while to load). */
export async function prettierFormat(text: string): Promise<string> {
  const p = await import('prettier');
  return p.format(text, PRETTIER_OPTIONS);
}

export const tsEmitter: Emitter = createTsEmitter();

/** A file before formatting: its header (banner, doc, imports) and declarations. */
export interface UnformattedFile {
  readonly path: string;
  readonly parts: readonly string[];
  /** Which group of layouts of one data model it belongs to (-1: none, the common modules). */
  readonly group: number;
}

/** Every namespace's binding names (sorted by namespace), planned over all layouts at once. */
export function planNamespaces(layouts: readonly ir.Layout[]): Map<string, NamespacePlan> {
  const plans = new Map<string, NamespacePlan>();
  const machine = machineBindings(layouts);
  const namespaces = [...new Set([...layouts.flatMap((l) => l.namespaces), ...machine.keys()])].sort();
  const files = fileStems(namespaces, ['index']);
  // Each namespace's declarations and aliases, the first layout's of each name, in one pass:
  // a pass over every layout per namespace grew with the square of the project.
  const firstOfEach = <T extends { readonly namespace: string; readonly qname: string }>(lists: Iterable<readonly T[]>): Map<string, T[]> => {
    const first = new Map<string, T>();
    for (const list of lists) for (const d of list) if (!first.has(d.qname)) first.set(d.qname, d);
    return byNamespace([...first.values()]);
  };
  const declsByNs = firstOfEach(new Set(layouts.map((l) => l.decls)));
  const aliasesByNs = firstOfEach(new Set(layouts.map((l) => l.aliases)));
  for (const ns of namespaces) {
    const plan = new NamespacePlan(ns, declsByNs.get(ns) ?? [], aliasesByNs.get(ns) ?? [], files.get(ns)!);
    for (const [key, name] of machine.get(ns) ?? []) plan.claimMachine(key, name);
    plans.set(ns, plan);
  }
  return plans;
}

/** The files before formatting, one at a time; `runtime` as in {@link EmitInput}. */
export function* emitTs(
  layouts: readonly ir.Layout[],
  specs: readonly string[],
  runtime: string,
  context?: EmitContext,
  /** Render a declaration once for the target modules that render it alike (false: in each, as tests compare). */
  share = true,
): Generator<UnformattedFile> {
  if (layouts.length === 0) return;
  const first = layouts[0];
  const plans = planNamespaces(layouts);
  const namespaces = [...plans.keys()];
  // A constant is target-independent when every layout gives it the same value.
  const commonConstants = new Set<string>();
  for (const c of first.constants) {
    const same = layouts.every((l) => {
      const d = l.byName.get(c.qname);
      return d?.kind === 'const' && d.value === c.value && d.type === c.type;
    });
    if (same) commonConstants.add(c.qname);
  }
  // A bit layout is target-independent unless some target places its fields elsewhere (a
  // c_bitfields layout, on targets of both byte orders): then each target module has its own.
  const positions = (d: ir.Decl | undefined): string | null =>
    d?.kind === 'bits' ? JSON.stringify([d.fields.map((f) => f.ranges), d.reserved.map((r) => r.range)]) : null;
  const commonBits = new Set(first.bits.filter((b) => layouts.every((l) => positions(l.byName.get(b.qname)) === positions(b))).map((b) => b.qname));
  const isCommon = (d: ir.Decl) =>
    d.kind === 'enum' || (d.kind === 'bits' && commonBits.has(d.qname)) || (d.kind === 'const' && commonConstants.has(d.qname));

  // Each namespace's declarations, and those in its common module, found once: a pass over
  // every declaration per namespace (and per module) grew with the square of the project.
  const grouped = new Map<ir.Layout, Map<string, ir.Decl[]>>();
  const declsOf = (layout: ir.Layout, ns: string): readonly ir.Decl[] => {
    let groups = grouped.get(layout);
    if (!groups) grouped.set(layout, (groups = byNamespace(layout.decls)));
    return groups.get(ns) ?? [];
  };
  // A layout's trap frames, found once: a search of its structs per namespace grew with the
  // square of the project.
  const frames = new Map<ir.Layout, readonly TrapFrame[]>();
  const framesOn = (layout: ir.Layout) => {
    let found = frames.get(layout);
    if (!found) frames.set(layout, (found = framesOf(layout)));
    return found;
  };
  const commonOf = new Map([...byNamespace(first.decls.filter(isCommon))].map(([ns, decls]) => [ns, decls.map((d) => d.qname)]));
  const signatures = new Map<string, string | null>();
  const signatureOf = (ns: string): string | null => {
    if (!signatures.has(ns)) signatures.set(ns, plans.get(ns)?.signature() ?? null);
    return signatures.get(ns)!;
  };
  // What a module is made of besides its facts: the names of its namespace and of those
  // it refers to, which of their declarations are in the common modules (each namespace's by
  // digest: closure-keys.ts), and the runtime.
  const usable = namesDigests((ns) => JSON.stringify([signatureOf(ns), commonOf.get(ns) ?? []]));
  const madeOf = new Map<ir.NamespaceFacts, string>();
  const namesOf = (facts: ir.NamespaceFacts): string => {
    let text = madeOf.get(facts);
    if (text === undefined) {
      text = JSON.stringify([runtime, facts.closure.map(usable)]);
      madeOf.set(facts, text);
    }
    return text;
  };
  // A long-lived process keeps each declaration's text too (with the calls it made to its
  // module's writer): a doc comment edited renders one declaration again, not the module.
  const keptDecls = context?.keptAcrossRuns<ReadonlyMap<string, DeclPart>>('ts declarations') ?? null;
  /** A slot of kept declarations, looked up: a module rendered before keeps them for the next run. */
  const keptSlot = (slot: string): string => {
    keptDecls?.get(slot);
    return slot;
  };
  /** Where a module's declarations are kept: its facts' shape and what else it is made of. */
  const slots = new Map<string, string>();
  const slotOf = (facts: ir.NamespaceFacts, machine: string): string => {
    const key = `${facts.id} ${machine}`;
    let slot = slots.get(key);
    if (slot === undefined) slots.set(key, (slot = `${facts.shape}\n${machine}\n${digest(namesOf(facts))}`));
    return slot;
  };
  const renderCommonModule = (ns: string, slot: string): string[] => {
    const plan = plans.get(ns)!;
    const decls = declsOf(first, ns).filter(isCommon);
    const commonQnames = new Set(decls.map((d) => d.qname));
    const m = new ModuleWriter(plans, plan, 'common', `ts/${plan.file}.ts`, runtime, commonQnames);
    const kept = new KeptDecls(keptDecls, slot, m, first.namespaceFacts.get(ns));
    const blocks: string[] = [];
    for (const d of decls) {
      blocks.push(
        ...kept.part(d, (): string[] => {
          switch (d.kind) {
            case 'const':
              return [renderConstant(d, m)];
            case 'enum':
              return [renderEnum(d, m)];
            case 'bits': {
              const model = bitsModel(d, first);
              return [...renderBitsTypes(model, m), renderCompanion(model, m)];
            }
            case 'struct':
            case 'union':
              return []; // laid out per target: in the target modules
            default:
              return unreachable(d);
          }
        }),
      );
    }
    kept.done();
    return fileParts(m, blocks, specFilesOf(decls, specs), `Namespace \`${ns}\`: what is the same on every target (enums, bit layouts, constants).`);
  };
  // A namespace's common module is made from the first layout's facts (and, with no
  // declarations, names every spec in its banner).
  const commonModules = context?.rendered<readonly string[]>('ts common module') ?? new Map<string, readonly string[]>();
  for (const ns of namespaces) {
    const facts = first.namespaceFacts.get(ns);
    const slot = keptDecls && facts ? keptSlot(slotOf(facts, 'common')) : '';
    const parts = facts ? renderedOnce(commonModules, `${facts.id}\n${namesOf(facts)}\n${specs.join(' ')}`, () => renderCommonModule(ns, slot)) : renderCommonModule(ns, '');
    yield { path: `ts/${plans.get(ns)!.file}.ts`, parts, group: -1 };
  }
  // A declaration rendered alike in several target modules is rendered once (shared-decls.ts).
  const groups = byDataModel(layouts);
  const sharedDecls = share ? new SharedDecls(groups) : null;
  const renderTargetModule = (layout: ir.Layout, ns: string, path: string, slot: string): TargetModule => {
    const plan = plans.get(ns)!;
    const commonQnames = new Set(commonOf.get(ns) ?? []);
    const m = new ModuleWriter(plans, plan, 'target', path, runtime, commonQnames);
    const blocks: string[] = [];
    const decls = declsOf(layout, ns);
    const held = heldTypes(decls);
    for (const a of layout.aliases) {
      if (a.namespace === ns) blocks.push(render('typeAlias', { doc: docComment(a.doc), name: m.ref(a.qname, 'base', true), type: plainValueType(a.type, layout, m) }));
    }
    const renderDecl = (d: ir.Decl, layout: ir.Layout): string[] => {
      switch (d.kind) {
        case 'const':
          return commonConstants.has(d.qname) ? [] : [renderConstant(d, m)];
        case 'enum':
          return []; // the same on every target: in the common module
        case 'bits': {
          const model = bitsModel(d, layout);
          return [...(commonBits.has(d.qname) ? [] : [...renderBitsTypes(model, m), renderCompanion(model, m)]), renderBitsView(model, m)];
        }
        case 'struct':
          return renderStruct(d, layout, m, held);
        case 'union':
          return renderUnion(d, layout, m);
        default:
          return unreachable(d);
      }
    };
    const facts = layout.namespaceFacts.get(ns);
    const kept = new KeptDecls(keptDecls, slot, m, facts);
    // What the module's declarations are made of besides themselves, their reads of the
    // layout and the writer's state: the namespace, the names it can use, and the types its
    // structs hold.
    const module = `${ns}\n${facts ? digest(namesOf(facts)) : ''}\n${digest([...held].sort().join(' '))}`;
    for (const d of decls) blocks.push(...kept.part(d, () => (sharedDecls ? sharedDecls.part(d, layout, m, module, (l) => renderDecl(d, l)) : renderDecl(d, layout))));
    // The target's machine, last: kept by the layout's shape (which holds the machine's).
    blocks.push(...kept.last(layout.shape, () => renderMachine(layout, ns, m, plan, framesOn(layout))));
    kept.done();
    return { imports: m.header(), blocks: [...m.helpers(), ...blocks], specs: namespaceSpecs(layout, [ns], specs) };
  };

  // Target modules. The same declarations laid out the same way make the same module, whatever
  // the target is called: each is rendered once, within the group of layouts of its data model
  // (a namespace's facts include the data model). In a configuration other than the default
  // one, a namespace laid out as in the default configuration re-exports the default's module.
  for (const [group, members] of groups.entries()) {
    sharedDecls?.startGroup();
    // Machine data is the target's own: a module with some is rendered for its target alone.
    const rendered = context?.rendered<TargetModule>('ts target module') ?? new Map<string, TargetModule>();
    const alone = new Map<string, TargetModule>();
    for (const layout of members) {
      const stem = layoutStem(layout);
      const t = layout.target;
      const base = layout.config === null ? undefined : members.find((l) => l.config === null && l.target.name === t.name);
      for (const ns of namespaces) {
        const file = plans.get(ns)!.file;
        const path = `ts/${stem}/${file}.ts`;
        // Undefined for a namespace of machine declarations alone.
        const print = layout.namespaceFacts.get(ns);
        if (base && base.namespaceFacts.get(ns) === print) {
          const from = `../${layoutStem(base)}/${file}.js`;
          const doc = `Namespace \`${ns}\` on ${t.name}, configuration ${layout.config}: laid out as in the default configuration, so the same module, ${from}.`;
          const [banner1, banner2] = banner(namespaceSpecs(layout, [ns], specs));
          yield { path, parts: [render('reexport', { banner1, banner2, doc: docComment(doc).trimEnd(), from })], group };
          continue;
        }
        const machine = hasMachine(layout, ns, framesOn(layout)) ? t.name : '';
        const key = `${print?.id ?? '-'} ${machine}${print ? `\n${namesOf(print)}` : ''}`;
        // A namespace of machine declarations alone has no facts: its module is this run's.
        const slot = keptDecls && print ? keptSlot(slotOf(print, `target ${machine}`)) : '';
        const module = renderedOnce(print ? rendered : alone, key, () => renderTargetModule(layout, ns, path, slot));
        const doc = `Namespace \`${ns}\` on ${t.name}${layout.config ? `, configuration ${layout.config}` : ''} (${t.endian}-endian, ${t.wordBits}-bit words, ${t.pointerBits}-bit pointers): views in this target's layout, and everything target-independent re-exported from ../${file}.js.`;
        const [b1, b2] = banner(module.specs);
        const header = render('file', { banner1: b1, banner2: b2, doc: docComment(doc).trimEnd(), imports: module.imports, blocks: [] });
        yield { path, parts: [header, ...module.blocks], group };
      }
      yield { path: `ts/${stem}/index.ts`, parts: [indexText(plans, specs, `Every namespace on ${stem}.`)], group };
    }
  }
  yield { path: 'ts/index.ts', parts: [indexText(plans, specs, 'Every namespace, target-independent parts (enums, bit layouts, constants).')], group: -1 };
}

/** A declaration's blocks in a target module, and the calls it made to the module's writer. */
interface DeclPart {
  readonly blocks: readonly string[];
  readonly calls: readonly WriterCall[];
}

/** A target module but its header's doc comment: what it imports, its helpers and declarations. */
interface TargetModule {
  readonly imports: readonly string[];
  readonly blocks: readonly string[];
  /** The spec files of its declarations. */
  readonly specs: readonly string[];
}

function fileParts(m: ModuleWriter, blocks: readonly string[], specs: readonly string[], doc: string): string[] {
  const [b1, b2] = banner(specs);
  const header = render('file', { banner1: b1, banner2: b2, doc: docComment(doc).trimEnd(), imports: m.header(), blocks: [] });
  return [header, ...m.helpers(), ...blocks];
}

function indexText(plans: ReadonlyMap<string, NamespacePlan>, specs: readonly string[], doc: string): string {
  const [b1, b2] = banner(specs);
  return render('index', { banner1: b1, banner2: b2, doc: docComment(doc).trimEnd(), exports: [...plans.values()].map((p) => ({ alias: ident(p.namespace), file: p.file })) });
}

/**
 * The declarations of one module kept from run to run (in a long-lived process): each one's
 * blocks, with the calls it made to the module's writer, which a kept one makes again. A kept
 * declaration's text holds where the writer is as it was when it was rendered: its key
 * follows the shapes of the declarations before it, since what they did to the writer (the
 * imports, helpers and names they took) does not depend on their doc comments.
 */
class KeptDecls {
  private readonly parts: KeptParts<DeclPart>;
  /** The writer's state, as made by the declarations so far: a digest of their shapes. */
  private state = '';

  constructor(
    private readonly table: RenderedTable<ReadonlyMap<string, DeclPart>> | null,
    slot: string,
    private readonly m: ModuleWriter,
    private readonly facts: ir.NamespaceFacts | undefined,
  ) {
    this.parts = new KeptParts(table, slot);
  }

  /** The blocks of declaration `d`, rendered by `render` unless kept. */
  part(d: ir.Decl, render: () => readonly string[]): readonly string[] {
    const own = this.facts?.decls.get(d.qname);
    const blocks = this.kept(own, render);
    if (this.table) this.state = digest(`${this.state}\n${this.facts?.declShapes.get(d.qname) ?? d.qname}`);
    return blocks;
  }

  /** Blocks after every declaration, made of what `facts` says (a digest). */
  last(facts: string, render: () => readonly string[]): readonly string[] {
    return this.kept(`last ${facts}`, render);
  }

  /** Keeps the parts used, forgets the others (once the module is rendered). */
  done(): void {
    this.parts.keep();
  }

  private kept(own: string | undefined, render: () => readonly string[]): readonly string[] {
    const part = this.parts.get(
      own === undefined || !this.table ? undefined : `${this.state}\n${own}`,
      () => {
        const { value, calls } = this.m.record(render);
        return { blocks: value, calls };
      },
      (kept) => this.m.replay(kept.calls),
    );
    return part.blocks;
  }
}
