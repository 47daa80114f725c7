/**
 * The compilers on the output of fuzzed specs. tests/fuzz checks that every emitter renders
 * any spec the compiler accepts; this checks that what it renders compiles. Seeded edits
 * (tests/helpers/mutate.ts) of the keyword-laden toolchain specs and of dsl/ give specs the
 * hand-written ones do not: fields moved between structs, types swapped, arrays and packing
 * added; the layout oracle's random specs (tests/oracle/random-structs.ts) add nesting,
 * `align(N)`, `packed`, explicit offsets and aliases. For a fixed number of accepted mutants
 * and two random spec sets, on x86_64 and ppc32 (big-endian, 32-bit) in both configurations
 * (but for the toolchain specs, which declare none), the TypeScript accessors and constants
 * must pass tsc as strictly as generated/ts; every C header the target's gcc -Wall -Wextra
 * -Werror, with the reference's numbers and layouts asserted; every `.inc` the target's
 * assembler, with every `.equ` checked; and every Rust crate rustc -D warnings (on the host:
 * the layout assertions are the target's own).
 *
 * `CDL_FUZZ_SEED` and `CDL_OUTPUT_FUZZ_COUNT` change the run; a failure names the mutant's
 * directory (kept with CDL_KEEP_TOOLCHAIN_OUTPUT=1) and the file that was edited.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GeneratedFile } from '../../generator/emitters/emitter.js';
import type * as ir from '../../generator/ir.js';
import { emitters } from '../../generator/emitters/registry.js';
import { layoutDir } from '../../generator/emitters/common/numbers.js';
import { compileSources } from '../helpers/compile.js';
import { mutate, specsBelow } from '../helpers/mutate.js';
import { mulberry32 } from '../helpers/random.js';
import { runtimeFor } from '../helpers/runtime.js';
import { generateRandomSpecs } from '../oracle/random-structs.js';
import { candidateNames, findToolchain } from '../oracle/toolchains.js';
import { asmCheckUnit, cCheckUnit } from './programs.js';
import { findRustc, skipFor } from './tools.js';
import { collect } from '../../generator/emitters/emitter.js';

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '../..');
const SEED = Number(process.env.CDL_FUZZ_SEED ?? 0xcd1f0033);
const COUNT = Number(process.env.CDL_OUTPUT_FUZZ_COUNT ?? 12);
const TIMEOUT = 240_000;
const TARGETS = ['x86_64', 'ppc32'];

// The toolchain specs declare no configuration: they are compiled in the default one only.
const SEEDS = [
  { name: 'toolchain specs', files: Object.fromEntries(specsBelow(join(ROOT, 'tests/toolchains/specs'))), entries: ['match.cdl', 'int2.cdl'], configs: [null] },
  { name: 'dsl', files: Object.fromEntries(specsBelow(join(ROOT, 'dsl'))), entries: null, configs: [null, 'kernel'] },
];

/** A directory of output, and what it came from (for failure messages). */
interface Output {
  readonly dir: string;
  readonly layouts: readonly ir.Layout[];
  /** `dsl: x86/paging.cdl edited`, `random specs, seed 1`. */
  readonly from: string;
}

const RANDOM_SEEDS = [1, 2];

let OUT = '';
const MUTANTS: Output[] = [];
/** The mutants and the random spec sets. */
const GENERATED: Output[] = [];

function write(dir: string, files: readonly GeneratedFile[]): void {
  for (const f of files) {
    mkdirSync(dirname(join(dir, f.path)), { recursive: true });
    writeFileSync(join(dir, f.path), f.contents);
  }
}

