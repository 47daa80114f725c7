/**
 * The names of a Rust crate (modules, types, bit-layout methods, struct and union members) and
 * the Rust spelling of a spec type in one of its modules.
 */
import type * as ir from '../../ir.js';
import type { EmitContext } from '../context.js';
import { bitFacts } from '../../lower/bits.js';
import { escapeName, rustSnake, NameScope, type Names, NO_NAMES, RUST_RESERVED } from '../../names.js';
import { type FieldPlan, type NamespacePlan, pairPlans, planConstants, shapesKey } from '../common/numbers.js';
import { type ConstructorNames, rebindConstructors } from '../common/constructor-names.js';
import { moduleNames, rustTypeName } from '../common/module-names.js';
import { intType } from './text.js';
import { type OrderedField, orderedFields } from '../common/byte-order.js';
import { extend } from '../../util/objects.js';

/** The names of one crate: modules, types, bit-layout methods, struct and union members. */
export interface RustNames {
  readonly layout: ir.Layout;
  readonly namespaces: readonly NamespacePlan[];
  /** Module name by namespace. */
  readonly modules: ReadonlyMap<string, string>;
  /** Packed structs that also have an alignment: the packed inner type's name, by qname. */
  readonly packedInner: ReadonlyMap<string, string>;
  /**
   * Getter, `with_` and `set_` methods of each bit field; an enum-typed field's take and return
   * the enum, and its `raw` ones the enum's storage integer.
   */
  readonly methods: ReadonlyMap<FieldPlan, BitsMethods>;
  /** Constructors and validators of each bit layout, by qname. */
  readonly whole: ReadonlyMap<string, RustWholeNames>;
  /** Member names of each struct (its IR fields) and union (its IR members), by qname. */
  readonly members: ReadonlyMap<string, readonly string[]>;
  /** Each struct's accessors of fields stored in a stated byte order, by qname (common/byte-order.ts). */
  readonly accessors: ReadonlyMap<string, readonly RustAccessor[]>;
  /** The name of the `ByteOrder` enum of each module with a struct of runtime order, by namespace. */
  readonly byteOrders: ReadonlyMap<string, string>;
}
export type Crate = RustNames;

export interface BitsMethods {
  readonly get: string;
  readonly with: string;
  readonly set: string;
  readonly rawGet?: string;
  readonly rawWith?: string;
  readonly rawSet?: string;
}

/** A struct field's getter and setter, which convert its byte order. */
export interface RustAccessor extends OrderedField {
  readonly get: string;
  readonly set: string;
}

export type RustConstructor = ConstructorNames<FieldPlan>;

export interface RustWholeNames {
  readonly constructors: readonly RustConstructor[];
  readonly validate: string;
  readonly isValid: string;
}

/** Rust names of an enum's members, by value (the first member of each value) and by member. */
export function enumVariantNames(e: ir.Enum): { byValue: ReadonlyMap<bigint, string>; byMember: ReadonlyMap<string, string> } {
  const scope = new NameScope(RUST_RESERVED, ['from_raw']);
  const byValue = new Map<bigint, string>();
  const byMember = new Map<string, string>();
  for (const m of e.members) {
    const v = scope.claim(rustTypeName(m.name));
    byMember.set(m.name, v);
    if (!byValue.has(m.value)) byValue.set(m.value, v);
  }
  return { byValue, byMember };
}

/** What {@link planRustNames} is computed once per run under (EmitContext.once, Emitter.shares). */
export const RUST_NAMES = 'rust names';

/**
 * The crate's names. They are made from the declarations only (numbers' plan, then methods and
 * members), so the layouts of a data model share one set where a run's `context` is given; a
 * user claiming more (rust/machine.ts) forks a module's scope.
 */
export function planRustNames(layout: ir.Layout, context?: EmitContext): RustNames {
  if (!context) return planCrateNames(layout);
  return extend(context.once(RUST_NAMES, layout.decls, () => keptCrateNames(layout, context)), { layout });
}

/**
 * In a long-lived process, the names of the last run whose namespaces had the same shapes
 * (which names are made of), made to refer to this run's plan and declarations.
 */
