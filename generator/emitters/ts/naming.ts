/**
 * Spelling for generated TypeScript: identifiers that never collide with keywords, globals the
 * generated code uses or `Object.prototype` members; per-scope name allocation; doc comments
 * that cannot end early; number and bigint literals.
 */
import { escapeName, NameScope as Scope, type Names, OBJECT_PROTOTYPE_NAMES, TS_RESERVED } from '../../names.js';

/** Globals and library types generated code names, besides those in TS_RESERVED. */
const TS_GLOBALS_USED = [
  'Array', 'ArrayBuffer', 'ArrayLike', 'Boolean', 'Infinity', 'Map', 'NaN', 'Readonly', 'ReadonlyArray',
  'Set', 'SharedArrayBuffer', 'String', 'Symbol', 'Uint32Array', 'globalThis', 'require', 'exports',
];

/** Names an identifier (binding) in generated code must not take. */
export const IDENT_RESERVED: ReadonlySet<string> = new Set([...TS_RESERVED, ...OBJECT_PROTOTYPE_NAMES, ...TS_GLOBALS_USED]);

/** A binding name for a spec name: `default` -> `default_`, `Object` -> `Object_`. */
export function ident(name: string): string {
  return escapeName(name, IDENT_RESERVED);
}

/**
 * A scope of generated TypeScript (names.ts allocates): a property scope (an object literal,
 * a class) unless given other reserved words, so by default only `Object.prototype`'s members
 * are reserved.
 */
export class NameScope extends Scope {
  constructor(reserved: Names = OBJECT_PROTOTYPE_NAMES, taken: Iterable<string> = []) {
    super(reserved, taken);
  }
}

/** `frame` -> `Frame`. */
export function upperFirst(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** `Page1G` -> `page1G`. */
export function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

/** Makes text safe inside a block comment: `*\/` cannot close it early. */
export function commentText(text: string): string {
  const closed = text.includes('*/') ? text.replace(/\*\//g, '*\\/') : text;
  return /[\r\u2028\u2029]/.test(closed) ? closed.replace(/\r\n?|[\u2028\u2029]/g, '\n') : closed;
}

/** A JSDoc block for the doc text and extra paragraphs (each may span lines), or ''. */
export function docComment(...parts: (string | null | undefined)[]): string {
  let text = '';
  for (const p of parts) {
    if (!p || p.trim() === '') continue;
    text = text ? `${text}\n\n${commentText(p)}` : commentText(p);
  }
  if (!text) return '';
  // Most docs are one short line: the generated code has thousands of them.
  if (text.length <= 100 && !text.includes('\n')) return `/** ${text.trimEnd()} */\n`;
  const lines = text.split('\n').flatMap((l) => wrap(l.trimEnd(), 100));
  if (lines.length === 1) return `/** ${lines[0]} */\n`;
  return `/**\n${lines.map((l) => (l ? ` * ${l}` : ' *')).join('\n')}\n */\n`;
}

/** Splits a line longer than `width` at spaces (a word longer than the width stays whole). */
function wrap(line: string, width: number): string[] {
  if (line.length <= width) return [line];
  const out: string[] = [];
  let cur = '';
  for (const word of line.split(' ')) {
    if (cur && cur.length + 1 + word.length > width) {
      out.push(cur);
      cur = word;
    } else cur = cur ? `${cur} ${word}` : word;
  }
  if (cur) out.push(cur);
  return out;
}

/** A string literal. */
export function str(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}

/** A non-negative integer literal as a number: decimal when small, else hex. */
export function num(n: number | bigint): string {
  const v = BigInt(n);
  if (v < 0n) return `-${num(-v)}`;
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`internal error: ${v} is not a safe number`);
  return v < 1024n ? v.toString() : `0x${v.toString(16)}`;
}

/** A mask literal: always hex (`0x1`, `0xfffff000`). */
export function hex(n: number | bigint): string {
  const v = BigInt(n);
  if (v < 0n) return `-${hex(-v)}`;
  return `0x${v.toString(16)}`;
}

/** A bigint literal: `0n`, `0xffffffffffffffffn`, `-0x80n`. */
export function big(n: number | bigint): string {
  const v = BigInt(n);
  if (v < 0n) return `-${big(-v)}`;
  return v < 1024n ? `${v}n` : `0x${v.toString(16)}n`;
}

/** `2^k` as a literal. */
export function pow2(k: number): string {
  return num(2n ** BigInt(k));
}

/**
 * An object literal in a statement (`return { a: 1 };`), as lines: on one line when short,
 * else one property a line (prettier keeps an object broken when its first property is on a
 * line of its own, so either form is formatted).
 */
export function objectLines(prefix: string, entries: readonly string[], suffix: string): string[] {
  if (entries.length === 0) return [`${prefix}{}${suffix}`];
  const flat = `${prefix}{ ${entries.join(', ')} }${suffix}`;
  if (flat.length <= OBJECT_WIDTH) return [flat];
  return [`${prefix}{`, ...entries.map((e) => `${e},`), `}${suffix}`];
}

/** The longest object literal statement kept on one line (it is then indented by at most 8). */
const OBJECT_WIDTH = 100;
