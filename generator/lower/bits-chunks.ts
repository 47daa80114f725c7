/**
 * Bit fields over 32-bit chunks: the word-level operations of `bits.ts` for a language whose bit
 * operators work on 32-bit integers, whose numbers are exact up to 53 bits, and which has
 * arbitrary-precision integers beyond (TypeScript). C and Rust assemble a field in one integer
 * type; here a field of up to 53 bits is assembled from 32-bit chunks with bit operators below
 * bit 31 and double arithmetic (`* 2^k`, `/ 2^k`, `+`) above it, and a wider one in bigints.
 * Those choices are bit facts too (which part crosses bit 31, which mask a shift makes
 * redundant, when a result needs `>>> 0` to read as unsigned), so they are made here, and the
 * TypeScript emitter only prints the trees (`emitters/ts/bits-print.ts`).
 *
 * The trees (`ChunkExpr`) are in one of two domains: `number` (32-bit bit operators, doubles)
 * and `bigint`; `toBigint` and `toNumber` cross between them. A tree's domain is that of the
 * field's value: see `domainOf`.
 */
import type * as ir from '../ir.js';
import { type BitPart, type BitRun, type FixedWord, onesAt, partsOf, valueRange, wordMasks, wordsOf } from './bits.js';

export const CHUNK_BITS = 32;

/** Values up to 53 bits are numbers (doubles hold them exactly); wider ones bigints. */
export const MAX_NUMBER_BITS = 53;

export type Domain = 'number' | 'bigint';

/** How a field's value is held: a boolean, a number, or a bigint. */
export type ValueKind = 'bool' | Domain;

export function kindOf(f: Pick<ir.BitField, 'type' | 'valueWidth'>): ValueKind {
  if (f.type.kind === 'bool') return 'bool';
  return f.valueWidth > MAX_NUMBER_BITS ? 'bigint' : 'number';
}

/** 32-bit chunks in a layout of `width` bits. */
export function chunkCount(width: number): number {
  return Math.ceil(width / CHUNK_BITS);
}

/** Bits of chunk `k` inside a layout of `width` bits (the last chunk may be partial). */
export function chunkWidth(width: number, k: number): number {
  return Math.min(CHUNK_BITS, width - CHUNK_BITS * k);
}

/** The chunks a field touches, in order. */
export function chunksOf(run: BitRun): number[] {
  return wordsOf(run, CHUNK_BITS);
}

export type ChunkExpr =
  /** Chunk `word` of the layout (an unsigned or signed 32-bit number: bit operators see the same bits). */
  | { readonly k: 'word'; readonly word: number }
  /** The value being stored or checked. */
  | { readonly k: 'value' }
  /** The value as the `temp` of `chunkInsert` prepared it. */
  | { readonly k: 'temp' }
  /** A literal: a mask (printed in hex) or a bound, count or constant (printed as a number). */
  | { readonly k: 'lit'; readonly value: bigint; readonly role: 'mask' | 'bound' }
  | { readonly k: 'bool'; readonly value: boolean }
  | { readonly k: 'and'; readonly a: ChunkExpr; readonly b: ChunkExpr }
  | { readonly k: 'or'; readonly terms: readonly ChunkExpr[] }
  /** Terms with disjoint bits, some beyond bit 31: added as doubles. */
  | { readonly k: 'sum'; readonly terms: readonly ChunkExpr[] }
  /** Shifts; `shr` is logical (`>>>` on a number), `sar` arithmetic (numbers only). */
  | { readonly k: 'shl' | 'shr' | 'sar'; readonly a: ChunkExpr; readonly n: number }
  /** Times or divided by 2^n, on doubles: moving bits across bit 31. */
  | { readonly k: 'scale' | 'unscale'; readonly a: ChunkExpr; readonly n: number }
  /** A 32-bit result read as unsigned (`>>> 0`) or as signed (`| 0`). */
  | { readonly k: 'u32' | 'i32'; readonly a: ChunkExpr }
  | { readonly k: 'toBigint' | 'toNumber'; readonly a: ChunkExpr }
  /** Two's complement of the low `width` bits (a runtime helper for numbers beyond 32 bits). */
  | { readonly k: 'signExtend'; readonly a: ChunkExpr; readonly width: number }
  /** The low `width` bits, unsigned (bigints only). */
  | { readonly k: 'truncate'; readonly a: ChunkExpr; readonly width: number }
  | { readonly k: 'mod'; readonly a: ChunkExpr; readonly b: ChunkExpr }
  | { readonly k: 'eq' | 'ne' | 'lt' | 'gt' | 'le' | 'ge'; readonly a: ChunkExpr; readonly b: ChunkExpr }
  /** Some condition holds (`||`), every condition holds (`&&`), the condition does not hold. */
  | { readonly k: 'any' | 'all'; readonly terms: readonly ChunkExpr[] }
  | { readonly k: 'not'; readonly a: ChunkExpr }
  /** Not a bigint, not a number (values come from untyped callers too). */
  | { readonly k: 'notBigint' | 'notNumber'; readonly a: ChunkExpr }
  | { readonly k: 'isInteger'; readonly a: ChunkExpr }
  | { readonly k: 'select'; readonly cond: ChunkExpr; readonly then: ChunkExpr; readonly else: ChunkExpr };

