/**
 * The C header emitter: `c/<target>[-<config>]/<namespace>.h`, one header per namespace.
 *
 * Each header holds, declaration by declaration in spec order: `#define`s for constants and
 * enum members; the enum, bit-layout, struct and union types exactly as gcc must lay them out
 * (the declarations the gcc oracle checks); NAME_SIZE, NAME_ALIGN and NAME_FIELD_OFFSET for
 * structs (NAME_IMAGE_END_OFFSET too); NAME_FIELD_SHIFT, _WIDTH and _MASK for bit fields (per
 * part for split fields, with _WORD in multi-word layouts and _VALUE_SHIFT for shifted
 * fields; _FIXED_MASK and _FIXED_VALUE for reserved bits with a fixed value); static inline
 * get/set accessors for every bit field, and per bit layout its constructors and validator
 * (constructors.ts). A header includes the headers of the namespaces it uses, refuses a
 * compiler whose pointer size or byte order is not its target's, and asserts each struct's
 * size and alignment.
 */
import type * as ir from '../../ir.js';
import { fileStems } from '../common/file-stems.js';
import { SYSTEM_HEADER_STEMS } from './system-headers.js';
import { unreachable } from '../../util/unreachable.js';
import { digest } from '../../util/digest.js';
import { namesDigests } from '../common/closure-keys.js';
import { joinedParts } from '../common/joined.js';
import { type EmitContext, KeptParts, keptWithOnce, type RenderedTable, renderedOnce } from '../context.js';
import { banner, byDataModel, namespaceSpecs, type Emitter, type GeneratedFile } from '../emitter.js';
import { SharedParts } from '../common/shared-parts.js';
import { renderGetter, renderSetter, type CFieldNames } from './bitfield-c.js';
import { renderCBitfieldStruct } from './bitfield-struct.js';
import { byConfiguration, type FileMaking } from '../common/configurations.js';
import {
  layoutDir,
  layoutTitle,
  pairPlans,
  planConstants,
  plannedNames,
  planOnce,
  fieldItems,
  type ConstItem,
  type DeclPlan,
  type FieldPlan,
  type NamespacePlan,
  fieldSignature,
} from '../common/numbers.js';
import { wrap } from '../common/wrap.js';
import { claimWholeNames, type CWholeNames, planWholeNames, renderConstructor, renderValidator, tagTest, type WholeContext } from './constructors.js';
import { rebindConstructors } from '../common/constructor-names.js';
import { declarator, renderCDeclaration, renderCForwardTypedefs } from './declarations.js';
import { type CAccessor, planOrderAccessors, renderOrderAccessors } from './byte-order.js';
import { cLiteral } from '../common/c-literals.js';
import { blockCommentText, commentLines } from '../common/comments.js';
import { render } from './templates.js';
import { machineNamespaces, machineUses, renderMachineBlocks } from './machine.js';
import { C_MACHINE_NAMES, type MachineNames, planCMachine } from '../common/machine.js';
import { sourceFile } from '../../check/rules/common.js';
import { extend } from '../../util/objects.js';

export const cHeaderEmitter: Emitter = {
  name: 'c',
  description: 'C headers per target: constants, offsets, struct declarations, bit-field accessors',
  shares: [planOnce('c'), C_MACHINE_NAMES],
  emit({ layouts, specs, context }) {
    return emitCHeaders(layouts, specs, context);
  },
};

/**
 * Every layout's headers, one data model at a time: bodies are shared within a data model
 * (a namespace's facts include it) and dropped after it. In a configuration other than the
 * default, a header that would be the default configuration's but for its title includes
 * that one instead, so that each layout is declared once.
 */
