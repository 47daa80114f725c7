/**
 * Runs of the real `cdl gen` killed with SIGKILL at every point of writing the output (issue
 * 17): after the next run's recovery the output directory is byte for byte the old output or
 * the new one, never a mix, with no debris; and a complete run after it gives the new output.
 *
 * The project's old and new outputs differ in every way a run changes a directory: files
 * written, overwritten, kept, removed, directories made and removed, a user's files beside
 * CDL's (which must survive). The kill points are hit deterministically through the hook in
 * generator/cli/kill-point.ts: `CDL_TEST_KILL_AT=n` kills a run just before its n-th change to
 * the file system; n counts up until a run finishes, so every change is a kill point. Runs are
 * also killed while they complete an interrupted run's journal, and from outside at random
 * moments. The kills are child processes of the built binary (dist/); recovery and the runs
 * after them are in-process, through the same code.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recover } from '../../generator/cli/journal.js';
import { ROOT, cdl } from './harness.js';

const BIN = path.join(ROOT, 'bin/cdl.js');
// The runs make thousands of file changes: in memory where the system has room for them.
const TMP = fs.existsSync('/dev/shm') && fs.statSync('/dev/shm').isDirectory() && isWritable('/dev/shm') ? '/dev/shm' : os.tmpdir();
const LANES = Math.max(2, Math.min(4, os.availableParallelism()));
const TIMEOUT = 300_000;

const spec = (ns: string, pageSize: number, extra = '') => `namespace ${ns};

/// A page-table entry.
bits Entry : u64 {
  present @0;
  writable @1;
  reserved @2..11;
  frame @12..63 << 12;
}

/// A header.
struct Header {
  magic: u32;
  entry: Entry;
  owner: ptr;
}

const PAGE_SIZE = ${pageSize};
${extra}`;

const OLD_SPECS: Record<string, string> = { alpha: spec('alpha', 4096), beta: spec('beta', 4096), gamma: spec('gamma', 4096) };
// alpha changes (files overwritten), beta stays (files kept), gamma goes (files removed),
// delta comes (files written); aarch64 goes (directories removed), riscv64 comes (made).
const NEW_SPECS: Record<string, string> = { alpha: spec('alpha', 8192, 'const ORDER = 9;\n'), beta: spec('beta', 4096), delta: spec('delta', 16384) };
const EMITTERS = ['ts', 'c', 'rust'];
const OLD_TARGETS = ['x86_64', 'aarch64'];
const NEW_TARGETS = ['x86_64', 'riscv64'];
/** A user's files in the output directory: one at the top, one in a directory whose CDL files all go. */
const USER_FILES: Record<string, string> = { 'NOTES.txt': 'my notes\n', 'c/aarch64/mine.h': '/* mine */\n' };

/** Everything below `dir`: each directory, and each file with the sha256 of its bytes. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const name of fs.readdirSync(d).sort()) {
      const full = path.join(d, name);
      const rel = path.relative(dir, full).split(path.sep).join('/');
      if (fs.lstatSync(full).isDirectory()) {
        out[`${rel}/`] = 'dir';
        walk(full);
      } else out[rel] = createHash('sha256').update(fs.readFileSync(full)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

function isWritable(dir: string): boolean {
  try {
    fs.accessSync(dir, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** A directory's contents, to put back many times: each directory (null) and file, parents first. */
type Copy = readonly (readonly [string, Buffer | null])[];

function capture(dir: string): Copy {
  const out: [string, Buffer | null][] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      out.push([path.relative(dir, full), e.isDirectory() ? null : fs.readFileSync(full)]);
      if (e.isDirectory()) walk(full);
    }
  };
  walk(dir);
  return out;
}

/** Makes `dir` hold exactly `copy`. */
function restore(copy: Copy, dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir);
  for (const [p, bytes] of copy) {
    if (bytes === null) fs.mkdirSync(path.join(dir, p));
    else fs.writeFileSync(path.join(dir, p), bytes);
  }
}

