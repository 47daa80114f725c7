/**
 * The generator at scale (issue 16): how long `cdl gen` takes and how much memory it needs,
 * each figure printed with its goal and whether it holds. These time whole processes, as a
 * user runs them, not functions:
 *
 *   check     `cdl gen --check` on dsl/, compiling and answered from the record of the last
 *             run, next to Node's bare start-up (`node -e 0`).
 *   bitfield  the C emitter for one target against seL4's `tools/bitfield_gen.py` on the same
 *             random layouts (bench/bitfield.ts), 2,000 and 10,000 blocks. seL4's script is not
 *             part of this repository and is not downloaded: SEL4_BITFIELD_GEN names it.
 *   scale     `cdl gen` for every target, both configurations and every emitter on a synthetic
 *             spec of 100,000 and 300,000 lines (bench/synthetic.ts): time and peak memory.
 *   watch     `cdl gen --watch` on a copy of dsl/ (issue 22): from a spec saved to its output
 *             written, alternating between two specs' doc comments.
 *
 * BENCH_SCALE scales the block and line counts (the test suite runs a thousandth).
 * BENCH_GEN_ROUNDS (5) runs of each timed process, in turns, and the median is shown (the
 * scale runs, minutes each, run once). BENCH_GEN_HEAP_MB (8192) caps the heap of the scale runs
 * and BENCH_GEN_TIMEOUT_S (1200) their time, so that a generator that needs more stops with a
 * result ("out of memory") instead of taking the shared machine's memory.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { emitters } from '../generator/emitters/registry.js';
import { cdlSpecs, randomBlocks, sel4Spec } from './bitfield.js';
import { scaled } from './harness.js';
import { syntheticSpec } from './synthetic.js';

export interface GenResult {
  /** check, bitfield or scale. */
  readonly section: string;
  readonly measurement: string;
  /** What was measured, as printed. */
  readonly result: string;
  readonly goal: string;
  /** null: not measured (skipped, or needs a figure that was not obtained). */
  readonly holds: boolean | null;
  /** The raw figures, for --json. */
  readonly figures: Readonly<Record<string, number | string | null>>;
}

export interface GenOptions {
  readonly rounds: number;
  readonly log: (s: string) => void;
}

/** The repository: the directory above this file (bench/ when run from source, dist/bench/ compiled) holding package.json. */
export const repoRoot = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json')) || !fs.existsSync(path.join(dir, 'bin', 'cdl.js'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('bench: cannot find the repository (package.json and bin/cdl.js) above bench/');
    dir = up;
  }
  return dir;
})();

const cdlBin = path.join(repoRoot, 'bin', 'cdl.js');

export const genRounds = Number(process.env.BENCH_GEN_ROUNDS ?? 5);
const heapMb = Number(process.env.BENCH_GEN_HEAP_MB ?? 8192);
const timeoutS = Number(process.env.BENCH_GEN_TIMEOUT_S ?? 1200);