const VALUE: ChunkExpr = { k: 'value' };
const ZERO: ChunkExpr = { k: 'lit', value: 0n, role: 'bound' };
const mask = (value: bigint): ChunkExpr => ({ k: 'lit', value, role: 'mask' });
const bound = (value: bigint): ChunkExpr => ({ k: 'lit', value, role: 'bound' });
const word = (w: number): ChunkExpr => ({ k: 'word', word: w });
const and = (a: ChunkExpr, b: ChunkExpr): ChunkExpr => ({ k: 'and', a, b });
const one = (k: 'or' | 'sum' | 'any' | 'all', terms: ChunkExpr[]): ChunkExpr => (terms.length === 1 ? terms[0] : { k, terms });

// ---------------------------------------------------------------------------
// Reading

/**
 * A part's bits placed at value bit `at` (0 or its own value bit), for a value below bit 32.
 * Shift first, then mask at the destination; a shift that leaves no other bits needs no mask.
 */
function placed(p: BitPart, at: number): ChunkExpr {
  const { lo: b, width: n } = p;
  const c = word(p.word);
  let e: ChunkExpr;
  let unsigned = false;
  if (b === 0 && n === 32) {
    e = { k: 'u32', a: c };
    unsigned = true;
  } else if (at === b) e = and(c, mask(p.mask));
  else if (at < b) {
    if (b + n === 32 && at === 0) {
      e = { k: 'shr', a: c, n: b };
      unsigned = true;
    } else e = and({ k: 'shr', a: c, n: b - at }, mask(onesAt(n, at)));
  } else e = and({ k: 'shl', a: c, n: at - b }, mask(onesAt(n, at)));
  // Bit 31 set by `&` or `<<` reads as negative.
  return at + n === 32 && !unsigned ? { k: 'u32', a: e } : e;
}

/**
 * The unsigned value of a run of at most 53 bits, as a number: parts below bit 31 ORed, parts
 * reaching bit 31 or beyond added (a part beyond bit 31 is read at bit 0 and scaled).
 */
export function chunkExtractUnsigned(run: BitRun): ChunkExpr {
  const small: ChunkExpr[] = [];
  const large: ChunkExpr[] = [];
  for (const p of partsOf(run, CHUNK_BITS)) {
    const top = p.valueBit + p.width;
    if (top <= 31) small.push(placed(p, p.valueBit));
    else large.push(top <= 32 ? placed(p, p.valueBit) : { k: 'scale', a: placed(p, 0), n: p.valueBit });
  }
  return one('sum', [...(small.length ? [one('or', small)] : []), ...large]);
}

/** A field's value, in the domain of its kind (a flag is a condition). */
export function chunkExtract(f: ir.BitField): ChunkExpr {
  const parts = partsOf(f, CHUNK_BITS);
  const kind = kindOf(f);
  if (kind === 'bool') return { k: 'ne', a: and(word(parts[0].word), mask(parts[0].mask)), b: ZERO };
  const V = f.valueWidth;
  if (kind === 'bigint') {
    const u = one(
      'or',
      parts.map((p): ChunkExpr => {
        const big: ChunkExpr = { k: 'toBigint', a: placed(p, 0) };
        return p.valueBit === 0 ? big : { k: 'shl', a: big, n: p.valueBit };
      }),
    );
    return f.signed ? { k: 'signExtend', a: u, width: V } : u;
  }
  if (!f.signed) return chunkExtractUnsigned(f);
  // Signed in one chunk: shift its top bit to bit 31, then back arithmetically.
  if (parts.length === 1 && f.shift === 0) {
    const p = parts[0];
    const c = word(p.word);
    if (p.width === 32) return { k: 'i32', a: c };
    const left = 32 - p.lo - p.width;
    return { k: 'sar', a: left ? { k: 'shl', a: c, n: left } : c, n: 32 - p.width };
  }
  const u = chunkExtractUnsigned(f);
  if (V === 32) return { k: 'i32', a: u };
  if (V < 32) return { k: 'sar', a: { k: 'shl', a: u, n: 32 - V }, n: 32 - V };
  return { k: 'signExtend', a: u, width: V };
}