beforeAll(async () => {
  OUT = mkdtempSync(join(tmpdir(), 'cdl-fuzzed-output-'));
  writeFileSync(join(OUT, 'package.json'), '{ "type": "module" }\n');
  const random = mulberry32(SEED);
  const seen = new Set<string>();
  // Each seed gets its share: edits of dsl/ are accepted less often than those of the small
  // toolchain specs (more of its files are instruction patterns, which most edits break), and
  // taking mutants as they come could fill the count from one seed alone.
  const share = new Map(SEEDS.map((s, i) => [s, Math.ceil((COUNT - i) / SEEDS.length)]));
  for (let tries = 0; MUTANTS.length < COUNT && tries < COUNT * 400; tries++) {
    const seed = SEEDS[tries % SEEDS.length];
    if (share.get(seed)! === 0) continue;
    const names = Object.keys(seed.files);
    const victim = names[Math.floor(random() * names.length)];
    const text = mutate(seed.files[victim], random, 2);
    if (text === seed.files[victim] || seen.has(text)) continue;
    seen.add(text);
    const files = { ...seed.files, [victim]: text };
    const result = compileSources(files, { entries: seed.entries ?? names, targets: TARGETS, configs: seed.configs });
    if (!result.ok) continue;
    const dir = join(OUT, `m${MUTANTS.length}`);
    await emitAll(dir, result.layouts, victim);
    writeFileSync(join(dir, 'mutant.cdl'), `// ${victim}, edited:\n${text}`);
    MUTANTS.push({ dir, layouts: result.layouts, from: `${seed.name}: ${victim} edited` });
    share.set(seed, share.get(seed)! - 1);
  }
  for (const seed of RANDOM_SEEDS) {
    const specs = generateRandomSpecs({ seed, files: 3, structsPerFile: 6 });
    const sources = Object.fromEntries(specs.sources);
    const result = compileSources(sources, { entries: specs.files.map((f) => f.path), targets: TARGETS, configs: [null, 'kernel'] });
    expect(result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), `random specs, seed ${seed}`).toEqual([]);
    const dir = join(OUT, `random${seed}`);
    await emitAll(dir, result.layouts, `random specs, seed ${seed}`);
    GENERATED.push({ dir, layouts: result.layouts, from: `random specs, seed ${seed}` });
  }
  GENERATED.push(...MUTANTS);
}, TIMEOUT);

/** What `cdl gen` would write for these layouts (TypeScript importing this runtime/). */
async function emitAll(dir: string, layouts: readonly ir.Layout[], spec: string): Promise<void> {
  const input = { layouts, specs: [spec], runtime: runtimeFor(dir) };
  for (const name of ['ts', 'c', 'asm', 'rust', 'ts-constants']) write(dir, await collect(emitters.get(name)!.emit(input)));
}

afterAll(() => {
  if (OUT && !process.env.CDL_KEEP_TOOLCHAIN_OUTPUT) rmSync(OUT, { recursive: true, force: true });
});

/** The directories below `dir` that hold files ending in `ext`. */
function dirsWith(dir: string, ext: string): string[] {
  const files = readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith(ext));
  return [...new Set(files.map((f) => join(dir, dirname(f))))].sort();
}

// Freestanding, as a kernel includes them (and riscv32 has no C library to be hosted by).
const C_FLAGS = ['-std=c11', '-Wall', '-Wextra', '-Werror', '-ffreestanding'];

/** Each target's gcc, by target name. */
function gccsOrSkip(ctx: Parameters<typeof skipFor>[0]): Map<string, readonly string[]> {
  return new Map(
    TARGETS.map((target) => {
      const gcc = findToolchain(target);
      if (!gcc) skipFor(ctx, `no C compiler for ${target} (tried ${candidateNames(target)})`);
      return [target, gcc.argv] as const;
    }),
  );
}

/** A command to run on one output: `what` it checks, in the output made `from` what. */
interface Run {
  readonly argv: readonly string[];
  readonly what: string;
  readonly from: string;
}

/**
 * For every layout of every output, a checking program (C or assembler) over the output's
 * `kind` directory (c/, asm/), written next to it, and the command that builds it.
 */
