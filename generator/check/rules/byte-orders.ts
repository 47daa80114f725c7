/**
 * Byte orders other than the target's: `byte_order(big|little)` on a struct or a bit layout,
 * `byte_order(runtime)` on a struct (an ELF header, read in the order its EI_DATA gives).
 *
 * The meaning is GCC's `scalar_storage_order`, the C compiler that proves the layouts: a
 * struct's order applies to its scalars (integers, enums, bools, the words of its bit layouts,
 * arrays of them); a nested struct keeps its own. So that a spec never says one thing and a C
 * compiler does another, what GCC would read in the target's order inside a struct of another
 * is an error here, where the spec can say what it means:
 *
 * - a nested struct or union without a stated order (GCC keeps it in the target's order,
 *   which in a network header is almost never meant): give it an order;
 * - a pointer (GCC never reorders pointers, and a foreign pointer means nothing here): hold
 *   the address as `uptr` or `u64`;
 * - a `c_bitfields` layout (its bits are where the target's C compiler puts them, for the
 *   target's order): none in a struct of a stated order, and none with an order of its own;
 * - a trap frame: the CPU stores registers in its own order.
 *
 * A struct of runtime order takes its order from whoever reads it: a struct of runtime order
 * may hold one, nothing else may (a struct of fixed order would fix it, which C cannot say).
 *
 * A bit layout in a struct of a stated order states its own: its words are then always in
 * that order, in whatever struct (C holds it in a struct of that order, so GCC agrees), and
 * one view class per layout reads it (a layout without one is the target's everywhere).
 */
import type * as ast from '../../../grammar/ast.js';
import type * as ir from '../../ir.js';
import type { Symbol } from '../../program/symbols.js';
import type { CheckContext } from '../context.js';

const WORDS: Readonly<Record<string, ir.ByteOrder>> = { big: 'big', little: 'little', runtime: 'runtime' };

/** The order `byte_order(...)` states, or null (none written, or a word reported as unknown). */
export function statedOrder(attr: ast.ByteOrderAttr | null): ir.ByteOrder | null {
  return attr ? (WORDS[attr.order.name] ?? null) : null;
}

function reportUnknown(attr: ast.ByteOrderAttr | null, ctx: CheckContext): void {
  if (attr && !(attr.order.name in WORDS)) {
    ctx.diags.error(attr.order.span, `unknown byte order '${attr.order.name}': write byte_order(big), byte_order(little) or byte_order(runtime)`);
  }
}

/** A bit layout's stated order, reported where it is not one a bit layout may have. */
export function bitsByteOrder(decl: ast.BitsDecl, ctx: CheckContext): ir.Endian | null {
  reportUnknown(decl.byteOrder, ctx);
  const order = statedOrder(decl.byteOrder);
  if (order === null) return null;
  if (order === 'runtime') {
    ctx.diags.error(decl.byteOrder!.span, `a bit layout's byte order is big or little: byte_order(runtime) belongs on structs, whose views are given the order`);
    return null;
  }
  if (decl.cBitfields) {
    ctx.diags.error(decl.byteOrder!.span, `a c_bitfields layout takes the target's byte order: C compilers place bit-fields by it`);
    return null;
  }
  return order;
}

/** What a field's type stores, through aliases and arrays. */
type Stored = { readonly kind: 'pointer' } | { readonly kind: 'scalar' } | { readonly kind: 'decl'; readonly symbol: Symbol };

function storedIn(ref: ast.TypeRef, file: ast.File, ctx: CheckContext, depth = 0): Stored | null {
  if (depth > 32) return null; // an alias cycle: the layout reports it
  switch (ref.kind) {
    case 'PointerType':
      return { kind: 'pointer' };
    case 'ArrayType':
      return storedIn(ref.element, file, ctx, depth + 1);
    case 'NamedType': {
      const r = ctx.table.resolveType(ref, file);
      if (!r) return null;
      if (r.kind === 'primitive') return { kind: 'scalar' };
      if (r.symbol.decl.kind === 'TypeAliasDecl') return storedIn(r.symbol.decl.type, r.symbol.file, ctx, depth + 1);
      return { kind: 'decl', symbol: r.symbol };
    }
  }
}

function fieldsOf(members: readonly ast.StructMember[]): ast.FieldMember[] {
  return members.flatMap((m) => (m.kind === 'FieldMember' ? [m] : m.kind === 'IfMember' ? [...fieldsOf(m.then), ...fieldsOf(m.otherwise)] : []));
}

/** The rules above for one struct or union: its own order, and what it holds. */
export function checkByteOrders(symbol: Symbol<ast.StructDecl | ast.UnionDecl>, ctx: CheckContext): void {
  const decl = symbol.decl;
  const attr = decl.kind === 'StructDecl' ? decl.byteOrder : null;
  reportUnknown(attr, ctx);
  const own = statedOrder(attr);
  if (own !== null && decl.kind === 'StructDecl' && decl.frame) {
    ctx.diags.error(attr!.span, `a trap frame has the target's byte order: the CPU stores the registers it holds`);
  }
  const spelled = own === null ? null : `byte_order(${own})`;
  for (const f of fieldsOf(decl.members)) {
    const stored = storedIn(f.type, symbol.file, ctx);
    if (!stored || stored.kind === 'scalar') continue;
    if (stored.kind === 'pointer') {
      if (spelled) ctx.diags.error(f.type.span, `a pointer in a struct of ${spelled}: GCC keeps pointers in the target's order; hold the address as uptr or u64`);
      continue;
    }
    const held = stored.symbol;
    const d = held.decl;
    if (d.kind === 'BitsDecl') {
      if (!spelled) continue;
      if (d.cBitfields) ctx.diags.error(f.type.span, `'${held.name}' is a c_bitfields layout, placed for the target's byte order: it cannot be in a struct of ${spelled}`);
      else if (!d.byteOrder) ctx.diags.error(f.type.span, `a bit layout in a struct of ${spelled} states its own order: give '${held.name}' byte_order(big) or byte_order(little)`);
      continue;
    }
    if (d.kind === 'StructDecl' || d.kind === 'UnionDecl') {
      const inner = d.kind === 'StructDecl' ? statedOrder(d.byteOrder) : null;
      if (inner === 'runtime') {
        if (own !== 'runtime') ctx.diags.error(f.type.span, `'${held.name}' has byte_order(runtime): only a struct of byte_order(runtime) can hold it, and give it the order it is read in`);
      } else if (inner === null && spelled) {
        const what = d.kind === 'UnionDecl' ? 'a union' : 'a struct without byte_order';
        ctx.diags.error(f.type.span, `'${held.name}' is ${what}: it keeps the target's order inside a struct of ${spelled} (a nested aggregate keeps its own, as in GCC)${d.kind === 'StructDecl' ? `; give it byte_order(...)` : ''}`);
      }
    }
  }
}
