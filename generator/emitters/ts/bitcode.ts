/**
 * The arithmetic of bit fields, as TypeScript source. A layout is handled as 32-bit parts
 * ("chunks", least significant first); a field's ranges are cut at chunk boundaries into
 * segments. Reads and writes use `>>>`, `&` and `|` on 32-bit numbers, and multiplication
 * by powers of two where a value crosses bit 31; only fields wider than 53 bits use bigints.
 * Every mask and shift is a literal.
 */
import type { BitField } from '../../ir.js';
import { type BitRun, onesAt, partsOf, valueRange, wordMasks, wordsOf } from '../../lower/bits.js';
import { big, hex, num, pow2 } from './naming.js';

/** A run of bits inside one chunk: chunk bits `bit..bit+width-1` hold value bits `pos..`. */
export interface Segment {
  readonly chunk: number;
  readonly bit: number;
  readonly width: number;
  /** Position in the field's value (the shift included). */
  readonly pos: number;
  /** The segment's bits in its chunk. */
  readonly mask: number;
}

export type ValueKind = 'bool' | 'number' | 'bigint';

/** Values up to 53 bits are numbers; wider ones bigints. */
export const MAX_NUMBER_BITS = 53;

export function chunkCount(width: number): number {
  return Math.ceil(width / 32);
}

export function kindOf(f: BitField): ValueKind {
  if (f.type.kind === 'bool') return 'bool';
  return f.valueWidth > MAX_NUMBER_BITS ? 'bigint' : 'number';
}

/** A field's parts in 32-bit chunks, from the bit-facts lowering. */
export function segmentsOf(f: BitRun): Segment[] {
  let segs = segments.get(f);
  if (!segs) {
    segs = partsOf(f, 32).map((p) => ({ chunk: p.word, bit: p.lo, width: p.width, pos: p.valueBit, mask: Number(p.mask) }));
    segments.set(f, segs);
  }
  return segs;
}
const segments = new WeakMap<BitRun, Segment[]>();

/** Chunks a field touches, in order. */
export function chunksOf(f: BitRun): number[] {
  return wordsOf(f, 32);
}

/** Bits a field occupies in each chunk. */
export function masksOf(f: BitRun): Map<number, number> {
  return new Map([...wordMasks(f, 32)].map(([k, m]) => [k, Number(m)]));
}

/** `width` one-bits at `at`, as an unsigned 32-bit number. */
export function ones(width: number, at = 0): number {
  return Number(onesAt(width, at));
}

/** Runtime helpers the generated code calls; returns the local name of a runtime export. */
export type RuntimeRef = (name: string) => string;

// ---------------------------------------------------------------------------
// Reading

/** An unsigned term placing one segment's bits at their value position. */
interface Term {
  readonly expr: string;
  /** True when the term is a non-negative int below 2^31 (may be combined with `|`). */
  readonly small: boolean;
  /** True for `(bits) * 2^k`, which needs no parentheses in a sum. */
  readonly product?: boolean;
}

function term(s: Segment, c: string): Term {
  const { bit: b, width: n, pos: p } = s;
  if (p + n <= 32) {
    let e: string;
    let unsigned = false;
    if (b === 0 && n === 32) {
      e = `${c} >>> 0`;
      unsigned = true;
    } else if (p === b) e = `${c} & ${hex(s.mask)}`;
    else if (p < b) {
      if (b + n === 32 && p === 0) {
        e = `${c} >>> ${b}`;
        unsigned = true;
      } else e = `(${c} >>> ${b - p}) & ${hex(ones(n, p))}`;
    } else e = `(${c} << ${p - b}) & ${hex(ones(n, p))}`;
    if (p + n === 32 && !unsigned) e = `(${e}) >>> 0`;
    return { expr: e, small: p + n <= 31 };
  }
  // The value crosses bit 31: extract to bit 0, then scale.
  let raw: string;
  if (b === 0 && n === 32) raw = `${c} >>> 0`;
  else if (b + n === 32) raw = `${c} >>> ${b}`;
  else if (b === 0) raw = `${c} & ${hex(ones(n))}`;
  else raw = `(${c} >>> ${b}) & ${hex(ones(n))}`;
  return { expr: `(${raw}) * ${pow2(p)}`, small: false, product: true };
}

function paren(e: string): string {
  return /^[\w.]+$/.test(e) ? e : `(${e})`;
}

