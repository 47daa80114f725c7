/**
 * The numbers a kernel's entry code, its C or Rust core and its tools must agree on, for one
 * layout: every constant and enum member; every struct's size, alignment, field offsets and
 * image-end offset; every union's size and alignment; every bit-layout field's position
 * (shift), stored width and mask, per part for split fields, with the word index in
 * multi-word layouts and the value shift of shifted fields.
 *
 * One model, four spellings: the C header, the GNU as include, the Rust module and the
 * TypeScript constants all render these items, so they carry the same values. Names:
 *
 *   C, asm    one scope per layout (a C program may include every namespace's header):
 *             constants keep their C name (`PAGE_SIZE`, or `x86_PAGE_SIZE` where two
 *             namespaces declare it); derived names are `UPPER_SNAKE(type)_...`.
 *   Rust, TS  one scope per namespace (each is a module): `UPPER_SNAKE(name)` throughout.
 *
 * A derived name that a spec's constant already takes with the same value, in the same
 * namespace, is that constant (`TSS64_SIZE = sizeof(Tss64)`); any other clash gets `_`
 * appended until it is free (NameScope, generator/names.ts).
 */
import type * as ir from '../../ir.js';
import { unreachable } from '../../util/unreachable.js';
import { digest } from '../../util/digest.js';
import { byNamespace, groupBy } from '../../util/list.js';
import { type EmitContext, KeptParts, type RenderedTable, renderedOnce } from '../context.js';
import { bitFacts, type BitPart, type FieldFacts, fixedWords } from '../../lower/bits.js';
import { C_FILE_SCOPE_RESERVED, NameScope, RUST_PRELUDE, RUST_RESERVED, TS_RESERVED, upperSnake } from '../../names.js';
import { rustTypeName } from './module-names.js';
import { cOrderParams } from './byte-order.js';
import { extend } from '../../util/objects.js';

/** What a number measures. */
export type ConstRole =
  | 'constant'
  | 'enum-member'
  | 'size'
  | 'align'
  | 'offset'
  | 'image-end'
  | 'word'
  | 'shift'
  | 'width'
  | 'mask'
  | 'value-shift'
  /** The bits of a word that reserved ranges with a required value fix, and their values. */
  | 'fixed-mask'
  | 'fixed-value';

/** The type a number has in each language. */
export type NumKind =
  /** A spec constant with its declared type, or none. */
  | { readonly kind: 'declared'; readonly type: ir.PrimitiveName | null }
  /** An enum member: the enum's storage. */
  | { readonly kind: 'enum'; readonly bits: 8 | 16 | 32 | 64; readonly signed: boolean; readonly width: number }
  /** Sizes, alignments and offsets in bytes. */
  | { readonly kind: 'bytes' }
  /** Shifts, widths and word indices: small counts. */
  | { readonly kind: 'count' }
  /** A mask over one word of a bit layout. */
  | { readonly kind: 'mask'; readonly bits: 8 | 16 | 32 | 64 };

/** What an item is about, so tests can compute its value independently. */
export interface Subject {
  /** qname of the declaration. */
  readonly decl: string;
  /** Field or member name (struct field, bit field, enum member). */
  readonly member?: string;
  /** Bit layouts: the variant of a variant field. */
  readonly variant?: string;
  /** Split or multi-word bit fields: the part, from the value's low bits up. */
  readonly part?: number;
  /** Fixed reserved bits of a multi-word layout: the word. */
  readonly word?: number;
}

export interface ConstItem {
  readonly role: ConstRole;
  /** The name in this scope. */
  readonly name: string;
  readonly value: bigint;
  readonly num: NumKind;
  readonly doc: string | null;
  readonly subject: Subject;
  /** Set when a constant of the spec already has this name and value: not declared twice. */
  readonly sameAs: boolean;
}

/** One part of a bit field inside one word: split fields have several. */
export type FieldPart = BitPart;

