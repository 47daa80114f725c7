/**
 * The errors generated code throws. Every one is a `RangeError` (the value, word or index is
 * outside what the layout allows), so `catch (e) { if (e instanceof RangeError) ... }` catches
 * them all; the subclasses carry structured details for tools. One rule decides the class:
 *
 * - {@link FieldRangeError}: a value, or a part of one, that its field cannot hold. Out of range,
 *   of the wrong JavaScript type (a `bigint` where a `number` is expected or the reverse, a
 *   string, `undefined`, `null`, `NaN`, `1.5`, anything but `true`/`false` for a flag), not an
 *   object where a struct, union or bit layout value is expected, not an array or an array of
 *   the wrong length, a hole in an array (read as `undefined`).
 * - {@link TagError}: a choice between variants or members that does not hold: a bit layout's
 *   tag that selects no variant, a union value holding no member, or a member other than the
 *   one its selector picks (in `write`, `writeAt`, `check`, a member's setter, and the getter of
 *   a member's nested view: a union gives out only the view of the member its selector picks).
 * - {@link BoundsError}: a position: an array index, or a view that does not fit its buffer.
 * - {@link WordError}: a raw word that is not an unsigned integer of the layout's width, given to
 *   a bit layout's field getter or setter, decoder, `validate` or a view's `raw` setter; given as
 *   32-bit parts, the part at fault is named.
 *
 * The message starts with where: the type and the path of the field within it
 * (`Process.capReg[3].payload.oid: ...`, `Tss64.iopb: ...`; the type alone for the value as a
 * whole), then what was given and what is allowed.
 */
import { formatInt } from './words.js';

/** A value given to a setter or encoder does not fit its field: nothing is ever truncated. */
export class FieldRangeError extends RangeError {
  override readonly name = 'FieldRangeError';
  constructor(
    /** The type the field belongs to (`Pte`, `Tss64`). */
    readonly typeName: string,
    /** The field's path within the type (`frame`, `rsp0`, `capReg[3].payload.oid`; '' for the whole value). */
    readonly field: string,
    /** The rejected value. */
    readonly value: unknown,
    /** Human-readable allowed range, e.g. `0 to 0xfffff` or `a multiple of 0x1000 from 0 to ...`. */
    readonly allowed: string,
  ) {
    super(`${where(typeName, field)}: ${describeValue(value)} is out of range (allowed: ${allowed})`);
  }
}

/**
 * A word whose tag selects no variant (`field` is the tag), or a union value whose member is not
 * the one its selector picks (`field` is the union's path, '' for the union itself).
 */
export class TagError extends RangeError {
  override readonly name = 'TagError';
  constructor(
    readonly typeName: string,
    readonly field: string,
    readonly value: unknown,
    readonly expected: string,
    /** The message after `Type.field: `. */
    readonly reason = `${describeValue(value)} selects no variant (expected ${expected})`,
  ) {
    super(`${where(typeName, field)}: ${reason}`);
  }
}

/**
 * A union value whose member is not the one its selector picks (`given` null: a value holding no
 * member, or null), or, from a member's setter, a member the selector does not pick; `view`:
 * the view of such a member was asked for (a union gives out only the picked member's view).
 */
export function memberError(typeName: string, given: string | null, selector: unknown, selected: string | null, view = false): TagError {
  const what = given === null ? 'no member is given' : view ? `a view of member '${given}' is asked for` : `member '${given}' is given`;
  const reason = `${what}, but the selector ${describeValue(selector)} selects ${selected === null ? 'none' : `'${selected}'`}`;
  return new TagError(typeName, '', selector, selected === null ? 'no member' : `member '${selected}'`, reason);
}

/** `Type.path`, or `Type` alone for the whole value. */
function where(typeName: string, field: string): string {
  return field === '' ? typeName : `${typeName}.${field}`;
}

/** `outer` then `inner`: `payload` and `oid` make `payload.oid`; `capReg[3]` and `` make `capReg[3]`. */
function joinPath(outer: string, inner: string): string {
  return inner === '' ? outer : outer === '' ? inner : `${outer}.${inner}`;
}