/** Chunk `k` of `n` of a bigint word (the value). */
export function chunkOfBigint(k: number, n: number): ChunkExpr {
  const shifted: ChunkExpr = k === 0 ? VALUE : { k: 'shr', a: VALUE, n: CHUNK_BITS * k };
  // The top chunk has nothing above it to mask off.
  return { k: 'toNumber', a: k === n - 1 && k > 0 ? shifted : and(shifted, mask(onesAt(CHUNK_BITS))) };
}

// ---------------------------------------------------------------------------
// Checking

/**
 * The condition under which the value (of `domain`) is NOT in the field's range: a value of
 * at most 32 bits is in range when masking or sign-extending it gives it back; a wider number
 * is compared with the bounds; a bigint also has to be a bigint.
 */
export function chunkRangeBad(f: Pick<ir.BitField, 'valueWidth' | 'shift' | 'signed'>, domain: Domain): ChunkExpr {
  const V = f.valueWidth;
  const s = f.shift;
  const { min, max, step } = valueRange(f);
  if (domain === 'bigint') {
    // V8 (Node 20) compiles `BigInt.asUintN(n, v) !== v` inline while `v` fits in a signed
    // 64-bit integer; an unsigned 64-bit value may not, and two comparisons are then faster.
    const fits: ChunkExpr[] =
      !f.signed && V === 64
        ? [{ k: 'lt', a: VALUE, b: ZERO }, { k: 'gt', a: VALUE, b: bound(max) }]
        : [{ k: 'ne', a: { k: f.signed ? 'signExtend' : 'truncate', a: VALUE, width: V }, b: VALUE }];
    const lowBits: ChunkExpr[] = s ? [{ k: 'ne', a: and(VALUE, bound(step - 1n)), b: ZERO }] : [];
    return { k: 'any', terms: [{ k: 'notBigint', a: VALUE }, ...fits, ...lowBits] };
  }
  // Up to 32 bits, one bitwise round trip: `typeof` first, as a bigint would make `&` throw
  // a TypeError ("Cannot mix BigInt and other types") instead of the field's RangeError. V8
  // compiles the `typeof` to a map check the number's path already makes.
  const notNumber: ChunkExpr = { k: 'notNumber', a: VALUE };
  if (!f.signed) {
    const kept = and(VALUE, mask(onesAt(V - s, s)));
    if (V <= 31) return { k: 'any', terms: [notNumber, { k: 'ne', a: kept, b: VALUE }] };
    if (V === 32) return { k: 'any', terms: [notNumber, { k: 'ne', a: { k: 'u32', a: s ? kept : VALUE }, b: VALUE }] };
  } else if (V <= 32) {
    const extended: ChunkExpr = V === 32 ? { k: 'i32', a: VALUE } : { k: 'sar', a: { k: 'shl', a: VALUE, n: 32 - V }, n: 32 - V };
    return { k: 'any', terms: [notNumber, { k: 'ne', a: s ? and(extended, mask(onesAt(32 - s, s))) : extended, b: VALUE }] };
  }
  // Wider: `Number.isInteger` is false for anything but a number.
  const conds: ChunkExpr[] = [{ k: 'isInteger', a: VALUE }, { k: 'ge', a: VALUE, b: bound(min) }, { k: 'le', a: VALUE, b: bound(max) }];
  // An integer's low 32 bits survive `&` exactly; `%` on a double would call fmod.
  if (s) conds.push({ k: 'eq', a: s <= 31 ? and(VALUE, mask(step - 1n)) : { k: 'mod', a: VALUE, b: bound(step) }, b: ZERO });
  return { k: 'not', a: { k: 'all', terms: conds } };
}

/** The condition under which fixed bits (per chunk, see `fixedWords`) do not hold their value. */
export function chunkFixedBad(words: readonly FixedWord[]): ChunkExpr {
  return one(
    'any',
    words.map((w): ChunkExpr => {
      const masked = and(word(w.word), mask(w.mask));
      return { k: 'ne', a: w.mask & 0x8000_0000n ? { k: 'u32', a: masked } : masked, b: mask(w.value) };
    }),
  );
}

/** The condition under which some bit of `run` is set. */
export function chunkAnySet(run: BitRun): ChunkExpr {
  return one('any', [...wordMasks(run, CHUNK_BITS)].map(([w, m]): ChunkExpr => ({ k: 'ne', a: and(word(w), mask(m)), b: ZERO })));
}