/** The unsigned value of a field of at most 53 bits, as a number expression. */
export function readUnsigned(f: Pick<BitField, 'ranges' | 'shift'>, chunk: (k: number) => string): string {
  const terms = segmentsOf(f).map((s) => term(s, chunk(s.chunk)));
  const small = terms.filter((t) => t.small);
  const large = terms.filter((t) => !t.small);
  const parts: Term[] = [];
  if (small.length === 1) parts.push(small[0]);
  else if (small.length > 1) parts.push({ expr: small.map((t) => paren(t.expr)).join(' | '), small: true });
  parts.push(...large);
  if (parts.length === 1) return parts[0].expr;
  // A product binds tighter than `+`: only the other terms need parentheses.
  return parts.map((t) => (t.product ? t.expr : paren(t.expr))).join(' + ');
}

/**
 * The value of a field as an expression of its TypeScript type (`boolean`, `number`,
 * `bigint`), from the chunk expressions. `cast` names an enum type to cast to.
 */
export function readField(f: BitField, chunk: (k: number) => string, rt: RuntimeRef, cast?: string): string {
  const kind = kindOf(f);
  const segs = segmentsOf(f);
  if (kind === 'bool') {
    const s = segs[0];
    return `(${chunk(s.chunk)} & ${hex(s.mask)}) !== 0`;
  }
  const as = (e: string) => (cast ? `(${e}) as ${cast}` : e);
  if (kind === 'bigint') {
    const parts = segs.map((s) => {
      const raw = term({ ...s, pos: 0 }, chunk(s.chunk)).expr;
      return s.pos === 0 ? `BigInt(${raw})` : `(BigInt(${raw}) << ${s.pos}n)`;
    });
    const u = parts.join(' | ');
    return as(f.signed ? `BigInt.asIntN(${f.valueWidth}, ${u})` : u);
  }
  const V = f.valueWidth;
  if (!f.signed) return as(readUnsigned(f, chunk));
  if (segs.length === 1 && f.shift === 0) {
    const s = segs[0];
    if (s.width === 32) return as(`${chunk(s.chunk)} | 0`);
    const left = 32 - s.bit - s.width;
    return as(left ? `(${chunk(s.chunk)} << ${left}) >> ${32 - s.width}` : `${chunk(s.chunk)} >> ${32 - s.width}`);
  }
  const u = readUnsigned(f, chunk);
  if (V === 32) return as(`(${u}) | 0`);
  if (V < 32) return as(`((${u}) << ${32 - V}) >> ${32 - V}`);
  return as(`${rt('signExtend')}(${u}, ${V})`);
}

// ---------------------------------------------------------------------------
// Checking

export interface FieldRange {
  /** `if (<bad>) throw ...` */
  readonly bad: string;
  /** Arguments after the value for `rangeError`: min, max[, step]. */
  readonly args: string;
}

/**
 * The range check of a value about to be stored in a field: the condition under which `v`
 * (an expression without side effects) is out of range.
 */
export function rangeCheck(f: Pick<BitField, 'valueWidth' | 'shift' | 'signed'>, kind: ValueKind, v: string): FieldRange {
  const V = f.valueWidth;
  const s = f.shift;
  const w = V - s;
  const { min, max, step } = valueRange(f);
  if (kind === 'bigint') {
    // V8 (Node 20) compiles `BigInt.asUintN(n, v) !== v` inline while `v` fits in a signed
    // 64-bit integer; an unsigned 64-bit value may not, and two comparisons are then faster.
    const fits = !f.signed && V === 64 ? [`${v} < 0n`, `${v} > ${big(max)}`] : [`BigInt.${f.signed ? 'asIntN' : 'asUintN'}(${V}, ${v}) !== ${v}`];
    const conds = [`typeof ${v} !== 'bigint'`, ...fits];
    if (s) conds.push(`(${v} & ${big(step - 1n)}) !== 0n`);
    return { bad: conds.join(' || '), args: [big(min), big(max), ...(s ? [big(step)] : [])].join(', ') };
  }
  const args = [num(min), num(max), ...(s ? [num(step)] : [])].join(', ');
  if (!f.signed) {
    if (V <= 31) return { bad: `(${v} & ${hex(ones(w, s))}) !== ${v}`, args };
    if (V === 32) return { bad: s ? `(${v} & ${hex(ones(w, s))}) >>> 0 !== ${v}` : `${v} >>> 0 !== ${v}`, args };
  } else if (V <= 32) {
    const se = V === 32 ? `${v} | 0` : `(${v} << ${32 - V}) >> ${32 - V}`;
    // `>>` binds tighter than `!==`, `|` does not.
    return { bad: s ? `((${se}) & ${hex(ones(32 - s, s))}) !== ${v}` : V === 32 ? `(${se}) !== ${v}` : `${se} !== ${v}`, args };
  }
  const conds = [`Number.isInteger(${v})`, `${v} >= ${num(min)}`, `${v} <= ${num(max)}`];
  // An integer's low 32 bits survive `&` exactly; `%` on a double would call fmod.
  if (s) conds.push(s <= 31 ? `(${v} & ${hex(step - 1n)}) === 0` : `${v} % ${num(step)} === 0`);
  return { bad: `!(${conds.join(' && ')})`, args };
}

