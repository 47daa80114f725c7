/**
 * Reading a binary the user names (`cdl disasm FILE`): as specs are read (program/read.ts), only
 * a regular file, opened without blocking and checked on the open descriptor, and at most
 * MAX_BINARY_BYTES of it, so that a FIFO, a device or /dev/zero is refused rather than waited
 * on or read forever.
 */
import * as fs from 'node:fs';

/** The largest file `cdl disasm` reads. */
export const MAX_BINARY_BYTES = 256 * 1024 * 1024;

/** The bytes of a regular file of at most MAX_BINARY_BYTES; throws an errno-style error (program/read.ts `readFailure` words it) otherwise. */
export function readBinaryFile(file: string): Uint8Array {
  const fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  try {
    const stat = fs.fstatSync(fd);
    if (stat.isDirectory()) throw Object.assign(new Error('EISDIR'), { code: 'EISDIR' });
    if (!stat.isFile()) throw Object.assign(new Error('ENOTREG'), { code: 'ENOTREG' });
    if (stat.size > MAX_BINARY_BYTES) throw Object.assign(new Error('ETOOBIG'), { code: 'ETOOBIG_BINARY' });
    const buffer = Buffer.alloc(Math.min(stat.size, MAX_BINARY_BYTES) + 1);
    let length = 0;
    for (let n; length < buffer.length && (n = fs.readSync(fd, buffer, length, buffer.length - length, null)) > 0; ) length += n;
    if (length > MAX_BINARY_BYTES) throw Object.assign(new Error('ETOOBIG'), { code: 'ETOOBIG_BINARY' });
    return new Uint8Array(buffer.buffer, buffer.byteOffset, length);
  } finally {
    fs.closeSync(fd);
  }
}
