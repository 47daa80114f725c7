/**
 * The benchmark is not a test, but what it compares must agree: every implementation of a case
 * (hand-written, generated, binary-parser, restructure, Kaitai Struct) folds what it reads or
 * writes into one checksum, and the writers' bytes are compared with the expected image. Here
 * every case runs once at a thousandth of its size, so a change that breaks the benchmark, or
 * makes generated code disagree with hand-written code or a library, fails the suite.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Case, Result } from '../../bench/harness.js';
import { main } from '../../generator/cli/main.js';

// Read by bench/harness.ts when it is first imported, below.
vi.stubEnv('BENCH_SCALE', '0.001');
const { caseBuilders } = await import('../../bench/cases.js');
const { runCase } = await import('../../bench/harness.js');
const { genSections, repoRoot, SEL4_HOW_TO } = await import('../../bench/generator.js');
const { cdlSpecs, parseCdl, parseSel4, randomBlocks, sel4Spec } = await import('../../bench/bitfield.js');
const { syntheticSpec } = await import('../../bench/synthetic.js');

describe.each(caseBuilders.map(([key, build]) => ({ key, build })))('bench cases: $key', ({ build }) => {
  let results: Result[];
  beforeAll(async () => {
    results = (await build()).flatMap((c) => runCase(c, 1, 1));
  }, 60_000);

  it('every implementation agrees on each case', () => {
    for (const name of new Set(results.map((r) => r.case))) {
      const rows = results.filter((r) => r.case === name);
      expect(rows[0].kind, name).toBe('hand-written');
      expect(rows.some((r) => r.kind === 'generated'), name).toBe(true);
      expect(new Set(rows.map((r) => r.checksum)).size, name).toBe(1);
    }
  });
});

describe('bench harness', () => {
  const impl = (name: string, sum: number) => ({ name, run: () => sum });

  it('rejects an implementation whose checksum differs', () => {
    const c: Case = { name: 'c', ops: 1, impls: [impl('hand', 1), impl('generated', 2)] };
    expect(() => runCase(c, 1, 1)).toThrow(/generated: checksum 2 differs from hand's 1/);
  });

  it('rejects an implementation that verify() finds wrong', () => {
    const c: Case = {
      name: 'c',
      ops: 1,
      impls: [impl('hand', 1), impl('generated', 1)],
      verify: (i) => {
        if (i.name === 'generated') throw new Error('byte 3 differs');
      },
    };
    expect(() => runCase(c, 1, 1)).toThrow(/byte 3 differs/);
  });
});

/** `cdl check` on `specs` written to a temporary directory: its exit code and what it printed. */
async function cdlCheck(specs: ReadonlyMap<string, string>): Promise<{ code: number; out: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdl-bench-test-'));
  try {
    for (const [name, text] of specs) fs.writeFileSync(path.join(dir, name), text);
    let out = '';
    const code = await main(['check', dir], { stdout: (t) => void (out += t), stderr: (t) => void (out += t) });
    return { code, out };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('generator bench: the bitfield_gen comparison', () => {
  const blocks = randomBlocks(200);

  it('writes the same blocks, words and fields for CDL and for bitfield_gen', () => {
    const sel4 = parseSel4(sel4Spec(blocks));
    const cdl = parseCdl(cdlSpecs(blocks).values());
    expect(sel4.size).toBe(blocks.length);
    expect([...cdl.keys()]).toEqual([...sel4.keys()]);
    for (const [name, b] of sel4) expect(cdl.get(name), name).toEqual(b);
    const fields = blocks.reduce((a, b) => a + b.entries.filter((e) => e.kind !== 'padding').length, 0);
    expect([...sel4.values()].reduce((a, b) => a + b.fields.length, 0)).toBe(fields);
    expect([...sel4.values()].reduce((a, b) => a + b.words, 0)).toBe(blocks.reduce((a, b) => a + b.words, 0));
    // Both kinds of field and padding occur, in both word sizes, and multi-word blocks.
    const kinds = new Set(blocks.flatMap((b) => b.entries.map((e) => `${b.base} ${e.kind}`)));
    expect(kinds.size).toBe(6);
    expect(blocks.some((b) => b.words > 1)).toBe(true);
  });

  it('splits the CDL spec below the 1 MiB file limit, and it compiles without a warning', async () => {
    const many = cdlSpecs(randomBlocks(6_000));
    expect(many.size).toBeGreaterThan(1);
    for (const text of many.values()) expect(Buffer.byteLength(text)).toBeLessThan(1024 * 1024);
    const { code, out } = await cdlCheck(cdlSpecs(blocks));
    expect(out).not.toMatch(/warning|error/);
    expect(code).toBe(0);
  });
});

describe('generator bench: the synthetic spec', () => {
  it('has about the lines asked for, several namespaces, and compiles without a warning', async () => {
    // Namespaces of two groups (about 200 lines), so that the imports form a tree of several levels.
    const spec = syntheticSpec(1_200, 200);
    expect(spec.lines).toBeGreaterThan(1_000);
    expect(spec.lines).toBeLessThan(1_400);
    expect(spec.namespaces).toBe(6);
    expect(spec.files.get('n5.cdl')).toContain('import "n2.cdl";');
    const text = [...spec.files.values()].join('\n');
    for (const construct of ['enum ', 'tag ', 'variant ', '@48..51', '<< ', ': u32[2]', ' by kind', 'if kernel', 'sizeof(', 'import '])
      expect(text, construct).toContain(construct);
    const { code, out } = await cdlCheck(spec.files);
    expect(out).not.toMatch(/warning|error/);
    expect(code).toBe(0);
  });
});

// The sections run the built CLI (bin/cdl.js, dist/) in child processes, at a thousandth of
// their size and one round; no figure is checked, only that every row is produced.
describe('generator bench: every section runs', () => {
  const built = fs.existsSync(path.join(repoRoot, 'dist/generator/cli/main.js'));
  if (!built) console.log('skipping the generator bench sections: dist/ is not built (run `npm run build`)');

  it.skipIf(!built)('prints a row with a goal for each measurement', async () => {
    const logs: string[] = [];
    const rows = [];
    for (const [, section] of genSections) rows.push(...(await section({ rounds: 1, log: (l) => logs.push(l) })));
    expect(rows.map((r) => r.section)).toEqual(['check', 'check', 'bitfield', 'bitfield', 'scale', 'scale', 'scale', 'scale', 'watch']);
    for (const r of rows) expect(r.goal, r.measurement).not.toBe('');
    if (!process.env.SEL4_BITFIELD_GEN) expect(logs).toContain(`bitfield_gen rows skipped: ${SEL4_HOW_TO}`);
    for (const r of rows.filter((r) => r.section === 'scale')) expect(r.figures.failure, r.measurement).toBeNull();
    // The bitfield rows time lexing and parsing alone beside the CLI: the floor of any run.
    for (const r of rows.filter((r) => r.section === 'bitfield')) expect(r.figures.parseSeconds, r.measurement).toBeGreaterThan(0);
    // The compiling check's row times compiling alone beside it.
    expect(rows[0].figures.compileOnlySeconds, rows[0].measurement).toBeGreaterThan(0);
  }, 300_000);
});
