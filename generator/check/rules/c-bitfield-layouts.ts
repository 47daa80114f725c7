/**
 * `c_bitfields` layouts: the members are C bit-fields, declared in order, each as wide as its
 * type (`type: CapType;`, `swizzled: bool;`, `reserved: u1;` for an unnamed one). Which bits
 * they take depends on the target (generator/layout/c-bitfields.ts); this rule accepts only
 * what every built-in target's C compiler lays out alike but for its byte order:
 *
 * - no `@` positions, shifts, tag or variants (C declares a tagged word as a union of
 *   bit-field structs: each variant is then a layout of its own);
 * - no member crosses a word of the container: where one would, compilers differ (gcc moves
 *   it to the next storage unit, except i386's gcc for u64 words, whose alignment is 4), so
 *   the spec must end the word with `reserved` bits;
 * - the members fill the container exactly, so that the C struct is as large as the words;
 * - at least one member is named: a C struct without named members is undefined behaviour.
 *
 * The positions this rule gives are the allocation order counted from bit 0 (what every
 * little-endian target uses); the layout engine replaces them with each target's.
 */
import type * as ast from '../../../grammar/ast.js';
import type * as ir from '../../ir.js';
import { badBitWidthMessage, isBadBitWidth, parseBitWidthType, type Symbol } from '../../program/symbols.js';
import type { CheckContext } from '../context.js';
import type { BitsChecker, Container, Occupancy } from './bit-layouts.js';
import type { BitsShape } from '../../lower/bits.js';
import { declHeader } from './common.js';

export function checkCBitfieldLayout(symbol: Symbol<ast.BitsDecl>, ctx: CheckContext, container: Container, rules: BitsChecker): BitsShape | null {
  const decl = symbol.decl;
  const wordBits = container.wordBits;
  const width = wordBits * container.words;
  const occupied: Occupancy = new Array(width).fill(null);
  const names = new Map<string, ast.Ident>();
  const fields: ir.BitField[] = [];
  const reserved: ir.ReservedBits[] = [];
  const order: ir.CBitfield[] = [];
  const errorsBefore = ctx.diags.errorCount;
  let next = 0; // the first bit no member takes yet, in allocation order

  for (const m of decl.members) {
    if (m.kind === 'TagField' || m.kind === 'Variant') {
      ctx.diags.error(
        m.span,
        `a c_bitfields layout has no ${m.kind === 'TagField' ? 'tag' : 'variants'}: C declares a tagged word as a union of bit-field structs, so declare each variant as a layout of its own`,
      );
      continue;
    }
    const label = m.kind === 'BitField' ? `'${m.name.name}'` : 'reserved';
    if (m.ranges.length > 0) {
      ctx.diags.error(m.ranges[0].span, `${label} is a C bit-field: C places it after the previous member, so it takes no @ position (write '${m.kind === 'BitField' ? m.name.name : 'reserved'}: uN;')`);
      continue;
    }
    if (m.kind === 'BitField' && m.shift) {
      ctx.diags.error(m.shift.span, `${label} is a C bit-field, which stores its whole value: it takes no shift`);
      continue;
    }
    const memberWidth = m.kind === 'BitField' ? rules.typeWidth(m) : reservedWidth(m, ctx);
    if (memberWidth === null) continue;

    const lo = next;
    const hi = next + memberWidth - 1;
    next += memberWidth;
    const word = Math.floor(lo / wordBits);
    if (hi >= width) {
      ctx.diags.error(m.span, `${label} (${memberWidth} bits) does not fit: the members before it take ${lo} of the ${width} bits of '${symbol.name}'`);
      continue;
    }
    if (Math.floor(hi / wordBits) !== word) {
      const rest = wordBits - (lo % wordBits);
      ctx.diags.error(
        m.span,
        `${label} (${memberWidth} bits) would cross from word ${word} into word ${word + 1} of '${symbol.name}', where C compilers place it differently: end word ${word} with 'reserved: u${rest};' before it`,
      );
      continue;
    }
    const range = [{ lo, hi }];
    if (m.kind === 'BitField') {
      const f = rules.field(m, occupied, names, range);
      if (f) {
        fields.push(f.field);
        order.push({ name: f.field.name, width: memberWidth });
      }
    } else {
      const r = rules.reserved(m, occupied, range);
      if (r.length > 0) {
        reserved.push(...r);
        order.push({ name: null, width: memberWidth });
      }
    }
  }
  if (ctx.diags.errorCount > errorsBefore) return null;
  if (next < width) {
    const free = width - next;
    const end = free <= wordBits - (next % wordBits) ? `'reserved: u${free};'` : `reserved members (no member crosses a word)`;
    ctx.diags.error(decl.name.span, `the members of '${symbol.name}' take ${next} of its ${width} bits; C bit-fields must fill a c_bitfields layout: end it with ${end}`);
    return null;
  }
  if (fields.length === 0) {
    ctx.diags.error(decl.name.span, `'${symbol.name}' has no named field: a C struct of unnamed bit-fields is undefined`);
    return null;
  }
  return {
    kind: 'bits',
    ...declHeader(symbol, ctx.cName(symbol)),
    wordBits,
    words: container.words,
    width,
    fields,
    reserved,
    tag: null,
    variants: [],
    cBitfields: order,
    // A c_bitfields layout has the target's order (check/rules/byte-orders.ts).
    byteOrder: null,
  };
}

/** `reserved: uN [= v];`: an unnamed bit-field of N bits. */
function reservedWidth(m: ast.ReservedBits, ctx: CheckContext): number | null {
  if (!m.type) {
    ctx.diags.error(m.span, `reserved is a C bit-field here: give its width as a type ('reserved: u4;')`);
    return null;
  }
  const written = m.type.path.map((p) => p.name).join('.');
  const bw = m.type.path.length === 1 ? parseBitWidthType(written) : null;
  if (bw && !bw.signed) return bw.width;
  ctx.diags.error(m.type.span, m.type.path.length === 1 && isBadBitWidth(written) ? badBitWidthMessage(written) : `reserved bits are unsigned: write 'reserved: uN;', not '${written}'`);
  return null;
}