// ---------------------------------------------------------------------------
// Writing

export interface Pieces {
  /** Statements to run first (temporaries). */
  readonly pre: string[];
  /** Per chunk: the expressions to OR into it, and the bits the field occupies there. */
  readonly chunks: Map<number, { readonly mask: number; readonly pieces: string[] }>;
}

/**
 * The pieces of a checked value `v` to OR into each chunk. `temp` names a fresh local for
 * fields that need one (signed beyond 32 bits, signed bigints).
 */
export function writePieces(f: BitField, v: string, temp: () => string): Pieces {
  const kind = kindOf(f);
  const pre: string[] = [];
  const chunks = new Map<number, { mask: number; pieces: string[] }>();
  const add = (k: number, mask: number, piece: string) => {
    const c = chunks.get(k) ?? { mask: 0, pieces: [] };
    c.mask = (c.mask | mask) >>> 0;
    c.pieces.push(piece);
    chunks.set(k, c);
  };
  const segs = segmentsOf(f);
  if (kind === 'bool') {
    const s = segs[0];
    add(s.chunk, s.mask, `(${v} ? ${hex(s.mask)} : 0)`);
    return { pre, chunks };
  }
  if (kind === 'bigint') {
    let u = v;
    if (f.signed) {
      u = temp();
      pre.push(`const ${u} = BigInt.asUintN(${f.valueWidth}, ${v});`);
    }
    for (const s of segs) {
      const shifted = s.pos ? `(${u} >> ${s.pos}n)` : u;
      let piece = `Number(${shifted} & ${big(ones(s.width))})`;
      if (s.bit) piece = `(${piece} << ${s.bit})`;
      add(s.chunk, s.mask, piece);
    }
    return { pre, chunks };
  }
  // number: bit operators see the low 32 bits of the two's complement, exactly.
  let u = v;
  const V = f.valueWidth;
  if (f.signed && V > 32) {
    u = temp();
    pre.push(`const ${u} = ${v} < 0 ? ${v} + ${pow2(V)} : ${v};`);
  }
  for (const s of segs) {
    const { bit: b, width: n, pos: p } = s;
    const mask = hex(s.mask);
    let piece: string;
    if (p === b) piece = `${u} & ${mask}`;
    else if (p < b) piece = `(${u} << ${b - p}) & ${mask}`;
    else if (p + n <= 32 || V <= 32) piece = `(${u} >>> ${p - b}) & ${mask}`;
    else piece = `(${u} / ${pow2(p - b)}) & ${mask}`;
    add(s.chunk, s.mask, `(${piece})`);
  }
  return { pre, chunks };
}

/** `(a | b | c) >>> 0`, or `0`. */
export function orChunk(constant: number, pieces: readonly string[]): string {
  const all = [...(constant ? [hex(constant)] : []), ...pieces];
  if (all.length === 0) return '0';
  if (all.length === 1 && isPrimary(all[0])) return `${all[0]} >>> 0`;
  return `(${all.join(' | ')}) >>> 0`;
}

/** `e` as an operand: in parentheses unless it is a name, `(...)` or a call. */
export function operand(e: string): string {
  return /^[\w.$#]+(\[\w+\]!?)?$/.test(e) || isPrimary(e) ? e : `(${e})`;
}

/** True for `(...)` and `f(...)`: expressions no operator needs to parenthesize. */
function isPrimary(e: string): boolean {
  const call = /^[\w.]*\(/.exec(e);
  return call !== null && call[0].length - 1 + matchingParen(e.slice(call[0].length - 1)) === e.length - 1;
}

/** The index of the parenthesis closing the first one in `e`. */
export function matchingParen(e: string): number {
  let depth = 0;
  for (let i = 0; i < e.length; i++) {
    if (e[i] === '(') depth++;
    else if (e[i] === ')' && --depth === 0) return i;
  }
  return -1;
}

/**
 * `a | b | c` (a signed 32-bit result: store it with `setUint32`, or make it unsigned with
 * `>>> 0`), or a literal.
 */
export function orBits(constant: number, pieces: readonly string[]): string {
  const all = [...(constant ? [hex(constant)] : []), ...pieces];
  return all.length === 0 ? '0' : all.join(' | ');
}

/** True when `v` is not a bigint word of `width` bits (see `rangeCheck` for the 64-bit case). */
export function bigWordBad(width: number, v: string): string {
  if (width === 64) return `typeof ${v} !== 'bigint' || ${v} < 0n || ${v} > 0xffffffffffffffffn`;
  return `typeof ${v} !== 'bigint' || BigInt.asUintN(${width}, ${v}) !== ${v}`;
}
