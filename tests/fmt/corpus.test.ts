/**
 * `cdl fmt` over every spec the repository holds (dsl/, the golden specs, the machine and
 * toolchain specs, the bad specs that parse): the output parses to the same tree as the input
 * (spans aside), keeps every comment as written, and formats to itself. A bad spec with syntax
 * errors is refused with exactly the errors the parser reports.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Diagnostics } from '../../grammar/diagnostics.js';
import { parseFile } from '../../grammar/parse.js';
import { canonical, formatSource } from '../../grammar/printer.js';
import { ROOT } from '../cli/harness.js';

function specsBelow(dir: string): string[] {
  return fs
    .readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.cdl'))
    .map((f) => path.join(dir, f).split(path.sep).join('/'))
    .sort();
}

const DSL = specsBelow('dsl');
const TESTS = ['tests/golden', 'tests/machine', 'tests/toolchains/specs', 'tests/check/bad-specs', 'tests/fmt/cases'].flatMap(specsBelow);

/** The comments of a text, in order, as the lexer sees them. */
function comments(text: string): string[] {
  return text.split('\n').flatMap((line) => {
    // A comment starts at the first `//` outside a string literal.
    const match = /^(?:[^"/]|"(?:[^"\\]|\\.)*"|\/(?!\/))*(\/\/.*)$/.exec(line);
    return match ? [match[1]!.startsWith('///') ? match[1]! : match[1]!.trimEnd()] : [];
  });
}

describe('cdl fmt keeps the meaning and the comments of every spec', () => {
  it('finds the specs', () => {
    expect(DSL.length).toBeGreaterThan(25);
    expect(TESTS.length).toBeGreaterThan(80);
  });

  for (const file of [...DSL, ...TESTS]) {
    it(file, () => {
      const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
      const parsed = new Diagnostics();
      const tree = parseFile(file, text, parsed);
      const result = formatSource(file, text);
      if (parsed.hasErrors) {
        expect(result.ok).toBe(false);
        const errors = parsed.all().filter((d) => d.severity === 'error');
        expect(result.ok ? [] : result.diagnostics.map((d) => [d.span.line, d.span.column, d.message])).toEqual(errors.map((d) => [d.span.line, d.span.column, d.message]));
        return;
      }
      if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join('\n'));
      const again = new Diagnostics();
      expect(canonical(parseFile(file, result.text, again))).toBe(canonical(tree));
      expect(again.all().filter((d) => d.severity === 'error')).toEqual([]);
      expect(comments(result.text)).toEqual(comments(text));
      const twice = formatSource(file, result.text);
      expect(twice.ok && twice.text).toBe(result.text);
      if (file.startsWith('dsl/')) expect(result.text, `${file} is not formatted: run cdl fmt dsl`).toBe(text);
    });
  }
});
