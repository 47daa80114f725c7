/**
 * TypeScript types of values: how a struct or union field, a constant or an enum reads in
 * plain objects. Integers up to 53 bits are `number`s, 64-bit ones `bigint`s; the target
 * decides pointer-sized and word-sized types.
 */
import type * as ir from '../../ir.js';
import { MAX_NUMBER_BITS } from './bitcode.js';
import type { ModuleWriter } from './module.js';

/** True when an enum's values are bigints (it is wider than 53 bits). */
export function isBigEnum(e: Pick<ir.Enum, 'width'>): boolean {
  return e.width > MAX_NUMBER_BITS;
}

/** True for types read and written as one value (no view). */
export function isLeaf(t: ir.Type): t is ir.IntType | ir.BoolType | ir.PointerType | ir.EnumRefType {
  return t.kind === 'int' || t.kind === 'bool' || t.kind === 'pointer' || t.kind === 'enum';
}

/** The TypeScript type of a value of `t` in a plain object. */
export function valueType(t: ir.Type, layout: ir.Layout, m: ModuleWriter): string {
  if (t.alias !== null && layout.aliasByName.has(t.alias)) return m.ref(t.alias, 'base', true);
  return plainValueType(t, layout, m);
}

/** The type of a value of `t`, ignoring the alias it was written with. */
export function plainValueType(t: ir.Type, layout: ir.Layout, m: ModuleWriter): string {
  switch (t.kind) {
    case 'int':
      return t.bits > 32 ? 'bigint' : 'number';
    case 'bool':
      return 'boolean';
    case 'pointer':
      return layout.target.pointerBits > 32 ? 'bigint' : 'number';
    case 'enum':
    case 'bits':
    case 'struct':
      return m.ref(t.qname, 'base', true);
    case 'union': {
      // A union with a discriminant reads as null when its selector picks no member, or when
      // nothing selects (a field without `by`, an array element, another union's member).
      const ref = m.ref(t.qname, 'base', true);
      return t.decl.discriminant !== null ? `${ref} | null` : ref;
    }
    case 'array': {
      const el = valueType(t.element, layout, m);
      return /^[\w.]+(\[\])*$/.test(el) ? `${el}[]` : `(${el})[]`;
    }
  }
}

/** The enum declaration a type refers to. */
export function enumOf(layout: ir.Layout, qname: string): ir.Enum {
  const e = layout.byName.get(qname);
  if (!e || e.kind !== 'enum') throw new Error(`internal error: ${qname} is not an enum`);
  return e;
}

/** Array dimensions and the innermost element: `u8[4][2]` -> [[4, 2], u8]. */
export function arrayShape(t: ir.ArrayType): { dims: number[]; strides: number[]; element: ir.Type } {
  const dims: number[] = [];
  const strides: number[] = [];
  let cur: ir.Type = t;
  while (cur.kind === 'array') {
    dims.push(cur.length);
    strides.push(cur.element.size);
    cur = cur.element;
  }
  return { dims, strides, element: cur };
}