export function* emitCHeaders(
  layouts: readonly ir.Layout[],
  specs: readonly string[],
  context?: EmitContext,
  /** Render a declaration once for the data models that render it alike (false: on each, as tests compare). */
  share = true,
): Generator<GeneratedFile> {
  const groups = byDataModel(layouts);
  const shared = share ? new SharedParts<HeaderBody>(groups) : undefined;
  const startGroup = (): BodyCache => {
    shared?.startGroup();
    return context?.rendered<HeaderBody>('c header body') ?? new Map();
  };
  const walk = byConfiguration(groups, startGroup, (layout, bodies) => renderCHeaderSet(layout, specs, bodies, context, shared));
  for (const { layout, files, base, same } of walk) {
    for (const { file: f } of files) {
      if (!base || !same.has(f.path)) {
        yield f;
        continue;
      }
      const name = f.path.slice(f.path.lastIndexOf('/') + 1);
      const from = `../${layoutDir(base)}/${name}`;
      const about = wrap(`${name}: namespace ${name.slice(0, -2)} for ${layoutTitle(layout)}: laid out as in the default configuration, so the same header, ${from}.`);
      const namespaces = files.find((h) => h.file === f)!.namespaces;
      yield { path: f.path, contents: render('sameAs', { banner: bannerLines(namespaceSpecs(layout, namespaces, specs)), about, from }) };
    }
  }
}

/** The C names of one layout: constants and derived numbers, bit-field accessors, constructors and validators. */
export interface CNames {
  readonly namespaces: readonly NamespacePlan[];
  /** Accessor names per bit field plan. */
  readonly accessors: ReadonlyMap<FieldPlan, CFieldNames>;
  /** The C bit-field struct's name, per `c_bitfields` layout. */
  readonly bitfieldStructs: ReadonlyMap<ir.Decl, string>;
  /** The struct a field holds a one-word layout of a stated byte order in (`Fragment_stored`), by qname. */
  readonly storedStructs: ReadonlyMap<string, string>;
  /** Constructors and validator of each bit layout, by qname. */
  readonly whole: ReadonlyMap<string, CWholeNames>;
  /** The #define of each enum member, by enum qname and value (the first member of a value). */
  readonly members: ReadonlyMap<string, ReadonlyMap<bigint, string>>;
  /** Register numbers, syscall numbers and stubs (common/machine.ts). */
  readonly machine: MachineNames;
  /** The accessors of each struct of runtime order (byte-order.ts), by qname. */
  readonly orderAccessors: ReadonlyMap<string, readonly CAccessor[]>;
}

export function planCNames(layout: ir.Layout, context?: EmitContext): CNames {
  // A long-lived process keeps a layout's names by its shape, which they are made of, and
  // makes them refer to this run's plan (whose declarations this run's emitters render).
  const kept = context?.keptAcrossRuns<CNames>('c names');
  const before = kept?.get(layout.shape);
  if (before) {
    const names = rebindCNames(before, planConstants(layout, 'c', context));
    kept!.set(layout.shape, names);
    return names;
  }
  const names = planLayoutCNames(layout, context);
  for (const ns of names.namespaces) ns.scope.seal();
  kept?.set(layout.shape, names);
  return names;
}

/**
 * Names kept from a run with the same shape, referring to `plan` (this run's, with the same
 * declarations, fields and names in the same order): what is keyed by a field plan or a
 * declaration is keyed by this run's; the scopes are the kept ones (every name claimed).
 */
function rebindCNames(names: CNames, plan: readonly NamespacePlan[]): CNames {
  const accessors = new Map<FieldPlan, CFieldNames>();
  const bitfieldStructs = new Map<ir.Decl, string>();
  const whole = new Map<string, CWholeNames>();
  const byDecl = new Map([...names.bitfieldStructs].map(([d, n]) => [d.qname, n]));
  pairPlans(names.namespaces, plan, (now, fields) => {
    for (const [old, f] of fields) accessors.set(f, names.accessors.get(old)!);
    const struct = byDecl.get(now.decl.qname);
    if (struct !== undefined) bitfieldStructs.set(now.decl, struct);
    const w = names.whole.get(now.decl.qname);
    if (w && now.decl.kind === 'bits') {
      // C knows a constructor's fields by their facts.
      const facts = new Map([...fields].map(([old, f]) => [old.facts, f.facts]));
      whole.set(now.decl.qname, extend(w, { constructors: rebindConstructors(w.constructors, now.decl, (f) => facts.get(f)!) }));
    }
  });
  const namespaces = plan.map((ns, i) => extend(ns, { scope: names.namespaces[i]!.scope }));
  return extend(names, { namespaces, accessors, bitfieldStructs, whole });
}

