/**
 * The layout is the formatter's, not the writer's: any spacing between the tokens of a spec,
 * any indentation, tabs, trailing blanks, CRLF line ends and longer runs of blank lines format
 * to what the spec itself formats to (fast-check picks the spacing). Only what the rules say
 * matters is kept: where lines end, and whether there was a blank line.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Diagnostics } from '../../grammar/diagnostics.js';
import { tokenize } from '../../grammar/lexer.js';
import { formatSource } from '../../grammar/printer.js';
import { SourceFile } from '../../grammar/source.js';
import { ROOT } from '../cli/harness.js';

const FILES = [
  ...fs.readdirSync(path.join(ROOT, 'dsl'), { recursive: true, encoding: 'utf8' }).map((f) => `dsl/${f}`),
  ...fs.readdirSync(path.join(ROOT, 'tests/fmt/cases')).map((f) => `tests/fmt/cases/${f}`),
].filter((f) => f.endsWith('.cdl')).sort();

/** `text` with the blanks between its tokens and comments replaced as `choices` say. */
function respace(file: string, text: string, choices: readonly number[]): string {
  const lexed = tokenize(new SourceFile(file, text), new Diagnostics());
  const lexemes = [...lexed.tokens, ...lexed.comments].sort((a, b) => a.startOffset - b.startOffset);
  let next = 0;
  const choose = (n: number): number => choices[next++ % choices.length]! % n;
  const blanks = (): string => ['', ' ', '  ', '\t', '   '][choose(5)]!;
  let out = '';
  let at = 0;
  let afterComment = false;
  for (const lexeme of [...lexemes, null]) {
    const end = lexeme?.startOffset ?? text.length;
    const gap = text.slice(at, end);
    const newlines = gap.split('\n').length - 1;
    if (newlines === 0) out += gap === '' ? '' : ' ' + blanks();
    else {
      const eol = choose(2) === 0 ? '\n' : '\r\n';
      const lines = newlines === 1 ? 1 : 2 + choose(3);
      // Blanks right after a comment would be part of it (and of a doc comment's text).
      out += Array.from({ length: lines }, (_, i) => (i === 0 && afterComment ? '' : blanks()) + eol).join('') + blanks();
    }
    if (lexeme === null) break;
    out += lexeme.image;
    afterComment = lexed.comments.includes(lexeme);
    at = lexeme.startOffset + lexeme.image.length;
  }
  return out;
}

function format(file: string, text: string): string {
  const result = formatSource(file, text);
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join('\n'));
  return result.text;
}

describe('cdl fmt ignores the spacing it is given', () => {
  for (const file of FILES) {
    it(file, () => {
      const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
      const expected = format(file, text);
      fc.assert(
        fc.property(fc.array(fc.nat(1000), { minLength: 1, maxLength: 64 }), (choices) => {
          expect(format(file, respace(file, text, choices))).toBe(expected);
        }),
        { numRuns: 8 },
      );
    });
  }
});
