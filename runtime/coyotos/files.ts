/**
 * The file operations the image writer and reader use, typed here rather than through
 * `@types/node`: runtime/ is copied into projects that compile it without Node's types (see
 * runtime/README.md), so no file under it may import `node:*`. The operations are Node's own
 * `fs` functions, found at run time through `process.getBuiltinModule` (Node 20.16 and later).
 */
export interface FileOps {
  openSync(path: string, flags: string, mode?: number): number;
  writeSync(fd: number, buffer: Uint8Array, offset: number, length: number): number;
  readSync(fd: number, buffer: Uint8Array, offset: number, length: number, position: number): number;
  fstatSync(fd: number): { size: number };
  fsyncSync(fd: number): void;
  closeSync(fd: number): void;
  renameSync(from: string, to: string): void;
  unlinkSync(path: string): void;
}

interface NodeProcess {
  readonly pid: number;
  getBuiltinModule?(id: string): unknown;
}

const nodeProcess = (globalThis as unknown as { process?: NodeProcess }).process;

/** Node's file system; an error where there is none (a browser). */
export function nodeFiles(): FileOps {
  const fs = nodeProcess?.getBuiltinModule?.('node:fs') as FileOps | undefined;
  if (!fs) throw new Error('Coyotos images are written and read through Node.js file operations (Node 20.16 or later)');
  return fs;
}

/** This process's id (0 outside Node), for temporary file names. */
export function processId(): number {
  return nodeProcess?.pid ?? 0;
}

/** The system's error code of a failed file operation (`ENOENT`), if it has one. */
export function errorCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** `path` split at its last separator: the directory ('.' if none) and the name. */
export function splitPath(path: string): { dir: string; name: string } {
  const at = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return at < 0 ? { dir: '.', name: path } : { dir: path.slice(0, at) || path.slice(0, at + 1), name: path.slice(at + 1) };
}