function planLayoutCNames(layout: ir.Layout, context?: EmitContext): CNames {
  // The machine's names come first after the numbers: the stub files claim them alike.
  const { namespaces, machine } = planCMachine(layout, context);
  const accessors = new Map<FieldPlan, CFieldNames>();
  const claimed = new Map<ir.Bits, ReturnType<typeof claimWholeNames>>();
  for (const ns of namespaces) {
    for (const d of ns.decls) {
      for (const f of d.fields) {
        const prefix = f.variant ? `${d.decl.cName}_${f.variant.name}` : d.decl.cName;
        accessors.set(f, {
          get: ns.scope.claim(`${prefix}_get_${f.field.name}`),
          set: ns.scope.claim(`${prefix}_set_${f.field.name}`),
        });
      }
      if (d.decl.kind === 'bits') claimed.set(d.decl, claimWholeNames(d.decl, ns.scope));
    }
  }
  const bitfieldStructs = new Map<ir.Decl, string>();
  const storedStructs = new Map<string, string>();
  for (const d of namespaces.flatMap((ns) => ns.decls.map((p) => ({ decl: p.decl, scope: ns.scope })))) {
    if (d.decl.kind === 'bits' && d.decl.cBitfields) bitfieldStructs.set(d.decl, d.scope.claim(`${d.decl.cName}_bitfields`));
    // A one-word layout of a stated byte order is held in structs as a struct of that order.
    if (d.decl.kind === 'bits' && d.decl.byteOrder && d.decl.words === 1) storedStructs.set(d.decl.qname, d.scope.claim(`${d.decl.cName}_stored`));
  }
  // Parameters keep off every name the layout's headers declare: claimed once all are.
  const types = new Set([...layout.decls, ...layout.aliases].filter((d) => d.kind !== 'const').map((d) => d.cName));
  const whole = new Map<string, CWholeNames>();
  const members = new Map<string, Map<bigint, string>>();
  for (const ns of namespaces) {
    for (const d of ns.decls) {
      if (d.decl.kind === 'bits') whole.set(d.decl.qname, planWholeNames(d.decl, claimed.get(d.decl)!, ns.scope, types));
      if (d.decl.kind === 'enum') {
        const byValue = new Map<bigint, string>();
        for (const it of d.items) if (!byValue.has(it.value)) byValue.set(it.value, it.name);
        members.set(d.decl.qname, byValue);
      }
    }
  }
  const orderAccessors = planOrderAccessors(layout, (ns) => namespaces.find((n) => n.namespace === ns)!.scope);
  return { namespaces, accessors, bitfieldStructs, storedStructs, whole, members, machine, orderAccessors };
}

/** A header as rendered for one layout: its file, what it is made of, and its namespaces. */
interface HeaderFile {
  readonly file: GeneratedFile;
  readonly making: FileMaking;
  readonly namespaces: readonly string[];
}

/** What a header is made of but its declarations: the names it can use, and the machine's blocks. */
interface HeaderMaking {
  /**
   * A digest of the names: in full, the names of a header's namespaces were as large as
   * its declarations, in each key of each layout.
   */
  readonly made: string;
  readonly machine: readonly string[];
}

/** One header's contents: a namespace, or namespaces that use each other. */
interface HeaderUnit {
  /** File name without `.h`: the namespace, or `a-b` for namespaces that use each other. */
  readonly file: string;
  readonly namespaces: readonly string[];
  readonly decls: readonly DeclPlan[];
}

/** Header bodies by what they are made from: layouts that lay a namespace out alike share one. */
type BodyCache = RenderedTable<HeaderBody>;

/** What a header declares, between its target-specific opening and its layout checks' heading. */
interface HeaderBody {
  readonly blocks: readonly string[];
  readonly checks: readonly string[];
}

export function renderCHeaders(layout: ir.Layout, specs: readonly string[], bodies: BodyCache = new Map()): GeneratedFile[] {
  return renderCHeaderSet(layout, specs, bodies).map((h) => h.file);
}