interface Run {
  readonly seconds: number;
  readonly status: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(cmd: string, args: readonly string[], cwd: string, extra: { timeout?: number; env?: NodeJS.ProcessEnv } = {}): Run {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: extra.timeout, env: extra.env ?? process.env });
  const seconds = (performance.now() - t0) / 1000;
  if (r.error && (r.error as NodeJS.ErrnoException).code !== 'ETIMEDOUT') throw r.error;
  return { seconds, status: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

function expectOk(r: Run, what: string, ok: (status: number | null) => boolean = (s) => s === 0): Run {
  if (!ok(r.status)) throw new Error(`${what} failed (exit ${r.status ?? r.signal}):\n${(r.stderr || r.stdout).slice(0, 2000)}`);
  return r;
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs each of `fns` `rounds` times, in turns (so a slow spell of a shared machine hits them alike); the median seconds of each. */
function inTurns(rounds: number, fns: readonly (() => number)[]): number[] {
  const times = fns.map(() => [] as number[]);
  for (let r = 0; r < rounds; r++) fns.forEach((f, i) => times[i].push(f()));
  return times.map(median);
}

const s = (x: number) => (x < 10 ? `${x.toFixed(3)} s` : `${x.toFixed(1)} s`);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 2 : 0)} MB`;
const n = (x: number) => x.toLocaleString('en-US');

function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `cdl-bench-${prefix}-`));
}

function writeProject(dir: string, specs: ReadonlyMap<string, string>, config: object): void {
  fs.mkdirSync(path.join(dir, 'specs'), { recursive: true });
  for (const [name, text] of specs) fs.writeFileSync(path.join(dir, 'specs', name), text);
  fs.writeFileSync(path.join(dir, 'cdl.config.json'), `${JSON.stringify({ specs: ['specs'], output: 'out', ...config }, null, 2)}\n`);
}

/**
 * 1. `cdl gen --check` on this repository's dsl/ (the repository's cdl.config.json), next to
 * `node -e 0`: twice, compiling (no record of a last run: CDL_CACHE_DIR empty), and answered
 * from the record the first check made (generator/cli/last-run.ts), in a cache directory of
 * the benchmark's own.
 */
export function checkSection(o: GenOptions): GenResult[] {
  o.log('timing cdl gen --check on dsl/ (compiling, and answered from the record of the last run) and node -e 0...');
  const cache = tempDir('check-cache');
  try {
    // Exit 1 (stale files) still times the whole check: the benchmark may run on a tree whose
    // generated/ is being changed.
    const check = (cacheDir: string) =>
      expectOk(run(process.execPath, [cdlBin, 'gen', '--check'], repoRoot, { env: { ...process.env, CDL_CACHE_DIR: cacheDir } }), 'cdl gen --check', (c) => c === 0 || c === 1);
    const first = check(cache);
    const recorded = first.status === 0 && fs.readdirSync(cache).length > 0;
    // `cdl check` compiles as `cdl gen` does (parse, bind, check, every layout) and renders
    // nothing: the least a compiling `cdl gen --check` can take.
    const [compiling, answered, bare, compileOnly] = inTurns(o.rounds, [
      () => check('').seconds,
      () => check(cache).seconds,
      () => expectOk(run(process.execPath, ['-e', '0'], repoRoot), 'node -e 0').seconds,
      () => expectOk(run(process.execPath, [cdlBin, 'check'], repoRoot), 'cdl check').seconds,
    ]);
    const goal = 0.5;
    /** A row; `compileOnlySeconds` beside the compiling check, to show its floor. */
    const row = (how: string, seconds: number, compileOnlySeconds?: number): GenResult => ({
      section: 'check',
      measurement: `cdl gen --check on dsl/ (${first.status === 0 ? 'up to date' : 'stale'}), ${how}`,
      result:
        `${s(seconds)}, ${(seconds / bare).toFixed(1)}x node -e 0 (${s(bare)})` +
        (compileOnlySeconds === undefined ? '' : `; compiling alone, nothing rendered (\`cdl check\`), ${s(compileOnlySeconds)}`),
      goal: `under ${goal} s`,
      holds: seconds < goal,
      figures: { seconds, nodeStartSeconds: bare, ...(compileOnlySeconds === undefined ? {} : { compileOnlySeconds }) },
    });
    return [
      row('compiling (no record of a last run)', compiling, compileOnly),
      row(recorded ? 'nothing changed since the last run (answered from its record)' : 'with no record made (a stale output is never recorded)', answered),
    ];
  } finally {
    fs.rmSync(cache, { recursive: true, force: true });
  }
}

/** Where seL4's generator is, and how to run it; null: the row is skipped. */
function sel4Tool(): { readonly python: string; readonly script: string } | null {
  const script = process.env.SEL4_BITFIELD_GEN;
  if (!script) return null;
  if (!fs.existsSync(script)) throw new Error(`SEL4_BITFIELD_GEN=${script}: no such file`);
  return { python: process.env.SEL4_PYTHON ?? 'python3', script: path.resolve(script) };
}

export const SEL4_HOW_TO =
  'set SEL4_BITFIELD_GEN=/path/to/seL4/tools/bitfield_gen.py (a seL4 checkout: the script imports lex.py and umm.py beside it, and needs Python 3 with ply and typing_extensions; SEL4_PYTHON names the interpreter, default python3)';

