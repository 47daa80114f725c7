/**
 * A strict JSON parser (RFC 8259) that keeps where each key and value was written, so that a
 * problem in `cdl.config.json` is reported like one in a spec: `file:line:col: error:` with a
 * code frame under the value at fault. `JSON.parse` gives no positions.
 */
import type { Span } from '../../grammar/ast.js';

export type JsonValue =
  | { readonly kind: 'object'; readonly span: Span; readonly entries: readonly JsonEntry[] }
  | { readonly kind: 'array'; readonly span: Span; readonly items: readonly JsonValue[] }
  | { readonly kind: 'string'; readonly span: Span; readonly value: string }
  | { readonly kind: 'number'; readonly span: Span; readonly value: number }
  | { readonly kind: 'boolean'; readonly span: Span; readonly value: boolean }
  | { readonly kind: 'null'; readonly span: Span };

export interface JsonEntry {
  readonly key: string;
  readonly keySpan: Span;
  readonly value: JsonValue;
}

/** Where the text stops being JSON, and why. */
export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly span: Span,
  ) {
    super(message);
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** Parses `text` (the contents of `file`); a `JsonSyntaxError` at the first thing that is not JSON. */
export function parseJson(text: string, file: string): JsonValue {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  let pos = 0;

  const span = (start: number, end: number): Span => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= start) lo = mid;
      else hi = mid - 1;
    }
    return { file, start, end, line: lo + 1, column: start - lineStarts[lo]! + 1 };
  };
  const fail = (message: string, start = pos, end = Math.min(start + 1, text.length)): never => {
    throw new JsonSyntaxError(message, span(start, end));
  };
  const found = (): string => (pos >= text.length ? 'the end of the file' : `'${text[pos]}'`);
  const skipSpace = (): void => {
    while (pos < text.length && ' \t\n\r'.includes(text[pos]!)) pos++;
  };
  const expect = (c: string, what: string): void => {
    skipSpace();
    if (text[pos] !== c) fail(`expected ${what}, found ${found()}`);
    pos++;
  };

  /** Reads comma-separated `item`s up to `close`, the opening bracket already read. */
  const sequence = (close: '}' | ']', item: () => void): void => {
    skipSpace();
    if (text[pos] === close) {
      pos++;
      return;
    }
    for (let comma = -1; ; ) {
      skipSpace();
      // Reported at the comma, the thing to delete, not at the bracket after it.
      if (comma >= 0 && text[pos] === close) fail('a trailing comma is not allowed in JSON', comma);
      item();
      skipSpace();
      if (text[pos] === close) {
        pos++;
        return;
      }
      if (text[pos] !== ',') fail(`expected ',' or '${close}', found ${found()}`);
      comma = pos++;
    }
  };

  const parseString = (): { value: string; span: Span } => {
    const start = pos++;
    let value = '';
    for (;;) {
      if (pos >= text.length) fail('unterminated string', start);
      const c = text[pos]!;
      if (c === '"') break;
      if (c < ' ') fail('a control character in a string must be escaped');
      if (c !== '\\') {
        value += c;
        pos++;
        continue;
      }
      const e = text[pos + 1] ?? '';
      if (e === 'u') {
        const hex = text.slice(pos + 2, pos + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('\\u must be followed by four hexadecimal digits', pos, pos + 2);
        value += String.fromCharCode(parseInt(hex, 16));
        pos += 6;
      } else if (e in ESCAPES) {
        value += ESCAPES[e];
        pos += 2;
      } else fail(`unknown escape '\\${e}'`, pos, pos + 2);
    }
    pos++;
    return { value, span: span(start, pos) };
  };

  const parseValue = (depth: number): JsonValue => {
    skipSpace();
    const start = pos;
    const c = text[pos];
    if (depth > 64) fail('nested too deeply');
    if (c === '{') {
      pos++;
      const entries: JsonEntry[] = [];
      sequence('}', () => {
        if (text[pos] !== '"') fail(`expected a key (a string in double quotes), found ${found()}`);
        const key = parseString();
        expect(':', `':' after the key`);
        entries.push({ key: key.value, keySpan: key.span, value: parseValue(depth + 1) });
      });
      return { kind: 'object', span: span(start, pos), entries };
    }
    if (c === '[') {
      pos++;
      const items: JsonValue[] = [];
      sequence(']', () => items.push(parseValue(depth + 1)));
      return { kind: 'array', span: span(start, pos), items };
    }
    if (c === '"') return { kind: 'string', ...parseString() };
    for (const [word, node] of [
      ['true', { kind: 'boolean', value: true }],
      ['false', { kind: 'boolean', value: false }],
      ['null', { kind: 'null' }],
    ] as const) {
      if (text.startsWith(word, pos)) {
        pos += word.length;
        return { ...node, span: span(start, pos) };
      }
    }
    NUMBER.lastIndex = pos;
    const number = NUMBER.exec(text);
    if (number) {
      pos += number[0].length;
      return { kind: 'number', value: Number(number[0]), span: span(start, pos) };
    }
    return fail(`expected a value, found ${found()}`);
  };

  if (text.charCodeAt(0) === 0xfeff) pos = 1;
  const value = parseValue(0);
  skipSpace();
  if (pos < text.length) fail(`unexpected ${found()} after the value`);
  return value;
}
