/**
 * Which order a struct field's scalars are stored in (GCC's `scalar_storage_order`, see
 * check/rules/byte-orders.ts): the struct's for its integers, enums, bools and arrays of them,
 * and for the words of a bit layout without an order of its own; a bit layout's or a nested
 * struct's own where it states one. A nested struct of runtime order reads in its holder's
 * (the checker admits it only in structs of runtime order).
 */
import type * as ir from '../ir.js';

export function fieldOrder(type: ir.Type, structOrder: ir.ByteOrder, target: ir.Target): ir.ByteOrder {
  switch (type.kind) {
    case 'array':
      return fieldOrder(type.element, structOrder, target);
    case 'bits':
      return type.decl.byteOrder ?? structOrder;
    case 'struct':
      return type.decl.byteOrder === 'runtime' ? structOrder : (type.decl.byteOrder ?? target.endian);
    case 'union':
      return target.endian;
    case 'int':
    case 'bool':
    case 'enum':
    case 'pointer':
      return structOrder;
  }
}
