/**
 * The record of the last run that left the output up to date (generator/cli/last-run.ts): with
 * it, `cdl gen --check` and `cdl gen` answer without compiling, exactly as a full run would;
 * anything that changed since makes them run in full.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { quickGen } from '../../generator/cli/entry.js';
import { recordFile, upToDate } from '../../generator/cli/last-run.js';
import { JOURNAL } from '../../generator/cli/manifest.js';
import { cdl, eachProject, GOOD_SPEC, ROOT, type Project } from './harness.js';

/** `quickGen` in-process: its exit code (null: it left the command to run) and what it printed. */
function quick(p: Project, ...args: string[]): { code: number | null; stdout: string } {
  return quickIn(p.dir, p, ...args);
}

function quickIn(cwd: string, p: Project, ...args: string[]): { code: number | null; stdout: string } {
  let stdout = '';
  const code = quickGen(['gen', ...args, '--config', p.configFile], { stdout: (t) => void (stdout += t), stderr: () => undefined }, cwd);
  return { code, stdout };
}

interface RecordJson {
  generator: string;
  outputs: [string, number, number, number, number, string][];
  at: number;
}

describe('the record of the last run (cdl gen answered without compiling)', () => {
  let project!: Project;
  let cache!: string;
  let before: string | undefined;
  eachProject((p) => (project = p));
  beforeEach(() => {
    cache = fs.mkdtempSync(path.join(os.tmpdir(), 'cdl-cache-'));
    before = process.env.CDL_CACHE_DIR;
    process.env.CDL_CACHE_DIR = cache;
  });
  afterEach(() => {
    if (before === undefined) delete process.env.CDL_CACHE_DIR;
    else process.env.CDL_CACHE_DIR = before;
    fs.rmSync(cache, { recursive: true, force: true });
  });

  const record = (): string => recordFile(project.configFile)!;
  const readRecord = (text = fs.readFileSync(record(), 'utf8')): RecordJson => JSON.parse(text) as RecordJson;
  const gen = (...args: string[]) => cdl('gen', ...args, '--config', project.configFile);

  it('answers gen --check and gen as the full command does, once a run recorded the output', async () => {
    expect(quick(project, '--check').code).toBeNull(); // no record yet
    expect((await gen()).code).toBe(0);
    expect(fs.existsSync(record())).toBe(true);
    const full = await gen('--check');
    expect(full.code).toBe(0);
    // The full command ran in the working directory, and names the output from there.
    expect(quickIn(process.cwd(), project, '--check')).toEqual({ code: 0, stdout: full.stdout });
    expect(quick(project, '--check')).toEqual({ code: 0, stdout: 'out is up to date (2 files)\n' });
    expect(quick(project).stdout).toBe('cdl: 0 written, 0 removed, 2 unchanged in out\n');
    expect(quick(project, '--quiet')).toEqual({ code: 0, stdout: '' });
    // What it cannot answer for is the command's: --watch, --help, a mistake.
    for (const args of [['--watch'], ['--help'], ['--chek']]) expect(quick(project, ...args).code).toBeNull();
  });

  it('runs in full when a spec, the spec directory or the configuration changed', async () => {
    await gen();
    fs.appendFileSync(project.spec, '// a comment\n');
    expect(quick(project, '--check').code).toBeNull();
    // The full run finds the output up to date (a comment changes nothing) and records again.
    expect((await gen('--check')).code).toBe(0);
    expect(quick(project, '--check').code).toBe(0);

    fs.writeFileSync(path.join(path.dirname(project.spec), 'more.cdl'), 'namespace more;\nconst X = 1;\n');
    expect(quick(project, '--check').code).toBeNull();
    const stale = await gen('--check');
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('is stale');
    expect((await gen()).code).toBe(0);
    expect(quick(project, '--check').code).toBe(0);

    fs.appendFileSync(project.configFile, ' ');
    expect(quick(project, '--check').code).toBeNull();
  });

  it('reads an output file whose stat changed, and runs in full if its contents did', async () => {
    await gen();
    const file = path.join(project.out, 'layout', 'x86_64.json');
    const text = fs.readFileSync(file, 'utf8');
    // Rewritten with the same contents: a new stat, the same digest.
    fs.rmSync(file);
    fs.writeFileSync(file, text);
    const before = readRecord();
    expect(quick(project, '--check').code).toBe(0);
    // Read once to be sure, and recorded with its new stat.
    const after = readRecord();
    const stat = fs.statSync(file);
    expect(after.outputs.find(([p]) => p === 'layout/x86_64.json')!.slice(1, 5)).toEqual([stat.size, stat.mtimeMs, stat.ctimeMs, stat.ino]);
    expect(after.at).toBeGreaterThanOrEqual(before.at);
    fs.writeFileSync(file, text.replace('"x86_64"', '"x86_65"'));
    expect(quick(project, '--check').code).toBeNull();
    const stale = await gen('--check');
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('layout/x86_64.json');
    fs.rmSync(file);
    expect(quick(project, '--check').code).toBeNull();
  });

  it('does not trust the stat of a file changed within a second of the record (the racy case)', async () => {
    await gen();
    const file = path.join(project.out, 'layout', 'x86_64.json');
    const text = fs.readFileSync(file, 'utf8');
    // The same size, other contents, and a record that holds the new stat, as when a write
    // lands in the clock tick the record read the stat in.
    fs.writeFileSync(file, text.replace('"x86_64"', '"x86_65"'));
    const stat = fs.statSync(file);
    const edited = readRecord();
    const entry = edited.outputs.find(([p]) => p === 'layout/x86_64.json')!;
    entry.splice(1, 4, stat.size, stat.mtimeMs, stat.ctimeMs, stat.ino);
    edited.at = Math.max(stat.mtimeMs, stat.ctimeMs);
    fs.writeFileSync(record(), JSON.stringify(edited));
    expect(quick(project, '--check').code).toBeNull();
    // A record made well after the file changed trusts its stat: that is what the rule is for.
    edited.at += 5000;
    fs.writeFileSync(record(), JSON.stringify(edited));
    expect(quick(project, '--check').code).toBe(0);
  });

  it('lets a full run compare the files it vouches for by digest, and read the others', async () => {
    await gen();
    // A spec edited (a comment): the run compiles. The record is made to vouch for an output
    // file whose stat is as recorded (as if made well after the file was written) but with
    // another digest: the run believes it, which shows it did not read the file.
    fs.appendFileSync(project.spec, '// a comment\n');
    const edited = readRecord();
    edited.at += 10_000;
    const entry = edited.outputs.find(([p]) => p === 'layout/x86_64.json')!;
    entry[5] = 'another digest';
    fs.writeFileSync(record(), JSON.stringify(edited));
    const believed = await gen('--check');
    expect(believed.code).toBe(1);
    expect(believed.stderr).toContain('layout/x86_64.json');
    // The file's stat changed: it is read, and found up to date.
    const file = path.join(project.out, 'layout', 'x86_64.json');
    fs.writeFileSync(file, fs.readFileSync(file));
    expect((await gen('--check')).code).toBe(0);
  });

  it('runs in full for another generator, an interrupted run, or a damaged record', async () => {
    await gen();
    const good = fs.readFileSync(record(), 'utf8');
    fs.writeFileSync(record(), JSON.stringify({ ...readRecord(), generator: 'another' }));
    expect(quick(project, '--check').code).toBeNull();
    fs.writeFileSync(record(), good.slice(0, good.length / 2));
    expect(quick(project, '--check').code).toBeNull();
    for (const damaged of [{ files: '2' }, { outputs: {} }, { outputs: [['out']] }, { format: 0 }]) {
      fs.writeFileSync(record(), JSON.stringify({ ...readRecord(good), ...damaged }));
      expect(quick(project, '--check').code, JSON.stringify(damaged)).toBeNull();
    }
    fs.writeFileSync(record(), good);
    expect(quick(project, '--check').code).toBe(0);
    fs.writeFileSync(path.join(project.out, JOURNAL), '{}');
    expect(quick(project, '--check').code).toBeNull();
    expect((await gen('--check')).code).toBe(1);
  });

  it('records no run that printed diagnostics, nor a stale check, and removes nothing it did not make', async () => {
    fs.writeFileSync(project.spec, `${GOOD_SPEC}\n/// documents nothing\n`);
    const warned = await gen();
    expect(warned.code).toBe(0);
    expect(warned.stderr).toContain('warning');
    expect(fs.existsSync(record())).toBe(false);
    expect(upToDate(project.configFile)).toBeNull();
    fs.writeFileSync(project.spec, GOOD_SPEC);
    await gen();
    expect(fs.readdirSync(cache)).toEqual([path.basename(record())]);
    // A stale check leaves the record of the last good run, which no longer fits.
    fs.appendFileSync(project.spec, 'const MORE = 2;\n');
    expect((await gen('--check')).code).toBe(1);
    expect(fs.existsSync(record())).toBe(true);
    expect(quick(project, '--check').code).toBeNull();
  });

  it('keeps records where the project keeps its tools: node_modules/.cache/cdl, or nowhere', () => {
    delete process.env.CDL_CACHE_DIR;
    expect(recordFile(project.configFile)).toBeNull(); // no package.json above a temporary directory
    fs.writeFileSync(path.join(project.dir, 'package.json'), '{}');
    expect(recordFile(project.configFile)).toBeNull(); // and no node_modules beside it
    fs.mkdirSync(path.join(project.dir, 'node_modules'));
    expect(path.dirname(recordFile(project.configFile)!)).toBe(path.join(project.dir, 'node_modules', '.cache', 'cdl'));
    process.env.CDL_CACHE_DIR = '';
    expect(recordFile(project.configFile)).toBeNull();
  });
});