/**
 * The error `e`, thrown for a value of a nested type, as an error of the type holding it at
 * `field`: a `FieldRangeError` or `TagError` gets the outer type and the joined path
 * (`within(e, 'Process', 'capReg[3]')` makes `CapPayload.oid` `Process.capReg[3].payload.oid`
 * once `Capability` has made it `Capability.payload.oid`); anything else is returned as it is.
 * Generated `check` methods call it in `catch`, so paths cost nothing until something throws.
 */
export function within(e: unknown, typeName: string, field: string): unknown {
  if (e instanceof FieldRangeError) return new FieldRangeError(typeName, joinPath(field, e.field), e.value, e.allowed);
  if (e instanceof TagError) return new TagError(typeName, joinPath(field, e.field), e.value, e.expected, e.reason);
  return e;
}

/**
 * The error for a value that is not an object where one is needed: a struct, a union or a bit
 * layout's value (`undefined`, `null`, a number, a missing nested object or array element).
 */
export function objectError(typeName: string, field: string, value: unknown, allowed = `a ${typeName} object`): FieldRangeError {
  return new FieldRangeError(typeName, field, value, allowed);
}

/** An array index or a view position outside its bounds. */
export class BoundsError extends RangeError {
  override readonly name = 'BoundsError';
  constructor(message: string) {
    super(message);
  }
}

/**
 * The allowed range of an integer field: `min` to `max`, in steps of `step` (a shifted field
 * holds only multiples of 2^shift). Used to build messages; the checks themselves are inlined
 * in generated code.
 */
export function describeRange(min: number | bigint, max: number | bigint, step: number | bigint = 1): string {
  const span = `${formatInt(min)} to ${formatInt(max)}`;
  return BigInt(step) === 1n ? `an integer from ${span}` : `a multiple of ${formatInt(step)} from ${span}`;
}

/** The error for an integer field: `rangeError('Pte', 'frame', v, 0, 0xffffffffff000, 0x1000)`. */
export function rangeError(
  typeName: string,
  field: string,
  value: unknown,
  min: number | bigint,
  max: number | bigint,
  step: number | bigint = 1,
): FieldRangeError {
  const kind = typeof min === 'bigint' ? 'a bigint' : 'a number';
  const wrongType = typeof value !== typeof min && !(typeof value === 'number' && typeof min === 'number');
  return new FieldRangeError(typeName, field, value, `${wrongType ? `${kind}, ` : ''}${describeRange(min, max, step)}`);
}

/** The error for a flag given something other than `true` or `false`. */
export function boolError(typeName: string, field: string, value: unknown): FieldRangeError {
  return new FieldRangeError(typeName, field, value, 'true or false');
}

/** The error for an array index: `indexError('Process', 'capReg', 40, 32)`. */
export function indexError(typeName: string, field: string, index: unknown, length: number): BoundsError {
  return new BoundsError(`${typeName}.${field}: index ${describeValue(index)} is out of bounds (0 to ${length - 1})`);
}

/** The error for a value given to `write` where an array of `expected` elements is needed: not an array, or one of another length. */
export function lengthError(typeName: string, field: string, value: unknown, expected: number): FieldRangeError {
  return new FieldRangeError(typeName, field, value, `an array of ${expected} elements`);
}

/** A value as a message shows it: a bigint with its `n`, so that `1n` given for a number reads as one. */
function describeValue(value: unknown): string {
  if (typeof value === 'bigint') return `${formatInt(value)}n`;
  if (typeof value === 'number') return Number.isInteger(value) ? formatInt(value) : String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || value === undefined || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `an array of ${value.length} element${value.length === 1 ? '' : 's'}`;
  if (typeof value === 'object') return 'an object';
  return typeof value;
}

/**
 * A raw word that is not an unsigned integer of the layout's width: given to a decoder, a field
 * getter or setter, `validate`, or a view's `raw` setter. A layout wider than 32 bits given as
 * 32-bit parts names the part at fault (`lo`, `hi`, `w2`, `words[5]`).
 */
