/**
 * Writing generated files safely. Files arrive one at a time; each that differs from what is
 * on disk is staged at once (so the run never holds the whole output) under one directory,
 * `<output>/.cdl-staging/`, and the output's own files are not touched until every file has
 * arrived; then the commit (journal.ts) puts them all in place so that a kill at any moment
 * leaves the old output or the new one. A failure, or a refusal, leaves the previous outputs.
 * Unchanged files are not touched (their mtimes stay). A manifest (manifest.ts) records what
 * CDL wrote, so CDL removes only its own obsolete files, never a user's.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GeneratedFile } from '../emitters/emitter.js';
import { OutputError, makeDirs, removeDirQuietly, removeTree, statOf, writeFile } from './files.js';
import { complete, writeJournal } from './journal.js';
import { MANIFEST, STAGING, isReserved, manifestText, readManifest } from './manifest.js';
import { stagedName } from './journal.js';

export { OutputError, statOf } from './files.js';
export { MANIFEST } from './manifest.js';

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
 * staged: the summary says what would change (`cdl gen --check`). An interrupted run's traces
 * must be recovered (journal.ts `recover`) before this is made.
 */
export class StagedOutput {
  private readonly manifest: readonly string[];
  private readonly ours: ReadonlySet<string>;
  private readonly staging: string;
  private readonly paths = new Set<string>();
  private readonly written: string[] = [];
  private readonly unchanged: string[] = [];
  private readonly foreign: string[] = [];
  private readonly staged: string[] = [];
  /** Directories this run created for the output directory itself, outermost first. */
  private readonly created: string[] = [];
  private stagingMade = false;

  /** What this run writes, to tell `known` once it is in place. */
  private readonly texts = new Map<string, string>();

  /**
   * `known`: what a long-lived process knows of the files already (OutputMemory). `recorded`:
   * the digests of files whose stat the record of the last run vouches for (last-run.ts
   * `recordedDigests`), compared with the digest `add` is given instead of reading the file.
   */
  constructor(
    private readonly outDir: string,
    private readonly dryRun: boolean,
    private readonly known?: OutputMemory,
    private readonly recorded?: ReadonlyMap<string, string>,
  ) {
    this.manifest = readManifest(outDir);
    this.ours = new Set(this.manifest);
    this.staging = path.join(outDir, STAGING);
  }

  /**
   * Compares a file with the disk and stages it if it differs; `digest` is its contents' digest
   * (last-run.ts `contentDigest`), if known. Throws OutputError (after aborting) if it cannot.
   */
  add(f: GeneratedFile, digest?: string): void {
    if (this.paths.has(f.path)) throw new Error(`internal error: two emitters produced ${f.path}`);
    if (isReserved(f.path)) throw new Error(`internal error: an emitter produced ${f.path}, a name cdl keeps for itself`);
    this.paths.add(f.path);
    const dest = path.join(this.outDir, f.path);
    // Where the record says what the file holds, its digest is compared: no need to read it.
    const recorded = digest === undefined ? undefined : this.recorded?.get(f.path);
    const current = recorded !== undefined ? null : this.known ? this.known.read(dest) : statOf(dest)?.isFile() ? fs.readFileSync(dest, 'utf8') : null;
    if (recorded !== undefined ? recorded === digest : current === f.contents) {
      // The emitter's string from now on: one kept from run to run compares at once.
      this.known?.same(dest, f.contents);
      this.unchanged.push(f.path);
      return;
    }
    this.written.push(f.path);
    if (this.known && !this.dryRun) this.texts.set(dest, f.contents);
    if ((recorded !== undefined || current !== null) && !this.ours.has(f.path)) this.foreign.push(f.path);
    if (!this.dryRun) this.stage(f.path, f.contents);
  }

  /** What the run changes, once every file is added. */
  summary(): Summary {
    const removed = this.manifest.filter((p) => !this.paths.has(p) && fs.existsSync(path.join(this.outDir, p)));
    const manifestPath = path.join(this.outDir, MANIFEST);
    const manifestChanged = !statOf(manifestPath)?.isFile() || fs.readFileSync(manifestPath, 'utf8') !== manifestText([...this.paths]);
    return { written: this.written, removed, unchanged: this.unchanged, foreign: this.foreign, manifestChanged };
  }