describe('bin/cdl.js with a record', () => {
  const built = fs.existsSync(path.join(ROOT, 'dist/generator/cli/entry.js'));
  it.skipIf(!built)('prints what the full command printed, and answers much sooner', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdl-record-'));
    try {
      fs.mkdirSync(path.join(dir, 'specs'));
      fs.mkdirSync(path.join(dir, 'node_modules'));
      fs.writeFileSync(path.join(dir, 'package.json'), '{}');
      fs.writeFileSync(path.join(dir, 'specs', 'demo.cdl'), GOOD_SPEC);
      fs.writeFileSync(path.join(dir, 'cdl.config.json'), JSON.stringify({ specs: ['specs'], targets: ['x86_64'], output: 'out', emitters: ['layout-json', 'c', 'ts'] }));
      const env = { ...process.env };
      delete env.CDL_CACHE_DIR;
      const run = (...args: string[]) => {
        const started = performance.now();
        const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/cdl.js'), ...args], { cwd: dir, encoding: 'utf8', env, timeout: 60_000 });
        return { status: r.status, stdout: r.stdout, stderr: r.stderr, ms: performance.now() - started };
      };
      const first = run('gen');
      expect(first.status).toBe(0);
      expect(fs.readdirSync(path.join(dir, 'node_modules', '.cache', 'cdl'))).toHaveLength(1);
      const second = run('gen');
      expect(second).toMatchObject({ status: 0, stderr: '' });
      expect(second.stdout).toBe(first.stdout.replace(/\d+ written, 0 removed, 0 unchanged/, (m) => `0 written, 0 removed, ${/\d+/.exec(m)![0]} unchanged`));
      const check = run('gen', '--check');
      expect(check).toMatchObject({ status: 0, stderr: '' });
      expect(check.stdout).toMatch(/^out is up to date \(\d+ files\)\n$/);
      // Edited by hand: the full command runs, and says what is stale.
      const header = path.join(dir, 'out', 'c', 'x86_64', 'demo.h');
      fs.appendFileSync(header, '/* edited */\n');
      const stale = run('gen', '--check');
      expect(stale.status).toBe(1);
      expect(stale.stderr).toContain('out/c/x86_64/demo.h');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
