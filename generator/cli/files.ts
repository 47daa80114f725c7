/**
 * The file-system changes that writing the output is made of, each a single step: a run killed
 * between any two leaves a state that recovery (journal.ts) understands. Every change goes
 * through here, so that the kill test's hook (kill-point.ts) sees each one.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeChange } from './kill-point.js';

/** What is at `p`, or null where nothing is (also below a file, where stat says ENOTDIR). */
export function statOf(p: string): fs.Stats | null {
  try {
    return fs.statSync(p, { throwIfNoEntry: false }) ?? null;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOTDIR') return null;
    throw e;
  }
}

/** What `p` itself is (a link is not followed), or null where nothing is. */
export function lstatOf(p: string): fs.Stats | null {
  try {
    return fs.lstatSync(p, { throwIfNoEntry: false }) ?? null;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOTDIR') return null;
    throw e;
  }
}

/**
 * Creates `dir` and its missing parents one at a time, and returns those it created, outermost
 * first. (Node 20's recursive mkdir never returns where a parent refuses new entries, as /proc
 * does; and one step per directory is what a kill can fall between.)
 */
export function makeDirs(dir: string): string[] {
  const missing: string[] = [];
  for (let d = path.resolve(dir); !fs.existsSync(d) && path.dirname(d) !== d; d = path.dirname(d)) missing.push(d);
  missing.reverse();
  const made: string[] = [];
  try {
    for (const d of missing) {
      beforeChange();
      fs.mkdirSync(d);
      made.push(d);
    }
  } catch (e) {
    for (const d of made.reverse()) removeDirQuietly(d);
    throw e;
  }
  return missing;
}

/** Writes a new file; with `durable`, its bytes reach the disk before this returns. */
export function writeFile(file: string, contents: string, durable = false): void {
  beforeChange();
  const fd = fs.openSync(file, 'wx');
  try {
    fs.writeFileSync(fd, contents);
    if (durable) fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Replaces `to` with `from` at once: the one step that makes a file appear in place. */
export function rename(from: string, to: string): void {
  beforeChange();
  fs.renameSync(from, to);
}

/** Removes a file. */
export function removeFile(file: string): void {
  beforeChange();
  fs.rmSync(file, { force: true });
}

/** Removes a directory and everything below it: only the staging directory is removed so. */
export function removeTree(dir: string): void {
  beforeChange();
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Flushes a directory's entries (a rename in it) to the disk, where the system allows it. */
export function syncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Some systems cannot sync a directory; a killed process loses nothing the kernel holds.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Removes a directory this run created, if it can: cleaning up must not hide the first error. */
export function removeDirQuietly(dir: string): void {
  try {
    beforeChange();
    fs.rmdirSync(dir);
  } catch {
    // Left behind, empty; the error being reported matters more.
  }
}

/**
 * Removes `dir` and then its parents, up to `root` (kept), while they are empty. A directory
 * already gone is passed over: recovery repeats what a killed run may have done.
 */
export function removeEmptyDirs(root: string, dir: string): void {
  const top = path.resolve(root);
  const inside = top.endsWith(path.sep) ? top : top + path.sep;
  for (let d = path.resolve(dir); d.startsWith(inside); d = path.dirname(d)) {
    if (!lstatOf(d)?.isDirectory()) continue;
    if (fs.readdirSync(d).length > 0) return;
    beforeChange();
    fs.rmdirSync(d);
  }
}

/** The output could not be written; its files were not changed (a run's journal says how far it got). */
export class OutputError extends Error {}