/** A bit field with its parts and the names of its numbers. */
export interface FieldPlan {
  readonly field: ir.BitField;
  readonly variant: ir.BitsVariant | null;
  readonly isTag: boolean;
  /** The field's facts (bit-facts lowering). */
  readonly facts: FieldFacts;
  readonly parts: readonly FieldPart[];
  /** Per part: the names of its word index (multi-word only), shift and mask. */
  readonly partNames: readonly { readonly word: string | null; readonly shift: string; readonly mask: string }[];
  /** The mask of the whole field when it lies in one word (split or not), else null. */
  readonly mask: string | null;
}

export interface DeclPlan {
  readonly decl: ir.Decl;
  readonly items: readonly ConstItem[];
  /** Bit layouts only: every field (tag, common, variant fields in that order). */
  readonly fields: readonly FieldPlan[];
}

export interface NamespacePlan {
  readonly namespace: string;
  readonly decls: readonly DeclPlan[];
  /** The scope the names came from (shared by every namespace in C style), for more names. */
  readonly scope: ConstScope;
  /** Type names by qname (declarations and aliases): C names, or Rust names in module style. */
  readonly typeNames: ReadonlyMap<string, string>;
}

export type Style = 'c' | 'module';

/** Names the macros C headers define must not take: the library's, and what a header spells itself. */
const C_MACRO_RESERVED: ReadonlySet<string> = C_FILE_SCOPE_RESERVED;

/**
 * Module scopes serve Rust and TypeScript alike: number names are all upper case, which no
 * TypeScript reserved word is, so Rust's keywords (for type names) are the ones to avoid.
 */
const MODULE_RESERVED: ReadonlySet<string> = new Set([...RUST_RESERVED, ...RUST_PRELUDE, ...[...TS_RESERVED].filter((w) => w === w.toUpperCase())]);

/**
 * A namespace's numbers as asm or TS constants render them (`render`, one block a
 * declaration through `each`): kept in `bodies` by their facts and names (numbersKey), and in
 * a long-lived process each declaration's block too, under its digest, in a slot made of the
 * namespace's shape and names (KeptParts): a doc comment edited renders one block.
 */
export function renderedNumbers(
  layout: ir.Layout,
  ns: NamespacePlan,
  context: EmitContext | undefined,
  bodies: RenderedTable<readonly string[]>,
  what: string,
  render: (each: (decl: ir.Decl, block: () => string) => string) => readonly string[],
): readonly string[] {
  const kept = context?.keptAcrossRuns<ReadonlyMap<string, string>>(what) ?? null;
  const slot = () => `${layout.namespaceFacts.get(ns.namespace)?.shape ?? '-'}\n${plannedNamesDigest(ns, context)}`;
  const parts = new KeptParts(kept, kept ? slot() : '');
  const facts = layout.namespaceFacts.get(ns.namespace);
  return renderedOnce(bodies, numbersKey(layout, ns, context), () => {
    const blocks = render((d, block) => parts.get(facts?.decls.get(d.qname), block));
    parts.keep();
    return blocks;
  });
}

/**
 * What a namespace's numbers (asm's `.equ`s, ts-constants' exports) are made of on a layout:
 * its facts and the names planned for them; the key they are rendered under.
 */
function numbersKey(layout: ir.Layout, ns: NamespacePlan, context?: EmitContext): string {
  return `${layout.namespaceFacts.get(ns.namespace)?.id ?? '-'}\n${plannedNamesDigest(ns, context)}`;
}

/**
 * The digest of the names planned for a namespace's declarations. The plan is the layouts' of
 * a data model, so a run digests it once; kept in full, the names of every namespace of every
 * data model were as large as a layout's headers.
 */
function plannedNamesDigest(ns: NamespacePlan, context: EmitContext | undefined): string {
  const names = (decls: readonly DeclPlan[]) => digest(decls.flatMap((p) => plannedNames(p, () => [])).join(' '));
  return context ? context.once(NAMES_DIGEST, ns.decls, names) : names(ns.decls);
}

/**
 * The names planned for a declaration, in order, and what each field's accessors are called
 * (`accessors`): with a namespace's facts (Layout.namespaceFacts), what an emitter renders it from.
 */