/** A layout's headers, each with what it is made from (for sharing between configurations). */
function renderCHeaderSet(
  layout: ir.Layout,
  specs: readonly string[],
  bodies: BodyCache,
  context?: EmitContext,
  /** Declarations' parts shared between data models (common/shared-parts.ts). */
  shared?: SharedParts<HeaderBody>,
): HeaderFile[] {
  const names = planCNames(layout, context);
  const deps = namespaceDeps(layout);
  const dir = `c/${layoutDir(layout)}`;
  const out: HeaderFile[] = [];
  // Each namespace's file: its name, unless another differs from it only in case, or a system
  // header has it.
  // A namespace that declares only machine declarations has a header too.
  const all = [...names.namespaces.map((n) => n.namespace)];
  for (const ns of machineNamespaces(names.machine)) if (!all.includes(ns)) all.push(ns);
  const stems = fileStems(all, SYSTEM_HEADER_STEMS);
  const stem = (ns: string): string => stems.get(ns) ?? ns;
  const order = new Map(layout.decls.map((d, i) => [d, i]));
  // The names planned for a declaration, and for a namespace (by digest, in the keys of the
  // headers that refer to it).
  const planned = (p: DeclPlan): string[] => [
    ...plannedNames(p, (f) => [names.accessors.get(f)!.get, names.accessors.get(f)!.set]),
    ...(names.bitfieldStructs.has(p.decl) ? [names.bitfieldStructs.get(p.decl)!] : []),
    ...(names.storedStructs.has(p.decl.qname) ? [names.storedStructs.get(p.decl.qname)!] : []),
    ...wholePlanned(names.whole.get(p.decl.qname)),
    ...(names.orderAccessors.get(p.decl.qname) ?? []).flatMap((a) => [a.get, a.set]),
  ];
  const plans = new Map(names.namespaces.map((n) => [n.namespace, n]));
  const namesOf = namesDigests((ns) => plans.get(ns)!.decls.flatMap(planned).join(' '));
  // A header's text is its body framed for the layout: kept with the body across runs.
  const files = context?.keptWith<HeaderBody, string>('c header file') ?? null;
  const kept = context?.keptAcrossRuns<ReadonlyMap<string, HeaderBody>>('c declarations') ?? null;
  const keptMakings = context?.keptAcrossRuns<HeaderMaking>('c header making') ?? null;
  for (const group of namespaceGroups(all, deps)) {
    const plans = names.namespaces.filter((n) => group.includes(n.namespace));
    const file = group.map(stem).join('-');
    const decls = plans.flatMap((p) => p.decls).sort((a, b) => order.get(a.decl)! - order.get(b.decl)!);
    const uses = new Set([...group.flatMap((ns) => [...(deps.get(ns) ?? [])])].filter((d) => !group.includes(d)));
    const unit = { file, namespaces: group, decls };
    // The body is made from the namespaces' facts and the names planned for them, and for the
    // namespaces they refer to: one scope holds every namespace's names, so a change elsewhere
    // may rename what this body refers to.
    const makeHeader = (): HeaderMaking => {
      const closure = new Set(group.flatMap((ns) => layout.namespaceFacts.get(ns)?.closure ?? [ns]));
      const others = names.namespaces.filter((n) => closure.has(n.namespace) && !group.includes(n.namespace));
      const made = digest(`${decls.flatMap(planned).join(' ')}\n${others.map((n) => namesOf(n.namespace)).join(' ')}\n${[...uses].sort().join(' ')}`);
      // The machine's blocks are the target's (not the data model's): rendered for each layout.
      return { made, machine: group.flatMap((ns) => renderMachineBlocks(layout, names.machine, ns)) };
    };
    // What the header is made of but its declarations is made of the layout's shape: a
    // long-lived process keeps it by that.
    const { made, machine } = keptMakings ? renderedOnce(keptMakings, `${layout.shape}\n${file}`, makeHeader) : makeHeader();
    const key = `${group.map((ns) => layout.namespaceFacts.get(ns)?.id ?? '-').join(' ')}\n${made}`;
    // A long-lived process keeps each declaration's text too, under its own digest and the
    // namespaces' shape (their other declarations without doc comments): a doc comment edited
    // renders one declaration again, not the header.
    const shape = group.map((ns) => layout.namespaceFacts.get(ns)?.shape ?? '-').join(' ');
    const parts = new KeptParts(kept, kept ? `${shape}\n${made}` : '');
    const body = renderedOnce(bodies, key, (): HeaderBody => {
      // A declaration's part is made of it, of the names the header can use, of its plan, and
      // of what it reads of the layout.
      const rendered = renderHeaderBody(layout, unit, names, (d, plan, render) =>
        parts.get(layout.namespaceFacts.get(d.namespace)?.decls.get(d.qname), () =>
          shared ? shared.part(d, `${made}\n${shared.idOf(plan)}`, layout, render) : render(layout),
        ),
      );
      parts.keep();
      // Kept while the data model's layouts are rendered: joined as the header template
      // joins them (joined.ts).
      return { blocks: joinedParts(rendered.blocks, '\n\n'), checks: joinedParts(rendered.checks, '\n') };
    });
    const path = `${dir}/${file}.h`;
    const full = machine.length ? { blocks: [...body.blocks, ...machine], checks: body.checks } : body;
    const bannerSpecs = headerSpecs(layout, group, names.machine, specs);
    // The header is its body framed by the target, the banner and the includes (in the key).
    const banner = bannerSpecs.join(' ');
    const includes = new Set([...uses].map(stem));
    const making = { path, key: `${key}\n${banner}${machine.length ? `\n${machine.join('\n')}` : ''}`, refers: [...includes].map((u) => `${u}.h`) };
    const t = layout.target;
    // The machine's blocks are made of the layout's shape.
    const frame = JSON.stringify([path, layoutTitle(layout), t.name, t.pointerBits, t.endian, [...includes], bannerSpecs, group, layout.shape]);
    out.push({ file: { path, contents: keptWithOnce(files, body, frame, () => renderHeader(layout, unit, full, includes, bannerSpecs)) }, making, namespaces: group });
    // Namespaces that use each other share one header; each keeps its own name for includers.
    if (group.length > 1) {
      for (const ns of group) {
        const forwarder = `${dir}/${stem(ns)}.h`;
        const making = { path: forwarder, key: `forwards to ${file}\n${namespaceSpecs(layout, [ns], specs).join(' ')}`, refers: [`${file}.h`] };
        out.push({ file: { path: forwarder, contents: renderForwarder(layout, ns, stem(ns), file, specs) }, making, namespaces: [ns] });
      }
    }
  }
  return out;
}

