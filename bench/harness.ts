/**
 * A small benchmark harness: fixtures are built once by the caller; each implementation runs a
 * few warm-up rounds, then timed rounds (the hand-written and generated code in turns); the
 * median round gives ns/op. Every implementation returns a checksum of what it read or wrote,
 * and all implementations of a case must agree, so none can skip work.
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
  /** Hand-written code too, shown for comparison (e.g. with the checks the generated code makes). */
  readonly reference?: boolean;
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
  /**
   * hand-written (the baseline), generated (held to 1.25x), extra (another generated API),
   * reference (other hand-written code), library.
   */
  readonly kind: 'hand-written' | 'generated' | 'extra' | 'reference' | 'library';
  readonly nsPerOp: number;
  readonly vsHand: number;
  /**
   * The lowest and highest ratio of a round: each round against the hand-written code's round
   * timed beside it (ours), or against its median (libraries, timed apart). How far to trust
   * `vsHand` on a shared machine.
   */
  readonly vsHandRange: readonly [number, number];
  readonly checksum: number;
  readonly rounds: readonly number[];
}

const gc = (globalThis as { gc?: () => void }).gc;

/**
 * `BENCH_SCALE` (default 1) scales every case's record count: the test suite runs the whole
 * benchmark at a thousandth of its size, to see that every implementation still agrees.
 */
const scale = Number(process.env.BENCH_SCALE ?? 1);
if (!(scale > 0 && Number.isFinite(scale))) throw new Error(`BENCH_SCALE must be a positive number, not ${process.env.BENCH_SCALE}`);

/** `n` records, scaled by `BENCH_SCALE`. */
export function scaled(n: number): number {
  return Math.max(1, Math.round(n * scale));
}

export function runCase(c: Case, rounds: number, warmup: number): Result[] {
  const times = new Map<Impl, number[]>(c.impls.map((i) => [i, []]));
  const sums = new Map<Impl, number>();
  const warm = (impl: Impl) => {
    // A full collection before each implementation, not before each round: forcing one between
    // rounds makes V8 throw away optimised code and measures recompilation.
    gc?.();
    for (let i = 0; i < Math.max(1, warmup); i++) sums.set(impl, impl.run());
    c.verify?.(impl);
  };
  const time = (impl: Impl) => {
    const t0 = performance.now();
    const sum = impl.run();
    const t1 = performance.now();
    times.get(impl)!.push(((t1 - t0) * 1e6) / c.ops);
    if (sum !== sums.get(impl)) throw new Error(`${c.name} / ${impl.name}: checksum changed between rounds`);
  };
  // The hand-written and generated code: each warmed up (and checked), then timed in turns, one
  // round of each at a time, so that a slow spell of a shared machine hits them all alike.
  const ours = c.impls.filter((i) => !i.library);
  for (const impl of ours) warm(impl);
  for (let r = 0; r < rounds; r++) for (const impl of ours) time(impl);
  // The libraries last, one at a time: their garbage (millions of objects) would otherwise keep
  // the collector busy while the others are timed.
  for (const impl of c.impls.filter((i) => i.library)) {
    warm(impl);
    for (let r = 0; r < rounds; r++) time(impl);
  }
  const reference = sums.get(c.impls[0])!;
  for (const impl of c.impls) {
    if (sums.get(impl) !== reference)
      throw new Error(`${c.name} / ${impl.name}: checksum ${sums.get(impl)} differs from ${c.impls[0].name}'s ${reference}`);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const handRounds = times.get(c.impls[0])!;
  const hand = median(handRounds);
  return c.impls.map((impl) => {
    const ns = median(times.get(impl)!);
    const kind = impl === c.impls[0] ? 'hand-written' : impl.library ? 'library' : impl.reference ? 'reference' : impl.extra ? 'extra' : 'generated';
    const ratios = times.get(impl)!.map((t, r) => t / (impl.library ? hand : handRounds[r]!));
    const vsHandRange = [Math.min(...ratios), Math.max(...ratios)] as const;
    return { case: c.name, impl: impl.name, kind, nsPerOp: ns, vsHand: ns / hand, vsHandRange, checksum: sums.get(impl)!, rounds: times.get(impl)! };
  });
}

export function table(results: readonly Result[]): string {
  const rows = [
    ['case', 'implementation', 'ns/op', 'vs hand-written', 'rounds, min-max'],
    ...results.map((r) => {
      const range = r.kind === 'hand-written' ? '' : `${r.vsHandRange[0].toFixed(2)}-${r.vsHandRange[1].toFixed(2)}x`;
      return [r.case, r.impl, r.nsPerOp.toFixed(2), `${r.vsHand.toFixed(2)}x`, range];
    }),
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const line = (row: string[]) => `| ${row.map((cell, i) => (i >= 2 ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join(' | ')} |`;
  return [
    line(rows[0]),
    `|${widths.map((w, i) => (i >= 2 ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`,
    ...rows.slice(1).map(line),
  ].join('\n');
}
