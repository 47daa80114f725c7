/**
 * Mutation fuzzing of the whole compiler: the real specs under dsl/ and the bad-spec corpus
 * are cut into tokens, and seeded random edits (../helpers/mutate.ts) make at least 10,000
 * mutants. For every mutant:
 *
 * - `compile()` returns; it never throws (no stack trace ever reaches a user);
 * - a mutant that yields no layouts has at least one error, and one with an error no layouts;
 * - every diagnostic (and note) has a valid span (line >= 1, column >= 1, inside the file,
 *   and line and column agree with the offset) and formats with a code frame;
 * - the layouts of an accepted mutant serialize as layout JSON, and every emitter renders them
 *   without throwing (an emitter's failure would reach the user as an internal error).
 *
 * The seed is fixed and printed; `CDL_FUZZ_SEED`, `CDL_FUZZ_COUNT` and `CDL_FUZZ_EDITS` (most
 * edits per mutant) change the run.
 * A failure prints the seed, the mutant's number and its text, so it reproduces exactly.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compile, type CompileResult } from '../../generator/compile.js';
import { layoutToJson } from '../../generator/emitters/layout-json.js';
import { collect } from '../../generator/emitters/emitter.js';
import { emitters } from '../../generator/emitters/registry.js';
import { formatDiagnostic } from '../../grammar/diagnostics.js';
import { mutate, specsBelow } from '../helpers/mutate.js';
import { mulberry32 } from '../helpers/random.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SEED = Number(process.env.CDL_FUZZ_SEED ?? 0xcd1f0022);
const COUNT = Number(process.env.CDL_FUZZ_COUNT ?? 10_000);
/** Each mutant gets 1 to this many edits. */
const EDITS = Number(process.env.CDL_FUZZ_EDITS ?? 3);
/** Two targets of different word size and alignment keep the run short but meaningful. */
const TARGETS = ['x86_64', 'i386'];


/** What is wrong with a result, or null. */
async function problems(result: CompileResult, texts: ReadonlyMap<string, string>): Promise<string | null> {
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (result.layouts.length === 0 && errors.length === 0) return 'no layouts, but no error either';
  if (errors.length > 0 && (result.ok || result.layouts.length > 0)) return 'errors, yet layouts';
  if (errors.length === 0 && result.layouts.length !== TARGETS.length) return `${result.layouts.length} layouts`;
  const spans = result.diagnostics.flatMap((d) => [
    { span: d.span, message: d.message },
    ...(d.notes ?? []).map((n) => ({ span: n.span, message: `note: ${n.message}` })),
  ]);
  for (const { span, message } of spans) {
    const where = `${span.file}:${span.line}:${span.column} (${message})`;
    const text = result.sources.get(span.file) ?? texts.get(span.file);
    if (text === undefined) return `diagnostic in an unknown file: ${where}`;
    const { line, column, start, end } = span;
    if (!(Number.isInteger(line) && line >= 1 && Number.isInteger(column) && column >= 1)) return `bad position: ${where}`;
    if (!(start >= 0 && start <= end && end <= text.length)) return `span ${start}..${end} outside the file: ${where}`;
    const lines = text.split('\n');
    if (line > lines.length || column > lines[line - 1].length + 1) return `position past the line's end: ${where}`;
    const offset = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + column - 1;
    if (offset !== start) return `line:column is offset ${offset}, span starts at ${start}: ${where}`;
  }
  // Each problem is reported once: nothing downstream removes repeats any more.
  const seen = new Set<string>();
  for (const d of result.diagnostics) {
    const key = `${d.severity} ${d.span.file}:${d.span.start}:${d.span.end} ${d.message}`;
    if (seen.has(key)) return `reported twice: ${key}`;
    seen.add(key);
  }
  for (const d of result.diagnostics) {
    const frame = formatDiagnostic(d, result.sources).split('\n');
    if (frame.length < 3 || !frame[2].includes('^')) return `no code frame: ${d.span.file}:${d.span.line}:${d.span.column}`;
  }
  // What every emitter reads must serialize.
  for (const layout of result.layouts) JSON.stringify(layoutToJson(layout));
  if (result.ok) for (const emitter of emitters.values()) await collect(emitter.emit({ layouts: result.layouts, specs: ['mutant.cdl'] }));
  return null;
}

describe('mutation fuzzing', () => {
  const dsl = specsBelow(path.join(ROOT, 'dsl'), ROOT);
  const corpusDir = path.join(ROOT, 'tests/check/bad-specs');
  const corpus = specsBelow(corpusDir, corpusDir);
  // Alternately a real spec and a bad one: mutants of good specs exercise the layout engine.
  const good = [...dsl.keys()].map((entry) => ({ files: dsl, entry }));
  const bad = [...corpus.keys()].map((entry) => ({ files: corpus, entry }));
  const seedOf = (n: number) => (n % 2 === 0 ? good[(n / 2) % good.length] : bad[((n - 1) / 2) % bad.length]);

  it('has seeds from dsl/ and from the bad-spec corpus', () => {
    expect(dsl.size).toBeGreaterThanOrEqual(8);
    expect(corpus.size).toBeGreaterThanOrEqual(45);
  });

  // 160 s measured on a busy 2-core machine; the RISC-V instruction specs of dsl/ add about a third.
  it(`survives ${COUNT} mutants (seed ${SEED})`, { timeout: 240_000 }, async () => {
    console.log(`mutation fuzzing: seed ${SEED} (CDL_FUZZ_SEED), ${COUNT} mutants (CDL_FUZZ_COUNT)`);
    const random = mulberry32(SEED);
    const failures: string[] = [];
    let rejected = 0;
    let accepted = 0;
    for (let n = 0; n < COUNT && failures.length < 5; n++) {
      const seed = seedOf(n);
      const mutant = mutate(seed.files.get(seed.entry)!, random, EDITS);
      const texts = new Map(seed.files).set(seed.entry, mutant);
      const readFile = (p: string): string => {
        const text = texts.get(p);
        if (text === undefined) throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
        return text;
      };
      let problem: string | null;
      try {
        // Now and then the whole program, as `cdl gen` compiles it: then the mutant is also
        // seen through the files that import it.
        const entries = seed.files === dsl && n % 32 === 0 ? [...dsl.keys()] : [seed.entry];
        const result = compile({ files: entries, targets: TARGETS, configs: [null], readFile });
        if (result.ok) accepted++;
        else rejected++;
        problem = await problems(result, texts);
      } catch (e) {
        problem = `uncaught exception: ${e instanceof Error ? e.stack : String(e)}`;
      }
      if (problem) {
        failures.push(`seed ${SEED}, mutant #${n} of ${seed.entry}: ${problem}\n----- mutant -----\n${mutant}\n------------------`);
      }
    }
    console.log(`mutation fuzzing: ${rejected} mutants rejected with errors, ${accepted} accepted`);
    expect(failures, failures.join('\n\n')).toEqual([]);
    // The mutations must actually break things, or the run proves little.
    expect(rejected).toBeGreaterThan(COUNT / 2);
    expect(accepted).toBeGreaterThan(0);
  });
});