export function plannedNames(plan: DeclPlan, accessors: (f: FieldPlan) => readonly string[]): string[] {
  const out = plan.items.map((item) => (item.sameAs ? `${item.name}=` : item.name));
  for (const f of plan.fields) out.push(...f.partNames.flatMap((n) => [n.word ?? '-', n.shift, n.mask]), ...accessors(f));
  return out;
}

/**
 * A scope of number names (NameScope): a spec constant's name means its namespace and value,
 * which a derived number of the same namespace and value shares.
 */
export type ConstScope = NameScope;

/** What a spec constant's name means, for a derived number to share it. */
function meaning(namespace: string, value: bigint): string {
  return `${namespace}=${value}`;
}

/** `Tss64`, `int_` -> `TSS64`, `INT`: a declaration's stem for derived names. */
function stemOf(name: string): string {
  return upperSnake(name.replace(/(?<=.)_+$/, ''));
}

/**
 * A bit layout's numbers by field (a field's word, shift, width and masks), grouped in one
 * pass: a filter of the declaration's numbers for each field grew with fields times numbers.
 */
export function fieldItems(plan: DeclPlan): (f: FieldPlan) => readonly ConstItem[] {
  const byField = groupBy(
    plan.items.filter((item) => item.subject.member !== undefined),
    (item) => fieldKey(item.subject.member!, item.subject.variant),
  );
  return (f) => byField.get(fieldKey(f.field.name, f.variant?.name)) ?? [];
}

/** A bit layout's field plans by the numbers they name (an item's subject), found at once. */
export function itemField(plan: DeclPlan): (item: ConstItem) => FieldPlan | undefined {
  const byKey = new Map<string, FieldPlan>();
  for (const f of plan.fields) {
    const key = fieldKey(f.field.name, f.variant?.name);
    if (!byKey.has(key)) byKey.set(key, f);
  }
  return (item) => (item.subject.member === undefined ? undefined : byKey.get(fieldKey(item.subject.member, item.subject.variant)));
}

/** A field of a bit layout, as a number's subject names it: its name, and its variant's. */
function fieldKey(member: string, variant: string | undefined): string {
  return `${member}\u0000${variant ?? ''}`;
}

/** What a plan of `style` is computed once per run under (EmitContext.once, Emitter.shares). */
export function planOnce(style: Style): string {
  return `plan/${style}`;
}

/** What asm and TS constants compute once per run of a plan's names: their digest. */
const NAMES_DIGEST = 'numbers names digest';

/** What asm and TS constants compute once per run of a plan's names (Emitter.shares). */
export const NUMBERS_NAMES: readonly string[] = [NAMES_DIGEST];

/**
 * The plan of every namespace, in the order the namespaces first appear. Declarations keep
 * the layout's order (dependencies first); within one, items follow the spec's members.
 * Planned once per run, data model and style where a run's `context` is given (C headers and
 * asm share one, Rust and TS constants the other); each caller gets its own copy of the
 * scopes, since callers claim more names in them.
 */
export function planConstants(layout: ir.Layout, style: Style, context?: EmitContext): NamespacePlan[] {
  // A plan depends on the declarations only: the layouts of one data model share one.
  const plan = context ? context.once(planOnce(style), layout.decls, () => keptPlan(layout, style, context)) : planLayout(layout, style);
  return forkPlan(plan);
}

/**
 * The plans of a run's data models, one object for a declaration wherever they plan it alike.
 * A declaration laid out alike on several data models is one object (layout/intern.ts), and
 * its plan, made of the declaration and the names its scope gave it, is then the same on each:
 * ten data models made ten copies of every name, number and subject, which were most of what
 * a run kept between the C emitter and GNU as (60 MB of 65 at 20,000 lines).
 */
class PlanInterner {
  private readonly byDecl = new WeakMap<ir.Decl, DeclPlan[]>();

