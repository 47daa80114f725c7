/**
 * The `cdl` command, run in-process on a temporary project (tests/cli/harness.ts), plus one
 * run of the real binary. The configuration's own checks: config.test.ts.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ALL_TARGETS, GOOD_SPEC, ROOT, STACK_LINE, cdl, eachProject, snapshot, writeConfig } from './harness.js';

describe('cdl gen', () => {
  let dir: string;
  let configFile: string;
  let out: string;
  let spec: string;
  eachProject((p) => ({ dir, configFile, out, spec } = p));
  const gen = (...flags: string[]) => cdl('gen', ...flags, '--config', configFile);

  it('writes the outputs and a manifest of them', async () => {
    const run = await gen();
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(Object.keys(snapshot(out))).toEqual(['.cdl-manifest', 'layout/i386.json', 'layout/x86_64.json']);
    const manifest = fs.readFileSync(path.join(out, '.cdl-manifest'), 'utf8');
    expect(manifest.split('\n').filter((l) => l && !l.startsWith('#'))).toEqual(['layout/i386.json', 'layout/x86_64.json']);
    const x86 = JSON.parse(fs.readFileSync(path.join(out, 'layout/x86_64.json'), 'utf8'));
    const header = x86.structs.find((s: { name: string }) => s.name === 'demo.Header');
    expect(header.size).toBe(24);
  });

  it('rewrites nothing on a second run, and the output is byte-identical', async () => {
    expect((await gen()).code).toBe(0);
    const before = snapshot(out);
    // Back-date every file: a rewrite, however fast, would move its mtime to now.
    const past = new Date('2001-01-01T00:00:00Z');
    for (const f of Object.keys(before)) fs.utimesSync(path.join(out, f), past, past);

    const again = await gen();
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/0 written, 0 removed, 2 unchanged/);
    expect(snapshot(out)).toEqual(before);
    for (const f of Object.keys(before)) expect(fs.statSync(path.join(out, f)).mtime.getTime(), f).toBe(past.getTime());
  });

  it('--check passes when fresh and lists the stale files after a spec changes', async () => {
    expect((await gen()).code).toBe(0);
    const fresh = await gen('--check');
    expect(fresh.code).toBe(0);
    expect(fresh.stdout).toMatch(/is up to date/);

    fs.writeFileSync(spec, GOOD_SPEC.replace('const PAGE_SIZE = 4096;', 'const PAGE_SIZE = 8192;'));
    const before = snapshot(out);
    const stale = await gen('--check');
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/is stale/);
    const listed = stale.stderr.split('\n').filter((l) => l.startsWith('  ')).map((l) => l.trim());
    expect(listed.map((l) => l.split('/').slice(-2).join('/'))).toEqual(['layout/x86_64.json', 'layout/i386.json']);
    // Checking writes nothing.
    expect(snapshot(out)).toEqual(before);
  });

  it('on a spec with an error exits 1 and leaves the output byte-for-byte unchanged', async () => {
    expect((await gen()).code).toBe(0);
    fs.writeFileSync(path.join(out, 'NOTES.txt'), 'mine\n');
    const before = snapshot(out);

    // An error that only the layout engine finds, after everything else succeeded.
    fs.writeFileSync(spec, `${GOOD_SPEC}\nstruct Bad { a: u32; b: u64 @2; }\n`);
    const run = await gen();
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/demo\.cdl:20:30: error: 'b' at offset 2 overlaps the previous member, which ends at 4\n/);
    expect(run.stderr).toMatch(/nothing written/);
    expect(run.stderr).not.toMatch(STACK_LINE);
    expect(snapshot(out)).toEqual(before);

    // A syntax error, and a spec that removes every output if it were applied.
    fs.writeFileSync(spec, 'struct {');
    expect((await gen()).code).toBe(1);
    expect(snapshot(out)).toEqual(before);
  });

  it('leaves the output exactly as it was when a file cannot be written, removing what it created', async () => {
    expect((await gen()).code).toBe(0);
    // A directory where an output file belongs, found after the TS emitter's files (in new
    // directories) have been staged.
    fs.rmSync(path.join(out, 'layout', 'i386.json'));
    fs.mkdirSync(path.join(out, 'layout', 'i386.json'));
    fs.writeFileSync(path.join(out, 'layout', 'i386.json', 'mine.txt'), 'mine\n');
    const before = snapshot(out);
    const dirsBefore = fs.readdirSync(out).sort();
    fs.writeFileSync(configFile, JSON.stringify({ specs: ['specs'], targets: ['x86_64', 'i386'], output: 'out', emitters: ['ts', 'layout-json'] }));
    const run = await gen();
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^cdl: error: cannot write the output: '.*i386\.json' is a directory\ncdl: nothing written to \S*out\n$/);
    expect(snapshot(out)).toEqual(before);
    expect(fs.readdirSync(out).sort()).toEqual(dirsBefore);
  });

  it('reports an output that is a file, or that cannot be created, without a crash', async () => {
    fs.writeFileSync(path.join(dir, 'afile'), 'x\n');
    fs.writeFileSync(configFile, '{\n  "specs": ["specs"],\n  "output": "afile"\n}\n');
    const file = await gen();
    expect(file.code).toBe(1);
    expect(file.stderr).toContain(`${configFile}:3:13: error: the output '${path.relative(process.cwd(), path.join(dir, 'afile'))}' is a file, not a directory`);

    fs.writeFileSync(configFile, JSON.stringify({ specs: ['specs'], output: 'afile/sub' }));
    const below = await gen();
    expect(below.code).toBe(1);
    expect(below.stderr).toMatch(/^cdl: error: cannot write the output: ENOTDIR: not a directory, mkdir '.*afile\/sub'\n/);
    expect(below.stderr).not.toMatch(STACK_LINE);
    expect(fs.readFileSync(path.join(dir, 'afile'), 'utf8')).toBe('x\n');
  });

  it('names specs in the outputs relative to the configuration, wherever cdl runs', async () => {
    // The tests run in the repository, not in the project: outputs must not see that.
    expect(path.relative(process.cwd(), dir)).not.toBe('');
    fs.writeFileSync(configFile, JSON.stringify({ specs: ['specs'], targets: ['x86_64'], output: 'out', emitters: ['c'] }));
    expect((await gen()).code).toBe(0);
    const header = fs.readFileSync(path.join(out, 'c', 'x86_64', 'demo.h'), 'utf8');
    expect(header).toMatch(/^\/\*\n \* Generated by cdl from specs\/demo\.cdl\.\n/);
    // Diagnostics, though, name the file as the terminal can open it.
    fs.writeFileSync(spec, `${GOOD_SPEC}\nconst Broken = 1 << 64;\n`);
    expect((await gen()).stderr).toMatch(new RegExp(`^${path.relative(process.cwd(), spec).replace(/[.]/g, '\\.')}:20:21: error`));
  });

  it('walks a linked directory once and reads a linked spec once', async () => {
    expect((await gen()).code).toBe(0);
    const before = snapshot(out);
    fs.mkdirSync(path.join(dir, 'specs', 'sub'));
    fs.symlinkSync('..', path.join(dir, 'specs', 'sub', 'up'));
    fs.symlinkSync('../demo.cdl', path.join(dir, 'specs', 'sub', 'again.cdl'));
    const run = await gen();
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(snapshot(out)).toEqual(before);
  });

  it('never overwrites a file it did not write', async () => {
    // Someone's file where an output will go, before cdl has written anything there.
    fs.mkdirSync(path.join(out, 'layout'), { recursive: true });
    fs.writeFileSync(path.join(out, 'layout', 'i386.json'), 'my notes\n');
    const before = snapshot(out);
    const run = await gen();
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^cdl: error: these files were not written by cdl, and would be overwritten; move them away first:\n {2}\S*out\/layout\/i386\.json\ncdl: nothing written to \S*out\n$/);
    expect(snapshot(out)).toEqual(before);

    // Once moved away, cdl writes; from then on the file is its own and is rewritten freely.
    fs.renameSync(path.join(out, 'layout', 'i386.json'), path.join(dir, 'notes.txt'));
    expect((await gen()).code).toBe(0);
    fs.writeFileSync(spec, GOOD_SPEC.replace('const PAGE_SIZE = 4096;', 'const PAGE_SIZE = 8192;'));
    const again = await gen();
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/2 written/);
  });

  it('removes its own obsolete files, never a file it did not write', async () => {
    expect((await gen()).code).toBe(0);
    fs.writeFileSync(path.join(out, 'NOTES.txt'), 'mine\n');
    fs.writeFileSync(path.join(out, 'layout', 'mine.json'), '{}\n');
    // A manifest naming a path outside the output directory is not obeyed.
    fs.writeFileSync(path.join(dir, 'victim.txt'), 'keep\n');
    fs.appendFileSync(path.join(out, '.cdl-manifest'), '../victim.txt\n');

    writeConfig(configFile, ['x86_64']);
    const run = await gen();
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/1 removed/);
    expect(Object.keys(snapshot(out))).toEqual(['.cdl-manifest', 'NOTES.txt', 'layout/mine.json', 'layout/x86_64.json']);
    expect(fs.readFileSync(path.join(dir, 'victim.txt'), 'utf8')).toBe('keep\n');
    const manifest = fs.readFileSync(path.join(out, '.cdl-manifest'), 'utf8');
    expect(manifest).not.toMatch(/i386|mine|NOTES|victim/);
  });
});

describe('cdl check', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdl-check-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('says why a file cannot be read, and that a directory holds no spec', async () => {
    const missing = path.join(dir, 'missing.cdl');
    const run = await cdl('check', dir, missing);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      [`cdl: error: '${dir}' holds no .cdl files`, `${missing}:1:1: error: cannot read '${missing}': no such file`, '2 errors, 0 warnings', ''].join('\n'),
    );
  });

  it('checks every spec below a directory', async () => {
    fs.mkdirSync(path.join(dir, 'sub'));
    fs.writeFileSync(path.join(dir, 'sub', 'a.cdl'), 'const A = 1;\n');
    fs.writeFileSync(path.join(dir, 'b.cdl'), 'const B = C;\n');
    const run = await cdl('check', dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^\S*b\.cdl:1:11: error: .*'C'/);
    expect(run.stderr).toMatch(/1 error, 0 warnings\n$/);
    fs.writeFileSync(path.join(dir, 'b.cdl'), 'const B = 2;\n');
    expect(await cdl('check', dir)).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('reports every error with its position and a code frame, and exits 1', async () => {
    const bad = path.join(dir, 'bad.cdl');
    fs.writeFileSync(bad, 'bits Pte : u8 {\n  ps  @7;\n  pat @7;\n  rest @0..6;\n}\nconst X = 1 << 64;\n');
    const run = await cdl('check', bad);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      [
        `${bad}:3:7: error: bit 7 of 'pat' overlaps 'ps' (bit 7)`,
        ' 3 |   pat @7;',
        '   |       ^^',
        `${bad}:6:16: error: shift by 64: the amount must be 0 to 63`,
        ' 6 | const X = 1 << 64;',
        '   |                ^^',
        '2 errors, 0 warnings',
        '',
      ].join('\n'),
    );
  });

  it('reports an error that depends on the target once, naming the targets', async () => {
    const file = path.join(dir, 'mis.cdl');
    fs.writeFileSync(file, 'struct S {\n  a: u32;\n  b: u64 @4;\n}\n');
    const run = await cdl('check', file);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      [
        `${file}:3:11: error: 'b' at offset 4 breaks its 8-byte alignment on x86_64, aarch64, riscv64, riscv32, ppc32, s390x, mips32`,
        ' 3 |   b: u64 @4;',
        '   |           ^',
        '1 error, 0 warnings',
        '',
      ].join('\n'),
    );
  });

  it('passes a spec with warnings only, and shows the warnings', async () => {
    const file = path.join(dir, 'gap.cdl');
    fs.writeFileSync(file, 'bits B : u8 {\n  a @0;\n}\n');
    const run = await cdl('check', file);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/gap\.cdl:1:6: warning: bits 1\.\.7 of 'B' are not named/);
    expect(run.stderr).toMatch(/0 errors, 1 warning\n/);
  });

  it('checks every file of the corpus without a stack trace', async () => {
    const corpus = path.join(ROOT, 'tests/check/bad-specs');
    for (const name of fs.readdirSync(corpus).filter((n) => n.endsWith('.cdl'))) {
      const run = await cdl('check', path.join(corpus, name));
      expect(run.stderr, name).not.toMatch(STACK_LINE);
      expect(run.code, name).toBe(/\/\/ expect: \d+:\d+: error:/.test(fs.readFileSync(path.join(corpus, name), 'utf8')) ? 1 : 0);
    }
  });
});

describe('cdl layout --json', () => {
  type JsonStruct = { name: string; size: number; fields: { name: string; offset: number }[] };
  async function layout(target: string, file: string, config?: string): Promise<{ structs: JsonStruct[]; target: { pointer_bits: number } }> {
    const run = await cdl('layout', '--json', '--target', target, ...(config ? ['--configuration', config] : []), path.join(ROOT, file));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    return JSON.parse(run.stdout);
  }
  const structOf = (json: { structs: JsonStruct[] }, name: string): JsonStruct => {
    const s = json.structs.find((d) => d.name === name);
    if (!s) throw new Error(`no struct ${name}`);
    return s;
  };
  const offsetOf = (s: JsonStruct, field: string): number | undefined => s.fields.find((f) => f.name === field)?.offset;

  it('prints the 64-bit TSS', async () => {
    const tss = structOf(await layout('x86_64', 'dsl/x86/segments.cdl'), 'x86.Tss64');
    expect(tss.size).toBe(104);
    expect(offsetOf(tss, 'rsp0')).toBe(4);
    expect(offsetOf(tss, 'ist1')).toBe(36);
    expect(offsetOf(tss, 'iopb')).toBe(102);
  });

  it('places the stored coyotos Process fields alike on all eight targets', async () => {
    for (const target of ALL_TARGETS) {
      const process = structOf(await layout(target, 'dsl/coyotos/process.cdl'), 'coyotos.Process');
      expect(offsetOf(process, 'faultInfo'), target).toBe(16);
      expect(offsetOf(process, 'capReg'), target).toBe(120);
    }
  });

  it('sizes the kernel Capability by pointer width', async () => {
    for (const target of ALL_TARGETS) {
      const json = await layout(target, 'dsl/coyotos/process.cdl', 'kernel');
      const capability = structOf(json, 'coyotos.Capability');
      expect(capability.size, target).toBe(json.target.pointer_bits === 64 ? 24 : 16);
    }
  });

  it('reports an unknown target or configuration as the command line\'s error, not a spec\'s', async () => {
    const run = await cdl('layout', '--json', '--target', 'vax', '--configuration', 'kernal', path.join(ROOT, 'dsl/x86/segments.cdl'));
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      [
        `cdl: error: unknown target 'vax' (known: ${ALL_TARGETS.join(', ')})`,
        "cdl: error: unknown configuration 'kernal': no spec declares 'config kernal;'",
        '2 errors, 0 warnings',
        '',
      ].join('\n'),
    );
  });
});

describe('the built binary', () => {
  const built = fs.existsSync(path.join(ROOT, 'dist/generator/cli/main.js'));
  if (!built) console.log('skipping the binary test: dist/ is not built (run `npm run build`)');

  it.skipIf(!built)('exits 1 on a bad spec with diagnostics and no stack trace', () => {
    const bad = path.join(ROOT, 'tests/check/bad-specs/57-many-errors.cdl');
    const run = spawnSync(process.execPath, [path.join(ROOT, 'bin/cdl.js'), 'check', bad], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/57-many-errors\.cdl:\d+:\d+: error: /);
    expect(run.stderr).toMatch(/^ +\d+ \| /m);
    expect(run.stderr).not.toMatch(STACK_LINE);
    expect(run.stderr).not.toMatch(/internal error/);
  });
});
