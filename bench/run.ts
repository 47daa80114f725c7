/**
 * `npm run bench`: the generated TypeScript against hand-written DataView code, binary-parser,
 * restructure and Kaitai Struct. One process; fixtures built once; each case's implementations
 * agree on a checksum; the median of several rounds gives ns/op. `--json` prints the results
 * as JSON.
 *
 *   1. decode six fields of 1M x86-64 PTEs in a buffer
 *   2. encode 1M x86-64 PTEs from objects into a buffer
 *   3. read and write every field of 100k TSS and 100k Process records through struct views
 *
 * Goals: generated within 1.25x of hand-written on every case; at least 3x faster than the
 * libraries on cases 1 and 3.
 *
 * Environment: BENCH_ROUNDS (timed rounds, 7), BENCH_WARMUP (untimed rounds first, 2),
 * BENCH_SCALE (record counts times this, 1; the test suite runs 0.001).
 */
import * as os from 'node:os';
import { caseBuilders } from './cases.js';
import { runCase, table, type Result } from './harness.js';

const json = process.argv.includes('--json');
const rounds = Number(process.env.BENCH_ROUNDS ?? 7);
const warmup = Number(process.env.BENCH_WARMUP ?? 2);
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);

const log = (s: string) => {
  if (!json) process.stdout.write(`${s}\n`);
};

const results: Result[] = [];
for (const [key, build] of caseBuilders) {
  if (only && only !== key) continue;
  for (const c of await build()) {
    log(`running ${c.name}...`);
    results.push(...runCase(c, rounds, warmup));
  }
}

const cpus = os.cpus();
const machine = `Node ${process.version}, ${cpus.length} CPU${cpus.length === 1 ? '' : 's'} (${cpus[0]?.model.trim() ?? 'unknown'}), median of ${rounds} rounds`;
if (json) {
  process.stdout.write(`${JSON.stringify({ node: process.version, cpus: cpus.length, cpu: cpus[0]?.model.trim() ?? null, rounds, results }, null, 2)}\n`);
} else {
  log('');
  log(table(results));
  log('');
  log(machine);
}