  /** The plan an earlier data model made of `plan`'s declaration with the same names, else `plan`. */
  intern(plan: DeclPlan): DeclPlan {
    const seen = this.byDecl.get(plan.decl);
    if (!seen) {
      this.byDecl.set(plan.decl, [plan]);
      return plan;
    }
    const same = seen.find((other) => sameNames(plan, other));
    if (same) return same;
    seen.push(plan);
    return plan;
  }
}

/**
 * Whether two plans of one declaration gave it the same names: all else in a plan (values,
 * subjects, docs, bit facts) is made of the declaration.
 */
function sameNames(a: DeclPlan, b: DeclPlan): boolean {
  if (a.items.length !== b.items.length || a.fields.length !== b.fields.length) return false;
  for (let i = 0; i < a.items.length; i++) if (a.items[i].name !== b.items[i].name || a.items[i].sameAs !== b.items[i].sameAs) return false;
  for (let i = 0; i < a.fields.length; i++) {
    const [f, g] = [a.fields[i], b.fields[i]];
    if (f.mask !== g.mask || f.partNames.length !== g.partNames.length) return false;
    for (let k = 0; k < f.partNames.length; k++) {
      const [n, m] = [f.partNames[k], g.partNames[k]];
      if (n.word !== m.word || n.shift !== m.shift || n.mask !== m.mask) return false;
    }
  }
  return true;
}

/**
 * The plan of a data model in a long-lived process: names are made of the declarations' shape
 * (doc comments are no part of them), so the plan of a run whose namespaces have the same
 * shapes is the last run's, its references made to this run's declarations (rebind).
 */
function keptPlan(layout: ir.Layout, style: Style, context: EmitContext): NamespacePlan[] {
  const kept = context.keptAcrossRuns<readonly NamespacePlan[]>(planOnce(style));
  if (!kept) return planLayout(layout, style, context.shared(planOnce(style), () => new PlanInterner()));
  const key = shapesKey(layout);
  const before = kept.get(key);
  const plan = before ? rebind(before, layout) : planLayout(layout, style);
  kept.set(key, plan);
  return plan;
}

/** Every namespace's shape (NamespaceFacts.shape), in order: what names are made of, as a key. */
export function shapesKey(layout: ir.Layout): string {
  return layout.namespaces.map((ns) => `${ns}:${layout.namespaceFacts.get(ns)?.shape ?? '?'}`).join('\n');
}

/**
 * A plan made for declarations of the same shape, referring to `layout`'s: the same names and
 * numbers, this layout's declarations, fields and facts, and their doc comments.
 */
function rebind(plan: readonly NamespacePlan[], layout: ir.Layout): NamespacePlan[] {
  return plan.map((ns) => ({
    ...ns,
    decls: ns.decls.map((p): DeclPlan => {
      const decl = layout.byName.get(p.decl.qname);
      if (!decl || decl.kind !== p.decl.kind) throw new Error(`internal error: the kept plan of ${p.decl.qname} does not fit this layout`);
      // Only constants' and enum members' items carry a spec's doc comment.
      let items = p.items;
      if (decl.kind === 'const') items = items.map((item) => (item.role === 'constant' ? extend(item, { doc: decl.doc }) : item));
      if (decl.kind === 'enum') {
        const docs = new Map(decl.members.map((m) => [m.name, m.doc]));
        items = items.map((item) => (item.role === 'enum-member' ? extend(item, { doc: docs.get(item.subject.member!) ?? null }) : item));
      }
      if (decl.kind !== 'bits') return { decl, items, fields: p.fields };
      const facts = bitFacts(decl).fields;
      const fields = p.fields.map((f, i): FieldPlan => extend(f, { field: facts[i]!.field, variant: facts[i]!.variant, isTag: facts[i]!.isTag, facts: facts[i]!, parts: facts[i]!.parts }));
      return { decl, items, fields };
    }),
  }));
}

/**
 * Walks `plan` beside `kept`, a plan of the same shapes (the same namespaces, declarations and
 * fields in the same order) from another run: `each` gets every declaration's plan, and a map
 * from each of the kept plan's field plans of it to this one's.
 */
