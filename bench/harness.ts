/**
 * A small benchmark harness: fixtures are built once by the caller; each implementation runs
 * a few warm-up rounds, then its timed rounds; the median round gives ns/op. Every implementation returns a checksum of what it read or
 * wrote, and all implementations of a case must agree, so none can skip work.
 */
import { performance } from 'node:perf_hooks';

export interface Impl {
  readonly name: string;
  /** Runs `ops` operations; returns a checksum. */
  readonly run: () => number;
  /** Not the generated code or the hand-written baseline: held to the "3x faster than" goal. */
  readonly library?: boolean;
  /** A variant shown for information (another API of the generated code). */
  readonly extra?: boolean;
}

export interface Case {
  readonly name: string;
  readonly ops: number;
  readonly impls: readonly Impl[];
  /** Checks what an implementation produced (after its warm-up, not timed); throws if wrong. */
  readonly verify?: (impl: Impl) => void;
}

export interface Result {
  readonly case: string;
  readonly impl: string;
  /** hand-written (the baseline), generated (held to 1.25x), extra (another generated API), library. */
  readonly kind: 'hand-written' | 'generated' | 'extra' | 'library';
  readonly nsPerOp: number;
  readonly vsHand: number;
  readonly checksum: number;
  readonly rounds: readonly number[];
}

const gc = (globalThis as { gc?: () => void }).gc;

export function runCase(c: Case, rounds: number, warmup: number): Result[] {
  const times = new Map<Impl, number[]>();
  const sums = new Map<Impl, number>();
  // One implementation at a time, the libraries last: their garbage (millions of objects) would
  // otherwise keep the collector busy while the others are timed.
  const order = [...c.impls.filter((i) => !i.library), ...c.impls.filter((i) => i.library)];
  for (const impl of order) {
    times.set(impl, []);
    // A full collection before each implementation, not before each round: forcing one between
    // rounds makes V8 throw away optimised code and measures recompilation.
    gc?.();
    for (let i = 0; i < Math.max(1, warmup); i++) sums.set(impl, impl.run());
    c.verify?.(impl);
    for (let r = 0; r < rounds; r++) {
      const t0 = performance.now();
      const sum = impl.run();
      const t1 = performance.now();
      times.get(impl)!.push(((t1 - t0) * 1e6) / c.ops);
      if (sum !== sums.get(impl)) throw new Error(`${c.name} / ${impl.name}: checksum changed between rounds`);
    }
  }
  const reference = sums.get(c.impls[0])!;
  for (const impl of c.impls) {
    if (sums.get(impl) !== reference)
      throw new Error(`${c.name} / ${impl.name}: checksum ${sums.get(impl)} differs from ${c.impls[0].name}'s ${reference}`);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const hand = median(times.get(c.impls[0])!);
  return c.impls.map((impl) => {
    const ns = median(times.get(impl)!);
    const kind = impl === c.impls[0] ? 'hand-written' : impl.library ? 'library' : impl.extra ? 'extra' : 'generated';
    return { case: c.name, impl: impl.name, kind, nsPerOp: ns, vsHand: ns / hand, checksum: sums.get(impl)!, rounds: times.get(impl)! };
  });
}

export function table(results: readonly Result[]): string {
  const rows = [
    ['case', 'implementation', 'ns/op', 'vs hand-written'],
    ...results.map((r) => [r.case, r.impl, r.nsPerOp.toFixed(2), `${r.vsHand.toFixed(2)}x`]),
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const line = (row: string[]) => `| ${row.map((cell, i) => (i >= 2 ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join(' | ')} |`;
  return [
    line(rows[0]),
    `|${widths.map((w, i) => (i >= 2 ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`,
    ...rows.slice(1).map(line),
  ].join('\n');
}
