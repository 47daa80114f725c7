/**
 * asm-offsets for every target, proven by the targets' own toolchains. For each built-in
 * target, over the dsl/ specs plus the keyword-laden specs in tests/toolchains/specs/, in the
 * default and `kernel` configurations:
 *
 *   1. every generated C header compiles with the target's gcc (-std=c11 -Wall -Wextra
 *      -Werror -ffreestanding), and _Static_asserts confirm that sizeof, _Alignof and offsetof
 *      equal the #defines, that every #define has the reference's value, and that masks and
 *      typed constants have the C type their suffix promises;
 *   2. every GNU as include assembles (`gcc -c x.S`) and each .equ has the reference's value;
 *   3. a C program using the generated accessors on the random corpus (reference.ts) runs
 *      natively or under qemu-user and prints exactly what the reference computes, which is
 *      also what the generated TypeScript accessors and (on the host) the Rust ones compute;
 *   4. the Rust crate compiles on the host with -D warnings, and where rustc has the target,
 *      offset_of!/size_of const assertions (values from the IR) hold for its mirrors;
 *   5. the TypeScript constants type-check and carry the reference's values.
 *
 * One gcc invocation per target per step. A missing tool skips its test with a printed
 * reason, or fails it under CDL_REQUIRE_TOOLCHAINS=1.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../generator/compile.js';
import { planConstants } from '../../generator/emitters/common/numbers.js';
import { planCNames, emitCHeaders } from '../../generator/emitters/c/header.js';
import { renderTsConstants, tsIsBig } from '../../generator/emitters/ts-constants/constants.js';
import { renderAsmIncludes } from '../../generator/emitters/asm/offsets.js';
import { emitRustCrates } from '../../generator/emitters/rust/module.js';
import { planRustNames } from '../../generator/emitters/rust/names.js';
import { bitsModel } from '../../generator/emitters/ts/bits-model.js';
import { createTsEmitter, tsEmitter } from '../../generator/emitters/ts/index.js';
import { NamespacePlan as TsNamespacePlan } from '../../generator/emitters/ts/module.js';
import { collect, type GeneratedFile } from '../../generator/emitters/emitter.js';
import type * as ir from '../../generator/ir.js';
import { formatDiagnostic } from '../../grammar/diagnostics.js';
import { runtimeFor } from '../helpers/runtime.js';
import { BUILTIN_TARGETS, candidateNames, findToolchain } from '../oracle/toolchains.js';
import { asmCheckUnit, cCheckUnit, cCorpusProgram, rustCorpusProgram, rustLayoutCrate } from './programs.js';
import { cOrder, cWholeProgram, refValid, rustWholeExpected, rustWholeProgram, wholeCorpus } from './whole.js';
import { rustModulePath } from './programs.js';
import { corpus, expectedValue, fmtValue, fmtWords, reduce, refFields, Rng, SAMPLES } from './reference.js';
import { findRustc, firstDifferences, missingLibc, mustRun, runForTarget, RUST_TRIPLES, rustTargetInstalled, skipFor } from './tools.js';

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '../..');
const TIMEOUT = 240_000;

function dslFiles(): string[] {
  return readdirSync(join(ROOT, 'dsl'), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.cdl'))
    .sort()
    .map((f) => join('dsl', f).split('\\').join('/'));
}

// int2.cdl imports the rest: match.cdl and aliases.cdl.
const SPECS = [...dslFiles(), 'tests/toolchains/specs/match.cdl', 'tests/toolchains/specs/int2.cdl'];
const CONFIGS = [null, 'kernel'] as const;

function compileAll(): readonly ir.Layout[] {
  const result = compile({ files: SPECS.map((f) => join(ROOT, f)), targets: BUILTIN_TARGETS, configs: [...CONFIGS] });
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(errors.map((d) => formatDiagnostic(d, result.sources)).join('\n\n'));
  return result.layouts;
}

const LAYOUTS = compileAll();
const layoutsOf = (target: string): readonly ir.Layout[] => LAYOUTS.filter((l) => l.target.name === target);
const dirOf = (l: ir.Layout): string => (l.config ? `${l.target.name}-${l.config}` : l.target.name);

let OUT = '';
/**
 * The reference corpus of each target's default configuration: bit layouts are the same on
 * every target but for c_bitfields ones, which follow the target's byte order.
 */
