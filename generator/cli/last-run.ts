/**
 * The record of the last `cdl gen` (or `--check`) that left the output as the specs make it:
 * what it read (the configuration and every spec, by digest), which generator ran (its files,
 * by size and time, and the versions of its dependencies), and every output file (its stat,
 * and the digest of its contents).
 *
 * When none of that changed, the output is what a run would write, so `cdl gen --check` says
 * it is up to date, and `cdl gen` that it wrote nothing, without compiling: the same answer,
 * from reading the specs instead of compiling them (a pre-commit hook on an unchanged tree).
 * Anything that differs, or cannot be read, makes the command run in full, as if there were
 * no record; a record never decides that something is stale.
 *
 * As in git's index, an output file whose stat is what was recorded stands for the contents
 * it had; one whose stat changed, or that changed within RACY_MS of the record being made
 * (git's "racily clean" case: a write in the same clock tick keeps the stat), is read and
 * compared by digest.
 *
 * Records are made only by runs with no diagnostics (a run with warnings prints them, which
 * the record cannot), and not in `--watch`, which keeps its own. They live in the project's
 * `node_modules/.cache/cdl/` (the cache directory of JavaScript tools), one per configuration
 * file; `CDL_CACHE_DIR` names another directory, and an empty one turns records off.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Diagnostics } from '../../grammar/diagnostics.js';
import { expandSpecs, readConfig } from './config.js';
import { interruptedTrace } from './journal.js';
import { MANIFEST } from './manifest.js';
import { findUp } from '../util/find-up.js';

/** Changes whenever what a record holds changes meaning. */
const FORMAT = 1;

/**
 * A file changed this close before the record was made is compared by its contents: a write
 * in the same tick of the file system's clock keeps the stat (FAT's clock ticks every 2 s).
 */
const RACY_MS = 3000;

/** One output file as recorded: path (relative to the output), stat, digest of the contents. */
type OutputEntry = [path: string, size: number, mtimeMs: number, ctimeMs: number, ino: number, digest: string];

interface RunRecord {
  readonly format: number;
  /** The generator: its code and dependencies (generatorId). */
  readonly generator: string;
  /** The spec files the configuration names, as `cdl gen` found them. */
  readonly specs: readonly string[];
  /** Every file the run read (the configuration, every spec and import), absolute, with its digest. */
  readonly inputs: readonly [string, string][];
  readonly outputs: readonly OutputEntry[];
  /** How many files the emitters produced (the manifest is not one). */
  readonly files: number;
  /** When the record was made (ms since the epoch). */
  readonly at: number;
}

/** What a run that left the output as the specs make it tells the record. */
export interface UpToDate {
  /** The configuration file, as given, and its text as the run read it. */
  readonly configFile: string;
  readonly configText: string | null;
  /** The spec files the configuration names (Project.specs). */
  readonly specs: readonly string[];
  /** Every source file the run read, absolute, with its text. */
  readonly sources: ReadonlyMap<string, string>;
  readonly outputDir: string;
  /** Every file the emitters produced, relative to the output, with the digest of its contents. */
  readonly outputs: ReadonlyMap<string, string>;
}

/** The digest of a file's contents as the record keeps it. */
export function contentDigest(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('base64url');
}

/**
 * The output directory and how many files it holds, if the record says it is what `cdl gen`
 * with the configuration `configFile` would write; null if a run must find out.
 */