/** The spec files a header's banner names: its namespaces' declarations', machine declarations' too. */
function headerSpecs(layout: ir.Layout, group: readonly string[], machine: MachineNames, specs: readonly string[]): string[] {
  const own = [...group.flatMap((ns) => layout.namespaceSources.get(ns) ?? [])];
  const items = [...machine.registers.map((r) => r.set), ...machine.tables.flatMap((t) => [t.table, t.abi])].filter((d) => group.includes(d.namespace));
  if (!items.length) return namespaceSpecs(layout, group, specs);
  return [...new Set([...own, ...items.map((d) => sourceFile(d.source))])].sort();
}

/** The names of a layout's constructors and validator, and their parameters, for a body's key. */
function wholePlanned(w: CWholeNames | undefined): string[] {
  if (!w) return [];
  return [w.valid, w.local, ...w.constructors.flatMap((c) => [c.name, ...c.params])];
}

/**
 * Namespaces grouped so that includes have an order: namespaces on a cycle of uses (possible
 * when a namespace spans files) form one group. Groups keep the order of first appearance.
 */
function namespaceGroups(namespaces: readonly string[], deps: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  const reach = (from: string): Set<string> => {
    const seen = new Set<string>();
    const todo = [from];
    while (todo.length) {
      for (const d of deps.get(todo.pop()!) ?? []) {
        if (seen.has(d)) continue;
        seen.add(d);
        todo.push(d);
      }
    }
    return seen;
  };
  const reaches = new Map(namespaces.map((ns) => [ns, reach(ns)]));
  const groups: string[][] = [];
  const placed = new Set<string>();
  for (const ns of namespaces) {
    if (placed.has(ns)) continue;
    const group = namespaces.filter((o) => o === ns || (reaches.get(ns)!.has(o) && reaches.get(o)!.has(ns)));
    for (const g of group) placed.add(g);
    groups.push(group);
  }
  return groups;
}

