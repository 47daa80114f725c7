/**
 * The command line as a new user meets it (issue 21): `--version`, help for every command,
 * unknown commands and options named with what exists, the configuration found from a
 * subdirectory (the binary is run there: vitest workers cannot chdir), `cdl init` in an empty
 * directory through to compiled TypeScript, `--quiet` and `--verbose`, colour only when asked
 * for, and `cdl gen --check` telling errors in the specs apart from stale output.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { wantsColour } from '../../generator/cli/colour.js';
import { BUILTIN_TARGETS } from '../../generator/targets/builtin.js';
import { ROOT, STACK_LINE, cdl, eachProject } from './harness.js';

const VERSION = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

describe('help and mistakes', () => {
  it('prints the version', async () => {
    for (const flag of ['--version', '-V']) expect(await cdl(flag)).toEqual({ code: 0, stdout: `cdl ${VERSION}\n`, stderr: '' });
  });

  // bin/cdl.js answers it before it loads the rest of the command (cli/entry.ts).
  it.skipIf(!fs.existsSync(path.join(ROOT, 'dist/generator/cli/entry.js')))('prints the version from the binary as the command does', () => {
    for (const flag of ['--version', '-V']) {
      const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/cdl.js'), flag], { encoding: 'utf8', timeout: 60_000 });
      expect({ code: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({ code: 0, stdout: `cdl ${VERSION}\n`, stderr: '' });
    }
  });

  it('lists the commands, and each command its options, the same way whichever way it is asked', async () => {
    const overview = await cdl('help');
    expect(overview.code).toBe(0);
    for (const c of ['gen', 'check', 'fmt', 'layout', 'decode', 'walk', 'disasm', 'image', 'doc', 'init', 'lsp']) expect(overview.stdout).toMatch(new RegExp(`^  ${c} +\\S`, 'm'));
    const gen = await cdl('help', 'gen');
    expect(gen.code).toBe(0);
    expect(gen.stdout).toMatch(/^usage: cdl gen \[--check \| --watch\] \[--config FILE\]$/m);
    expect(gen.stdout).toMatch(/--check +write nothing/);
    expect(gen.stdout).toMatch(/-q, --quiet/);
    expect(gen.stdout).toMatch(/^emitters \("emitters" in cdl.config.json\): layout-json, ts, c, asm, rust, ts-constants, tables$/m);
    expect(gen.stdout).toContain(`targets ("targets"): ${BUILTIN_TARGETS.join(', ')}`);
    expect(await cdl('gen', '--help')).toEqual(gen);
    expect(await cdl('gen', '-h')).toEqual(gen);
    expect((await cdl('help', 'layout')).stdout).toMatch(/--configuration NAME/);
    // Without a command: the overview, as a usage error.
    expect((await cdl()).code).toBe(2);
  });

  it('names an unknown command or option together with what exists, and the near miss', async () => {
    const command = await cdl('genn');
    expect(command.code).toBe(2);
    expect(command.stderr).toMatch(/^cdl: unknown command 'genn' \(did you mean 'gen'\?\); the commands are gen, check, fmt, layout, decode, walk, disasm, image, doc, init, lsp$/m);
    const option = await cdl('gen', '--chek');
    expect(option.code).toBe(2);
    expect(option.stderr).toBe(
      "cdl: cdl gen has no option '--chek' (did you mean '--check'?); its options are --check, --watch, --config FILE, --quiet, --verbose, --help\nusage: cdl gen [--check | --watch] [--config FILE]\n",
    );
    // One meaning per flag: a layout configuration is --configuration, --config is a file.
    const layout = await cdl('layout', '--json', '--target', 'x86_64', '--config', 'kernel', 'x.cdl');
    expect(layout.code).toBe(2);
    expect(layout.stderr).toMatch(/has no option '--config'.*--configuration NAME/);
    const flagValue = await cdl('gen', '--check=yes');
    expect(flagValue.code).toBe(2);
    expect(flagValue.stderr).not.toMatch(STACK_LINE);
    const extra = await cdl('gen', 'dsl');
    expect(extra.code).toBe(2);
    expect(extra.stderr).toMatch(/^cdl: cdl gen takes no arguments, only options: --check, --watch, --config FILE/m);
  });
});

describe('a project', () => {
  let dir = '';
  let configFile = '';
  eachProject((p) => ({ dir, configFile } = p));

  it('--quiet prints errors only; --verbose lists what gen writes', async () => {
    const verbose = await cdl('gen', '--verbose', '--config', configFile);
    expect(verbose.code).toBe(0);
    expect(verbose.stdout).toMatch(/^ {2}wrote .*layout\/x86_64\.json$/m);
    fs.appendFileSync(path.join(dir, 'specs', 'demo.cdl'), '\nbits Loose : u8 { a @0; }\n');
    const quiet = await cdl('gen', '--quiet', '--config', configFile);
    expect(quiet).toEqual({ code: 0, stdout: '', stderr: '' });
    const loud = await cdl('gen', '--config', configFile);
    expect(loud.stderr).toMatch(/warning: bits 1\.\.7 of 'Loose' are not named/);
  });

  it('gen --check says it cannot check when the specs have errors, and stale output is another thing', async () => {
    expect((await cdl('gen', '--config', configFile)).code).toBe(0);
    fs.appendFileSync(path.join(dir, 'specs', 'demo.cdl'), '\nconst BROKEN = 1 << 64;\n');
    const broken = await cdl('gen', '--check', '--config', configFile);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/error: shift by 64/);
    expect(broken.stderr).toMatch(/^cdl: cannot check \S*out: the specs or the configuration have errors$/m);
    expect(broken.stderr).not.toMatch(/stale/);
  });

  it('colours diagnostics only when asked to', async () => {
    fs.appendFileSync(path.join(dir, 'specs', 'demo.cdl'), '\nconst BROKEN = 1 << 64;\n');
    const plain = await cdl('check', '--config', configFile);
    expect(plain.stderr).toMatch(/error: shift by 64/);
    expect(plain.stderr).not.toContain('\u001b[');
    const { main } = await import('../../generator/cli/main.js');
    let stderr = '';
    await main(['check', '--config', configFile], { stdout: () => undefined, stderr: (t) => void (stderr += t), colour: true });
    expect(stderr).toContain('\u001b[1;31merror:\u001b[0m');
    expect(stderr.replace(/\u001b\[[0-9;]*m/g, '')).toBe(plain.stderr);
    expect(wantsColour(true, {})).toBe(true);
    expect(wantsColour(false, {})).toBe(false);
    expect(wantsColour(true, { NO_COLOR: '1' })).toBe(false);
    expect(wantsColour(true, { TERM: 'dumb' })).toBe(false);
    expect(wantsColour(false, { FORCE_COLOR: '1' })).toBe(true);
    expect(wantsColour(true, { NO_COLOR: '1', FORCE_COLOR: '1' })).toBe(false);
  });

  it('check without paths checks the project for its targets and configurations', async () => {
    const run = await cdl('check', '--verbose', '--config', configFile);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/files checked for x86_64, i386 \(configuration default\)/);
    const one = await cdl('check', '--verbose', '--target', 'ppc32', '--config', configFile);
    expect(one.stdout).toMatch(/checked for ppc32 \(configuration default\)/);
  });
});

describe('the built binary, from a directory of its own', () => {
  const built = fs.existsSync(path.join(ROOT, 'dist/generator/cli/main.js'));
  if (!built) console.log('skipping the binary tests: dist/ is not built (run `npm run build`)');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdl-daily-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const run = (cwd: string, ...argv: string[]) =>
    spawnSync(process.execPath, [path.join(ROOT, 'bin/cdl.js'), ...argv], { cwd, encoding: 'utf8', timeout: 120_000, env: { ...process.env, NO_COLOR: '1' } });

  it.skipIf(!built)('says in words that there is no project, and finds one from a subdirectory', () => {
    const none = fs.mkdtempSync(path.join(tmp, 'none-'));
    const lost = run(none, 'gen');
    expect(lost.status).toBe(1);
    expect(lost.stderr).toBe(`cdl: no cdl.config.json in ${none} or any directory above it: run 'cdl init' to start a project here, or name a configuration with --config FILE\n`);

    const project = fs.mkdtempSync(path.join(tmp, 'project-'));
    expect(run(project, 'init').status).toBe(0);
    const deep = path.join(project, 'specs', 'more');
    fs.mkdirSync(deep);
    const gen = run(deep, 'gen');
    expect(gen.stderr).toBe('');
    expect(gen.status).toBe(0);
    expect(gen.stdout).toMatch(/^cdl: \d+ written, 0 removed, 0 unchanged in \.\.\/\.\.\/generated$/m);
    expect(fs.existsSync(path.join(project, 'generated', 'ts', 'example.ts'))).toBe(true);
    expect(run(deep, 'gen', '--check').stdout).toMatch(/^\.\.\/\.\.\/generated is up to date/);
  }, 120_000);

  it.skipIf(!built)('counts each file once: written or unchanged, as its bytes say', () => {
    const project = fs.mkdtempSync(path.join(tmp, 'counts-'));
    expect(run(project, 'init').status).toBe(0);
    const summary = (out: string) => /^cdl: (\d+) written, (\d+) removed, (\d+) unchanged in generated$/m.exec(out)!.slice(1).map(Number);
    const contents = () => {
      const files = new Map<string, string>();
      const walk = (d: string): void => {
        for (const e of fs.readdirSync(d, { withFileTypes: true })) {
          if (e.isDirectory()) walk(path.join(d, e.name));
          else if (!e.name.startsWith('.cdl-')) files.set(path.join(d, e.name), fs.readFileSync(path.join(d, e.name), 'utf8'));
        }
      };
      walk(path.join(project, 'generated'));
      return files;
    };
    const [first] = summary(run(project, 'gen').stdout);
    const before = contents();
    expect(first).toBe(before.size);
    // A doc comment changes the files that print it, and only those.
    const spec = path.join(project, 'specs', 'example.cdl');
    fs.writeFileSync(spec, fs.readFileSync(spec, 'utf8').replace('/// Number of pages.', '/// How many pages.'));
    const [written, removed, unchanged] = summary(run(project, 'gen').stdout);
    const after = contents();
    const changed = [...after].filter(([f, text]) => before.get(f) !== text).length;
    expect(changed).toBeGreaterThan(0);
    expect({ written, removed, unchanged }).toEqual({ written: changed, removed: 0, unchanged: after.size - changed });
  }, 120_000);

  it.skipIf(!built)('init starts a project whose generated TypeScript compiles, and never writes over a file', () => {
    const project = fs.mkdtempSync(path.join(tmp, 'init-'));
    const init = run(project, 'init');
    expect(init.status).toBe(0);
    expect(init.stdout).toMatch(/^cdl: wrote cdl\.config\.json\ncdl: wrote specs\/example\.cdl\ncdl: wrote tsconfig\.json\nnext:\n/);
    expect(run(project, 'gen').status).toBe(0);
    // The generated code imports @cdl-lang/runtime: this checkout's runtime/ (built) stands in
    // for the installed package.
    fs.mkdirSync(path.join(project, 'node_modules', '@cdl-lang'), { recursive: true });
    fs.symlinkSync(path.join(ROOT, 'runtime'), path.join(project, 'node_modules', '@cdl-lang', 'runtime'));
    const tsc = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: project, encoding: 'utf8', timeout: 120_000 });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);

    const before = fs.readFileSync(path.join(project, 'cdl.config.json'), 'utf8');
    fs.writeFileSync(path.join(project, 'specs', 'example.cdl'), '// mine\n');
    const again = run(project, 'init');
    expect(again.status).toBe(1);
    expect(again.stderr).toBe('cdl: error: cdl.config.json and specs/example.cdl already exist here; cdl init writes nothing over a file\ncdl: nothing written\n');
    expect(fs.readFileSync(path.join(project, 'cdl.config.json'), 'utf8')).toBe(before);
    expect(fs.readFileSync(path.join(project, 'specs', 'example.cdl'), 'utf8')).toBe('// mine\n');
  }, 120_000);
});
