/**
 * The compilers on the output of specs whose every name and path is hostile to some output
 * language (tests/helpers/hostile-specs.ts): reserved words and library names of C, Rust and
 * TypeScript, names the outputs spell themselves, file names the outputs write, case twins;
 * spec paths and doc comments that end comments and strings. For each seeded spec set, on
 * x86_64, on ppc32 (big-endian, 32-bit) and on a target the specs declare, in the default
 * configuration and one the specs declare:
 *
 * - the TypeScript accessors and constants pass tsc as strictly as generated/ts;
 * - every C header compiles with -Wall -Wextra -Werror found by `#include <name.h>` through
 *   `-I` (as a kernel includes it), after every C11 standard header and before them, so that no
 *   name meets a library macro or declaration and no file shadows a standard header;
 * - every `.inc` assembles; every Rust crate passes rustc -D warnings (on the host);
 * - no two output files differ only in case.
 *
 * `CDL_HOSTILE_SEED` and `CDL_HOSTILE_COUNT` change the run; a failure names the spec set's
 * directory (kept with CDL_KEEP_TOOLCHAIN_OUTPUT=1), which holds its specs.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layoutDir } from '../../generator/emitters/common/numbers.js';
import { collect, type GeneratedFile } from '../../generator/emitters/emitter.js';
import { emitters } from '../../generator/emitters/registry.js';
import type * as ir from '../../generator/ir.js';
import { compileSources, messages } from '../helpers/compile.js';
import { hostileSpecs } from '../helpers/hostile-specs.js';
import { mulberry32 } from '../helpers/random.js';
import { runtimeFor } from '../helpers/runtime.js';
import { candidateNames, findToolchain } from '../oracle/toolchains.js';
import { INCLUDE_ALL } from './c-library-names.js';
import { findRustc, skipFor } from './tools.js';

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '../..');
const SEED = Number(process.env.CDL_HOSTILE_SEED ?? 0x5eed0017);
const COUNT = Number(process.env.CDL_HOSTILE_COUNT ?? 8);
const TIMEOUT = 240_000;
const BUILTIN = ['x86_64', 'ppc32'];

interface Output {
  readonly dir: string;
  readonly layouts: readonly ir.Layout[];
  readonly files: readonly GeneratedFile[];
  readonly from: string;
}

let OUT = '';
const OUTPUTS: Output[] = [];
const REJECTED: string[] = [];

beforeAll(async () => {
  OUT = mkdtempSync(join(tmpdir(), 'cdl-hostile-names-'));
  writeFileSync(join(OUT, 'package.json'), '{ "type": "module" }\n');
  for (let i = 0; i < COUNT; i++) {
    const specs = hostileSpecs({ seed: mulberry32(SEED + i) });
    const dir = join(OUT, `set${i}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'specs.json'), JSON.stringify(specs, null, 2));
    const entries = Object.keys(specs.sources);
    const result = compileSources(specs.sources, { entries, targets: [...BUILTIN, specs.target], configs: [null, specs.config] });
    if (!result.ok) {
      REJECTED.push(`set${i}:\n${messages(result, 'error').join('\n')}`);
      continue;
    }
    const input = { layouts: result.layouts, specs: entries, runtime: runtimeFor(dir) };
    const files: GeneratedFile[] = [];
    for (const name of ['ts', 'c', 'asm', 'rust', 'ts-constants', 'layout-json']) files.push(...(await collect(emitters.get(name)!.emit(input))));
    for (const f of files) {
      mkdirSync(dirname(join(dir, f.path)), { recursive: true });
      writeFileSync(join(dir, f.path), f.contents);
    }
    OUTPUTS.push({ dir, layouts: result.layouts, files, from: `set${i} (seed ${SEED + i})` });
  }
}, TIMEOUT);

afterAll(() => {
  if (OUT && !process.env.CDL_KEEP_TOOLCHAIN_OUTPUT) rmSync(OUT, { recursive: true, force: true });
});

/** A command to run, and what it checks. */
interface Run {
  readonly argv: readonly string[];
  readonly what: string;
  readonly input?: string;
}

function failuresOf(runs: readonly Run[]): string[] {
  const failures: string[] = [];
  for (const r of runs) {
    const run = spawnSync(r.argv[0], r.argv.slice(1), { encoding: 'utf8', input: r.input });
    if (run.status !== 0) failures.push(`${r.what}:\n${(run.stderr || run.stdout || String(run.error)).slice(0, 3000)}`);
  }
  return failures;
}