function renderForwarder(layout: ir.Layout, ns: string, stem: string, file: string, specs: readonly string[]): string {
  // `file` is the namespaces' files joined by `-`, which no namespace name contains.
  const together = file.split('-').join(' and ');
  return render('forwarder', { banner: bannerLines(namespaceSpecs(layout, [ns], specs)), ns, title: layoutTitle(layout), together, file, guard: `CDL_${stem.toUpperCase()}_H` });
}

/** The banner, wrapped for a block comment. */
function bannerLines(specs: readonly string[]): string[] {
  return banner(specs).flatMap((l) => wrap(l));
}

// ---------------------------------------------------------------------------
// Namespaces and the includes between them

/** For each namespace, the other namespaces its declarations name. */
export function namespaceDeps(layout: ir.Layout): Map<string, Set<string>> {
  const deps = new Map<string, Set<string>>();
  const use = (from: string, qname: string | null): void => {
    const d = qname === null ? undefined : layout.byName.get(qname);
    if (d && d.namespace !== from) deps.get(from)!.add(d.namespace);
  };
  const useType = (from: ir.Decl | ir.TypeAlias, t: ir.Type): void => {
    if (t.alias !== null && from.kind !== 'alias') {
      const a = layout.aliasByName.get(t.alias);
      if (a && a.namespace !== from.namespace) deps.get(from.namespace)!.add(a.namespace);
    }
    if (t.kind === 'array') useType(from, t.element);
    else if (t.kind === 'pointer') use(from.namespace, t.pointee?.qname ?? null);
    else if (t.kind === 'enum' || t.kind === 'bits' || t.kind === 'struct' || t.kind === 'union') use(from.namespace, t.qname);
  };
  for (const d of [...layout.decls, ...layout.aliases]) if (!deps.has(d.namespace)) deps.set(d.namespace, new Set());
  for (const d of layout.decls) {
    if (d.kind === 'struct') for (const f of d.fields) useType(d, f.type);
    if (d.kind === 'union') for (const m of d.members) useType(d, m.type);
    if (d.kind === 'bits') {
      for (const f of [...(d.tag ? [d.tag] : []), ...d.fields, ...d.variants.flatMap((v) => v.fields)]) {
        if (f.type.kind === 'enum') use(d.namespace, f.type.decl.qname);
      }
    }
  }
  for (const a of layout.aliases) useType(a, a.type);
  for (const [from, to] of machineUses(layout)) {
    if (!deps.has(from)) deps.set(from, new Set());
    for (const ns of to) deps.get(from)!.add(ns);
  }
  return deps;
}

// ---------------------------------------------------------------------------
// Rendering

/** A `/** ... *\/` comment for a doc (and extra lines), or ''. */
export function cDoc(doc: string | null, ...extra: string[]): string {
  return blockCommentText([...(doc ? commentLines(doc) : []), ...extra.flatMap((e) => commentLines(e))]);
}

type Row = { readonly kind: 'define'; readonly name: string; readonly value: string } | { readonly kind: 'text'; readonly text: string };

/** `#define`s with their values in one column; comment lines pass through. */
function defines(rows: readonly Row[]): string {
  const width = Math.max(0, ...rows.map((r) => (r.kind === 'define' ? r.name.length : 0)));
  return rows
    .map((r) => (r.kind === 'define' ? `#define ${r.name.padEnd(width)}  ${r.value}` : r.text))
    .join('\n')
    .replace(/\n+$/, '');
}

function itemRows(items: readonly ConstItem[], withDocs: boolean): Row[] {
  const rows: Row[] = [];
  for (const item of items) {
    if (withDocs && item.doc) rows.push({ kind: 'text', text: cDoc(item.doc).trimEnd() });
    if (item.sameAs) {
      rows.push({ kind: 'text', text: `/* ${item.name}: the spec's constant of that name, ${item.value} */` });
      continue;
    }
    rows.push({ kind: 'define', name: item.name, value: cLiteral(item.value, item.num) });
  }
  return rows;
}

