/**
 * Words and bits. Generated code keeps values that fit in 53 bits as `number`s and works on
 * 32-bit parts with `>>>` and `&`; a value wider than 53 bits is a `bigint`. A layout wider
 * than 32 bits is handled as 32-bit parts, least significant first: a 64-bit word is
 * `(lo, hi)`, a 128-bit one `(w0, w1, w2, w3)`. These helpers convert between the forms.
 */

/** Any indexable list of 32-bit parts: a `number[]` or a `Uint32Array`. */
export type Words = { [index: number]: number; readonly length: number };

const MASK32 = 0xffff_ffffn;

/** `v` in decimal when small, else in hex: `7`, `0x12345000`, `-0x80`. */
export function formatInt(v: number | bigint): string {
  const big = BigInt(v);
  const abs = big < 0n ? -big : big;
  const text = abs < 1024n ? abs.toString() : `0x${abs.toString(16)}`;
  return big < 0n ? `-${text}` : text;
}

/** The 64-bit unsigned value of two 32-bit halves. */
export function join64(lo: number, hi: number): bigint {
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

/** The low 32 bits of a bigint, as an unsigned number. */
export function lo32(value: bigint): number {
  return Number(value & MASK32);
}

/** Bits 32..63 of a bigint, as an unsigned number. */
export function hi32(value: bigint): number {
  return Number((value >> 32n) & MASK32);
}

/** `hi * 2^32 + lo` when the result is exact (at most 53 bits), else a `RangeError`. */
export function halvesToNumber(lo: number, hi: number): number {
  if (hi >>> 0 > 0x1f_ffff) throw new RangeError(`0x${join64(lo, hi).toString(16)} does not fit in a number (53 bits)`);
  return (hi >>> 0) * 0x1_0000_0000 + (lo >>> 0);
}

/** The 32-bit parts of an unsigned value, least significant first. */
export function toWords(value: bigint, count: number, out: Words = new Array<number>(count)): Words {
  let v = value;
  for (let i = 0; i < count; i++) {
    out[i] = Number(v & MASK32);
    v >>= 32n;
  }
  return out;
}

/** The unsigned value of 32-bit parts, least significant first. */
export function fromWords(words: ArrayLike<number>): bigint {
  let v = 0n;
  for (let i = words.length - 1; i >= 0; i--) v = (v << 32n) | BigInt((words[i] ?? 0) >>> 0);
  return v;
}

/** True when `value` is an unsigned integer of at most `width` bits (`number` or `bigint`). */
export function isUint(value: unknown, width: number): boolean {
  if (typeof value === 'bigint') return value >= 0n && value >> BigInt(width) === 0n;
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && (width >= 53 || value < 2 ** width);
}

/** True when `value` is a two's-complement integer of at most `width` bits. */
export function isInt(value: unknown, width: number): boolean {
  if (typeof value === 'bigint') return BigInt.asIntN(width, value) === value;
  return typeof value === 'number' && Number.isSafeInteger(value) && (width > 53 || (value >= -(2 ** (width - 1)) && value < 2 ** (width - 1)));
}

/** A mask of bits `lo..hi` (inclusive) of a value of any width. */
export function bitMask(lo: number, hi: number): bigint {
  return ((1n << BigInt(hi - lo + 1)) - 1n) << BigInt(lo);
}

/** The bits `lo..hi` of `value`, shifted down to bit 0. */
export function extractBits(value: bigint, lo: number, hi: number): bigint {
  return (value >> BigInt(lo)) & ((1n << BigInt(hi - lo + 1)) - 1n);
}

/** `value` with bits `lo..hi` replaced by `bits`, which must fit. */
export function insertBits(value: bigint, lo: number, hi: number, bits: bigint): bigint {
  return (value & ~bitMask(lo, hi)) | ((bits & ((1n << BigInt(hi - lo + 1)) - 1n)) << BigInt(lo));
}

/** Sign-extends the low `width` bits of a 32-bit integer. */
export function signExtend32(value: number, width: number): number {
  const s = 32 - width;
  return (value << s) >> s;
}

/** Sign-extends an unsigned `width`-bit number (width up to 53). */
export function signExtend(value: number, width: number): number {
  return value >= 2 ** (width - 1) ? value - 2 ** width : value;
}