/**
 * Lexing and parsing the specs of the project in the working directory, and nothing else: the
 * least any `cdl` run on them does (Node's start-up, loading the grammar and chevrotain, and
 * the parse), timed as a process beside the CLI to show how much of the goal's time it takes.
 */
const PARSE_ONLY = [
  "import { readdirSync, readFileSync } from 'node:fs';",
  'const { parseFile } = await import(process.env.CDL_BENCH_PARSE_URL);',
  'const { Diagnostics } = await import(process.env.CDL_BENCH_DIAGNOSTICS_URL);',
  'const diags = new Diagnostics();',
  "for (const f of readdirSync('specs')) parseFile(f, readFileSync(`specs/${f}`, 'utf8'), diags);",
  "if (diags.all().some((d) => d.severity === 'error')) throw new Error('the specs have syntax errors');",
].join('\n');

/** 2. The C emitter for one target against seL4's bitfield_gen, on 2,000 and 10,000 blocks. */
export function bitfieldSection(o: GenOptions): GenResult[] {
  const tool = sel4Tool();
  if (!tool) o.log(`bitfield_gen rows skipped: ${SEL4_HOW_TO}`);
  const results: GenResult[] = [];
  for (const count of [scaled(2_000), scaled(10_000)]) {
    o.log(`timing the C emitter${tool ? ' and bitfield_gen' : ''} on ${n(count)} blocks...`);
    const blocks = randomBlocks(count);
    const fields = blocks.reduce((a, b) => a + b.entries.filter((e) => e.kind !== 'padding').length, 0);
    const words = blocks.reduce((a, b) => a + b.words, 0);
    const dir = tempDir('bitfield');
    try {
      // One target, the default configuration, the C emitter only: what bitfield_gen does (one
      // header for one word size). Both are timed as processes, start-up included: the CLI as
      // a user runs it, bitfield_gen as seL4's build runs it (input file, output file).
      writeProject(dir, cdlSpecs(blocks), { targets: ['x86_64'], configs: [null], emitters: ['c'] });
      fs.writeFileSync(path.join(dir, 'blocks.bf'), sel4Spec(blocks));
      const cdl = () => {
        fs.rmSync(path.join(dir, 'out'), { recursive: true, force: true });
        return expectOk(run(process.execPath, [cdlBin, 'gen'], dir), 'cdl gen (C, one target)').seconds;
      };
      const sel4 = tool ? () => expectOk(run(tool.python, [tool.script, 'blocks.bf', 'blocks.h'], dir), `${tool.python} ${tool.script}`).seconds : null;
      const parseEnv = {
        ...process.env,
        CDL_BENCH_PARSE_URL: pathToFileURL(path.join(repoRoot, 'dist', 'grammar', 'parse.js')).href,
        CDL_BENCH_DIAGNOSTICS_URL: pathToFileURL(path.join(repoRoot, 'dist', 'grammar', 'diagnostics.js')).href,
      };
      const parseOnly = () => expectOk(run(process.execPath, ['--input-type=module', '-e', PARSE_ONLY], dir, { env: parseEnv }), 'lexing and parsing the specs').seconds;
      // One untimed run of each: file cache, and a failure shows before the timed rounds.
      cdl();
      sel4?.();
      parseOnly();
      const cdlBytes = fs.readdirSync(path.join(dir, 'out', 'c', 'x86_64')).reduce((a, f) => a + fs.statSync(path.join(dir, 'out', 'c', 'x86_64', f)).size, 0);
      const [tCdl, tParse, tSel4] = inTurns(o.rounds, sel4 ? [cdl, parseOnly, sel4] : [cdl, parseOnly]);
      const parsing = `lexing and parsing alone ${s(tParse)}`;
      const sel4Bytes = sel4 ? fs.statSync(path.join(dir, 'blocks.h')).size : null;
      const what = `C emitter, one target, ${n(count)} blocks (${n(fields)} fields, ${n(words)} words)`;
      results.push(
        tSel4 === undefined
          ? {
              section: 'bitfield',
              measurement: what,
              result: `CDL ${s(tCdl)} (${parsing}); bitfield_gen skipped (SEL4_BITFIELD_GEN not set)`,
              goal: 'at least 2x as fast as bitfield_gen',
              holds: null,
              figures: { blocks: count, fields, words, cdlSeconds: tCdl, parseSeconds: tParse, sel4Seconds: null, cdlBytes, sel4Bytes: null },
            }
          : {
              section: 'bitfield',
              measurement: what,
              result: `CDL ${s(tCdl)}, bitfield_gen ${s(tSel4)}: CDL ${(tSel4 / tCdl).toFixed(2)}x as fast (headers ${mb(cdlBytes)} and ${mb(sel4Bytes!)}); the goal leaves CDL ${s(tSel4 / 2)}, ${parsing}`,
              goal: 'at least 2x as fast as bitfield_gen',
              holds: tSel4 / tCdl >= 2,
              figures: { blocks: count, fields, words, cdlSeconds: tCdl, parseSeconds: tParse, sel4Seconds: tSel4, cdlBytes, sel4Bytes },
            },
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  return results;
}

interface GenRun {
  readonly lines: number;
  readonly specBytes: number;
  readonly namespaces: number;
  readonly seconds: number;
  /** Bytes; null when the child did not finish. */
  readonly maxRss: number | null;
  /** Why the run failed, or null. */
  readonly failure: string | null;
  readonly files: number;
  readonly outputBytes: number;
  readonly largestFile: number;
}

/**
 * The child: bin/cdl.js itself, with an exit hook that writes the process's peak resident set
 * (`process.resourceUsage().maxRSS`, in KiB) to a file. The hook is loaded before bin/cdl.js so
 * that the command runs exactly as a user's would.
 */
const CHILD = [
  "import { writeFileSync } from 'node:fs';",
  "process.on('exit', () => writeFileSync(process.env.CDL_BENCH_REPORT, String(process.resourceUsage().maxRSS * 1024)));",
  'process.argv.splice(1, 0, process.env.CDL_BENCH_BIN);',
  'await import(process.env.CDL_BENCH_BIN_URL);',
].join('\n');

function genRun(lines: number): GenRun {
  const spec = syntheticSpec(lines);
  const dir = tempDir('scale');
  try {
    // Every target (the default), both configurations, every emitter in the registry.
    writeProject(dir, spec.files, { configs: [null, 'kernel'], emitters: [...emitters.keys()] });
    const report = path.join(dir, 'rss');
    const r = run(process.execPath, [`--max-old-space-size=${heapMb}`, '--input-type=module', '-e', CHILD, 'gen'], dir, {
      timeout: timeoutS * 1000,
      env: { ...process.env, CDL_BENCH_REPORT: report, CDL_BENCH_BIN: cdlBin, CDL_BENCH_BIN_URL: new URL(`file://${cdlBin}`).href },
    });
    let failure: string | null = null;
    if (r.signal === 'SIGTERM' && r.seconds >= timeoutS) failure = `timed out after ${timeoutS} s (BENCH_GEN_TIMEOUT_S)`;
    else if (/heap out of memory|Allocation failed/i.test(r.stderr)) failure = `out of memory with a ${heapMb} MB heap (BENCH_GEN_HEAP_MB)`;
    else if (r.status !== 0) throw new Error(`cdl gen on the ${n(spec.lines)}-line spec failed (exit ${r.status ?? r.signal}):\n${(r.stderr || r.stdout).slice(0, 2000)}`);
    let files = 0;
    let outputBytes = 0;
    let largestFile = 0;
    if (!failure) {
      const walk = (d: string): void => {
        for (const e of fs.readdirSync(d, { withFileTypes: true })) {
          if (e.isDirectory()) walk(path.join(d, e.name));
          else if (e.isFile() && e.name !== '.cdl-manifest') {
            const size = fs.statSync(path.join(d, e.name)).size;
            files++;
            outputBytes += size;
            largestFile = Math.max(largestFile, size);
          }
        }
      };
      walk(path.join(dir, 'out'));
    }
    const maxRss = fs.existsSync(report) ? Number(fs.readFileSync(report, 'utf8')) : null;
    return { lines: spec.lines, specBytes: spec.bytes, namespaces: spec.namespaces, seconds: r.seconds, maxRss, failure, files, outputBytes, largestFile };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The memory goal, "bounded by the largest output file, not the whole output", as a budget: a
 * generator that writes each file as it is produced holds the program (its IR and per-target
 * facts, proportional to the spec) and one file being produced (its text, and a formatter's
 * parse of it), besides what loading the CLI costs. The factors are generous: 100 bytes of
 * heap per byte of spec (V8 objects for every token, declaration and field, and sixteen
 * layouts' facts) and 16 per byte of the largest file. The CLI's own cost is measured: its peak
 * on the smallest synthetic spec. The whole output is printed beside it, to show what holding
 * it all would cost.
 */
const SPEC_FACTOR = 100;
const FILE_FACTOR = 16;

/** 3. `cdl gen` on a synthetic spec of 100,000 and 300,000 lines: all targets, both configurations, every emitter. */
export function scaleSection(o: GenOptions): GenResult[] {
  o.log('measuring cdl gen on the smallest synthetic spec (the CLI\'s fixed cost)...');
  // The least of three runs: a second each, and one run's peak has been seen at twice the
  // others' on the loaded machine (when the collector ran late), which would inflate the budget.
  const fixed = [genRun(1), genRun(1), genRun(1)].map((r) => {
    if (r.maxRss === null) throw new Error(`cdl gen on the smallest synthetic spec: ${r.failure}`);
    return r.maxRss;
  });
  const base = { maxRss: Math.min(...fixed) };
  const results: GenResult[] = [];
  const runs: GenRun[] = [];
  for (const lines of [scaled(100_000), scaled(300_000)]) {
    o.log(`running cdl gen on a synthetic spec of ${n(lines)} lines (every target, both configurations, every emitter)...`);
    const r = genRun(lines);
    runs.push(r);
    const what = `cdl gen, ${n(r.lines)}-line spec (${r.namespaces} namespaces, ${mb(r.specBytes)}), 8 targets x 2 configurations, ${emitters.size} emitters`;
    const perK = (r.seconds / r.lines) * 1000;
    const first = runs[0];
    const firstPerK = (first.seconds / first.lines) * 1000;
    const linear = runs.length > 1 && !r.failure && !first.failure;
    results.push({
      section: 'scale',
      measurement: `${what}: time`,
      result: r.failure ? `failed after ${s(r.seconds)}: ${r.failure}` : `${s(r.seconds)}, ${perK.toFixed(3)} s per 1,000 lines`,
      // Linear: the larger spec costs no more per line than the smaller, within a quarter (a
      // shared machine moves single runs that much).
      goal: runs.length > 1 ? `linear: per 1,000 lines within 1.25x of the ${n(first.lines)}-line spec's` : 'linear (compared on the next size)',
      holds: runs.length > 1 ? (linear ? perK <= firstPerK * 1.25 : false) : r.failure ? false : null,
      figures: { lines: r.lines, specBytes: r.specBytes, seconds: r.failure ? null : r.seconds, secondsPer1000Lines: r.failure ? null : perK, failure: r.failure },
    });
    const budget = base.maxRss + SPEC_FACTOR * r.specBytes + FILE_FACTOR * r.largestFile;
    results.push({
      section: 'scale',
      measurement: `${what}: peak memory`,
      result: r.failure
        ? `failed: ${r.failure}`
        : `peak RSS ${mb(r.maxRss!)} (budget ${mb(budget)}); output ${mb(r.outputBytes)} in ${n(r.files)} files, largest ${mb(r.largestFile)}`,
      goal: `bounded by the largest output file: CLI's fixed cost (${mb(base.maxRss)}) + ${SPEC_FACTOR} x spec + ${FILE_FACTOR} x largest file`,
      holds: r.failure ? false : r.maxRss! <= budget,
      figures: {
        maxRss: r.maxRss,
        budget,
        fixedRss: base.maxRss,
        outputBytes: r.outputBytes,
        files: r.files,
        largestFile: r.largestFile,
        failure: r.failure,
      },
    });
  }
  return results;
}

/**
 * 4. `cdl gen --watch` on a copy of this repository's dsl/ and cdl.config.json: the time from
 * a spec saved to the watcher's report that its output is written (its 50 ms wait for an
 * editor's burst of events included), for edits of a doc comment in x86/control.cdl and in
 * coyotos/capability.cdl in turns, `rounds` each. Goal: well under a second (half a second).
 */
export async function watchSection(o: GenOptions): Promise<GenResult[]> {
  o.log('timing cdl gen --watch on a copy of dsl/...');
  const dir = tempDir('watch');
  try {
    for (const entry of ['cdl.config.json', 'dsl', 'runtime']) fs.cpSync(path.join(repoRoot, entry), path.join(dir, entry), { recursive: true, filter: (f) => !f.includes(`${path.sep}dist`) });
    const child = spawn(process.execPath, [cdlBin, 'gen', '--watch'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
    let out = '';
    let waiting: { resolve: (line: string) => void; reject: (e: Error) => void } | null = null;
    const failure = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`cdl gen --watch exited (${code}):\n${out.slice(-2000)}`))));
    failure.catch(() => {});
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const done = /cdl: (done|failed) in [^\n]*\n/.exec(out);
      if (done && waiting) {
        out = out.slice(done.index + done[0].length);
        const w = waiting;
        waiting = null;
        w.resolve(done[0]);
      }
    });
    const nextRun = () => Promise.race([new Promise<string>((resolve, reject) => (waiting = { resolve, reject })), failure]);
    await nextRun();
    const edits: [file: string, from: string, to: string][] = [
      ['dsl/x86/control.cdl', '/// PE (bit 0): protection enable.', '/// PE (bit 0): protection enable (edited).'],
      ['dsl/coyotos/capability.cdl', '/// Size of a capability in the store, in bytes', '/// Size of a capability in the store (edited), in bytes'],
    ];
    const times: number[] = [];
    for (let r = 0; r < o.rounds * 2; r++) {
      const [file, from, to] = edits[r % 2];
      const full = path.join(dir, file);
      const text = fs.readFileSync(full, 'utf8');
      // Each round edits the spec one way or back: every save changes the output.
      const next = text.includes(from) ? text.replace(from, to) : text.replace(to, from);
      if (next === text) throw new Error(`bench: ${file} holds neither doc comment any more`);
      // A quiet moment first, so that the save is one change.
      await new Promise((r) => setTimeout(r, 300));
      const t0 = performance.now();
      fs.writeFileSync(full, next);
      const report = await nextRun();
      times.push((performance.now() - t0) / 1000);
      if (!report.includes('done')) throw new Error(`bench: the watcher failed after an edit of ${file}:\n${report}`);
    }
    child.kill('SIGINT');
    await failure.catch(() => {});
    const t = median(times);
    return [
      {
        section: 'watch',
        measurement: 'cdl gen --watch on dsl/: a spec saved to its output written',
        result: `${s(t)} (median of ${times.length}; ${s(Math.min(...times))} to ${s(Math.max(...times))})`,
        goal: 'well under a second (under 0.5 s)',
        holds: t < 0.5,
        figures: { seconds: t, min: Math.min(...times), max: Math.max(...times), edits: times.length },
      },
    ];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export const genSections: readonly (readonly [key: string, run: (o: GenOptions) => GenResult[] | Promise<GenResult[]>])[] = [
  ['check', checkSection],
  ['bitfield', bitfieldSection],
  ['scale', scaleSection],
  ['watch', watchSection],
];

export function genTable(results: readonly GenResult[]): string {
  const rows = [['measurement', 'result', 'goal', 'holds'], ...results.map((r) => [r.measurement, r.result, r.goal, r.holds === null ? 'n/a' : r.holds ? 'yes' : 'no'])];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const line = (row: string[]) => `| ${row.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(rows[0]), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}