function describeVariant(bits: ir.Bits, v: ir.BitsVariant): string {
  const tag = bits.tag ? `${bits.tag.name} = ${v.when.join(', ')}` : v.when.join(', ');
  return `variant ${v.name} (${tag})`;
}

/** A declaration's part of a header body: `render(layout)`, or what it rendered before. */
type EachDecl = (decl: ir.Decl, plan: DeclPlan, render: (layout: ir.Layout) => HeaderBody) => HeaderBody;

/** The declarations of a header: everything in it that does not name the target. */
function renderHeaderBody(layout: ir.Layout, unit: HeaderUnit, names: CNames, each: EachDecl = (_, __, render) => render(layout)): HeaderBody {
  const decls = unit.decls;
  const aliases = layout.aliases.filter((a) => unit.namespaces.includes(a.namespace));
  const options = { aliases: true, storedNames: names.storedStructs };
  const aliasAfter = new Map<string, ir.TypeAlias[]>();
  const topAliases: ir.TypeAlias[] = [];
  for (const a of aliases) {
    let base = a.type;
    while (base.kind === 'array') base = base.element;
    // A typedef of an enum or a bit layout needs its definition; so does one of an array of
    // structs or unions (its elements must be complete). Others only need the forward typedef.
    const named = base.kind === 'enum' || base.kind === 'bits' || base.kind === 'struct' || base.kind === 'union' ? base : null;
    const needsDefinition = named !== null && (named.kind === 'enum' || named.kind === 'bits' || a.type.kind === 'array');
    const owner = needsDefinition && layout.byName.get(named.qname);
    if (owner && unit.namespaces.includes(owner.namespace)) aliasAfter.set(owner.qname, [...(aliasAfter.get(owner.qname) ?? []), a]);
    else topAliases.push(a);
  }
  const aliasTypedef = (a: ir.TypeAlias): string => cDoc(a.doc) + `typedef ${declarator(a.type, a.cName, layout, { storedNames: names.storedStructs })};`;

  const blocks: string[] = [];
  const forward = renderCForwardTypedefs(decls.map((d) => d.decl));
  if (forward) blocks.push(forward);
  if (topAliases.length) blocks.push(topAliases.map(aliasTypedef).join('\n'));

  const checks: string[] = [];
  for (let i = 0; i < decls.length; i++) {
    const plan = decls[i];
    const d = plan.decl;
    if (d.kind === 'const') {
      // A run of constants is one block, aligned.
      const run: DeclPlan[] = [];
      while (i < decls.length && decls[i].decl.kind === 'const') run.push(decls[i++]);
      i--;
      blocks.push(defines(run.flatMap((p) => itemRows(p.items, true))));
      continue;
    }
    const part = each(d, plan, (layout) => {
      const checks: string[] = [];
      return { blocks: [renderDeclaration(layout, plan, d, checks)], checks };
    });
    blocks.push(...part.blocks);
    checks.push(...part.checks);
    for (const a of aliasAfter.get(d.qname) ?? []) blocks.push(aliasTypedef(a));
  }
  return { blocks, checks };

  /** A declaration's block, and its layout checks in `checks`. */
  function renderDeclaration(layout: ir.Layout, plan: DeclPlan, d: Exclude<ir.Decl, ir.Constant>, checks: string[]): string {
    const parts: string[] = [renderCDeclaration(d, layout, options)];
    switch (d.kind) {
      case 'enum':
        parts.push(defines(itemRows(plan.items, true)));
        break;
      case 'struct':
      case 'union': {
        parts.push(defines(itemRows(plan.items, false)));
        if (d.kind === 'struct') parts.push(...renderOrderAccessors(layout, d, names.orderAccessors.get(d.qname) ?? []));
        const size = plan.items.find((it) => it.role === 'size')!;
        const align = plan.items.find((it) => it.role === 'align')!;
        checks.push(
          `_Static_assert(sizeof(${d.cName}) == ${size.name}, "${d.cName}: size");`,
          `_Static_assert(_Alignof(${d.cName}) == ${align.name}, "${d.cName}: alignment");`,
        );
        break;
      }
      case 'bits': {
        const struct = names.bitfieldStructs.get(d);
        if (struct !== undefined) {
          const { declaration, checks: structChecks } = renderCBitfieldStruct(d, struct);
          parts.push(declaration);
          checks.push(...structChecks);
        }
        parts.push(...renderBits(layout, plan, names));
        break;
      }
      default:
        unreachable(d);
    }
    return parts.join('\n\n');
  }
}