function keptCrateNames(layout: ir.Layout, context: EmitContext): RustNames {
  const kept = context.keptAcrossRuns<RustNames>(RUST_NAMES);
  if (!kept) return planCrateNames(layout, context);
  const key = shapesKey(layout);
  const before = kept.get(key);
  const names = before ? rebindRustNames(before, planConstants(layout, 'module', context), layout) : planCrateNames(layout, context);
  kept.set(key, names);
  return names;
}

/** Names kept from a run with the same shapes, keyed by `plan`'s field plans and referring to `layout`'s declarations. */
function rebindRustNames(names: RustNames, plan: readonly NamespacePlan[], layout: ir.Layout): RustNames {
  const methods = new Map<FieldPlan, BitsMethods>();
  const whole = new Map<string, RustWholeNames>();
  const accessors = new Map<string, readonly RustAccessor[]>();
  pairPlans(names.namespaces, plan, (now, fields) => {
    for (const [old, f] of fields) methods.set(f, names.methods.get(old)!);
    const w = names.whole.get(now.decl.qname);
    if (w && now.decl.kind === 'bits') whole.set(now.decl.qname, extend(w, { constructors: rebindConstructors(w.constructors, now.decl, (f) => fields.get(f)!) }));
    const a = names.accessors.get(now.decl.qname);
    if (a && now.decl.kind === 'struct') {
      const struct = now.decl;
      accessors.set(now.decl.qname, a.map((x) => extend(x, { field: struct.fields.find((f) => f.name === x.field.name)! })));
    }
  });
  const namespaces = plan.map((ns, i) => extend(ns, { scope: names.namespaces[i]!.scope }));
  return extend(names, { layout, namespaces, methods, whole, accessors });
}

function planCrateNames(layout: ir.Layout, context?: EmitContext): RustNames {
  const namespaces = planConstants(layout, 'module', context);
  const modules = moduleNames(namespaces.map((ns) => ns.namespace));
  const packedInner = new Map<string, string>();
  const methods = new Map<FieldPlan, BitsMethods>();
  const whole = new Map<string, RustWholeNames>();
  const members = new Map<string, readonly string[]>();
  const accessors = new Map<string, readonly RustAccessor[]>();
  const byteOrders = new Map<string, string>();
  for (const ns of namespaces) {
    for (const d of ns.decls) {
      const decl = d.decl;
      if (decl.kind === 'struct') {
        members.set(decl.qname, memberNames(decl.fields.map((f) => f.name)));
        if (decl.packed && decl.align > 1) packedInner.set(decl.qname, ns.scope.claim(`${ns.typeNames.get(decl.qname)}Packed`));
        // Methods live beside the fields (Rust keeps them apart): `field` and `set_field`.
        const own = new NameScope(RUST_RESERVED);
        const ordered = orderedFields(decl).map((f) => {
          const base = methodBase(f.field.name);
          return extend(f, { get: own.claim(base), set: own.claim(`set_${base}`) });
        });
        if (ordered.length) accessors.set(decl.qname, ordered);
      }
      if (decl.kind === 'union') members.set(decl.qname, memberNames(decl.members.map((m) => m.name)));
      // Methods: `field`, `with_field`, `set_field`; variant fields are prefixed by the variant.
      const impl = new NameScope(RUST_RESERVED);
      const claim = (n: string): string => impl.claim(n);
      const bases = new Map<FieldPlan, string>();
      for (const f of d.fields) {
        const base = methodBase(f.variant ? `${f.variant.name}_${f.field.name}` : f.field.name);
        bases.set(f, base);
        methods.set(f, { get: claim(base), with: claim(`with_${base}`), set: claim(`set_${base}`) });
      }
      // Claimed after the others, so that adding them renamed no existing method. `type_raw`,
      // not `type__raw`: a double underscore is not snake case to rustc.
      for (const f of d.fields) {
        if (f.field.type.kind !== 'enum') continue;
        const raw = `${bases.get(f)!.replace(/_+$/, '')}_raw`;
        methods.set(f, extend(methods.get(f)!, { rawGet: claim(raw), rawWith: claim(`with_${raw}`), rawSet: claim(`set_${raw}`) }));
      }
      if (decl.kind === 'bits') {
        const facts = bitFacts(decl);
        const constructors = (decl.tag ? decl.variants : [null]).map((variant): RustConstructor => {
          const fields = facts.fieldsOf(variant).map((ff) => d.fields.find((p) => p.facts === ff)!);
          // Escaped before the `f` of a leading digit, so `_32` is `f32` (a type's name, not a keyword).
          const own = new NameScope(NO_NAMES);
          const params = fields.map((f) => own.claim(notDigitFirst(escapeName(rustSnake(f.field.name).replace(/^_+/, '') || 'field', RUST_RESERVED))));
          return { variant, name: claim(variant ? rustSnake(`new_${variant.name}`) : 'new'), params, fields };
        });
        whole.set(decl.qname, { constructors, validate: claim('validate'), isValid: claim('is_valid') });
      }
    }
    // Claimed after the module's other names, so that adding it renamed none.
    if (ns.decls.some((d) => d.decl.kind === 'struct' && d.decl.byteOrder === 'runtime')) byteOrders.set(ns.namespace, ns.scope.claim('ByteOrder'));
  }
  for (const ns of namespaces) ns.scope.seal();
  return { layout, namespaces, modules, packedInner, methods, whole, members, accessors, byteOrders };
}



