import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { File } from '../../grammar/index.js';
import { parse } from './helpers.js';

// prettier-ignore
const VOCABULARY = [
  'namespace', 'import', 'const', 'type', 'enum', 'bits', 'tag', 'variant', 'when', 'reserved',
  'struct', 'union', 'by', 'packed', 'align', 'pad', 'image_end', 'if', 'else', 'config',
  'target', 'ptr', 'sizeof', 'alignof', 'offsetof', 'true', 'false', 'x', 'Foo', 'u8', '0', '12',
  '0x1f', '0x', '1__0', '"a"', '"open', '{', '}', '(', ')', '[', ']', '<', '>', ';', ':', ',',
  '.', '..', '@', '=', '!', '|', '^', '&', '<<', '+', '-', '*', '/', '%', '~', '#', '///d\n',
  '//c\n', '\n',
];

const VALID = `
/// Doc.
namespace n;
import "a.cdl";
const A: u64 = ~(1 << 12) + sizeof(S) * offsetof(S, a.b) - -alignof(ptr<u8>);
type T = u8[4];
enum E : u8 { X = 1, @alias Y = 1, }
bits B : u64 { f: u4 @0..3, @8; reserved @4 = 0; tag t @5; variant V when 1, 2 { g @6 << 1; } }
struct S packed align(8) { a: T @0 align(1); pad 2; image_end; if !c { b: E; } else { d: B; } }
union U : E { a: u8 when X; b: S by a.b; }
config c;
target t { align u64 4; }
`;

/** The parts of `text` that no top-level item claims, without blanks and comments. */
function unclaimed(text: string, file: File): string {
  const items = [file.namespace, ...file.imports, ...file.decls];
  let rest = text;
  for (const item of items) {
    if (item === null) continue;
    const { start, end } = item.span;
    rest = rest.slice(0, start) + ' '.repeat(end - start) + rest.slice(end);
  }
  return rest.replace(/\/\/[^\n]*/g, '').trim();
}

describe('robustness', () => {
  it('parses the reference input without errors', () => {
    expect(parse(VALID).errors).toEqual([]);
  });

  it('never throws on token soup, and reports whatever it does not parse', () => {
    const soup = fc
      .array(fc.constantFrom(...VOCABULARY), { maxLength: 40 })
      .chain((words) => fc.constantFrom(words.join(' '), words.join('')));
    fc.assert(
      fc.property(soup, (text) => {
        const { file, errors } = parse(text);
        for (const error of errors) expect(error).not.toMatch(/-->|<--|Expecting|NaN|undefined/);
        if (errors.length === 0) expect(unclaimed(text, file)).toBe('');
      }),
      { numRuns: 2000 },
    );
  });

  // True of every construct but target settings, whose arguments run to the next `;`.
  it('reports an error for every deleted bracket or semicolon', () => {
    const positions = [...VALID.matchAll(/[;{}()<>[\]]/g)].map((match) => match.index);
    for (const at of positions) {
      const text = VALID.slice(0, at) + VALID.slice(at + 1);
      expect(parse(text).errors.length, text).toBeGreaterThan(0);
    }
  });

  it('keeps spans inside the text for arbitrary input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        const { file, errors } = parse(text);
        expect(file.span.end).toBe(text.length);
        for (const error of errors) expect(error).toMatch(/^\d+:\d+: /);
      }),
      { numRuns: 500 },
    );
  });
});