export function upToDate(configFile: string): { readonly output: string; readonly files: number } | null {
  try {
    const record = readRecord(configFile);
    if (!record || record.generator !== generatorId()) return null;
    for (const [file, digest] of record.inputs) {
      if (contentDigest(fs.readFileSync(file)) !== digest) return null;
    }
    // The configuration is as it was (it is an input): read it for its output and the files
    // its spec directories hold now.
    const diags = new Diagnostics();
    const { config } = readConfig(configFile, diags);
    if (!config || diags.all().length > 0) return null;
    const specs = expandSpecs(config.specs, path.dirname(path.resolve(configFile)), diags);
    if (diags.all().length > 0 || !sameList(specs, record.specs)) return null;
    if (interruptedTrace(config.output) !== null) return null;
    const outputs: OutputEntry[] = [];
    let read = false;
    for (const entry of record.outputs) {
      const [file, , , , , digest] = entry;
      const where = path.join(config.output, file);
      const stat = fs.lstatSync(where, { throwIfNoEntry: false });
      if (!stat?.isFile()) return null;
      if (!stands(entry, stat, record.at)) {
        if (contentDigest(fs.readFileSync(where)) !== digest) return null;
        read = true;
      }
      outputs.push(entryOf(file, stat, digest));
    }
    // Files read to be sure (just written, or touched) are recorded as they are now, so that
    // the next run need not read them again.
    if (read) refresh(configFile, { ...record, outputs, at: Date.now() });
    return { output: config.output, files: record.files };
  } catch {
    // Unreadable files, a damaged record: the run finds out.
    return null;
  }
}

/**
 * The digest of each output file whose stat is what the last record of `configFile` says
 * (and not racily so), by path relative to the output: what a run compares a file's new
 * contents with instead of reading it, whatever else changed since (git's index does the
 * same). Empty without a record.
 */
export function recordedDigests(configFile: string, outputDir: string): ReadonlyMap<string, string> {
  const digests = new Map<string, string>();
  try {
    const record = readRecord(configFile);
    for (const entry of record?.outputs ?? []) {
      const stat = fs.lstatSync(path.join(outputDir, entry[0]), { throwIfNoEntry: false });
      if (stat?.isFile() && stands(entry, stat, record!.at)) digests.set(entry[0], entry[5]);
    }
  } catch {
    // A damaged record vouches for nothing.
  }
  return digests;
}

/**
 * Records a run that left the output as the specs make it. A record that cannot be written is
 * no error: the next run compiles.
 */
export function recordUpToDate(run: UpToDate): void {
  const file = recordFile(run.configFile);
  if (!file) return;
  if (run.configText === null) return forget(run.configFile);
  try {
    const outputs: OutputEntry[] = [];
    for (const [p, digest] of [...run.outputs, [MANIFEST, contentDigest(fs.readFileSync(path.join(run.outputDir, MANIFEST)))] as const]) {
      outputs.push(entryOf(p, fs.lstatSync(path.join(run.outputDir, p)), digest));
    }
    const inputs: [string, string][] = [[path.resolve(run.configFile), contentDigest(run.configText)]];
    for (const [f, text] of run.sources) inputs.push([f, contentDigest(text)]);
    writeRecord(run.configFile, { format: FORMAT, generator: generatorId(), specs: run.specs, inputs, outputs, files: run.outputs.size, at: Date.now() });
  } catch {
    forget(run.configFile);
  }
}

/** A file as the record keeps it. */
function entryOf(file: string, stat: fs.Stats, digest: string): OutputEntry {
  return [file, stat.size, stat.mtimeMs, stat.ctimeMs, stat.ino, digest];
}

/**
 * Whether a file's stat stands for the contents recorded with `entry`: it is the recorded stat,
 * and the file did not change within RACY_MS of the record being made (`at`).
 */
function stands([, size, mtimeMs, ctimeMs, ino]: OutputEntry, stat: fs.Stats, at: number): boolean {
  const racy = Math.max(stat.mtimeMs, stat.ctimeMs) + RACY_MS > at;
  return !racy && stat.size === size && stat.mtimeMs === mtimeMs && stat.ctimeMs === ctimeMs && stat.ino === ino;
}

/** Writes a record again; one that cannot be written is left as it was (it still holds). */
function refresh(configFile: string, record: RunRecord): void {
  try {
    writeRecord(configFile, record);
  } catch {
    // The next run reads those files again.
  }
}

