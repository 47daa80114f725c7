/**
 * A process's stored bytes: the common part (the fields before `image_end`), written and read
 * by the target's generated `ProcessView.writeStoredAt` and `readStoredAt`, which check every
 * value as `writeAt` does and never touch the register set after `image_end`. The layout still
 * reports the full concrete size (`ProcessView.SIZE`); an image stores IMAGE_END bytes.
 */
import { ImageError } from './errors.js';
import type { CoyotosTarget, ProcessCommon } from './target.js';

/** Bytes an image stores of a process: the offset of `image_end`. */
export function processImageSize(t: CoyotosTarget): number {
  return t.ProcessView.IMAGE_END;
}

/**
 * Encodes `p` into the first IMAGE_END bytes of `scratch`; throws an ImageError naming `where`
 * and the field (`Process 0 flags: Process.flags: 0x10000 is out of range ...`).
 */
export function encodeProcess(t: CoyotosTarget, p: ProcessCommon, scratch: Uint8Array, where: string): void {
  try {
    t.ProcessView.writeStoredAt(new DataView(scratch.buffer, scratch.byteOffset, t.ProcessView.IMAGE_END), 0, p);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    // The generated message starts with the type and the path of the field at fault.
    const field = /^Process\.([\w.[\]]+): /.exec(message)?.[1];
    throw new ImageError(`${where}${field ? ` ${field}` : ''}: ${message}`);
  }
}

/** Decodes the stored common part of a process (`stored`: at least IMAGE_END bytes). */
export function decodeProcess(t: CoyotosTarget, stored: Uint8Array): ProcessCommon {
  return t.ProcessView.readStoredAt(new DataView(stored.buffer, stored.byteOffset, stored.byteLength), 0);
}
