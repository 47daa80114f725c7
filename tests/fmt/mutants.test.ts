/**
 * `cdl fmt` on broken and odd specs: seeded random edits of dsl/ and of the bad-spec corpus
 * (../helpers/mutate.ts, as the compiler's fuzzer makes them). Every mutant is either refused
 * with exactly the parser's errors, or formatted to a text that parses to the same tree and
 * formats to itself; the printer never reports its own failure (which would be a bug: see
 * `sameMeaning` in grammar/printer.ts) and never throws.
 */
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Diagnostics } from '../../grammar/diagnostics.js';
import { parseFile } from '../../grammar/parse.js';
import { canonical, formatSource } from '../../grammar/printer.js';
import { ROOT } from '../cli/harness.js';
import { mutate, specsBelow } from '../helpers/mutate.js';
import { mulberry32 } from '../helpers/random.js';

const SEED = Number(process.env.CDL_FUZZ_SEED ?? 0xf0a7);
const COUNT = Number(process.env.CDL_FUZZ_COUNT ?? 1500);

describe('cdl fmt on mutated specs', () => {
  it(`keeps the tree of every mutant it accepts (seed ${SEED}, ${COUNT} mutants)`, () => {
    const texts = [...specsBelow(path.join(ROOT, 'dsl'), ROOT).values(), ...specsBelow(path.join(ROOT, 'tests/check/bad-specs')).values()];
    const random = mulberry32(SEED);
    let accepted = 0;
    for (let n = 0; n < COUNT; n++) {
      const mutant = mutate(texts[Math.floor(random() * texts.length)]!, random);
      const diags = new Diagnostics();
      const tree = parseFile('mutant.cdl', mutant, diags);
      const result = formatSource('mutant.cdl', mutant);
      const context = `mutant ${n} (seed ${SEED}):\n${mutant}`;
      if (diags.hasErrors) {
        expect(result.ok, context).toBe(false);
        if (!result.ok) expect(result.diagnostics, context).toEqual(diags.all().filter((d) => d.severity === 'error'));
        continue;
      }
      if (!result.ok) throw new Error(`${result.diagnostics.map((d) => d.message).join('\n')}\n${context}`);
      accepted++;
      expect(canonical(parseFile('mutant.cdl', result.text, new Diagnostics())), context).toBe(canonical(tree));
      const again = formatSource('mutant.cdl', result.text);
      expect(again.ok && again.text, context).toBe(result.text);
    }
    // The edits leave enough mutants parseable for this to prove something.
    expect(accepted).toBeGreaterThan(COUNT / 10);
  }, 300_000);
});