function writeProject(dir: string, specs: Record<string, string>, targets: readonly string[]): void {
  fs.rmSync(path.join(dir, 'specs'), { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'specs'), { recursive: true });
  for (const [ns, text] of Object.entries(specs)) fs.writeFileSync(path.join(dir, 'specs', `${ns}.cdl`), text);
  fs.writeFileSync(path.join(dir, 'cdl.config.json'), JSON.stringify({ specs: ['specs'], targets, output: 'out', emitters: EMITTERS }));
}

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

/** Runs the built `cdl gen` in `dir`; killed at its `killAt`-th change, or `afterMs` from outside. */
function genChild(dir: string, opts: { killAt?: number; afterMs?: number } = {}): Promise<Exit> {
  return child([BIN, 'gen'], dir, opts);
}

/**
 * Runs only the recovery of the built `cdl gen` (journal.ts `recover`) on `out`, as a process
 * of its own: without compiling specs first, a kill at each of its changes costs little.
 */
function recoverChild(out: string, opts: { killAt?: number } = {}): Promise<Exit> {
  const journal = pathToFileURL(path.join(ROOT, 'dist/generator/cli/journal.js')).href;
  return child(['--input-type=module', '-e', `import { recover } from ${JSON.stringify(journal)};\nrecover(process.argv[1]);`, out], out, opts);
}

function child(args: readonly string[], cwd: string, opts: { killAt?: number; afterMs?: number }): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env };
    delete env.CDL_TEST_KILL_AT;
    if (opts.killAt !== undefined) env.CDL_TEST_KILL_AT = String(opts.killAt);
    const proc = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    proc.stderr.on('data', (d: Buffer) => void (stderr += d.toString()));
    const timer = opts.afterMs === undefined ? undefined : setTimeout(() => proc.kill('SIGKILL'), opts.afterMs);
    const limit = setTimeout(() => proc.kill('SIGKILL'), 60_000);
    proc.on('error', reject);
    proc.on('close', (code, signal) => {
      clearTimeout(timer);
      clearTimeout(limit);
      resolve({ code, signal, stderr });
    });
  });
}

let base = '';
let oldOut: Copy = [];
let OLD: Record<string, string> = {};
let NEW: Record<string, string> = {};
/** The change of a run that puts the journal in place (found by the first kill test). */
let commitPoint = 0;
/** Project directories, one per lane of runs at once, each with the new specs. */
const lanes: string[] = [];

/** Puts the old output back in `dir`'s output directory. */
function restoreOld(dir: string): void {
  restore(oldOut, path.join(dir, 'out'));
}

const isTrace = (p: string) => p === '.cdl-journal' || p.startsWith('.cdl-staging/');

/**
 * What a killed run left in `out`: the old or new bytes of each file, the only traces the
 * staging directory and the journal, and without a journal the old output exactly.
 */
function expectLeftByKill(out: string, what: string): boolean {
  const left = tree(out);
  const journal = '.cdl-journal' in left;
  const rest = Object.fromEntries(Object.entries(left).filter(([p]) => !isTrace(p)));
  // Without a journal the run was killed before its commit point (the output untouched), or
  // after it removed its journal, its last step (the output new): never between.
  if (!journal && !isDeepStrictEqual(rest, NEW)) expect(rest, `${what}: before its commit point, the output is untouched`).toEqual(OLD);
  for (const [p, hash] of Object.entries(rest)) {
    expect([OLD[p], NEW[p]], `${what}: ${p} is old or new`).toContain(hash);
  }
  return journal;
}

/** Recovers `out` as the next run does, then checks it is the old or new output, and which. */
function expectRecovered(out: string, journal: boolean, what: string): void {
  const finished = !journal && isDeepStrictEqual(tree(out), NEW);
  recover(out);
  expect(tree(out), `${what}: recovered`).toEqual(journal || finished ? NEW : OLD);
}

/** Runs `jobs` with LANES at a time, each given its lane's project directory. */
async function inLanes<T>(jobs: readonly ((dir: string) => Promise<T>)[]): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(
    lanes.map(async (dir) => {
      while (next < jobs.length) {
        const i = next++;
        results[i] = await jobs[i]!(dir);
      }
    }),
  );
  return results;
}