const CORPORA = new Map<string, string>();
const defaultLayout = (target: string): ir.Layout => layoutsOf(target).find((l) => l.config === null)!;
const corpusOf = (target: string): string => {
  let text = CORPORA.get(target);
  if (text === undefined) CORPORA.set(target, (text = corpus(defaultLayout(target))));
  return text;
};
/** The whole-value corpus (whole.ts) of each target: samples by layout qname, and the lines to expect. */
const WHOLES = new Map<string, ReturnType<typeof wholeCorpus>>();
const wholeOf = (target: string): ReturnType<typeof wholeCorpus> => {
  let whole = WHOLES.get(target);
  if (whole === undefined) {
    const layout = defaultLayout(target);
    WHOLES.set(target, (whole = wholeCorpus(layout, cOrder(planCNames(layout)))));
  }
  return whole;
};

function writeFiles(files: readonly GeneratedFile[]): void {
  for (const f of files) {
    const path = join(OUT, f.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, f.contents);
  }
}

beforeAll(() => {
  OUT = mkdtempSync(join(tmpdir(), 'cdl-toolchains-'));
  // As `cdl gen` writes them: a configuration's header or module laid out as in the default
  // configuration is the default's file, reached by a relative path.
  writeFiles([...emitCHeaders(LAYOUTS, SPECS), ...emitRustCrates(LAYOUTS, SPECS)]);
  for (const l of LAYOUTS) writeFiles([...renderAsmIncludes(l, SPECS), ...renderTsConstants(l, SPECS)]);
});

afterAll(() => {
  if (OUT && !process.env.CDL_KEEP_TOOLCHAIN_OUTPUT) rmSync(OUT, { recursive: true, force: true });
});

function gccOrSkip(target: string, ctx: Parameters<typeof skipFor>[0]): readonly string[] {
  const tc = findToolchain(target);
  if (!tc) skipFor(ctx, `no C compiler for ${target} (tried ${candidateNames(target)})`);
  return tc.argv;
}

function rustcOrSkip(ctx: Parameters<typeof skipFor>[0]): string {
  const rustc = findRustc();
  if (!rustc) skipFor(ctx, 'no rustc on PATH or in ~/.cargo/bin');
  return rustc;
}

const WARNINGS = ['-std=c11', '-Wall', '-Wextra', '-Werror'];

describe('the toolchain test corpus', () => {
  it('covers every kind of bit field, and at least 1,000 random words', () => {
    const fields = LAYOUTS[0].bits.flatMap((b) => refFields(b).map((f) => f.field));
    expect(fields.some((f) => f.ranges.length > 1 && f.signed)).toBe(true);
    expect(fields.some((f) => f.shift > 0 && f.signed)).toBe(true);
    expect(fields.some((f) => f.type.kind === 'enum' && f.signed)).toBe(true);
    expect(LAYOUTS[0].bits.some((b) => b.words > 1)).toBe(true);
    expect(LAYOUTS[0].bits.length * SAMPLES).toBeGreaterThanOrEqual(1000);
    expect(corpusOf(LAYOUTS[0].target.name).split('\n').length - 1).toBe(LAYOUTS[0].bits.length * SAMPLES);
  });

  it('is the same for every target of one byte order (only c_bitfields layouts follow it)', () => {
    const shape = (l: ir.Layout): string => JSON.stringify(l.bits.map((b) => [b.qname, refFields(b).map((f) => [f.field.ranges, f.field.shift, f.field.signed])]));
    const first = (endian: ir.Endian) => LAYOUTS.find((l) => l.target.endian === endian)!;
    for (const l of LAYOUTS) expect(shape(l)).toBe(shape(first(l.target.endian)));
    const plain = (l: ir.Layout): string => shape({ ...l, bits: l.bits.filter((b) => b.cBitfields === null) });
    for (const l of LAYOUTS) expect(plain(l)).toBe(plain(LAYOUTS[0]));
    expect(shape(first('big'))).not.toBe(shape(first('little')));
  });

  it('gives the generated TypeScript accessors the reference results', async () => {
    const tsOut = join(OUT, 'ts-accessors');
    const layout = LAYOUTS[0];
    const files = await collect(createTsEmitter({ format: false }).emit({ layouts: [layout], specs: SPECS, runtime: runtimeFor(tsOut) }));
    for (const f of files) {
      mkdirSync(dirname(join(tsOut, f.path)), { recursive: true });
      writeFileSync(join(tsOut, f.path), f.contents);
    }
    const modules = new Map<string, Record<string, Record<string, (...args: unknown[]) => unknown>>>();
    // The target's module: it re-exports the target-independent companions and has its own
    // for c_bitfields layouts.
    for (const ns of new Set(layout.bits.map((b) => b.namespace))) {
      modules.set(ns, await import(/* @vite-ignore */ join(tsOut, 'ts', dirOf(layout).replace('-', '.'), `${ns}.ts`)));
    }
    expect(tsCorpus(layout, modules)).toBe(corpusOf(layout.target.name));
  }, TIMEOUT);
});

