/**
 * The struct fields whose scalars C and Rust cannot simply read in the target's order, for the
 * accessors that convert them: what `byte_order(...)` stores (layout/byte-order.ts) made into
 * getters and setters. TypeScript's views convert every read themselves and need none of this.
 *
 * A field has accessors when its scalars (its integer, bool or enum, its bit layout's words,
 * through arrays) are stored in a stated order: every scalar of a struct of a stated order (a
 * byte too, so that the struct is read through one interface), and in any struct a bit layout
 * of its own order. They exist on every target, the target of that order too, so that code
 * using them is the same everywhere. A nested struct has accessors of its own; a union's
 * members are read as a union is.
 */
import type * as ir from '../../ir.js';
import { extend } from '../../util/objects.js';

/** A field whose scalars accessors convert: the array dimensions around its scalar, and the order they are stored in. */
export interface OrderedField {
  readonly field: ir.Field;
  /** `u32[4][2]` -> [4, 2]: the accessors take an index per dimension. */
  readonly dims: readonly number[];
  readonly element: ir.IntType | ir.BoolType | ir.EnumRefType | ir.BitsRefType;
  /** `runtime`: the accessors take the order. */
  readonly order: ir.ByteOrder;
}

/** The fields of a struct that get accessors, in member order (none for a struct of the target's order without such bit layouts). */
export function orderedFields(s: ir.Struct): OrderedField[] {
  const out: OrderedField[] = [];
  for (const field of s.fields) {
    const dims: number[] = [];
    let t = field.type;
    while (t.kind === 'array') {
      dims.push(t.length);
      t = t.element;
    }
    switch (t.kind) {
      case 'int':
      case 'bool':
      case 'enum':
        if (s.byteOrder !== null) out.push({ field, dims, element: t, order: field.byteOrder });
        break;
      case 'bits':
        if (t.decl.byteOrder !== null) out.push({ field, dims, element: t, order: field.byteOrder });
        break;
      case 'pointer': // never in a struct of a stated order (check/rules/byte-orders.ts)
      case 'struct':
      case 'union':
        break;
      default:
        t satisfies never;
    }
  }
  return out;
}

/** A member of a struct of runtime order read in the order given: an integer, enum or bool (a bit layout has its own order). */
export type RuntimeField = OrderedField & { readonly element: ir.IntType | ir.BoolType | ir.EnumRefType };

export function runtimeScalars(s: ir.Struct): RuntimeField[] {
  if (s.byteOrder !== 'runtime') return [];
  return orderedFields(s).flatMap((f) => (f.order === 'runtime' && f.element.kind !== 'bits' ? [extend(f, { element: f.element })] : []));
}

/** The index parameters of an array's accessors: `i`, or `i0`, `i1`... per dimension. */
export function indexNames(depth: number): string[] {
  return depth === 1 ? ['i'] : Array.from({ length: depth }, (_, n) => `i${n}`);
}

/**
 * The parameters C's accessors of runtime order name (c/byte-order.ts), which no macro may
 * take: `big_endian` and the indices.
 */
export function cOrderParams(layout: ir.Layout): string[] {
  const depth = Math.max(0, ...layout.structs.flatMap((s) => runtimeScalars(s).map((f) => f.dims.length)));
  return layout.structs.some((s) => runtimeScalars(s).length) ? ['big_endian', ...(depth ? indexNames(depth) : [])] : [];
}