/** Writes the record of `configFile` aside and renames it into place, so that a reader never sees half a record. */
function writeRecord(configFile: string, record: RunRecord): void {
  const file = recordFile(configFile);
  if (!file) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, JSON.stringify(record));
  fs.renameSync(temp, file);
}

/** Removes the record of `configFile`, if any (a run that could not make one leaves none). */
export function forget(configFile: string): void {
  const file = recordFile(configFile);
  if (file) fs.rmSync(file, { force: true });
}

function readRecord(configFile: string): RunRecord | null {
  const file = recordFile(configFile);
  if (!file) return null;
  const record = JSON.parse(fs.readFileSync(file, 'utf8')) as RunRecord;
  // A record of another format, or damaged into other JSON, vouches for nothing.
  const ok =
    record?.format === FORMAT &&
    typeof record.generator === 'string' &&
    typeof record.files === 'number' &&
    typeof record.at === 'number' &&
    Array.isArray(record.specs) &&
    Array.isArray(record.inputs) &&
    Array.isArray(record.outputs) &&
    record.outputs.every((o) => Array.isArray(o) && o.length === 6);
  return ok ? record : null;
}

/**
 * Where the record of a configuration file is: in the cache directory (CDL_CACHE_DIR, or the
 * `node_modules/.cache/cdl` of the nearest directory above it with a package.json and a
 * node_modules), named by the digest of its absolute path; null where there is none.
 */
export function recordFile(configFile: string): string | null {
  const name = `${contentDigest(path.resolve(configFile)).slice(0, 24)}.json`;
  const named = process.env.CDL_CACHE_DIR;
  if (named !== undefined) return named === '' ? null : path.join(path.resolve(named), name);
  const pkg = packageDir(path.dirname(path.resolve(configFile)));
  const modules = pkg === null ? null : path.join(pkg, 'node_modules');
  return modules !== null && fs.existsSync(modules) ? path.join(modules, '.cache', 'cdl', name) : null;
}

/** The nearest directory at or above `from` with a package.json. */
function packageDir(from: string): string | null {
  return findUp(from, (dir) => fs.existsSync(path.join(dir, 'package.json')));
}

let generator: string | undefined;

/**
 * The generator that runs: the path, size and modification time of each file of its code
 * (generator/, grammar/ and runtime/ beside this module's, built or not), the versions of the
 * packages it depends on, and Node's version. Rebuilding or upgrading changes it.
 */
export function generatorId(): string {
  if (generator !== undefined) return generator;
  const root = path.resolve(import.meta.dirname, '..', '..');
  const hash = createHash('sha256').update(`${process.version}\n`);
  const walk = (dir: string): void => {
    const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'node_modules' && e.name !== 'dist') walk(p);
      } else {
        const stat = fs.statSync(p);
        hash.update(`${path.relative(root, p)} ${stat.size} ${stat.mtimeMs}\n`);
      }
    }
  };
  for (const dir of ['generator', 'grammar', 'runtime']) if (fs.existsSync(path.join(root, dir))) walk(path.join(root, dir));
  for (const dep of dependencies(root)) hash.update(`${dep}\n`);
  return (generator = hash.digest('base64url'));
}

/** `name@version` of each dependency of the package that holds `root`. */
function dependencies(root: string): string[] {
  const pkg = packageDir(root);
  if (pkg === null) return [];
  const names = Object.keys((JSON.parse(fs.readFileSync(path.join(pkg, 'package.json'), 'utf8')) as { dependencies?: object }).dependencies ?? {});
  return names.sort().map((name) => {
    // Where Node would find it: node_modules here or in a directory above.
    const file = (dir: string) => path.join(dir, 'node_modules', name, 'package.json');
    const at = findUp(pkg, (dir) => fs.existsSync(file(dir)));
    return `${name}@${at === null ? '?' : (JSON.parse(fs.readFileSync(file(at), 'utf8')) as { version?: string }).version}`;
  });
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