/** The corpus computed with the `ts` emitter's companion objects (getters and setters). */
function tsCorpus(layout: ir.Layout, modules: Map<string, Record<string, Record<string, (...args: unknown[]) => unknown>>>): string {
  const rng = new Rng();
  const lines: string[] = [];
  const plans = new Map<string, TsNamespacePlan>();
  for (const b of layout.bits) {
    const model = bitsModel(b, layout);
    if (!plans.has(b.namespace)) {
      plans.set(b.namespace, new TsNamespacePlan(b.namespace, layout.decls.filter((d) => d.namespace === b.namespace), layout.aliases.filter((a) => a.namespace === b.namespace)));
    }
    const C = modules.get(b.namespace)![plans.get(b.namespace)!.names.get(b.qname)!.base];
    if (!C) throw new Error(`generated TypeScript has no companion ${b.qname}`);
    const n = Math.ceil(b.width / 32);
    const chunksOf = (words: readonly bigint[]): number[] => {
      const all = words.reduce((acc, w, k) => acc | (w << BigInt(k * b.wordBits)), 0n);
      return Array.from({ length: n }, (_, k) => Number((all >> BigInt(32 * k)) & 0xffff_ffffn));
    };
    const wordsOf = (chunks: readonly number[]): bigint[] => {
      const all = chunks.reduce((acc, c, k) => acc | (BigInt(c >>> 0) << BigInt(32 * k)), 0n);
      return Array.from({ length: b.words }, (_, k) => (all >> BigInt(k * b.wordBits)) & ((1n << BigInt(b.wordBits)) - 1n));
    };
    const call = (fn: (...args: unknown[]) => unknown, chunks: number[]): unknown => (n === 1 ? fn(chunks[0]) : n <= 4 ? fn(...chunks) : fn(chunks));
    const fields = refFields(b).map((rf) => model.slots.find((s) => s.field === rf.field)!);
    const wordMask = (1n << BigInt(b.wordBits)) - 1n;
    for (let s = 0; s < SAMPLES; s++) {
      const words = Array.from({ length: b.words }, () => rng.next() & wordMask);
      const chunks = chunksOf(words);
      const gets = fields.map((slot) => fmtValue(call(C[slot.accessor], chunks) as bigint | number | boolean));
      const sets = fields.map((slot) => {
        const f = slot.field;
        const v = reduce(rng.next(), f);
        const value = f.type.kind === 'bool' ? v !== 0n : f.valueWidth > 53 ? v : Number(v);
        const setter = C[model.api.setters.get(slot)!];
        if (n === 1) return fmtWords(wordsOf([setter(chunks[0], value) as number]));
        const copy = [...chunks];
        setter(copy, value);
        return fmtWords(wordsOf(copy));
      });
      lines.push(`${b.qname} ${fmtWords(words)} : ${gets.join(' ')} : ${sets.join(' ')}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

describe.each(BUILTIN_TARGETS)('toolchains: %s', (target) => {
  const layouts = layoutsOf(target);
  const work = (): string => {
    const dir = join(OUT, 'work', target);
    mkdirSync(dir, { recursive: true });
    return dir;
  };

  it('C headers compile with -Wall -Wextra -Werror, and gcc agrees with every #define', (ctx) => {
    const argv = gccOrSkip(target, ctx);
    const dir = work();
    const units = layouts.map((l) => {
      const unit = cCheckUnit(l, join(OUT, 'c', dirOf(l)));
      const file = `check-${dirOf(l)}.c`;
      writeFileSync(join(dir, file), unit.text);
      return { file, unit };
    });
    // One gcc run for both configurations: -c with several sources writes one object each.
    mustRun([...argv, ...WARNINGS, '-ffreestanding', '-O2', '-c', ...units.map((u) => u.file)], { cwd: dir, quiet: true, what: `${target} headers` });
    for (const { unit } of units) {
      expect(unit.numbers).toBeGreaterThan(500);
      expect(unit.layoutChecks).toBeGreaterThan(100);
    }
  }, TIMEOUT);

  it('GNU as includes assemble, and every .equ has its value', (ctx) => {
    const argv = gccOrSkip(target, ctx);
    const dir = work();
    const files = layouts.map((l) => {
      const file = `check-${dirOf(l)}.S`;
      writeFileSync(join(dir, file), asmCheckUnit(l, join(OUT, 'asm', dirOf(l))).text);
      return file;
    });
    mustRun([...argv, '-c', ...files], { cwd: dir, quiet: true, what: `${target} assembler includes` });
  }, TIMEOUT);

  it(`the C accessors give the reference results on ${SAMPLES} random words per bit layout`, (ctx) => {
    const argv = gccOrSkip(target, ctx);
    const dir = work();
    const layout = layouts.find((l) => l.config === null)!;
    writeFileSync(join(dir, 'corpus.c'), cCorpusProgram(layout, join(OUT, 'c', dirOf(layout))));
    // Debian has no rv32 C library: that program brings its own _start and system calls.
    const freestanding = target === 'riscv32';
    const link = freestanding ? ['-ffreestanding', '-nostdlib', '-static', '-Wl,--no-relax', '-DCDL_FREESTANDING'] : ['-static'];
    const libc = freestanding ? null : missingLibc(argv);
    if (libc) skipFor(ctx, libc);
    mustRun([...argv, ...WARNINGS, '-O2', ...link, '-o', 'corpus', 'corpus.c'], { cwd: dir, quiet: true, what: `${target} corpus program` });
    const run = runForTarget(target, join(dir, 'corpus'));
    if (run.kind === 'missing') skipFor(ctx, `cannot run ${target} programs: ${run.reason}`);
    if (run.kind === 'failed') expect.fail(`${target} corpus program failed: ${run.reason}`);
    const diff = firstDifferences(run.stdout, corpusOf(target));
    expect(diff, `${target} (${run.how}) disagrees with the reference`).toBe('');
  }, TIMEOUT);

  it('the C constructors, validators and tag checks give the reference results', (ctx) => {
    const argv = gccOrSkip(target, ctx);
    const dir = work();
    const layout = layouts.find((l) => l.config === null)!;
    writeFileSync(join(dir, 'whole.c'), cWholeProgram(layout, join(OUT, 'c', dirOf(layout)), wholeOf(target).samples));
    const freestanding = target === 'riscv32';
    const link = freestanding ? ['-ffreestanding', '-nostdlib', '-static', '-Wl,--no-relax', '-DCDL_FREESTANDING'] : ['-static'];
    const libc = freestanding ? null : missingLibc(argv);
    if (libc) skipFor(ctx, libc);
    mustRun([...argv, ...WARNINGS, '-O2', ...link, '-o', 'whole', 'whole.c'], { cwd: dir, quiet: true, what: `${target} whole-value program` });
    const run = runForTarget(target, join(dir, 'whole'));
    if (run.kind === 'missing') skipFor(ctx, `cannot run ${target} programs: ${run.reason}`);
    if (run.kind === 'failed') expect.fail(`${target} whole-value program failed: ${run.reason}`);
    expect(firstDifferences(run.stdout, wholeOf(target).expected), `${target} (${run.how}) disagrees with the reference`).toBe('');
  }, TIMEOUT);

  it('the Rust crates compile on the host with -D warnings', (ctx) => {
    const rustc = rustcOrSkip(ctx);
    const dir = work();
    for (const l of layouts) {
      mustRun([rustc, '--edition', '2021', '--crate-type', 'lib', '-D', 'warnings', '--emit=metadata', '--crate-name', 'cdl', '-o', join(dir, `${dirOf(l)}.rmeta`), join(OUT, 'rust', dirOf(l), 'lib.rs')], {
        what: `${dirOf(l)} Rust crate`,
      });
    }
  }, TIMEOUT);

  it("the Rust mirrors have the target's layout (offset_of!, size_of, align_of)", (ctx) => {
    const rustc = rustcOrSkip(ctx);
    const triple = RUST_TRIPLES[target];
    if (!rustTargetInstalled(rustc, triple)) {
      // Not a missing toolchain the CI must provide: rustup installs targets, and there may be no network.
      skipFor(ctx, `rustc has no standard library for ${triple} (\`rustup target add ${triple}\`)`, false);
    }
    const dir = work();
    for (const l of layouts) {
      const crate = rustLayoutCrate(l, join(OUT, 'rust', dirOf(l)));
      expect(crate.layoutChecks).toBeGreaterThan(100);
      const file = join(dir, `layout-${dirOf(l)}.rs`);
      writeFileSync(file, crate.text);
      mustRun([rustc, '--edition', '2021', '--crate-type', 'lib', '-D', 'warnings', '--emit=metadata', '--target', triple, '--crate-name', 'cdl_layout', '-o', join(dir, `layout-${dirOf(l)}.rmeta`), file], {
        what: `${dirOf(l)} Rust layout assertions`,
      });
    }
  }, TIMEOUT);

  it('the TypeScript constants have the reference values and types', async () => {
    for (const l of layouts) {
      const index = await import(/* @vite-ignore */ join(OUT, 'ts-constants', dirOf(l), 'index.ts'));
      const problems: string[] = [];
      let checked = 0;
      for (const ns of planConstants(l, 'module')) {
        const mod = Object.values(index).find((m) => typeof m === 'object' && m !== null && ns.decls.every((d) => d.items.every((it) => it.sameAs || it.name in (m as object)))) as Record<string, unknown> | undefined;
        if (!mod) {
          problems.push(`${dirOf(l)}: no module for namespace ${ns.namespace}`);
          continue;
        }
        for (const d of ns.decls) {
          for (const item of d.items) {
            if (item.sameAs) continue;
            const got = mod[item.name];
            const want = expectedValue(item, l);
            const ok = tsIsBig(item) ? got === want : typeof got === 'number' && BigInt(got) === want;
            if (!ok) problems.push(`${dirOf(l)} ${ns.namespace}.${item.name}: ${String(got)} (${typeof got}), want ${want}`);
            checked++;
          }
        }
      }
      expect(problems.slice(0, 20)).toEqual([]);
      expect(checked).toBeGreaterThan(500);
    }
  }, TIMEOUT);
});

