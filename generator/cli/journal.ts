/**
 * Committing a run's output so that a kill at any moment leaves either the old output or the
 * new one, never a mix.
 *
 * A run stages every new or changed file in one directory, `<output>/.cdl-staging/`, named by
 * its place in the journal's list (`0`, `1`...: one directory to make, however deep the
 * output's files are; output.ts); being inside the output directory, it is on the same file
 * system, so moving a file out of it is an atomic rename. Until the run commits, the output's
 * own files are untouched: a run killed then leaves only `.cdl-staging`, which the next run
 * deletes (it rolls back).
 *
 * The commit point is the journal, `<output>/.cdl-journal`: written whole in the staging
 * directory, flushed to disk and renamed into place, it lists the files to move into place, the
 * obsolete files to remove and whether the manifest changes. From the moment it exists the run
 * is decided: `complete` applies it, and every step can be repeated after a kill (a staged file
 * already gone was moved; a file to remove already gone was removed), so the next run, finding
 * the journal, completes it from the start (it rolls forward). Only then are the staging
 * directory and, last, the journal removed.
 *
 * Between a kill and the next run the only traces are `.cdl-staging` and `.cdl-journal`.
 * A journal is read as untrusted: it must name files inside the output directory only, and it
 * may only overwrite or remove files the manifest lists (those CDL wrote), or the run refuses.
 * (Two runs at once on one output directory are not supported: the second would roll back the
 * first's staging.)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { OutputError, lstatOf, makeDirs, removeEmptyDirs, removeFile, removeTree, rename, syncDir, writeFile } from './files.js';
import { JOURNAL, MANIFEST, STAGING, isOutputPath, readManifest } from './manifest.js';

const FORMAT = 'cdl journal 2';
/** The format older versions of cdl wrote: each file staged at its own path (`.cdl-staging/<path>`). */
const FORMAT_1 = 'cdl journal 1';

/** The name in the staging directory of the file `index` in a journal's `write` list. */
export function stagedName(index: number): string {
  return String(index);
}

/** What a commit does, in the order it does it. */
export interface Journal {
  /** Files staged at `.cdl-staging/<index>` (stagedName), each moved to `<path>`. */
  readonly write: readonly string[];
  /** Obsolete files CDL wrote (the manifest lists them), removed with the directories they leave empty. */
  readonly remove: readonly string[];
  /** Whether a new manifest is staged at `.cdl-staging/.cdl-manifest`; moved into place after the removals. */
  readonly manifest: boolean;
}

/** The journal of an interrupted run cannot be trusted; nothing was changed. */
export class JournalError extends OutputError {}

/** A journal could not be applied to the end; it stays, for the next run to complete. */
export class IncompleteError extends OutputError {}

/**
 * Writes the journal: the commit point. Throws (an OutputError, the journal not in place)
 * before it; from then on the staging directory belongs to the journal, and `complete` does
 * the rest.
 */
export function writeJournal(outDir: string, journal: Journal): void {
  const temp = path.join(outDir, STAGING, JOURNAL);
  const text = `${JSON.stringify({ format: FORMAT, note: 'cdl gen was interrupted while putting its files in place; the next cdl gen completes it', ...journal }, null, 1)}\n`;
  try {
    writeFile(temp, text, true);
    rename(temp, path.join(outDir, JOURNAL));
  } catch (e) {
    throw new OutputError((e as Error).message, { cause: e });
  }
  syncDir(outDir);
}

/**
 * Puts the output of an interrupted or current run in order: completes the journal if there is
 * one, else deletes what a run staged before it was killed. Says which it did, or null if
 * there was nothing to do. Throws a JournalError for a journal it cannot trust.
 */
export function recover(outDir: string): 'completed' | 'rolled back' | null {
  if (lstatOf(path.join(outDir, JOURNAL))) {
    complete(outDir);
    return 'completed';
  }
  if (lstatOf(path.join(outDir, STAGING))) {
    try {
      removeTree(path.join(outDir, STAGING));
    } catch (e) {
      throw new OutputError((e as Error).message, { cause: e });
    }
    return 'rolled back';
  }
  return null;
}

