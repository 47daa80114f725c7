/**
 * Reading a binary the user names (`cdl disasm FILE`): as specs are read (program/read.ts), only
 * a regular file, opened without blocking and checked on the open descriptor, and at most
 * MAX_BINARY_BYTES of it, so that a FIFO, a device or /dev/zero is refused rather than waited
 * on or read forever.
 */
import { readRegularFile } from '../program/read.js';

/** The largest file `cdl disasm` reads. */
export const MAX_BINARY_BYTES = 256 * 1024 * 1024;

/** The bytes of a regular file of at most MAX_BINARY_BYTES; throws an errno-style error (program/read.ts `readFailure` words it) otherwise. */
export function readBinaryFile(file: string): Uint8Array {
  const bytes = readRegularFile(file, MAX_BINARY_BYTES, 'ETOOBIG_BINARY');
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}
