/**
 * `npm run bench`: the generated TypeScript against hand-written DataView code, binary-parser,
 * restructure and Kaitai Struct. One process; fixtures built once; each case's implementations
 * agree on a checksum; the median of several rounds gives ns/op. Then the generator itself
 * (bench/generator.ts): `cdl gen --check` on dsl/, the C emitter against seL4's bitfield_gen,
 * `cdl gen` on synthetic specs of 100,000 and 300,000 lines, and `cdl gen --watch` after a
 * save. `--json` prints the results as JSON; `--only=KEY` runs one part (pte, tss, process,
 * tables, walk, insn, image, check, bitfield, scale, watch).
 *
 *   1. decode six fields of 1M x86-64 PTEs in a buffer
 *   2. encode 1M x86-64 PTEs from objects into a buffer
 *   3. read and write every field of 100k TSS and 100k Process records through struct views
 *   4. read 1M Coyotos capabilities into objects: the decode tables against the generated views (bench/tables.ts)
 *   5. walk 100k virtual addresses through x86-64 page tables: walkPages against a hand-written walker (goal 1.5x)
 *   6. decode the RISC-V libc .text through the decode tables (bench/instructions.ts)
 *   7. write a 1 GiB Coyotos image of page objects against a plain Buffer copy (bench/image.ts; goal 0.5x
 *      the copy's throughput, i.e. at most 2x its time, and under 200 MB resident)
 *
 * Goals: generated within 1.25x of hand-written on every case; at least 3x faster than the
 * libraries on cases 1 and 3; instruction decode within 1.5x of a hand-written `switch` decoder
 * and faster than Capstone (case 4).
 *
 * Environment: BENCH_ROUNDS (timed rounds, 7), BENCH_WARMUP (untimed rounds first, 2),
 * BENCH_SCALE (record, block and line counts times this, 1; the test suite runs 0.001); for the
 * generator, BENCH_GEN_ROUNDS, BENCH_GEN_HEAP_MB, BENCH_GEN_TIMEOUT_S, SEL4_BITFIELD_GEN and
 * SEL4_PYTHON (see bench/generator.ts).
 */
import * as os from 'node:os';
import { caseBuilders } from './cases.js';
import { genRounds, genSections, genTable, type GenResult } from './generator.js';
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

const gen: GenResult[] = [];
for (const [key, section] of genSections) {
  if (only && only !== key) continue;
  gen.push(...(await section({ rounds: genRounds, log })));
}

const cpus = os.cpus();
const machine = `Node ${process.version}, ${cpus.length} CPU${cpus.length === 1 ? '' : 's'} (${cpus[0]?.model.trim() ?? 'unknown'}), median of ${rounds} rounds`;
if (json) {
  process.stdout.write(`${JSON.stringify({ node: process.version, cpus: cpus.length, cpu: cpus[0]?.model.trim() ?? null, rounds, results, generator: gen }, null, 2)}\n`);
} else {
  if (results.length) {
    log('');
    log(table(results));
    log('');
    log(machine);
  }
  if (gen.length) {
    log('');
    log(genTable(gen));
    log('');
    log(`Node ${process.version}, ${cpus.length} CPU${cpus.length === 1 ? '' : 's'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB; processes timed whole, median of ${genRounds} runs (the scale runs once each)`);
  }
}