export function pairPlans(kept: readonly NamespacePlan[], plan: readonly NamespacePlan[], each: (now: DeclPlan, fields: ReadonlyMap<FieldPlan, FieldPlan>) => void): void {
  plan.forEach((ns, i) => {
    ns.decls.forEach((now, j) => {
      const was = kept[i]!.decls[j]!;
      each(now, new Map(was.fields.map((f, k) => [f, now.fields[k]!])));
    });
  });
}

/** The plan with a fork of each of its scopes (sealed ones: NameScope.seal), for a caller to claim more names in. */
export function forkPlan(plan: readonly NamespacePlan[]): NamespacePlan[] {
  const forks = new Map<ConstScope, ConstScope>();
  return plan.map((ns) => {
    let scope = forks.get(ns.scope);
    if (!scope) forks.set(ns.scope, (scope = ns.scope.fork()));
    return extend(ns, { scope });
  });
}

function planLayout(layout: ir.Layout, style: Style, interner?: PlanInterner): NamespacePlan[] {
  const namespaces = layout.namespaces;
  const constantName = new Map<ir.Constant, string>();
  // The spec's constants are claimed first, in every scope: their names are the spec's own.
  const claimConstants = (scope: ConstScope, decls: readonly ir.Decl[]): void => {
    for (const d of decls) {
      if (d.kind === 'const') constantName.set(d, scope.claimShared(style === 'c' ? d.cName : upperSnake(d.name), meaning(d.namespace, d.value)));
    }
  };
  const scopes = new Map<string, ConstScope>();
  const typeNames = new Map<string, string>();
  const grouped = byNamespace(layout.decls);
  const declsOf = new Map(namespaces.map((ns) => [ns, grouped.get(ns) ?? []]));
  const aliasesOf = byNamespace(layout.aliases);
  if (style === 'c') {
    const scope = new NameScope(C_MACRO_RESERVED);
    for (const d of [...layout.decls, ...layout.aliases]) if (d.kind !== 'const') typeNames.set(d.qname, scope.claim(d.cName));
    // A macro must not rename what the header declares: members, accessor parameters, `w[]`.
    for (const name of ['w', 'v', ...cOrderParams(layout)]) scope.reserve(name);
    for (const d of layout.decls) {
      if (d.kind === 'struct') for (const f of d.fields) scope.reserve(f.cName);
      if (d.kind === 'union') for (const m of d.members) scope.reserve(m.cName);
      if (d.kind === 'bits' && d.cBitfields) for (const f of d.fields) scope.reserve(f.cName);
    }
    claimConstants(scope, layout.decls);
    for (const ns of namespaces) scopes.set(ns, scope);
  } else {
    for (const ns of namespaces) {
      const scope = new NameScope(MODULE_RESERVED);
      const decls = declsOf.get(ns)!;
      for (const d of decls) if (d.kind !== 'const') typeNames.set(d.qname, scope.claim(rustTypeName(d.name)));
      for (const a of aliasesOf.get(ns) ?? []) typeNames.set(a.qname, scope.claim(rustTypeName(a.name)));
      claimConstants(scope, decls);
      scopes.set(ns, scope);
    }
  }
  const plan = namespaces.map((ns) => ({
    namespace: ns,
    scope: scopes.get(ns)!,
    typeNames,
    decls: planNamespace(
      declsOf.get(ns)!,
      scopes.get(ns)!,
      style,
      constantName,
      interner,
    ),
  }));
  // Users claim more names in forks (planConstants): the plan's own scopes are done.
  for (const scope of scopes.values()) scope.seal();
  return plan;
}

