/**
 * Writing generated files safely. Files arrive one at a time; each that differs from what is
 * on disk is staged beside its destination at once (so the run never holds the whole output),
 * and only when every file has arrived are the stages renamed into place: a failure, or a
 * refusal, leaves the previous outputs. Unchanged files are not touched (their mtimes stay).
 * A manifest records what CDL wrote, so CDL removes only its own obsolete files, never a
 * user's.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GeneratedFile } from '../emitters/emitter.js';

export const MANIFEST = '.cdl-manifest';

/** The output could not be written; nothing in it was changed. */
export class OutputError extends Error {}

export interface Summary {
  /** Files created or overwritten (contents differed from disk), the manifest not counted. */
  readonly written: readonly string[];
  /** Files CDL wrote earlier that no emitter produces any more. */
  readonly removed: readonly string[];
  /** Files already up to date. */
  readonly unchanged: readonly string[];
  /**
   * Files that exist, differ and are not in the manifest: someone else's, which writing would
   * destroy. `cdl gen` refuses to run while there are any.
   */
  readonly foreign: readonly string[];
  /** Whether the manifest differs from the files of this run. */
  readonly manifestChanged: boolean;
}

/**
 * One run's output directory. `add` each file as it is produced; then `commit` to put the
 * staged files in place, or `abort` to leave the directory as it was. With `dryRun` nothing is
 * staged: the summary says what would change (`cdl gen --check`).
 */
export class StagedOutput {
  private readonly manifest: readonly string[];
  private readonly ours: ReadonlySet<string>;
  private readonly paths = new Set<string>();
  private readonly written: string[] = [];
  private readonly unchanged: string[] = [];
  private readonly foreign: string[] = [];
  private readonly staged: [string, string][] = [];
  private readonly created: string[] = [];

  constructor(
    private readonly outDir: string,
    private readonly dryRun: boolean,
  ) {
    this.manifest = readManifest(outDir);
    this.ours = new Set(this.manifest);
  }

  /** Compares a file with the disk and stages it if it differs. Throws OutputError (after aborting) if it cannot. */
  add(f: GeneratedFile): void {
    if (this.paths.has(f.path)) throw new Error(`internal error: two emitters produced ${f.path}`);
    this.paths.add(f.path);
    const dest = path.join(this.outDir, f.path);
    const current = statOf(dest)?.isFile() ? fs.readFileSync(dest, 'utf8') : null;
    if (current === f.contents) {
      this.unchanged.push(f.path);
      return;
    }
    this.written.push(f.path);
    if (current !== null && !this.ours.has(f.path)) this.foreign.push(f.path);
    if (!this.dryRun) this.stage(dest, f.contents);
  }

  /** What the run changes, once every file is added. */
  summary(): Summary {
    const removed = this.manifest.filter((p) => !this.paths.has(p) && fs.existsSync(path.join(this.outDir, p)));
    const manifestPath = path.join(this.outDir, MANIFEST);
    const manifestChanged = !statOf(manifestPath)?.isFile() || fs.readFileSync(manifestPath, 'utf8') !== manifestText([...this.paths]);
    return { written: this.written, removed, unchanged: this.unchanged, foreign: this.foreign, manifestChanged };
  }

  /** Puts the staged files in place, writes the manifest and removes obsolete files. */
  commit(): Summary {
    const summary = this.summary();
    if (summary.manifestChanged) this.stage(path.join(this.outDir, MANIFEST), manifestText([...this.paths]));
    for (const [temp, dest] of this.staged) fs.renameSync(temp, dest);
    this.staged.length = 0;
    for (const p of summary.removed) {
      fs.rmSync(path.join(this.outDir, p));
      removeEmptyDirs(this.outDir, path.dirname(path.join(this.outDir, p)));
    }
    return summary;
  }

  /** Removes every stage and the directories this run created: the output is as it was. */
  abort(): void {
    for (const [temp] of this.staged) fs.rmSync(temp, { force: true });
    this.staged.length = 0;
    for (const d of this.created.reverse()) removeDir(d);
    this.created.length = 0;
  }

  private stage(dest: string, contents: string): void {
    try {
      this.created.push(...makeDirs(path.dirname(dest)));
      // Renaming onto a directory would fail only once other files were already in place.
      if (statOf(dest)?.isDirectory()) throw new Error(`'${dest}' is a directory`);
      const temp = `${dest}.cdl-tmp-${process.pid}`;
      fs.writeFileSync(temp, contents);
      this.staged.push([temp, dest]);
    } catch (e) {
      this.abort();
      throw new OutputError((e as Error).message, { cause: e });
    }
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

function manifestText(paths: readonly string[]): string {
  const lines = [...paths].sort();
  return `# Files written by cdl gen; cdl removes only these when they become obsolete.\n${lines.join('\n')}\n`;
}

function removeEmptyDirs(root: string, dir: string): void {
  const stop = path.resolve(root);
  for (let d = path.resolve(dir); d.startsWith(stop) && d !== stop; d = path.dirname(d)) {
    if (fs.readdirSync(d).length > 0) return;
    fs.rmdirSync(d);
  }
}