  /**
   * Puts the staged files in place, writes the manifest and removes obsolete files, through the
   * journal; a run with nothing to change changes nothing. Throws an OutputError (the output as
   * it was) if the journal cannot be written, an IncompleteError (the journal left for the next
   * run) if it cannot be applied.
   */
  commit(): Summary {
    const summary = this.summary();
    if (this.staged.length === 0 && summary.removed.length === 0 && !summary.manifestChanged) return summary;
    if (summary.manifestChanged) this.stage(MANIFEST, manifestText([...this.paths]));
    try {
      writeJournal(this.outDir, { write: this.staged, remove: summary.removed, manifest: summary.manifestChanged });
    } catch (e) {
      this.abort();
      throw e;
    }
    // Decided: the staging directory is the journal's now, and not this run's to abort.
    this.stagingMade = false;
    this.staged.length = 0;
    this.created.length = 0;
    complete(this.outDir);
    for (const [dest, text] of this.texts) this.known?.wrote(dest, text);
    for (const p of summary.removed) this.known?.forget(path.join(this.outDir, p));
    return summary;
  }

  /** Removes the staging directory and the directories this run created: the output is as it was. */
  abort(): void {
    if (this.stagingMade) removeTree(this.staging);
    this.stagingMade = false;
    this.staged.length = 0;
    for (const d of this.created.reverse()) removeDirQuietly(d);
    this.created.length = 0;
  }

  private stage(file: string, contents: string): void {
    try {
      const dest = path.join(this.outDir, file);
      // Putting it in place would fail only after other files were: refuse now.
      if (statOf(dest)?.isDirectory()) throw new Error(`'${dest}' is a directory`);
      const blocker = fileAbove(this.outDir, file);
      if (blocker) throw new Error(`'${blocker}' is a file, where '${dest}' needs a directory`);
      if (!this.stagingMade) {
        this.created.push(...makeDirs(this.outDir));
        makeDirs(this.staging);
        this.stagingMade = true;
      }
      // Staged side by side, each named by its place in the journal's list (journal.ts): one
      // directory to make, not one per directory of the output.
      const staged = file === MANIFEST ? MANIFEST : stagedName(this.staged.length);
      writeFile(path.join(this.staging, staged), contents);
      if (file !== MANIFEST) this.staged.push(file);
    } catch (e) {
      this.abort();
      throw new OutputError((e as Error).message, { cause: e });
    }
  }
}

/**
 * What a long-lived process (`cdl gen --watch`) knows of its output: each file's text as it
 * last read or wrote it, with the file's identity, size and times then. A file whose stat
 * still says the same is not read again; anything that changed it (an editor, a checkout)
 * changes its change time, and it is read afresh.
 */
export class OutputMemory {
  private readonly files = new Map<string, { readonly stamp: string; readonly text: string }>();

  /** The text of the file at `dest`, or null where there is none. */
  read(dest: string): string | null {
    const stamp = stampOf(dest);
    if (stamp === null) {
      this.files.delete(dest);
      return null;
    }
    const known = this.files.get(dest);
    if (known?.stamp === stamp) return known.text;
    const text = fs.readFileSync(dest, 'utf8');
    // Stamped before reading: a change while reading is seen next time.
    this.files.set(dest, { stamp, text });
    return text;
  }

  /** Records that `dest` now holds `text` (it was just put in place). */
  wrote(dest: string, text: string): void {
    const stamp = stampOf(dest);
    if (stamp === null) this.files.delete(dest);
    else this.files.set(dest, { stamp, text });
  }

  /** Records that the file at `dest` holds `text` still: the same text, as this string. */
  same(dest: string, text: string): void {
    const known = this.files.get(dest);
    if (known) this.files.set(dest, { stamp: known.stamp, text });
  }

  forget(dest: string): void {
    this.files.delete(dest);
  }
}

/** A regular file's identity, size and modification and change times, to the nanosecond; null if there is no such file. */
function stampOf(file: string): string | null {
  let s: fs.BigIntStats | undefined;
  try {
    s = fs.statSync(file, { bigint: true, throwIfNoEntry: false });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOTDIR') return null;
    throw e;
  }
  return s?.isFile() ? `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}` : null;
}

/** A file in `outDir` where a directory on the way to `file` should be, if there is one. */
function fileAbove(outDir: string, file: string): string | null {
  const names = file.split('/').slice(0, -1);
  for (let i = 1; i <= names.length; i++) {
    const dir = path.join(outDir, ...names.slice(0, i));
    const s = statOf(dir);
    if (!s) return null;
    if (!s.isDirectory()) return dir;
  }
  return null;
}
