/**
 * Memory: views over bytes in a target's byte order. A generated view (`Tss64View`,
 * `PteView`) extends {@link View}: it holds a `DataView` and a byte offset and reads and writes
 * its fields in place, never copying. Move a view over an array of records by assigning
 * `byteOffset`.
 */
import { BoundsError } from './errors.js';

/** What a view may be built over: an `ArrayBuffer`, a `DataView`, a `Uint8Array` or any typed array. */
export type BufferLike = ArrayBufferLike | ArrayBufferView;

/** A `DataView` over exactly the bytes of `buffer` (no copy). */
export function toDataView(buffer: BufferLike): DataView {
  if (buffer instanceof DataView) return buffer;
  if (ArrayBuffer.isView(buffer)) return new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  return new DataView(buffer);
}

/** The base of every generated view: a `DataView`, a byte offset into it, and a size. */
export abstract class View {
  /** The memory this view reads and writes. */
  readonly dataView: DataView;
  /** Where the object starts in `dataView`. Assign it to move the view to another object. */
  byteOffset: number;

  constructor(buffer: BufferLike, byteOffset: number, size: number) {
    this.dataView = toDataView(buffer);
    if (!Number.isSafeInteger(byteOffset) || byteOffset < 0 || byteOffset + size > this.dataView.byteLength) {
      throw new BoundsError(
        `a ${size}-byte object at offset ${String(byteOffset)} does not fit in ${this.dataView.byteLength} bytes`,
      );
    }
    this.byteOffset = byteOffset;
  }
}

/** Copies `size` bytes from one offset of a view to another (overlapping ranges allowed). */
export function copyBytes(from: DataView, fromOffset: number, to: DataView, toOffset: number, size: number): void {
  const src = new Uint8Array(from.buffer, from.byteOffset + fromOffset, size);
  new Uint8Array(to.buffer, to.byteOffset + toOffset, size).set(src);
}
