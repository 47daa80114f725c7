/**
 * The configuration's JSON parser, against `JSON.parse` as the oracle: the same values, the
 * same verdict on every text, and spans that locate each value.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type JsonValue, JsonSyntaxError, parseJson } from '../../generator/cli/json.js';

function plain(v: JsonValue): unknown {
  switch (v.kind) {
    case 'object':
      return Object.fromEntries(v.entries.map((e) => [e.key, plain(e.value)]));
    case 'array':
      return v.items.map(plain);
    case 'null':
      return null;
    default:
      return v.value;
  }
}

function* nodes(v: JsonValue): Generator<JsonValue> {
  yield v;
  if (v.kind === 'object') for (const e of v.entries) yield* nodes(e.value);
  if (v.kind === 'array') for (const item of v.items) yield* nodes(item);
}

/** Whether `parseJson` accepts `text`; any other exception than a JsonSyntaxError fails the test. */
function accepts(text: string): boolean {
  try {
    parseJson(text, 'f.json');
    return true;
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    expect(e.span.start).toBeLessThanOrEqual(text.length);
    return false;
  }
}

function jsonParses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

const indent = fc.constantFrom(undefined, 2, '\t');

describe('parseJson', () => {
  it('reads what JSON.stringify writes as JSON.parse does', () => {
    fc.assert(
      fc.property(fc.jsonValue(), indent, (value, space) => {
        const text = JSON.stringify(value, null, space);
        expect(plain(parseJson(text, 'f.json'))).toEqual(JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });

  it('gives each value the span of its text, with its line and column', () => {
    fc.assert(
      fc.property(fc.jsonValue(), indent, (value, space) => {
        const text = JSON.stringify(value, null, space);
        for (const node of nodes(parseJson(text, 'f.json'))) {
          expect(JSON.parse(text.slice(node.span.start, node.span.end))).toEqual(plain(node));
          const before = text.slice(0, node.span.start).split('\n');
          expect([node.span.line, node.span.column]).toEqual([before.length, before.at(-1)!.length + 1]);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('accepts exactly the texts JSON.parse accepts', () => {
    // Valid JSON with one character inserted, deleted or replaced (half of the time next to a
    // bracket or a separator, where the grammar has most to say), and arbitrary text.
    const mutated = fc
      .tuple(fc.jsonValue({ maxDepth: 3 }), indent, fc.nat(), fc.boolean(), fc.constantFrom('insert', 'delete', 'replace'), fc.oneof(fc.constantFrom(...',:]}"'), fc.constantFrom(...'[{\\ \n0-.eE+tfnu\u0001x')))
      .map(([value, space, at, structural, how, c]) => {
        const text = JSON.stringify(value, null, space);
        const marks = [...text.matchAll(/[[\]{},:]/g)].map((m) => m.index);
        const i = structural && marks.length > 0 ? marks[at % marks.length]! : at % (text.length + 1);
        if (how === 'insert') return text.slice(0, i) + c + text.slice(i);
        if (how === 'delete') return text.slice(0, i) + text.slice(i + 1);
        return text.slice(0, i) + c + text.slice(i + 1);
      });
    fc.assert(
      fc.property(fc.oneof({ arbitrary: mutated, weight: 3 }, { arbitrary: fc.string({ unit: 'binary', maxLength: 20 }), weight: 1 }), (text) => {
        fc.pre(!text.startsWith('\ufeff'));
        expect(accepts(text), JSON.stringify(text)).toBe(jsonParses(text));
      }),
      { numRuns: 4000 },
    );
    // 4,000 runs take about a second alone, and several times that on a loaded machine.
  }, 30_000);

  it.each([
    ['{\n  "a": [1, 2,]\n}', '2:13: a trailing comma is not allowed in JSON'],
    ['{"a": 1,}', '1:8: a trailing comma is not allowed in JSON'],
    ["{'a': 1}", "1:2: expected a key (a string in double quotes), found '''"],
    ['{"a" 1}', "1:6: expected ':' after the key, found '1'"],
    ['["a\nb"]', '1:4: a control character in a string must be escaped'],
    ['"\\x"', "1:2: unknown escape '\\x'"],
    ['[1 2]', "1:4: expected ',' or ']', found '2'"],
    ['{"a": 1', "1:8: expected ',' or '}', found the end of the file"],
    ['"abc', '1:1: unterminated string'],
    ['1 2', "1:3: unexpected '2' after the value"],
    ['[01]', "1:3: expected ',' or ']', found '1'"],
    ['\ufeff{}', 'accepted'],
  ])('names the place and the reason of the first error in %j', (text, expected) => {
    let got = 'accepted';
    try {
      parseJson(text, 'f.json');
    } catch (e) {
      const { line, column } = (e as JsonSyntaxError).span;
      got = `${line}:${column}: ${(e as Error).message}`;
    }
    expect(got).toBe(expected);
  });
});