function planNamespace(
  decls: readonly ir.Decl[],
  scope: ConstScope,
  style: Style,
  constantName: ReadonlyMap<ir.Constant, string>,
  interner: PlanInterner | undefined,
): DeclPlan[] {
  const plans: DeclPlan[] = [];
  for (const d of decls) {
    const items: ConstItem[] = [];
    const fields: FieldPlan[] = [];
    const stem = stemOf(style === 'c' ? d.cName : d.name);
    const add = (role: ConstRole, preferred: string, value: bigint, num: NumKind, subject: Subject, doc: string | null = null): string => {
      const { name, shared: sameAs } = scope.claimOrShare(preferred, () => meaning(d.namespace, value));
      items.push({ role, name, value, num, doc, subject, sameAs });
      return name;
    };
    switch (d.kind) {
      case 'const': {
        items.push({ role: 'constant', name: constantName.get(d)!, value: d.value, num: { kind: 'declared', type: d.type }, doc: d.doc, subject: { decl: d.qname }, sameAs: false });
        break;
      }
      case 'enum':
        for (const m of d.members) {
          add('enum-member', `${stem}_${upperSnake(m.name)}`, m.value, { kind: 'enum', bits: d.storageBits, signed: d.signed, width: d.width }, { decl: d.qname, member: m.name }, m.doc);
        }
        break;
      case 'struct': {
        const bytes: NumKind = { kind: 'bytes' };
        add('size', `${stem}_SIZE`, BigInt(d.size), bytes, { decl: d.qname });
        add('align', `${stem}_ALIGN`, BigInt(d.align), bytes, { decl: d.qname });
        for (const f of d.fields) add('offset', `${stem}_${upperSnake(f.name)}_OFFSET`, BigInt(f.offset), bytes, { decl: d.qname, member: f.name });
        if (d.imageEnd !== null) add('image-end', `${stem}_IMAGE_END_OFFSET`, BigInt(d.imageEnd), bytes, { decl: d.qname });
        break;
      }
      case 'union':
        add('size', `${stem}_SIZE`, BigInt(d.size), { kind: 'bytes' }, { decl: d.qname });
        add('align', `${stem}_ALIGN`, BigInt(d.align), { kind: 'bytes' }, { decl: d.qname });
        break;
      case 'bits': {
        const count: NumKind = { kind: 'count' };
        const mask: NumKind = { kind: 'mask', bits: d.wordBits };
        for (const facts of bitFacts(d).fields) {
          const { field, variant, isTag, parts, oneWord } = facts;
          const prefix = `${stem}_${variant ? `${upperSnake(variant.name)}_` : ''}${upperSnake(field.name)}`;
          const subject = { decl: d.qname, member: field.name, ...(variant ? { variant: variant.name } : {}) };
          const partNames: { word: string | null; shift: string; mask: string }[] = [];
          let fieldMask: string | null = null;
          if (parts.length === 1) {
            const p = parts[0];
            const word = d.words > 1 ? add('word', `${prefix}_WORD`, BigInt(p.word), count, subject) : null;
            const shift = add('shift', `${prefix}_SHIFT`, BigInt(p.lo), count, subject);
            add('width', `${prefix}_WIDTH`, BigInt(field.storedWidth), count, subject);
            fieldMask = add('mask', `${prefix}_MASK`, p.mask, mask, subject);
            partNames.push({ word, shift, mask: fieldMask });
            if (field.shift) add('value-shift', `${prefix}_VALUE_SHIFT`, BigInt(field.shift), count, subject);
          } else {
            if (oneWord && d.words > 1) add('word', `${prefix}_WORD`, BigInt(parts[0].word), count, subject);
            add('width', `${prefix}_WIDTH`, BigInt(field.storedWidth), count, subject);
            if (oneWord) fieldMask = add('mask', `${prefix}_MASK`, parts.reduce((m, p) => m | p.mask, 0n), mask, subject);
            if (field.shift) add('value-shift', `${prefix}_VALUE_SHIFT`, BigInt(field.shift), count, subject);
            parts.forEach((p, k) => {
              const ps = extend(subject, { part: k });
              const word = d.words > 1 ? add('word', `${prefix}_P${k}_WORD`, BigInt(p.word), count, ps) : null;
              const shift = add('shift', `${prefix}_P${k}_SHIFT`, BigInt(p.lo), count, ps);
              add('width', `${prefix}_P${k}_WIDTH`, BigInt(p.width), count, ps);
              partNames.push({ word, shift, mask: add('mask', `${prefix}_P${k}_MASK`, p.mask, mask, ps) });
            });
          }
          fields.push({ field, variant, isTag, facts, parts, partNames, mask: fieldMask });
        }
        // Fixed reserved bits: the common part's, then each variant's own.
        for (const variant of [null, ...d.variants]) {
          const reserved = variant ? variant.reserved : d.reserved;
          const prefix = `${stem}${variant ? `_${upperSnake(variant.name)}` : ''}`;
          for (const w of fixedWords(reserved, d.wordBits)) {
            const at = d.words > 1 ? `_W${w.word}` : '';
            const subject = { decl: d.qname, ...(variant ? { variant: variant.name } : {}), ...(d.words > 1 ? { word: w.word } : {}) };
            const ranges = fixedRangesText(reserved.filter((r) => Math.floor(r.range.lo / d.wordBits) <= w.word && Math.floor(r.range.hi / d.wordBits) >= w.word));
            const where = `${variant ? `Variant ${variant.name}: ` : ''}${d.words > 1 ? `word ${w.word}: ` : ''}`;
            add('fixed-mask', `${prefix}${at}_FIXED_MASK`, w.mask, mask, subject, `${where}bits reserved with a fixed value (${ranges}).`);
            add('fixed-value', `${prefix}${at}_FIXED_VALUE`, w.value, mask, subject, `${where}the values those bits must hold.`);
          }
        }
        break;
      }
      default:
        unreachable(d);
    }
    const plan: DeclPlan = { decl: d, items, fields };
    plans.push(interner ? interner.intern(plan) : plan);
  }
  return plans;
}

