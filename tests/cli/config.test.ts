/**
 * `cdl.config.json` is user input like a spec: every problem in it is reported at its key or
 * value, with a code frame, all in one run and together with the specs' errors, and nothing is
 * written.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GOOD_SPEC, STACK_LINE, cdl, eachProject, snapshot } from './harness.js';

describe('cdl gen on its configuration', () => {
  let dir: string;
  let configFile: string;
  let out: string;
  let spec: string;
  eachProject((p) => ({ dir, configFile, out, spec } = p));
  const gen = (...flags: string[]) => cdl('gen', ...flags, '--config', configFile);

  it('rejects a configuration with an unknown key, writing nothing', async () => {
    fs.writeFileSync(configFile, JSON.stringify({ specs: ['specs'], targets: ['x86_64'], out: 'elsewhere' }));
    const run = await gen();
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('unknown key "out" (known: specs, targets, configs, output, emitters, runtime)');
    expect(run.stderr).not.toMatch(STACK_LINE);
    expect(fs.existsSync(out) || fs.existsSync(path.join(dir, 'generated')) || fs.existsSync(path.join(dir, 'elsewhere'))).toBe(false);
  });

  it('reports every problem of the configuration at its key or value, with the specs\' errors, in one run', async () => {
    fs.writeFileSync(spec, `${GOOD_SPEC}\nconst Broken = 1 << 64;\n`);
    const config = [
      '{',
      '  "specs": ["specs", "missing"],',
      '  "targets": ["x86_64", "vax"],',
      '  "configs": [null, "kernal", 3],',
      '  "emitters": ["layout-json", "nope"],',
      '  "outptu": "elsewhere"',
      '}',
    ];
    fs.writeFileSync(configFile, `${config.join('\n')}\n`);
    const run = await gen();
    expect(run.code).toBe(1);
    expect(run.stderr).not.toMatch(STACK_LINE);
    const heads = run.stderr.split('\n').filter((l) => l.includes(': error: '));
    expect(heads).toEqual([
      `${configFile}:2:22: error: no such file or directory: ${path.relative(process.cwd(), path.join(dir, 'missing'))}`,
      `${configFile}:3:25: error: unknown target 'vax' (known: x86_64, i386, aarch64, riscv64, riscv32, ppc32, s390x, mips32)`,
      `${configFile}:4:21: error: unknown configuration 'kernal': no spec declares 'config kernal;'`,
      `${configFile}:4:31: error: "configs" must hold configuration names, or null for the default configuration`,
      `${configFile}:5:31: error: unknown emitter 'nope' (known: layout-json, ts, c, asm, rust, ts-constants, tables)`,
      `${configFile}:6:3: error: unknown key "outptu" (known: specs, targets, configs, output, emitters, runtime)`,
      expect.stringMatching(/demo\.cdl:20:21: error: shift by 64/),
    ]);
    // Each under a code frame pointing at the value.
    expect(run.stderr).toContain(' 3 |   "targets": ["x86_64", "vax"],\n   |                         ^^^^^\n');
    // "outptu" is unknown, so the output is the default one; nothing is written there either.
    expect(run.stderr).toMatch(/7 errors, 0 warnings\ncdl: nothing written to \S*generated\n$/);
    expect(fs.readdirSync(dir).sort()).toEqual(['cdl.config.json', 'specs']);
  });

  it('refuses a key given twice, which JSON.parse would silently resolve to the last', async () => {
    fs.writeFileSync(configFile, '{"specs": ["specs"], "output": "out", "output": "elsewhere"}');
    const run = await gen();
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${configFile}:1:39: error: "output" is given twice`);
    expect(fs.existsSync(path.join(dir, 'elsewhere'))).toBe(false);
  });

  it('refuses a path with a NUL character, which the file system cannot take', async () => {
    fs.writeFileSync(configFile, '{"specs": ["specs", "sp\\u0000ecs"], "output": "o\\u0000ut"}');
    const run = await gen();
    expect(run.code).toBe(1);
    expect(run.stderr.split('\n').filter((l) => l.includes(': error: '))).toEqual([
      `${configFile}:1:21: error: a path cannot contain a NUL character`,
      `${configFile}:1:47: error: a path cannot contain a NUL character`,
    ]);
  });

  it('refuses empty lists, which would generate nothing and remove every earlier output', async () => {
    expect((await gen()).code).toBe(0);
    const before = snapshot(out);
    fs.writeFileSync(configFile, '{ "specs": ["specs"], "targets": [], "configs": [], "output": "out", "emitters": [] }');
    const run = await gen();
    expect(run.code).toBe(1);
    expect(run.stderr.split('\n').filter((l) => l.includes(': error: '))).toEqual([
      `${configFile}:1:34: error: "targets" is empty: name targets, or leave "targets" out for every target`,
      `${configFile}:1:49: error: "configs" is empty: name configurations (null is the default one), or leave "configs" out`,
      `${configFile}:1:82: error: "emitters" is empty: name emitters, or leave "emitters" out for layout-json`,
    ]);
    expect(snapshot(out)).toEqual(before);
  });

  it('reports a configuration that is not JSON at the place it stops being JSON', async () => {
    fs.writeFileSync(configFile, '{\n  "specs": ["specs"],\n  "targets": ["x86_64",]\n}\n');
    const run = await gen();
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      [
        `${configFile}:3:23: error: a trailing comma is not allowed in JSON`,
        ' 3 |   "targets": ["x86_64",]',
        '   |                       ^',
        '1 error, 0 warnings',
        'cdl: nothing written',
        '',
      ].join('\n'),
    );

    fs.rmSync(configFile);
    const missing = await gen();
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(`${configFile}:1:1: error: cannot read '${configFile}': no such file\n1 error, 0 warnings\ncdl: nothing written\n`);
  });

  it('has generated TypeScript import the runtime from the package, or from the copy "runtime" names', async () => {
    const tsConfig = (runtime?: string) =>
      fs.writeFileSync(configFile, JSON.stringify({ specs: ['specs'], targets: ['x86_64'], output: 'out', emitters: ['ts'], runtime }));
    const runtimeImports = () =>
      ['ts/demo.ts', 'ts/x86_64/demo.ts'].map((f) => fs.readFileSync(path.join(out, f), 'utf8').match(/^} from '([^']*runtime[^']*)';$|^import .* from '([^']*runtime[^']*)';$/m)?.slice(1).find(Boolean));

    tsConfig();
    expect((await gen()).code).toBe(0);
    expect(runtimeImports()).toEqual(['@cdl-lang/runtime', '@cdl-lang/runtime']);

    // A copy, named by its TypeScript source: imported as ES modules import it, by its .js name,
    // relative to each file (and not to where cdl runs: the tests run elsewhere).
    const copy = path.join(dir, 'vendor', 'cdl-runtime');
    fs.mkdirSync(copy, { recursive: true });
    fs.writeFileSync(path.join(copy, 'index.ts'), 'export {};\n');
    tsConfig('./vendor/cdl-runtime/index.ts');
    expect((await gen()).code).toBe(0);
    expect(runtimeImports()).toEqual(['../../vendor/cdl-runtime/index.js', '../../../vendor/cdl-runtime/index.js']);
  });

  it('reports a "runtime" that generated code could not import, at its value', async () => {
    fs.mkdirSync(path.join(dir, 'vendor', 'rt'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'vendor', 'rt', 'README.md'), '');
    const cases: [unknown, string][] = [
      [3, '"runtime" must be a string: a package such as "@cdl-lang/runtime", or the path of the runtime\'s index module'],
      ['cdl runtime', '"runtime" must name a package such as "@cdl-lang/runtime", or a path starting with ./ or ../'],
      ["cdl/run'time", '"runtime" must name a package such as "@cdl-lang/runtime", or a path starting with ./ or ../'],
      ['./vendor/rt/', '"runtime" names a directory: name its index module, such as "./vendor/rt/index.js"'],
      ['./vendor/rt/README.md', '"runtime" must name the runtime\'s index module, a .js or .ts file'],
      ['./vendor/nope/index.js', `no runtime at ${path.relative(process.cwd(), path.join(dir, 'vendor/nope/index.js'))}: copy CDL's runtime/ there, or name the package "@cdl-lang/runtime"`],
    ];
    for (const [runtime, message] of cases) {
      const text = `{"specs": ["specs"], "output": "out", "emitters": ["ts"], "runtime": ${JSON.stringify(runtime)}}`;
      fs.writeFileSync(configFile, text);
      const run = await gen();
      expect(run.code, String(runtime)).toBe(1);
      expect(run.stderr.split('\n').filter((l) => l.includes(': error: '))).toEqual([`${configFile}:1:${text.lastIndexOf(':') + 3}: error: ${message}`]);
      expect(fs.existsSync(out)).toBe(false);
    }
  });

  it('meets any mangled configuration with positioned errors, never a crash', async () => {
    const good = `${JSON.stringify({ specs: ['specs'], targets: ['x86_64'], configs: [null], output: 'out', emitters: ['layout-json'] }, null, 2)}\n`;
    // Half of the edits land just inside a string: a key, a path, a target's name.
    const edits = fc.tuple(fc.nat(), fc.boolean(), fc.nat({ max: 3 }), fc.oneof(fc.constantFrom(...',:[]{}"0n\n', '\\u0000', '/..'), fc.string({ maxLength: 3 })));
    await fc.assert(
      fc.asyncProperty(fc.array(edits, { minLength: 1, maxLength: 3 }), async (list) => {
        let text = good;
        for (const [at, inString, cut, insert] of list) {
          const quotes = [...text.matchAll(/"/g)].map((m) => m.index + 1);
          const i = inString && quotes.length > 0 ? quotes[at % quotes.length]! : at % (text.length + 1);
          text = text.slice(0, i) + insert + text.slice(i + cut);
        }
        fs.writeFileSync(configFile, text);
        const run = await gen();
        expect([0, 1]).toContain(run.code);
        expect(run.stderr).not.toMatch(STACK_LINE);
        if (run.code === 1) {
          expect(run.stderr).toMatch(/: error: /);
          for (const l of run.stderr.split('\n').filter((l) => l.includes(': error: '))) expect(l).toMatch(/^\S+:\d+:\d+: error: /);
        }
      }),
      { numRuns: 100 },
    );
  });
});
