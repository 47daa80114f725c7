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
 *   one its selector picks (in `write`, `writeAt`, `check` and a member's setter).
 * - {@link BoundsError}: a position: an array index, or a view that does not fit its buffer.
 * - {@link WordError}: a raw word given to a decoder, a `raw` setter or a word getter that is not
 *   an unsigned integer of the layout's width (or a 32-bit part).
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
 * member, or null), or, from a member's setter, a member the selector does not pick.
 */
export function memberError(typeName: string, given: string | null, selector: unknown, selected: string | null): TagError {
  const what = given === null ? 'no member is given' : `member '${given}' is given`;
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

function describeValue(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'bigint') {
    return Number.isFinite(Number(value)) && (typeof value === 'bigint' || Number.isInteger(value)) ? formatInt(value) : String(value);
  }
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || value === undefined || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `an array of ${value.length} element${value.length === 1 ? '' : 's'}`;
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
