/**
 * The names of a Rust crate (modules, types, bit-layout methods, struct and union members) and
 * the Rust spelling of a spec type in one of its modules.
 */
import type * as ir from '../../ir.js';
import { escapeName, lowerSnake, RUST_RESERVED } from '../../names.js';
import { type FieldPlan, type NamespacePlan, planConstants } from '../offsets/plan.js';
import { intType } from './text.js';

const MODULE_RESERVED: ReadonlySet<string> = new Set([...RUST_RESERVED, 'core', 'std', 'alloc']);

/** `x86`, `coyotos`, `match` -> `x86`, `coyotos`, `match_`: a namespace's module name. */
export function rustModuleName(namespace: string): string {
  return escapeName(lowerSnake(namespace), MODULE_RESERVED);
}

/** The names of one crate: modules, types, bit-layout methods, struct and union members. */
export interface RustNames {
  readonly layout: ir.Layout;
  readonly namespaces: readonly NamespacePlan[];
  /** Module name by namespace. */
  readonly modules: ReadonlyMap<string, string>;
  /** Packed structs that also have an alignment: the packed inner type's name, by qname. */
  readonly packedInner: ReadonlyMap<string, string>;
  /** Getter, `with_` and `set_` methods of each bit field. */
  readonly methods: ReadonlyMap<FieldPlan, { readonly get: string; readonly with: string; readonly set: string }>;
  /** Member names of each struct (its IR fields) and union (its IR members), by qname. */
  readonly members: ReadonlyMap<string, readonly string[]>;
}
export type Crate = RustNames;

export function planRustNames(layout: ir.Layout): RustNames {
  const namespaces = planConstants(layout, 'module');
  const modules = new Map<string, string>();
  const taken = new Set<string>();
  for (const ns of namespaces) {
    let name = rustModuleName(ns.namespace);
    while (taken.has(name)) name += '_';
    taken.add(name);
    modules.set(ns.namespace, name);
  }
  const packedInner = new Map<string, string>();
  const methods = new Map<FieldPlan, { get: string; with: string; set: string }>();
  const members = new Map<string, readonly string[]>();
  for (const ns of namespaces) {
    for (const d of ns.decls) {
      const decl = d.decl;
      if (decl.kind === 'struct') {
        members.set(decl.qname, memberNames(decl.fields.map((f) => f.name)));
        if (decl.packed && decl.align > 1) packedInner.set(decl.qname, ns.scope.claimFixed(`${ns.typeNames.get(decl.qname)}Packed`));
      }
      if (decl.kind === 'union') members.set(decl.qname, memberNames(decl.members.map((m) => m.name)));
      // Methods: `field`, `with_field`, `set_field`; variant fields are prefixed by the variant.
      const used = new Set<string>();
      const claim = (n: string): string => {
        let m = escapeName(n, RUST_RESERVED);
        while (used.has(m)) m += '_';
        used.add(m);
        return m;
      };
      for (const f of d.fields) {
        let base = lowerSnake(f.variant ? `${f.variant.name}_${f.field.name}` : f.field.name).replace(/^_+/, '') || 'field';
        if (/^[0-9]/.test(base)) base = `f${base}`;
        methods.set(f, { get: claim(base), with: claim(`with_${base}`), set: claim(`set_${base}`) });
      }
    }
  }
  return { layout, namespaces, modules, packedInner, methods, members };
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
      const target = t.pointee !== null ? crate.layout.byName.get(t.pointee) : undefined;
      return target && target.kind !== 'const' ? `*mut ${typeRef(crate, ns, target.qname)}` : '*mut ::core::ffi::c_void';
    }
    case 'enum': {
      const e = crate.layout.byName.get(t.qname);
      return e && e.kind === 'enum' ? intType(e.storageBits, e.signed) : intType(t.storageBits, false);
    }
    case 'bits':
    case 'struct':
    case 'union':
      return typeRef(crate, ns, t.qname);
  }
}

/** A member name for a struct or union: snake case, escaped, unique. */
function memberNames(names: readonly string[]): string[] {
  const taken = new Set<string>();
  return names.map((n) => {
    let name = escapeName(lowerSnake(n), RUST_RESERVED);
    if (/^[0-9]/.test(name)) name = `f${name}`;
    while (taken.has(name) || /^_pad\d+$/.test(name)) name += '_';
    taken.add(name);
    return name;
  });
}
