/**
 * Memory: views over bytes in a target's byte order. A generated view (`Tss64View`,
 * `PteView`) holds a `DataView` and a byte offset and reads and writes its fields in place,
 * never copying. Move a view over an array of records by assigning `byteOffset`.
 *
 * Generated view classes do not share a base class: each initialises its own two fields, so
 * V8 keeps every constructor monomorphic (a shared base constructor storing into many classes'
 * instances becomes megamorphic and slows nested views down by an order of magnitude).
 */
import { BoundsError } from './errors.js';

/** What a view may be built over: an `ArrayBuffer`, a `DataView`, a `Uint8Array` or any typed array. */
export type BufferLike = ArrayBufferLike | ArrayBufferView;

/** What every generated view has. */
export interface View {
  /** The memory the view reads and writes. */
  readonly dataView: DataView;
  /** Where the object starts in `dataView`. Assign it to move the view to another object. */
  byteOffset: number;
}

/** A `DataView` over exactly the bytes of `buffer` (no copy). */
export function toDataView(buffer: BufferLike): DataView {
  if (buffer instanceof DataView) return buffer;
  if (ArrayBuffer.isView(buffer)) return new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  return new DataView(buffer);
}

/**
 * The `DataView` for a view of `size` bytes at `byteOffset` in `buffer`; a `RangeError`
 * (`BoundsError`) if the object does not fit.
 */
export function viewOf(buffer: BufferLike, byteOffset: number, size: number): DataView {
  const dv = buffer instanceof DataView ? buffer : toDataView(buffer);
  if (!(byteOffset >= 0 && byteOffset + size <= dv.byteLength && Number.isInteger(byteOffset))) {
    throw new BoundsError(`a ${size}-byte object at offset ${String(byteOffset)} does not fit in ${dv.byteLength} bytes`);
  }
  return dv;
}

/**
 * `new View(dataView, byteOffset)`: how a generated view makes the view of a nested member, the
 * first time it is asked for. Out of line, it keeps the getters that give out nested views small
 * enough for V8 to inline into their callers.
 */
export function makeView<V>(View: new (buffer: DataView, byteOffset: number) => V, dataView: DataView, byteOffset: number): V {
  return new View(dataView, byteOffset);
}

/** The byte order a view of a struct of `byte_order(runtime)` is given: `{ littleEndian: true }`. */
export interface ByteOrderOption {
  readonly littleEndian: boolean;
}

/**
 * `new View(dataView, byteOffset, { littleEndian })`: {@link makeView} for a nested struct of
 * `byte_order(runtime)`, which reads in the order of the view holding it.
 */
export function makeOrderedView<V>(View: new (buffer: DataView, byteOffset: number, order: ByteOrderOption) => V, dataView: DataView, byteOffset: number, littleEndian: boolean): V {
  return new View(dataView, byteOffset, { littleEndian });
}

/** Copies `size` bytes from one offset of a view to another (overlapping ranges allowed). */
export function copyBytes(from: DataView, fromOffset: number, to: DataView, toOffset: number, size: number): void {
  const src = new Uint8Array(from.buffer, from.byteOffset + fromOffset, size);
  new Uint8Array(to.buffer, to.byteOffset + toOffset, size).set(src);
}

/** Sets `size` bytes at `byteOffset` of a view to zero: how `write` clears padding and unused union bytes. */
export function zeroBytes(dataView: DataView, byteOffset: number, size: number): void {
  new Uint8Array(dataView.buffer, dataView.byteOffset + byteOffset, size).fill(0);
}
