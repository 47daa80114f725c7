/**
 * Where a target's C compiler puts bit-fields, as gcc does on every built-in target (all of
 * them define PCC_BITFIELD_TYPE_MATTERS; tests/oracle/c-bitfields-oracle.test.ts compares
 * this module with each target's gcc):
 *
 * - Bit-fields are allocated in declaration order, each at the next free bit of the struct,
 *   counted in the target's bit order: from the least significant bit of byte 0 up on a
 *   little-endian target, from the most significant bit of byte 0 down on a big-endian one.
 * - A bit-field of type T may not span more of T's alignment units than T itself does
 *   (gcc's `excess_unit_span`): if it would, it starts at the next multiple of T's
 *   alignment. With T's alignment equal to its size, a field never crosses a T-sized unit;
 *   where the alignment is smaller (u64 on i386, aligned to 4) it may.
 * - A big-endian target stores a field's most significant bit first, so within a word the
 *   first field declared holds the word's top bits.
 *
 * CDL numbers the bits of a layout LSB-0 within each word of the target's byte order; the
 * functions below translate the allocation into those numbers.
 */
import type { BitsShape } from '../lower/bits.js';
import type * as ir from '../ir.js';
import { extend } from '../util/objects.js';

/**
 * The first bit of each bit-field, in allocation order, for fields of one unsigned type of
 * `typeBits` bits aligned (as a struct member) to `alignBits`; and where the last one ends.
 */
export function allocateCBitfields(widths: readonly number[], typeBits: number, alignBits: number): { starts: number[]; end: number } {
  const starts: number[] = [];
  let next = 0;
  for (const width of widths) {
    const unitsSpanned = Math.ceil(((next % alignBits) + width) / alignBits);
    if (unitsSpanned > typeBits / alignBits) next = Math.ceil(next / alignBits) * alignBits;
    starts.push(next);
    next += width;
  }
  return { starts, end: next };
}

/**
 * A field of `width` bits allocated at `start` (allocation order, as above), as CDL bit
 * ranges in value order (ranges[0] holds the value's low bits), in a layout of `wordBits`-bit
 * words. A field that crosses a word comes out as one range per word on a big-endian target
 * (its high bits are in the earlier word) and as one range on a little-endian one.
 */
export function cBitfieldRanges(start: number, width: number, wordBits: number, endian: ir.Endian): ir.BitRange[] {
  // CDL's number for value bit i: allocation bit a sits in byte a/8, at bit a%8 of that byte
  // counted from the least significant end (little-endian) or the most significant (big).
  const cdlBit = (i: number): number => {
    const a = endian === 'little' ? start + i : start + width - 1 - i;
    const byte = Math.floor(a / 8);
    const bitInByte = endian === 'little' ? a % 8 : 7 - (a % 8);
    const wordBytes = wordBits / 8;
    const word = Math.floor(byte / wordBytes);
    const byteInWord = byte % wordBytes;
    const significance = endian === 'little' ? byteInWord : wordBytes - 1 - byteInWord;
    return word * wordBits + significance * 8 + bitInByte;
  };
  const ranges: { lo: number; hi: number }[] = [];
  for (let i = 0; i < width; i++) {
    const b = cdlBit(i);
    const last = ranges[ranges.length - 1];
    if (last && last.hi + 1 === b) last.hi = b;
    else ranges.push({ lo: b, hi: b });
  }
  return ranges;
}

/**
 * A bit layout on `target`: a `c_bitfields` layout's fields and reserved bits where the
 * target's C compiler puts them; any other layout as it is.
 */
export function placeCBitfields(shape: BitsShape, target: ir.Target): BitsShape {
  const order = shape.cBitfields;
  if (!order) return shape;
  const typeBits = shape.wordBits;
  const alignBits = target.align[`u${typeBits}`] * 8;
  const { starts, end } = allocateCBitfields(
    order.map((m) => m.width),
    typeBits,
    alignBits,
  );
  // The checker accepts only members that fill the container without crossing a word, which
  // every target allocates one after the other: anything else is a bug there, not here.
  if (end !== shape.width) throw new Error(`c_bitfields ${shape.qname} on ${target.name}: the members end at bit ${end}, not ${shape.width}`);
  const byName = new Map(shape.fields.map((f) => [f.name, f]));
  const fields: ir.BitField[] = [];
  const reserved: ir.ReservedBits[] = [];
  let unnamed = 0;
  order.forEach((member, k) => {
    const ranges = cBitfieldRanges(starts[k], member.width, typeBits, target.endian);
    if (member.name !== null) {
      fields.push(extend(byName.get(member.name)!, { ranges }));
      return;
    }
    // The checker gives each unnamed member one range; a required value is split over the
    // target's ranges low part first, as for any reserved bits.
    const r = shape.reserved[unnamed++];
    let rest = r.value;
    for (const range of ranges) {
      const w = BigInt(range.hi - range.lo + 1);
      reserved.push(extend(r, { range, value: rest === null ? null : rest & ((1n << w) - 1n) }));
      if (rest !== null) rest >>= w;
    }
  });
  return extend(shape, { fields, reserved });
}
