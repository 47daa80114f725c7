/**
 * The errors generated code throws. Every one is a `RangeError` (the value, word or index is
 * outside what the layout allows), so `catch (e) { if (e instanceof RangeError) ... }` catches
 * them all; the subclasses carry structured details for tools.
 */
import { formatInt } from './words.js';

/** A value given to a setter or encoder does not fit its field: nothing is ever truncated. */
export class FieldRangeError extends RangeError {
  override readonly name = 'FieldRangeError';
  constructor(
    /** The type the field belongs to (`Pte`, `Tss64`). */
    readonly typeName: string,
    /** The field (`frame`, `rsp0`, `capReg[3]`). */
    readonly field: string,
    /** The rejected value. */
    readonly value: unknown,
    /** Human-readable allowed range, e.g. `0 to 0xfffff` or `a multiple of 0x1000 from 0 to ...`. */
    readonly allowed: string,
  ) {
    super(`${typeName}.${field}: ${describeValue(value)} is out of range (allowed: ${allowed})`);
  }
}

/** A word whose tag selects no variant, or a union whose selector picks no member. */
export class TagError extends RangeError {
  override readonly name = 'TagError';
  constructor(
    readonly typeName: string,
    readonly field: string,
    readonly value: unknown,
    readonly expected: string,
    message = `${typeName}.${field}: ${describeValue(value)} selects no variant (expected ${expected})`,
  ) {
    super(message);
  }
}

/** A union value whose member is not the one its selector picks. */
export function memberError(typeName: string, given: string | null, selector: unknown, selected: string | null): TagError {
  const what = given === null ? 'no member is given' : `member '${given}' is given`;
  return new TagError(typeName, given ?? '', selector, selected === null ? 'no member' : `member '${selected}'`, `${typeName}: ${what}, but the selector ${describeValue(selector)} selects ${selected === null ? 'none' : `'${selected}'`}`);
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

/** The error for an array given to `write` with the wrong number of elements. */
export function lengthError(typeName: string, field: string, length: unknown, expected: number): BoundsError {
  return new BoundsError(`${typeName}.${field}: an array of ${expected} elements is needed, not ${describeValue(length)}`);
}

function describeValue(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'bigint') {
    return Number.isFinite(Number(value)) && (typeof value === 'bigint' || Number.isInteger(value)) ? formatInt(value) : String(value);
  }
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || value === undefined || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(describeValue).join(', ')}]`;
  if (typeof value === 'object') return 'an object';
  return typeof value;
}

/** A raw word given to a decoder is not an unsigned integer of the layout's width. */
export class WordError extends RangeError {
  override readonly name = 'WordError';
  constructor(
    readonly typeName: string,
    readonly value: unknown,
    readonly width: number,
  ) {
    super(`${typeName}: ${describeValue(value)} is not a ${width}-bit unsigned word${width > 32 ? ' (or 32-bit part)' : ''}`);
  }
}

/** The error for a word or 32-bit part out of range: `wordError('Pte', w, 64)`. */
export function wordError(typeName: string, value: unknown, width: number): WordError {
  return new WordError(typeName, value, width);
}