beforeAll(async () => {
  for (const f of ['output', 'journal', 'files', 'kill-point', 'main']) {
    const built = path.join(ROOT, 'dist/generator/cli', `${f}.js`);
    if (!fs.existsSync(built) || fs.statSync(built).mtimeMs < fs.statSync(path.join(ROOT, 'generator/cli', `${f}.ts`)).mtimeMs) {
      throw new Error(`dist/ is missing or older than generator/cli/${f}.ts: run \`npm run build\``);
    }
  }
  base = fs.mkdtempSync(path.join(TMP, 'cdl-killed-'));
  // The old output, with the user's files in it.
  const first = path.join(base, 'old');
  writeProject(first, OLD_SPECS, OLD_TARGETS);
  expect((await genChild(first)).code).toBe(0);
  for (const [p, text] of Object.entries(USER_FILES)) fs.writeFileSync(path.join(first, 'out', p), text);
  OLD = tree(path.join(first, 'out'));
  oldOut = capture(path.join(first, 'out'));
  // The new output, from a run to the end on the old.
  for (let i = 0; i < LANES; i++) {
    lanes.push(path.join(base, `lane${i}`));
    writeProject(lanes[i]!, NEW_SPECS, NEW_TARGETS);
  }
  restoreOld(lanes[0]!);
  expect((await genChild(lanes[0]!)).code).toBe(0);
  NEW = tree(path.join(lanes[0]!, 'out'));
}, TIMEOUT);

afterAll(() => {
  if (base) fs.rmSync(base, { recursive: true, force: true });
});

