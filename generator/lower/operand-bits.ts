/**
 * An instruction field's bits in the word: where a value's stored bits go, and which values a
 * field can hold. The checker places fixed values (`opcode=0x13`) with these, and the
 * decoder's data (lower/instruction-data.ts) and overlap checks read them; all on 32-bit words
 * as unsigned JS numbers, since instructions are at most 32 bits.
 */
import type * as ir from '../ir.js';

/** The mask of a field's bits in the word. */
export function fieldMask(f: ir.OperandField): number {
  let mask = 0;
  for (const r of f.ranges) mask = (mask | (ones(r.hi - r.lo + 1) << r.lo)) >>> 0;
  return mask;
}

/** `width` low bits set (up to 32). */
export function ones(width: number): number {
  return width >= 32 ? 0xffffffff : 2 ** width - 1;
}

/** The offset a register field's value has over its stored number (RISC-V's x8+n), else 0. */
export function valueOffset(f: ir.OperandField): number {
  return f.operand.kind === 'reg' ? f.operand.offset : 0;
}

/** The least and greatest value the field holds. */
export function valueRange(f: ir.OperandField): { readonly min: bigint; readonly max: bigint } {
  const w = BigInt(f.valueWidth);
  const offset = BigInt(valueOffset(f));
  const [min, max] = f.signed ? [-(1n << (w - 1n)), (1n << (w - 1n)) - 1n] : [0n, (1n << w) - 1n];
  // A shifted field holds multiples of 2^shift only: the range's ends are such multiples.
  const step = 1n << BigInt(f.shift);
  return { min: ((min + step - 1n) / step) * step + offset, max: (max / step) * step + offset };
}

/**
 * The word bits holding `value` in field `f`, or null if the field cannot hold it (out of
 * range, or not a multiple of 2^shift).
 */
export function placeValue(f: ir.OperandField, value: bigint): number | null {
  if (f.constant !== null) return null;
  const { min, max } = valueRange(f);
  const v = value - BigInt(valueOffset(f));
  if (value < min || value > max || v % (1n << BigInt(f.shift)) !== 0n) return null;
  const storedWidth = f.valueWidth - f.shift;
  let stored = Number(BigInt.asUintN(storedWidth, v >> BigInt(f.shift)));
  let word = 0;
  for (const r of f.ranges) {
    const width = r.hi - r.lo + 1;
    word = (word | ((stored & ones(width)) << r.lo)) >>> 0;
    stored = Math.floor(stored / 2 ** width);
  }
  return word;
}

/** The value field `f` holds in `word` (sign-extended, shifted, with its register offset). */
export function valueIn(f: ir.OperandField, word: number): number {
  if (f.constant !== null) return f.constant;
  let stored = 0;
  let at = 0;
  for (const r of f.ranges) {
    const width = r.hi - r.lo + 1;
    stored += ((word >>> r.lo) & ones(width)) * 2 ** at;
    at += width;
  }
  if (f.signed && stored >= 2 ** (at - 1)) stored -= 2 ** at;
  return stored * 2 ** f.shift + valueOffset(f);
}