// ---------------------------------------------------------------------------
// Writing

/** What storing a field does to one chunk. */
export interface ChunkWrite {
  readonly chunk: number;
  /** The field's bits in the chunk. */
  readonly mask: bigint;
  /** The chunk's other bits, within `width` (see `chunkInsert`): what a setter keeps. */
  readonly kept: bigint;
  /** The field's bits of the value, to OR into the chunk (each a number). */
  readonly pieces: readonly ChunkExpr[];
}

export interface ChunkInsert {
  /** The value prepared once for the pieces (as unsigned), or null when they use it as it is. */
  readonly temp: ChunkExpr | null;
  /** Per chunk, in the order the field's value bits reach them. */
  readonly chunks: readonly ChunkWrite[];
}

/**
 * Storing a checked value in a field, in chunks holding `width` bits (the layout's in memory,
 * where the last chunk may be partial): per chunk, its pieces (the value moved to the part's
 * place and masked). A number's bit operators see the low 32 bits of
 * its two's complement; a negative number wider than 32 bits is first made unsigned, and bits
 * beyond bit 31 are brought down by division.
 */
export function chunkInsert(f: ir.BitField, width: number): ChunkInsert {
  const kind = kindOf(f);
  const parts = partsOf(f, CHUNK_BITS);
  const V = f.valueWidth;
  let temp: ChunkExpr | null = null;
  let piece: (p: BitPart) => ChunkExpr;
  if (kind === 'bool') {
    piece = (p) => ({ k: 'select', cond: VALUE, then: mask(p.mask), else: ZERO });
  } else if (kind === 'bigint') {
    if (f.signed) temp = { k: 'truncate', a: VALUE, width: V };
    const u: ChunkExpr = temp ? { k: 'temp' } : VALUE;
    piece = (p) => {
      const bits: ChunkExpr = { k: 'toNumber', a: and(p.valueBit ? { k: 'shr', a: u, n: p.valueBit } : u, bound(onesAt(p.width))) };
      return p.lo ? { k: 'shl', a: bits, n: p.lo } : bits;
    };
  } else {
    // Two's complement in V bits, as a double: v + 2^V is exact up to V = 53 (2^53 is a power
    // of two, written in hex as masks are, though beyond the safe integers).
    if (f.signed && V > 32) temp = { k: 'select', cond: { k: 'lt', a: VALUE, b: ZERO }, then: { k: 'sum', terms: [VALUE, mask(1n << BigInt(V))] }, else: VALUE };
    const u: ChunkExpr = temp ? { k: 'temp' } : VALUE;
    piece = (p) => {
      const { lo: b, width: n, valueBit: at } = p;
      let moved: ChunkExpr;
      if (at === b) moved = u;
      else if (at < b) moved = { k: 'shl', a: u, n: b - at };
      else if (at + n <= 32 || V <= 32) moved = { k: 'shr', a: u, n: at - b };
      else moved = { k: 'unscale', a: u, n: at - b };
      return and(moved, mask(p.mask));
    };
  }
  const chunks = new Map<number, { mask: bigint; pieces: ChunkExpr[] }>();
  for (const p of parts) {
    const c = chunks.get(p.word) ?? { mask: 0n, pieces: [] };
    c.mask |= p.mask;
    c.pieces.push(piece(p));
    chunks.set(p.word, c);
  }
  return {
    temp,
    chunks: [...chunks].map(([chunk, c]) => ({ chunk, ...c, kept: onesAt(chunkWidth(width, chunk)) & ~c.mask })),
  };
}

/**
 * A checked flag's bits: its mask when true, 0 when false, and -1 (every bit set) when it is no
 * boolean, which an encoder tests once per chunk rather than once per flag.
 */
export function checkedFlag(f: BitRun): { readonly chunk: number; readonly piece: ChunkExpr } {
  const p = partsOf(f, CHUNK_BITS)[0];
  const is = (value: boolean): ChunkExpr => ({ k: 'eq', a: VALUE, b: { k: 'bool', value } });
  return { chunk: p.word, piece: { k: 'select', cond: is(true), then: mask(p.mask), else: { k: 'select', cond: is(false), then: ZERO, else: bound(-1n) } } };
}

/** A setter's new chunk: the chunk's kept bits and the field's pieces. */
export function chunkUpdate(w: ChunkWrite): ChunkExpr {
  return one('or', [...(w.kept ? [and(word(w.chunk), mask(w.kept))] : []), ...w.pieces]);
}