describe('cdl gen killed with SIGKILL', () => {
  it('has old and new outputs that differ in every way a run changes a directory', () => {
    const files = (t: Record<string, string>) => Object.keys(t).filter((p) => !p.endsWith('/'));
    const written = files(NEW).filter((p) => !(p in OLD));
    const overwritten = files(NEW).filter((p) => p in OLD && OLD[p] !== NEW[p]);
    const kept = files(NEW).filter((p) => OLD[p] === NEW[p]);
    const removed = files(OLD).filter((p) => !(p in NEW));
    expect(written.length).toBeGreaterThan(10);
    expect(overwritten.length).toBeGreaterThan(5);
    expect(kept.length).toBeGreaterThan(5);
    expect(removed.length).toBeGreaterThan(10);
    expect(Object.keys(NEW).filter((p) => p.endsWith('/') && !(p in OLD))).toContain('c/riscv64/');
    expect(Object.keys(OLD).filter((p) => p.endsWith('/') && !(p in NEW))).toContain('rust/aarch64/');
    for (const p of Object.keys(USER_FILES)) expect(NEW[p]).toBe(OLD[p]);
  });

  it('at every change of a run leaves the old or the new output after recovery, never a mix', async () => {
    // Kill points in batches of LANES until a run finishes: then every change was one.
    const outcomes: boolean[] = [];
    let total = 0;
    for (let n = 1; total === 0; n += LANES) {
      const batch = Array.from({ length: LANES }, (_, i) => n + i);
      const results = await inLanes(
        batch.map((killAt) => async (dir: string) => {
          restoreOld(dir);
          const run = await genChild(dir, { killAt });
          if (run.signal !== 'SIGKILL') {
            expect(run.code, run.stderr).toBe(0);
            expect(tree(path.join(dir, 'out'))).toEqual(NEW);
            return { killAt, finished: true, journal: true };
          }
          const out = path.join(dir, 'out');
          const journal = expectLeftByKill(out, `killed at change ${killAt}`);
          expectRecovered(out, journal, `killed at change ${killAt}`);
          return { killAt, finished: false, journal };
        }),
      );
      for (const r of results) {
        if (r.finished) total = total === 0 ? r.killAt - 1 : Math.min(total, r.killAt - 1);
        else outcomes[r.killAt] = r.journal;
      }
      expect(n, 'a run makes a bounded number of changes').toBeLessThan(1000);
    }
    outcomes.length = total + 1;
    // Every point before the commit point rolls back, every one after rolls forward.
    const commit = outcomes.indexOf(true);
    expect(commit).toBeGreaterThan(20);
    expect(outcomes.slice(1, commit).every((j) => j === false)).toBe(true);
    expect(outcomes.slice(commit).every((j) => j === true)).toBe(true);
    expect(total - commit).toBeGreaterThan(20);
    commitPoint = commit;

    // And a complete run after a recovered kill gives the new output (in-process, fast).
    const dir = lanes[0]!;
    for (const killAt of [1, commit - 1, commit, Math.floor((commit + total) / 2), total]) {
      restoreOld(dir);
      expect((await genChild(dir, { killAt })).signal).toBe('SIGKILL');
      const run = await cdl('gen', '--config', path.join(dir, 'cdl.config.json'));
      expect(run.code, run.stderr).toBe(0);
      expect(tree(path.join(dir, 'out'))).toEqual(NEW);
    }
  }, TIMEOUT);

  it('at every change of a recovery completing a killed run, still rolls forward to the new output', async () => {
    const dir = lanes[0]!;
    const out = path.join(dir, 'out');
    // Where the first test did not run: the first change after which a killed run leaves a journal.
    for (let n = 1; commitPoint === 0; n++) {
      restoreOld(dir);
      expect((await genChild(dir, { killAt: n })).signal).toBe('SIGKILL');
      if (fs.existsSync(path.join(out, '.cdl-journal'))) commitPoint = n;
      expect(n).toBeLessThan(1000);
    }
    // Killed just after the commit point (every step left to do), and half way through the moves.
    for (const first of [commitPoint, commitPoint + 10]) {
      restoreOld(dir);
      expect((await genChild(dir, { killAt: first })).signal).toBe('SIGKILL');
      const interrupted = capture(out);
      let finished = false;
      for (let m = 1; !finished; m += LANES) {
        const batch = Array.from({ length: LANES }, (_, i) => m + i);
        const results = await inLanes(
          batch.map((killAt) => async (lane: string) => {
            const laneOut = path.join(lane, 'out');
            restore(interrupted, laneOut);
            const run = await recoverChild(laneOut, { killAt });
            if (run.signal !== 'SIGKILL') {
              expect(run.code, run.stderr).toBe(0);
              expect(tree(laneOut)).toEqual(NEW);
              return true;
            }
            const what = `killed at change ${first}, then its recovery at change ${killAt}`;
            expect(expectLeftByKill(laneOut, what), `${what}: the journal stays until the end`).toBe(true);
            expectRecovered(laneOut, true, what);
            return false;
          }),
        );
        finished = results.includes(true);
        expect(m).toBeLessThan(1000);
      }
    }
    // And `cdl gen` itself, killed while it completes the journal (its first changes), then run to the end.
    restoreOld(dir);
    expect((await genChild(dir, { killAt: commitPoint })).signal).toBe('SIGKILL');
    const interrupted = capture(out);
    for (const killAt of [1, 2, 10, 20]) {
      restore(interrupted, out);
      expect((await genChild(dir, { killAt })).signal).toBe('SIGKILL');
      expect(expectLeftByKill(out, `cdl gen completing a journal, killed at ${killAt}`)).toBe(true);
      const run = await genChild(dir);
      expect(run.code, run.stderr).toBe(0);
      expect(tree(out)).toEqual(NEW);
    }
  }, TIMEOUT);

  it('killed from outside at random moments leaves the old or the new output after recovery', async () => {
    // How long a whole run takes here, to kill within it.
    const dir = lanes[0]!;
    restoreOld(dir);
    const start = performance.now();
    expect((await genChild(dir)).code).toBe(0);
    const span = performance.now() - start;
    const seen = { old: 0, new: 0, finished: 0 };
    await inLanes(
      Array.from({ length: 24 }, (_, i) => async (lane: string) => {
        restoreOld(lane);
        const afterMs = Math.floor(Math.random() * span * 1.2);
        const run = await genChild(lane, { afterMs });
        const out = path.join(lane, 'out');
        if (run.signal !== 'SIGKILL') {
          expect(run.code, run.stderr).toBe(0);
          expect(tree(out)).toEqual(NEW);
          seen.finished++;
          return;
        }
        const what = `killed after ${afterMs} ms (#${i})`;
        const journal = expectLeftByKill(out, what);
        expectRecovered(out, journal, what);
        seen[journal ? 'new' : 'old']++;
      }),
    );
    expect(seen.old + seen.new + seen.finished).toBe(24);
  }, TIMEOUT);
});