export function typeRef(crate: Crate, ns: string, qname: string): string {
  const decl = crate.layout.byName.get(qname);
  const name = crate.namespaces.find((n) => n.namespace === decl?.namespace)?.typeNames.get(qname);
  if (!decl || !name) throw new Error(`Rust: ${qname} is not declared in this layout`);
  return decl.namespace === ns ? name : `super::${crate.modules.get(decl.namespace)}::${name}`;
}

function aliasRef(crate: Crate, ns: string, alias: ir.TypeAlias): string {
  const name = crate.namespaces.find((n) => n.namespace === alias.namespace)?.typeNames.get(alias.qname);
  if (!name) return '';
  return alias.namespace === ns ? name : `super::${crate.modules.get(alias.namespace)}::${name}`;
}

/** A field's Rust type; `from` resolves the aliases the spec wrote. */
export function rustType(crate: Crate, from: ir.Decl | ir.TypeAlias, t: ir.Type, useAlias = true): string {
  const ns = from.namespace;
  if (useAlias && t.alias !== null && from.kind !== 'alias') {
    const a = crate.layout.aliasByName.get(t.alias);
    const ref = a ? aliasRef(crate, ns, a) : '';
    if (ref) return ref;
  }
  switch (t.kind) {
    case 'array':
      return `[${rustType(crate, from, t.element)}; ${t.length}]`;
    case 'bool':
      return 'bool';
    case 'int':
      switch (t.spelling) {
        case 'usize':
        case 'uptr':
          return 'usize';
        case 'isize':
          return 'isize';
        default:
          return intType(t.bits, t.signed);
      }
    case 'pointer': {
      // A pointer to a type declaration is typed; to an alias or a constant, untyped (as in C).
      const target = t.pointee;
      const typed = target !== null && target.kind !== 'const' && target.kind !== 'alias';
      return typed ? `*mut ${typeRef(crate, ns, target.qname)}` : '*mut ::core::ffi::c_void';
    }
    case 'enum':
      return intType(t.decl.storageBits, t.decl.signed);
    case 'bits':
    case 'struct':
    case 'union':
      return typeRef(crate, ns, t.qname);
  }
}

/** Member names Rust keeps off: its words and the padding fields aggregates.ts numbers. */
const MEMBER_RESERVED: Names = { has: (name) => RUST_RESERVED.has(name) || /^_pad\d+$/.test(name) };

/** A member name for a struct or union: snake case (never digit-first, as a spec name is not), escaped, unique. */
function memberNames(names: readonly string[]): string[] {
  const scope = new NameScope(MEMBER_RESERVED);
  return names.map((n) => scope.claim(rustSnake(n)));
}

/** A method's name for a field: snake case, no leading underscore (`_foo()` is not idiomatic), never digit-first. */
function methodBase(name: string): string {
  return notDigitFirst(rustSnake(name).replace(/^_+/, '') || 'field');
}

/** `f0`, not `0`: a Rust identifier does not start with a digit. */
function notDigitFirst(name: string): string {
  return /^[0-9]/.test(name) ? `f${name}` : name;
}
