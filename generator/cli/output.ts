/**
 * Writing generated files safely. All outputs are computed first; then each changed file is
 * staged beside its destination and the stages are renamed into place, so a failure leaves
 * the previous outputs. Unchanged files are not touched (their mtimes stay). A manifest
 * records what CDL wrote, so CDL removes only its own obsolete files, never a user's.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GeneratedFile } from '../emitters/emitter.js';

export const MANIFEST = '.cdl-manifest';

/** The output could not be written; nothing in it was changed. */
export class OutputError extends Error {}

export interface Plan {
  /** Files to create or overwrite (contents differ from disk). */
  readonly write: readonly GeneratedFile[];
  /** Files CDL wrote earlier that no emitter produces any more. */
  readonly remove: readonly string[];
  /** Files already up to date. */
  readonly unchanged: readonly string[];
  /**
   * Files in `write` that exist, differ and are not in the manifest: someone else's, which
   * writing would destroy. `cdl gen` refuses to run while there are any.
   */
  readonly foreign: readonly string[];
}

export function planOutput(outDir: string, files: readonly GeneratedFile[]): Plan {
  const written = readManifest(outDir);
  const ours = new Set(written);
  const write: GeneratedFile[] = [];
  const unchanged: string[] = [];
  const foreign: string[] = [];
  for (const f of files) {
    const dest = path.join(outDir, f.path);
    const current = statOf(dest)?.isFile() ? fs.readFileSync(dest, 'utf8') : null;
    if (current === f.contents) unchanged.push(f.path);
    else {
      write.push(f);
      if (current !== null && !ours.has(f.path)) foreign.push(f.path);
    }
  }
  const produced = new Set(files.map((f) => f.path));
  const remove = written.filter((p) => !produced.has(p) && fs.existsSync(path.join(outDir, p)));
  const manifest = manifestText(files);
  const manifestPath = path.join(outDir, MANIFEST);
  if (!statOf(manifestPath)?.isFile() || fs.readFileSync(manifestPath, 'utf8') !== manifest) {
    write.push({ path: MANIFEST, contents: manifest });
  }
  return { write, remove, unchanged, foreign };
}

/**
 * Stages every file beside its destination, then renames the stages into place and removes
 * obsolete files. A failure while staging (a directory in the way, no permission, no space)
 * removes the stages and the directories it created, leaving the output as it was, and
 * becomes an `OutputError` for the command to report.
 */
export function applyPlan(outDir: string, plan: Plan): void {
  const staged: [string, string][] = [];
  const created: string[] = [];
  try {
    for (const f of plan.write) {
      const dest = path.join(outDir, f.path);
      created.push(...makeDirs(path.dirname(dest)));
      // Renaming onto a directory would fail only once other files were already in place.
      if (statOf(dest)?.isDirectory()) throw new Error(`'${dest}' is a directory`);
      const temp = `${dest}.cdl-tmp-${process.pid}`;
      fs.writeFileSync(temp, f.contents);
      staged.push([temp, dest]);
    }
  } catch (e) {
    for (const [temp] of staged) fs.rmSync(temp, { force: true });
    for (const d of created.reverse()) removeDir(d);
    throw new OutputError((e as Error).message, { cause: e });
  }
  for (const [temp, dest] of staged) fs.renameSync(temp, dest);
  for (const p of plan.remove) {
    fs.rmSync(path.join(outDir, p));
    removeEmptyDirs(outDir, path.dirname(path.join(outDir, p)));
  }
}

/**
 * Creates `dir` and its missing parents one at a time, and returns those it created, outermost
 * first. (Node 20's recursive mkdir never returns where a parent refuses new entries, as /proc
 * does.)
 */
function makeDirs(dir: string): string[] {
  const missing: string[] = [];
  for (let d = path.resolve(dir); !fs.existsSync(d) && path.dirname(d) !== d; d = path.dirname(d)) missing.push(d);
  missing.reverse();
  const made: string[] = [];
  try {
    for (const d of missing) {
      fs.mkdirSync(d);
      made.push(d);
    }
  } catch (e) {
    for (const d of made.reverse()) removeDir(d);
    throw e;
  }
  return missing;
}

/** What is at `p`, or null where nothing is (also below a file, where stat says ENOTDIR). */
export function statOf(p: string): fs.Stats | null {
  try {
    return fs.statSync(p, { throwIfNoEntry: false }) ?? null;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOTDIR') return null;
    throw e;
  }
}

/** Removes a directory this run created, if it can: cleaning up must not hide the first error. */
function removeDir(dir: string): void {
  try {
    fs.rmdirSync(dir);
  } catch {
    // Left behind, empty; the error being reported matters more.
  }
}

function readManifest(outDir: string): string[] {
  const file = path.join(outDir, MANIFEST);
  if (!statOf(file)?.isFile()) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    // Only paths inside the output directory: a tampered manifest must not delete elsewhere.
    .filter((l) => !path.isAbsolute(l) && !l.split('/').includes('..'));
}

function manifestText(files: readonly GeneratedFile[]): string {
  const lines = files.map((f) => f.path).sort();
  return `# Files written by cdl gen; cdl removes only these when they become obsolete.\n${lines.join('\n')}\n`;
}

function removeEmptyDirs(root: string, dir: string): void {
  const stop = path.resolve(root);
  for (let d = path.resolve(dir); d.startsWith(stop) && d !== stop; d = path.dirname(d)) {
    if (fs.readdirSync(d).length > 0) return;
    fs.rmdirSync(d);
  }
}