// ---------------------------------------------------------------------------
// Spelling helpers shared by the emitters

/** `@1 = 1, @48..50 = 0`: reserved ranges with a fixed value, as the spec writes them. */
export function fixedRangesText(reserved: readonly ir.ReservedBits[]): string {
  return reserved
    .filter((r) => r.value !== null)
    .map((r) => `@${r.range.lo === r.range.hi ? r.range.lo : `${r.range.lo}..${r.range.hi}`} = ${r.value}`)
    .join(', ');
}

/** The `_FIXED_MASK` or `_FIXED_VALUE` item of word `word` of a layout's common part or of a variant. */
export function fixedItem(plan: DeclPlan, variant: ir.BitsVariant | null, role: 'fixed-mask' | 'fixed-value', word: number): ConstItem | undefined {
  const multi = plan.decl.kind === 'bits' && plan.decl.words > 1;
  return plan.items.find((it) => it.role === role && it.subject.variant === variant?.name && multi === (it.subject.word !== undefined) && (it.subject.word ?? 0) === word);
}

export { storageBits } from '../../lower/bits.js';

/** `0x0000_0fff` style digits: the mask in hex, zero-padded to its word. */
export function hexDigits(value: bigint, bits: number): string {
  return value.toString(16).padStart(bits / 4, '0');
}

/** The directory of a layout's files: `x86_64`, `x86_64-kernel`. */
export function layoutDir(layout: ir.Layout): string {
  return layout.config ? `${layout.target.name}-${layout.config}` : layout.target.name;
}

/** `x86_64 (default configuration)`, `x86_64, configuration kernel`. */
export function layoutTitle(layout: ir.Layout): string {
  return layout.config ? `${layout.target.name}, configuration ${layout.config}` : `${layout.target.name}, default configuration`;
}

/** `base @16..39, @56..63 << 2: u32`: a field as the spec writes it. */
export function fieldSignature(field: ir.BitField): string {
  const ranges = field.ranges.map((r) => (r.lo === r.hi ? `@${r.lo}` : `@${r.lo}..${r.hi}`)).join(', ');
  let type: string;
  if (field.type.kind === 'enum') type = field.type.decl.name;
  else if (field.type.kind === 'bool') type = 'bool';
  else type = `${field.signed ? 'i' : 'u'}${field.valueWidth}`;
  return `${field.name} ${ranges}${field.shift ? ` << ${field.shift}` : ''}: ${type}`;
}