/** What an interrupted run left in `outDir` (the journal, or else the staging directory), or null. */
export function interruptedTrace(outDir: string): string | null {
  return [JOURNAL, STAGING].find((name) => lstatOf(path.join(outDir, name))) ?? null;
}

/**
 * Checks the journal in `outDir` against the directory (a JournalError if it fails, nothing
 * changed), then applies it from the start (an IncompleteError if a step fails).
 */
export function complete(outDir: string): void {
  const { journal, stagedAt } = readJournal(outDir);
  const staging = path.join(outDir, STAGING);
  try {
    for (const [i, p] of journal.write.entries()) {
      const staged = stagedAt(i);
      if (!lstatOf(staged)) continue; // moved before a kill
      const dest = path.join(outDir, p);
      makeDirs(path.dirname(dest));
      rename(staged, dest);
    }
    for (const p of journal.remove) {
      const file = path.join(outDir, p);
      if (lstatOf(file)) removeFile(file);
      removeEmptyDirs(outDir, path.dirname(file));
    }
    const manifest = path.join(staging, MANIFEST);
    if (journal.manifest && lstatOf(manifest)) rename(manifest, path.join(outDir, MANIFEST));
    removeTree(staging);
    syncDir(outDir);
    removeFile(path.join(outDir, JOURNAL));
  } catch (e) {
    throw new IncompleteError((e as Error).message, { cause: e });
  }
}

/**
 * The journal in `outDir`, checked before anything is changed: it names only paths inside the
 * output directory, each once, and every file it would overwrite or remove is one the manifest
 * lists.
 */
function readJournal(outDir: string): { readonly journal: Journal; readonly stagedAt: (index: number) => string } {
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(path.join(outDir, JOURNAL), 'utf8'));
  } catch (e) {
    throw new JournalError(`it cannot be read: ${(e as Error).message}`, { cause: e });
  }
  const j = data as Record<string, unknown> | null;
  if (
    typeof j !== 'object' ||
    j === null ||
    (j.format !== FORMAT && j.format !== FORMAT_1) ||
    !Array.isArray(j.write) ||
    !Array.isArray(j.remove) ||
    typeof j.manifest !== 'boolean'
  ) {
    throw new JournalError(`it is not a journal this cdl wrote (format '${FORMAT}')`);
  }
  const seen = new Set<unknown>();
  for (const p of [...j.write, ...j.remove] as unknown[]) {
    if (!isOutputPath(p)) throw new JournalError(`it names ${JSON.stringify(p)}, which is not a file inside the output directory`);
    if (seen.has(p)) throw new JournalError(`it names '${p}' twice`);
    seen.add(p);
  }
  const journal: Journal = { write: j.write as string[], remove: j.remove as string[], manifest: j.manifest };
  const ours = new Set(readManifest(outDir));
  const staging = path.join(outDir, STAGING);
  // A journal an older cdl left (format 1) staged each file at its own path.
  const stagedAt = j.format === FORMAT_1 ? (i: number) => path.join(staging, journal.write[i]!) : (i: number) => path.join(staging, stagedName(i));
  for (const [i, p] of journal.write.entries()) {
    const staged = lstatOf(stagedAt(i));
    if (!staged) continue;
    if (!staged.isFile()) throw new JournalError(`its staged '${p}' is not a file`);
    const dest = lstatOf(path.join(outDir, p));
    if (dest?.isDirectory()) throw new JournalError(`it would replace the directory '${p}' with a file`);
    if (dest && !ours.has(p)) throw new JournalError(`it would overwrite '${p}', which cdl did not write`);
  }
  for (const p of journal.remove) {
    const file = lstatOf(path.join(outDir, p));
    if (file?.isDirectory()) throw new JournalError(`it would remove the directory '${p}'`);
    if (file && !ours.has(p)) throw new JournalError(`it would remove '${p}', which cdl did not write`);
  }
  return { journal, stagedAt };
}
