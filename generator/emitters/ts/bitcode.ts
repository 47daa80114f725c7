/**
 * The arithmetic of bit fields, as TypeScript source: the chunk lowering's expressions
 * (`lower/bits-chunks.ts`) printed (`bits-print.ts`) with the names of one function's chunks
 * and value. A layout is handled as 32-bit chunks, least significant first; only fields wider
 * than 53 bits use bigints. Every mask and shift is a literal.
 */
import type { BitField } from '../../ir.js';
import { chunkExtract, chunkInsert, chunkRangeBad, chunkUpdate, type ChunkExpr, type Domain, kindOf } from '../../lower/bits-chunks.js';
import { valueRange } from '../../lower/bits.js';
import { type ChunkNames, printChunkExpr, printOperand, type RuntimeRef } from './bits-print.js';
import { big, num } from './naming.js';

export { chunkCount, kindOf, MAX_NUMBER_BITS, type ValueKind } from '../../lower/bits-chunks.js';
export type { RuntimeRef } from './bits-print.js';

/** A number expression (the chunks are numbers). */
export function printNumber(e: ChunkExpr, names: ChunkNames): string {
  return printChunkExpr(e, names, 'number');
}

/**
 * The value of a field as an expression of its TypeScript type (`boolean`, `number`,
 * `bigint`), from the chunk expressions. `cast` names an enum type to cast to.
 */
export function readField(f: BitField, chunk: (k: number) => string, rt: RuntimeRef, cast?: string): string {
  const e = printChunkExpr(chunkExtract(f), { chunk, rt }, kindOf(f) === 'bigint' ? 'bigint' : 'number');
  return cast && kindOf(f) !== 'bool' ? `(${e}) as ${cast}` : e;
}

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
export function rangeCheck(f: Pick<BitField, 'valueWidth' | 'shift' | 'signed'>, kind: Domain, v: string): FieldRange {
  const { min, max, step } = valueRange(f);
  const lit = kind === 'bigint' ? big : num;
  return {
    bad: printChunkExpr(chunkRangeBad(f, kind), { chunk: noChunks, value: v }, kind),
    args: [lit(min), lit(max), ...(f.shift ? [lit(step)] : [])].join(', '),
  };
}

/** True when `v` is not a bigint word of `width` bits. */
export function bigWordBad(width: number, v: string): string {
  return rangeCheck({ valueWidth: width, shift: 0, signed: false }, 'bigint', v).bad;
}

/** True when `v` is not a number word of `width` (at most 32) bits. */
export function wordBad(width: number, v: string): string {
  return rangeCheck({ valueWidth: width, shift: 0, signed: false }, 'number', v).bad;
}

function noChunks(): string {
  throw new Error('internal error: a range check reads no chunk');
}

/** What a setter or encoder stores in one chunk. */
export interface ChunkStore {
  readonly chunk: number;
  /** The field's bits in the chunk, each an operand of `|` (for an encoder to OR together). */
  readonly pieces: readonly string[];
  /** The chunk with the field set, from its old value (which `chunk(k)` names): a signed 32-bit result. */
  update(): string;
  /** `update()` as an unsigned number. */
  unsigned(): string;
  /** Whether `update` reads the old chunk (false when the field fills it). */
  readonly readsOld: boolean;
}

/**
 * Storing a checked value `v` in field `f`, in chunks holding `width` bits: statements to run
 * first (a temporary, named by `temp()`, for fields that need one), then per chunk what to
 * store, in the order the value's bits reach the chunks.
 */
export function writePieces(f: BitField, width: number, v: string, temp: () => string, chunk: (k: number) => string = noChunks): { pre: string[]; chunks: ChunkStore[] } {
  const ins = chunkInsert(f, width);
  const domain: Domain = kindOf(f) === 'bigint' ? 'bigint' : 'number';
  const names: ChunkNames = { chunk, value: v, temp: ins.temp ? temp() : undefined };
  const pre = ins.temp ? [`const ${names.temp} = ${printChunkExpr(ins.temp, names, domain)};`] : [];
  const chunks = ins.chunks.map((w): ChunkStore => {
    const update = chunkUpdate(w);
    return {
      chunk: w.chunk,
      pieces: w.pieces.map((p) => printOperand(p, names, 'number')),
      update: () => printNumber(update, names),
      unsigned: () => printNumber({ k: 'u32', a: update }, names),
      readsOld: w.kept !== 0n,
    };
  });
  return { pre, chunks };
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