function renderHeader(layout: ir.Layout, unit: HeaderUnit, body: HeaderBody, deps: ReadonlySet<string>, bannerSpecs: readonly string[]): string {
  const t = layout.target;
  // From the file's name, which is unique where namespaces' names differ only in case.
  const guard = unit.namespaces.length > 1 ? `CDL_SHARED_${unit.file.split('-').map((n) => n.toUpperCase()).join('_')}_H` : `CDL_${unit.file.toUpperCase()}_H`;
  return render('header', {
    banner: bannerLines(bannerSpecs),
    file: unit.file,
    plural: unit.namespaces.length > 1,
    namespaces: unit.namespaces.join(', '),
    title: layoutTitle(layout),
    guard,
    includes: [...deps].sort(),
    pointerBytes: t.pointerBits / 8,
    byteOrder: t.endian === 'little' ? '__ORDER_LITTLE_ENDIAN__' : '__ORDER_BIG_ENDIAN__',
    target: t.name,
    pointerBits: t.pointerBits,
    endian: t.endian,
    assert: unit.decls.some((d) => d.fields.length > 0),
    blocks: body.blocks,
    checks: body.checks,
  });
}

/** The numbers of a bit layout, field by field, then its accessors, constructors and validator. */
function renderBits(layout: ir.Layout, plan: DeclPlan, names: CNames): string[] {
  const bits = plan.decl as ir.Bits;
  const rows: Row[] = [];
  const itemsOf = fieldItems(plan);
  let variant: ir.BitsVariant | null = null;
  for (const f of plan.fields) {
    if (f.variant !== variant && f.variant) {
      variant = f.variant;
      rows.push({ kind: 'text', text: `${rows.length ? '\n' : ''}${cDoc(variant.doc, describeVariant(bits, variant)).trimEnd()}` });
    }
    const items = itemsOf(f);
    rows.push({ kind: 'text', text: `/* ${f.isTag ? 'tag ' : ''}${fieldSignature(f.field)} */` });
    rows.push(...itemRows(items, false));
  }
  const fixed = plan.items.filter((it) => it.role === 'fixed-mask' || it.role === 'fixed-value');
  if (fixed.length) rows.push({ kind: 'text', text: `${rows.length ? '\n' : ''}/* Reserved bits with a fixed value: constructors write them, ${names.whole.get(bits.qname)!.valid} checks them. */` }, ...itemRows(fixed, true));
  const out = [defines(rows)];
  const whole = names.whole.get(bits.qname)!;
  const ctx: WholeContext = { layout, plan, names: whole, accessors: names.accessors, members: names.members };
  const tagPlan = plan.fields.find((f) => f.isTag);
  for (const f of plan.fields) {
    const n = names.accessors.get(f)!;
    const where = `${f.variant ? `${describeVariant(bits, f.variant)}: ` : ''}\`${fieldSignature(f.field)}\``;
    // A variant's accessors assert that the word is of that variant.
    const tagCheck = f.variant && tagPlan ? (w: string) => tagTest(ctx, bits, names.accessors.get(tagPlan)!.get, w, f.variant!) : null;
    out.push(renderGetter(bits, f, n, cDoc(f.field.doc, where), tagCheck));
    out.push(renderSetter(bits, f, n, cDoc(`Sets ${f.field.name} (see ${n.get}); other bits are kept.`), tagCheck));
  }
  for (const c of whole.constructors) out.push(renderConstructor(ctx, c));
  out.push(renderValidator(ctx));
  return out;
}
