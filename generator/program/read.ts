/**
 * Reading what a user names: specs (on the command line, imported, or found in a spec
 * directory) and cdl.config.json. Only a regular file is read, and at most MAX_SOURCE_BYTES of
 * it: a FIFO or a terminal would wait forever, /dev/zero would fill the memory, and no spec is
 * that large. The file is opened without blocking (opening a FIFO waits for a writer) and
 * checked on the open descriptor, so what is checked is what is read.
 */
import * as fs from 'node:fs';

/** The largest spec or configuration file CDL reads (docs/command.md). */
export const MAX_SOURCE_BYTES = 16 * 1024 * 1024;

/** Why a path was refused, as `readFailure` words it: `code` is ours, not the system's. */
class RefusedFile extends Error {
  constructor(readonly code: 'ENOTREG' | 'ETOOBIG' | 'ETOOBIG_BINARY') {
    super(code);
  }
}

/** The text of a regular file of at most MAX_SOURCE_BYTES; throws an errno-style error otherwise. */
export function readSourceFile(file: string): string {
  return readRegularFile(file, MAX_SOURCE_BYTES, 'ETOOBIG').toString('utf8');
}

/**
 * The bytes of a regular file of at most `maxBytes` (as specs are read, for any file a command
 * reads: `cdl disasm`'s binaries too); throws an errno-style error otherwise, `tooBig` when it
 * is larger.
 */
export function readRegularFile(file: string, maxBytes: number, tooBig: 'ETOOBIG' | 'ETOOBIG_BINARY'): Buffer {
  const fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  try {
    const stat = fs.fstatSync(fd);
    if (stat.isDirectory()) throw Object.assign(new Error('EISDIR'), { code: 'EISDIR' });
    if (!stat.isFile()) throw new RefusedFile('ENOTREG');
    if (stat.size > maxBytes) throw new RefusedFile(tooBig);
    // Read one byte past the limit: a file that grows while it is read is refused too.
    const buffer = Buffer.alloc(Math.min(stat.size, maxBytes) + 1);
    let length = 0;
    for (let n; length < buffer.length && (n = fs.readSync(fd, buffer, length, buffer.length - length, null)) > 0; ) length += n;
    if (length > maxBytes) throw new RefusedFile(tooBig);
    return buffer.subarray(0, length);
  } finally {
    fs.closeSync(fd);
  }
}

const READ_FAILURES: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EISDIR: 'it is a directory',
  EACCES: 'permission denied',
  ENOTDIR: 'a part of the path is not a directory',
  ENOTREG: 'it is not a regular file (a FIFO, a device or a socket)',
  ETOOBIG: `it is larger than ${MAX_SOURCE_BYTES / (1024 * 1024)} MiB, the most CDL reads`,
  ELOOP: 'it is a link that leads to itself',
  // What Node says of a path with a NUL character.
  ERR_INVALID_ARG_VALUE: 'a path cannot contain a NUL character',
};

/** Why a file cannot be read, in words rather than errno names. */
export function readFailure(e: unknown): string {
  return READ_FAILURES[(e as NodeJS.ErrnoException).code ?? ''] ?? String((e as Error).message);
}
