/**
 * The benchmark is not a test, but what it compares must agree: every implementation of a case
 * (hand-written, generated, binary-parser, restructure, Kaitai Struct) folds what it reads or
 * writes into one checksum, and the writers' bytes are compared with the expected image. Here
 * every case runs once at a thousandth of its size, so a change that breaks the benchmark, or
 * makes generated code disagree with hand-written code or a library, fails the suite.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Case, Result } from '../../bench/harness.js';

// Read by bench/harness.ts when it is first imported, below.
vi.stubEnv('BENCH_SCALE', '0.001');
const { caseBuilders } = await import('../../bench/cases.js');
const { runCase } = await import('../../bench/harness.js');

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