describe('Rust and TypeScript on the host', () => {
  it('the Rust accessors give the reference results (x86_64, host program)', (ctx) => {
    const rustc = rustcOrSkip(ctx);
    if (process.arch !== 'x64') skipFor(ctx, 'the host is not x86_64', false);
    const dir = join(OUT, 'work', 'rust-corpus');
    mkdirSync(dir, { recursive: true });
    const layout = layoutsOf('x86_64').find((l) => l.config === null)!;
    writeFileSync(join(dir, 'main.rs'), rustCorpusProgram(layout, join(OUT, 'rust', dirOf(layout))));
    mustRun([rustc, '--edition', '2021', '-O', '-o', join(dir, 'corpus'), join(dir, 'main.rs')], { what: 'Rust corpus program' });
    const run = runForTarget('x86_64', join(dir, 'corpus'));
    if (run.kind !== 'ok') expect.fail(`Rust corpus program: ${run.reason}`);
    expect(firstDifferences(run.stdout, corpusOf('x86_64'))).toBe('');
  }, TIMEOUT);

  it('the Rust constructors, validators, tag checks and enum accessors give the reference results (x86_64, host program)', (ctx) => {
    const rustc = rustcOrSkip(ctx);
    if (process.arch !== 'x64') skipFor(ctx, 'the host is not x86_64', false);
    const dir = join(OUT, 'work', 'rust-whole');
    mkdirSync(dir, { recursive: true });
    const layout = layoutsOf('x86_64').find((l) => l.config === null)!;
    // The constructors take their fields in the C constructors' order, which the samples follow.
    const rust = planRustNames(layout);
    const c = planCNames(layout);
    for (const b of layout.bits) {
      const order = (names: readonly { fields: readonly { field: ir.BitField }[] }[]) => names.map((x) => x.fields.map((f) => f.field.name).join(','));
      expect(order(rust.whole.get(b.qname)!.constructors)).toEqual(order(c.whole.get(b.qname)!.constructors));
    }
    writeFileSync(join(dir, 'main.rs'), rustWholeProgram(layout, join(OUT, 'rust', dirOf(layout)), wholeOf(layout.target.name).samples));
    // Debug assertions on: the variant accessors' tag checks and the setters' range checks.
    mustRun([rustc, '--edition', '2021', '-O', '-C', 'debug-assertions=on', '-o', join(dir, 'whole'), join(dir, 'main.rs')], { what: 'Rust whole-value program' });
    const run = runForTarget('x86_64', join(dir, 'whole'));
    if (run.kind !== 'ok') expect.fail(`Rust whole-value program: ${run.reason}`);
    expect(firstDifferences(run.stdout, rustWholeExpected(layout, wholeOf(layout.target.name).samples, wholeOf(layout.target.name).expected))).toBe('');
  }, TIMEOUT);

  it('the Rust bit layouts derive Default exactly where the all-zero word is valid', () => {
    const layout = layoutsOf('x86_64').find((l) => l.config === null)!;
    const names = planRustNames(layout);
    let without = 0;
    for (const b of layout.bits) {
      const ns = names.namespaces.find((n) => n.namespace === b.namespace)!;
      const text = readFileSync(rustModulePath(join(OUT, 'rust', dirOf(layout)), names.modules.get(b.namespace)!), 'utf8');
      const derive = new RegExp(`#\\[derive\\(([^)]*)\\)\\]\\npub struct ${ns.typeNames.get(b.qname)}\\(`).exec(text);
      expect(derive, b.qname).not.toBeNull();
      const zero = Array.from({ length: b.words }, () => 0n);
      expect(derive![1].includes('Default'), `${b.qname}: Default`).toBe(refValid(b, zero));
      if (!refValid(b, zero)) without++;
    }
    expect(without).toBeGreaterThan(0);
  });

  it('the TypeScript constants of every target type-check', () => {
    const config = {
      compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, types: [] },
      include: ['ts-constants/**/*.ts'],
    };
    writeFileSync(join(OUT, 'tsconfig.json'), JSON.stringify(config));
    mustRun([process.execPath, join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(OUT, 'tsconfig.json')], { what: 'tsc on the TypeScript constants' });
  }, TIMEOUT);

  it('the TypeScript accessors of every target type-check, as strictly as generated/ts', async () => {
    writeFiles(await collect(tsEmitter.emit({ layouts: LAYOUTS, specs: SPECS, runtime: runtimeFor(OUT) })));
    writeFileSync(join(OUT, 'package.json'), '{ "type": "module" }\n');
    const config = { extends: join(ROOT, 'tests/ts/tsconfig.generated.json'), include: [join(OUT, 'ts'), join(ROOT, 'runtime')] };
    writeFileSync(join(OUT, 'tsconfig.accessors.json'), JSON.stringify(config));
    mustRun([process.execPath, join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(OUT, 'tsconfig.accessors.json')], {
      what: 'tsc on the TypeScript accessors',
    });
  }, TIMEOUT);
});