export class WordError extends RangeError {
  override readonly name = 'WordError';
  constructor(
    readonly typeName: string,
    /** The word, or the part at fault. */
    readonly value: unknown,
    readonly width: number,
    /** The field whose getter or setter was given the word ('' for the word as a whole). */
    readonly field = '',
    /** The part at fault (`lo`, `hi`, `w2`, `words[5]`, `words`), or null for a whole word. */
    readonly part: string | null = null,
    /** What the part must be, when there is one. */
    allowed = '',
  ) {
    super(
      part === null
        ? `${where(typeName, field)}: ${describeValue(value)} is not a ${width}-bit unsigned word`
        : `${where(typeName, field)}: ${part} is ${describeValue(value)}, not ${allowed}`,
    );
  }
}

/** The error for a whole word out of range: `wordError('Pte', w, 64)`, `wordError('Pte', w, 64, 'frame')`. */
export function wordError(typeName: string, value: unknown, width: number, field = ''): WordError {
  return new WordError(typeName, value, width, field);
}

/**
 * The names of a `width`-bit word's 32-bit parts, as generated code names its parameters: `lo`
 * and `hi` for two, `w0`... for up to four, elements of `words` beyond.
 */
function partNames(width: number): string[] {
  const n = Math.ceil(width / 32);
  return Array.from({ length: n }, (_, k) => (n === 2 ? (k === 0 ? 'lo' : 'hi') : n <= 4 ? `w${k}` : `words[${k}]`));
}

/** What part `k` of a `width`-bit word must be (`k` -1: the `words` list itself). */
function partDesc(k: number, width: number): string {
  const n = Math.ceil(width / 32);
  if (k < 0) return `a list of ${n} unsigned 32-bit parts of a ${width}-bit word, least significant first`;
  return `an unsigned ${partBits(k, width)}-bit integer (part ${k} of the ${n} parts of a ${width}-bit word)`;
}

function partBits(k: number, width: number): number {
  return Math.min(32, width - 32 * k);
}

/** True when `v` is an unsigned integer of `bits` (at most 32) bits. */
function isPart(v: unknown, bits: number): boolean {
  return typeof v === 'number' && v >>> 0 === v && (bits === 32 || v < 2 ** bits);
}

/** The first part of `parts` that is not part `k` of a `width`-bit word, or -1. */
function firstBad(parts: ArrayLike<unknown>, width: number): number {
  for (let k = 0, n = Math.ceil(width / 32); k < n; k++) if (!isPart(parts[k], partBits(k, width))) return k;
  return -1;
}

/**
 * The error for a word given as parameters of 32-bit parts (`lo, hi`, `w0`...) of which one is
 * out of range: names the first such part. Generated code calls it only when one is.
 */
export function partsError(typeName: string, field: string, width: number, parts: readonly unknown[]): WordError {
  const k = Math.max(firstBad(parts, width), 0);
  return new WordError(typeName, parts[k], width, field, partNames(width)[k], partDesc(k, width));
}

/**
 * True unless `words` is a list whose first elements are a `width`-bit word's 32-bit parts,
 * least significant first (a `number[]` or a `Uint32Array`; it may be longer). Setters test it
 * before they store anything.
 */
export function wordsBad(words: unknown, width: number): boolean {
  return typeof words !== 'object' || words === null || firstBad(words as ArrayLike<unknown>, width) >= 0;
}

/** The error for a `words` list {@link wordsBad} refuses: names the element at fault (`words[1]`), or the list. */
export function wordsError(typeName: string, field: string, width: number, words: unknown): WordError {
  if (typeof words !== 'object' || words === null) return new WordError(typeName, words, width, field, 'words', partDesc(-1, width));
  const list = words as ArrayLike<unknown>;
  const k = Math.max(firstBad(list, width), 0);
  return new WordError(typeName, list[k], width, field, `words[${k}]`, partDesc(k, width));
}

/**
 * An enum of up to 53 bits stored in 8 bytes, as a view reads it: the `number` it is, or, when
 * the storage holds bits a `number` cannot (which no valid value has), a `WordError` rather
 * than a rounded value.
 */
export function numberFrom64(value: bigint, typeName: string): number {
  if (value <= MAX_SAFE && value >= -MAX_SAFE) return Number(value);
  throw new WordError(typeName, value, 64, '', 'an enum stored in 8 bytes', 'an integer of at most 53 bits (no valid value is wider)');
}
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