function checkUnits(kind: 'c' | 'asm', text: (l: ir.Layout, dir: string) => string, argv: (file: string, l: ir.Layout) => readonly string[]): Run[] {
  return GENERATED.flatMap((m) =>
    m.layouts.map((l) => {
      const file = join(m.dir, `check-${layoutDir(l)}.${kind === 'c' ? 'c' : 'S'}`);
      writeFileSync(file, text(l, join(m.dir, kind, layoutDir(l))));
      return { argv: argv(file, l), what: file, from: m.from };
    }),
  );
}

/** The runs that failed, each with what the compiler said. */
function failuresOf(runs: readonly Run[]): string[] {
  const failures: string[] = [];
  for (const r of runs) {
    const run = spawnSync(r.argv[0], r.argv.slice(1), { encoding: 'utf8' });
    if (run.status !== 0) failures.push(`${relative(OUT, r.what)} (${r.from}):\n${(run.stderr || String(run.error)).slice(0, 2000)}`);
  }
  return failures;
}

describe(`the output of ${COUNT} fuzzed specs (seed ${SEED}) and of random specs`, () => {
  it('has as many accepted mutants as asked for, edits of each seed among them', () => {
    expect(MUTANTS.length).toBe(COUNT);
    for (const seed of SEEDS) expect(MUTANTS.some((m) => m.from.startsWith(`${seed.name}:`)), seed.name).toBe(true);
  });

  it('type-checks: TypeScript accessors and constants', () => {
    const config = { extends: join(ROOT, 'tests/ts/tsconfig.generated.json'), include: [OUT, join(ROOT, 'runtime')] };
    writeFileSync(join(OUT, 'tsconfig.json'), JSON.stringify(config));
    const run = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(OUT, 'tsconfig.json')], { encoding: 'utf8' });
    expect(run.stdout + run.stderr).toBe('');
  }, TIMEOUT);

  it('compiles: C headers with -Wall -Wextra -Werror', (ctx) => {
    const gcc = gccsOrSkip(ctx);
    const runs = GENERATED.flatMap((m) =>
      m.layouts.flatMap((l) => {
        const dir = join(m.dir, 'c', layoutDir(l));
        return readdirSync(dir)
          .filter((f) => f.endsWith('.h'))
          .map((h) => ({ argv: [...gcc.get(l.target.name)!, ...C_FLAGS, '-fsyntax-only', '-x', 'c', join(dir, h)], what: join(dir, h), from: m.from }));
      }),
    );
    expect(failuresOf(runs)).toEqual([]);
  }, TIMEOUT);

  it('C headers hold every number and layout the reference gives (_Static_assert)', (ctx) => {
    const gcc = gccsOrSkip(ctx);
    const runs = checkUnits('c', (l, dir) => cCheckUnit(l, dir).text, (file, l) => [...gcc.get(l.target.name)!, ...C_FLAGS, '-fsyntax-only', file]);
    expect(failuresOf(runs)).toEqual([]);
  }, TIMEOUT);

  it('GNU as includes assemble, and every .equ has its value', (ctx) => {
    const gcc = gccsOrSkip(ctx);
    const runs = checkUnits('asm', (l, dir) => asmCheckUnit(l, dir).text, (file, l) => [...gcc.get(l.target.name)!, '-c', '-o', `${file}.o`, file]);
    expect(failuresOf(runs)).toEqual([]);
  }, TIMEOUT);

  it('compiles: Rust crates with -D warnings', (ctx) => {
    const rustc = findRustc();
    if (!rustc) skipFor(ctx, 'no rustc on PATH or in ~/.cargo/bin');
    const runs = GENERATED.flatMap((m) =>
      dirsWith(join(m.dir, 'rust'), 'lib.rs').map((dir) => ({
        argv: [rustc, '--edition', '2021', '--crate-type', 'lib', '-D', 'warnings', '--emit', 'metadata', '-o', join(dir, 'lib.rmeta'), join(dir, 'lib.rs')],
        what: dir,
        from: m.from,
      })),
    );
    expect(failuresOf(runs)).toEqual([]);
  }, TIMEOUT);
});