/** The gcc that compiles a layout's output: its own, or x86_64's for the declared target (x86_64's data model). */
function gccFor(layout: ir.Layout, ctx: Parameters<typeof skipFor>[0]): readonly string[] {
  const target = BUILTIN.includes(layout.target.name) ? layout.target.name : 'x86_64';
  const gcc = findToolchain(target);
  if (!gcc) skipFor(ctx, `no C compiler for ${target} (tried ${candidateNames(target)})`);
  return gcc.argv;
}

describe(`the output of ${COUNT} spec sets of hostile names (seed ${SEED})`, () => {
  it('every spec set is accepted', () => {
    expect(REJECTED).toEqual([]);
    expect(OUTPUTS.length).toBe(COUNT);
  });

  it('no two files differ only in case', () => {
    for (const o of OUTPUTS) {
      const seen = new Map<string, string>();
      for (const f of o.files) {
        const key = f.path.toLowerCase();
        expect(seen.get(key), `${o.from}: ${f.path}`).toBeUndefined();
        seen.set(key, f.path);
      }
    }
  });

  it('type-checks: TypeScript accessors and constants', () => {
    const config = { extends: join(ROOT, 'tests/ts/tsconfig.generated.json'), include: [OUT, join(ROOT, 'runtime')] };
    writeFileSync(join(OUT, 'tsconfig.json'), JSON.stringify(config));
    const run = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(OUT, 'tsconfig.json')], { encoding: 'utf8' });
    expect(run.stdout + run.stderr).toBe('');
  }, TIMEOUT);

  it('compiles: every C header after and before every C11 standard header, with -Wall -Wextra -Werror', (ctx) => {
    const runs: Run[] = [];
    for (const o of OUTPUTS) {
      for (const l of o.layouts) {
        const gcc = gccFor(l, ctx);
        const dir = join(o.dir, 'c', layoutDir(l));
        // riscv32 aside, every target here has a C library: hosted, as a tool includes it.
        const flags = ['-std=c11', '-Wall', '-Wextra', '-Werror', '-fsyntax-only', '-DCDL_ASSERT(c)=((void)(c))', '-I', dir, '-x', 'c', '-'];
        for (const h of readdirSync(dir).filter((f) => f.endsWith('.h'))) {
          const include = `#include <${h}>\n`;
          runs.push({ argv: [...gcc, ...flags], input: INCLUDE_ALL + include, what: `${o.from}: ${relative(OUT, join(dir, h))} after the standard headers` });
          runs.push({ argv: [...gcc, ...flags], input: include + INCLUDE_ALL, what: `${o.from}: ${relative(OUT, join(dir, h))} before the standard headers` });
        }
      }
    }
    expect(failuresOf(runs)).toEqual([]);
  }, TIMEOUT);

  it('assembles: every GNU as include', (ctx) => {
    const runs: Run[] = [];
    for (const o of OUTPUTS) {
      for (const l of o.layouts) {
        const gcc = gccFor(l, ctx);
        const dir = join(o.dir, 'asm', layoutDir(l));
        const file = join(o.dir, `all-${basename(dir)}.S`);
        writeFileSync(file, readdirSync(dir).filter((f) => f.endsWith('.inc')).map((f) => `.include "${f}"\n`).join(''));
        runs.push({ argv: [...gcc, '-c', '-I', dir, '-Wa,-I', `-Wa,${dir}`, '-o', `${file}.o`, file], what: `${o.from}: ${relative(OUT, dir)}` });
      }
    }
    expect(failuresOf(runs)).toEqual([]);
  }, TIMEOUT);

  it('compiles: Rust crates with -D warnings', (ctx) => {
    const rustc = findRustc();
    if (!rustc) skipFor(ctx, 'no rustc on PATH or in ~/.cargo/bin');
    const runs: Run[] = [];
    for (const o of OUTPUTS) {
      const libs = readdirSync(join(o.dir, 'rust'), { recursive: true }).map(String).filter((f) => basename(f) === 'lib.rs');
      for (const lib of libs) {
        const dir = join(o.dir, 'rust', dirname(lib));
        runs.push({
          argv: [rustc, '--edition', '2021', '--crate-type', 'lib', '-D', 'warnings', '--emit', 'metadata', '-o', join(dir, 'lib.rmeta'), join(dir, 'lib.rs')],
          what: `${o.from}: ${relative(OUT, dir)}`,
        });
      }
    }
    expect(failuresOf(runs)).toEqual([]);
  }, TIMEOUT);
});
