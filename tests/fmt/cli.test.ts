/**
 * `cdl fmt` as a user runs it: in place, only the files that change, each replaced at once;
 * `--check` for CI; syntax errors reported as every command reports them, the file untouched;
 * the project's specs when no PATH is named; and dsl/ formatted (CI runs this test).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cdl, eachProject, GOOD_SPEC, ROOT, STACK_LINE, type Project } from '../cli/harness.js';
import { formatSource } from '../../grammar/printer.js';
import { init } from '../../generator/cli/init.js';

const rel = (p: string): string => path.relative(process.cwd(), p);

function formatted(text: string): string {
  const result = formatSource('x.cdl', text);
  if (!result.ok) throw new Error('unexpected syntax error');
  return result.text;
}

describe('cdl fmt', () => {
  let project: Project;
  eachProject((p) => (project = p));

  it('rewrites a file in place, prints it, and leaves no temporary file', async () => {
    const run = await cdl('fmt', project.spec);
    expect(run).toEqual({ code: 0, stdout: `reformatted ${project.spec}\ncdl: 1 reformatted, 0 unchanged\n`, stderr: '' });
    const text = fs.readFileSync(project.spec, 'utf8');
    expect(text).toBe(formatted(GOOD_SPEC));
    expect(text).toContain('  present  @0;\n  writable @1;\n  reserved @2..11;\n  frame    @12..63 << 12;\n');
    expect(fs.readdirSync(path.dirname(project.spec))).toEqual(['demo.cdl']);
  });

  it('does not touch a file that is already formatted', async () => {
    fs.writeFileSync(project.spec, formatted(GOOD_SPEC));
    const inode = fs.statSync(project.spec).ino;
    const run = await cdl('fmt', '--verbose', project.spec);
    expect(run).toEqual({ code: 0, stdout: `  unchanged ${project.spec}\ncdl: 0 reformatted, 1 unchanged\n`, stderr: '' });
    expect(fs.statSync(project.spec).ino).toBe(inode);
  });

  it('replaces a file by renaming a new one over it, keeping its permissions', async () => {
    fs.chmodSync(project.spec, 0o640);
    const inode = fs.statSync(project.spec).ino;
    expect((await cdl('fmt', '--quiet', project.spec))).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(fs.statSync(project.spec).ino).not.toBe(inode);
    expect(fs.statSync(project.spec).mode & 0o777).toBe(0o640);
  });

  it('--check writes nothing, lists the files that would change and exits 1; 0 once formatted', async () => {
    const check = await cdl('fmt', '--check', path.dirname(project.spec));
    expect(check).toEqual({ code: 1, stdout: '', stderr: `cdl: 1 file not formatted; run 'cdl fmt' to format:\n  ${rel(project.spec)}\n` });
    expect(fs.readFileSync(project.spec, 'utf8')).toBe(GOOD_SPEC);
    expect((await cdl('fmt', path.dirname(project.spec))).code).toBe(0);
    expect(await cdl('fmt', '--check', path.dirname(project.spec))).toEqual({ code: 0, stdout: 'cdl: 1 file already formatted\n', stderr: '' });
  });

  it("formats the project's specs when no PATH is named", async () => {
    const other = path.join(path.dirname(project.spec), 'sub', 'other.cdl');
    fs.mkdirSync(path.dirname(other));
    fs.writeFileSync(other, 'const  A=1;\n');
    const run = await cdl('fmt', '--config', project.configFile);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`reformatted ${rel(other)}\n`);
    expect(run.stdout).toContain(`reformatted ${rel(project.spec)}\n`);
    expect(fs.readFileSync(other, 'utf8')).toBe('const A = 1;\n');
  });

  it('refuses a file with syntax errors: the diagnostics with a code frame, exit 1, the file untouched', async () => {
    const bad = path.join(path.dirname(project.spec), 'bad.cdl');
    const text = 'struct  S {\n  a: u32\n  b: u8;\n}\n';
    fs.writeFileSync(bad, text);
    const run = await cdl('fmt', path.dirname(project.spec));
    expect(run.code).toBe(1);
    expect(run.stderr.startsWith(`${rel(bad)}:2:9: error: expected ';' after field declaration, found 'b'\n 2 |   a: u32\n   |         ^\n`)).toBe(true);
    expect(run.stderr).toMatch(/1 error, 0 warnings\n$/);
    expect(run.stderr).not.toMatch(STACK_LINE);
    expect(fs.readFileSync(bad, 'utf8')).toBe(text);
    // The other file is formatted all the same.
    expect(run.stdout).toContain(`reformatted ${rel(project.spec)}\n`);
    expect((await cdl('fmt', '--check', bad)).code).toBe(1);
  });

  // A file named is shown as named, as `cdl check` does; the files of a directory relative to here.
  it('reports a file it cannot read, without a stack trace', async () => {
    const missing = path.join(project.dir, 'missing.cdl');
    const run = await cdl('fmt', missing);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`${missing}:1:1: error: cannot read '${missing}': no such file\n1 error, 0 warnings\n`);
    expect(run.stderr).not.toMatch(STACK_LINE);
  });

  it('is in the help', async () => {
    expect((await cdl('help')).stdout).toMatch(/\n {2}fmt +print specs in CDL's one layout/);
    expect((await cdl('help', 'fmt')).stdout).toContain('fmt [--check] [--config FILE] [PATH...]');
  });
});

describe('what cdl writes', () => {
  it("cdl init's example spec is formatted", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdl-fmt-init-'));
    try {
      expect(init(dir, { stdout: () => {}, stderr: () => {} })).toBe(0);
      const text = fs.readFileSync(path.join(dir, 'specs', 'example.cdl'), 'utf8');
      expect(formatted(text)).toBe(text);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('dsl/', () => {
  it('is formatted: cdl fmt --check dsl passes', async () => {
    const run = await cdl('fmt', '--check', path.join(ROOT, 'dsl'));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^cdl: \d+ files already formatted\n$/);
  });
});

describe('cdl fmt in a broken project', () => {
  let project: Project;
  eachProject((p) => (project = p));

  it('reports a configuration it cannot read, in it, and formats nothing', async () => {
    fs.writeFileSync(project.configFile, '{ "specs": [\n');
    const run = await cdl('fmt', '--config', project.configFile);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^${project.configFile.replace(/\./g, '\\.')}:2:1: error: `));
    expect(run.stderr).not.toMatch(STACK_LINE);
    expect(fs.readFileSync(project.spec, 'utf8')).toBe(GOOD_SPEC);
  });
});
