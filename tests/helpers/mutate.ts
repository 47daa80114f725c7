/**
 * Seeded random edits of a spec's text, for the fuzzers: a token deleted, duplicated, swapped
 * with another, a number replaced by an edge value, a keyword or punctuation inserted, a name
 * replaced by another name of the file. Also the specs they start from.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Every `.cdl` below `dir`, keyed by its path relative to `base` (so imports resolve). */
export function specsBelow(dir: string, base = dir): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const name of fs.readdirSync(d).sort()) {
      const full = path.join(d, name);
      if (fs.statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.cdl')) out.set(path.relative(base, full).split(path.sep).join('/'), fs.readFileSync(full, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

// Crude tokens: comments, strings, names, numbers, two-character operators, whitespace, and
// any other single character. Whitespace and comments are kept so the text reassembles.
const TOKEN = /\/\/[^\n]*|"(?:[^"\\\n]|\\.)*"?|[A-Za-z_][A-Za-z0-9_]*|[0-9][0-9A-Za-z_]*|\.\.|<<|\s+|[^]/g;
const isEditable = (t: string): boolean => !/^\s/.test(t) && !t.startsWith('//');

const NUMBERS = ['0', '1', '2', '7', '8', '63', '64', '65', '255', '256', '4096', '0x1000000', '18446744073709551615',
  '18446744073709551616', '0xffff_ffff_ffff_ffff', '0x1_0000_0000_0000_0000', '99999999999999999999999999999', '0b', '01'];
const INSERTS = ['namespace', 'import', 'const', 'type', 'enum', 'bits', 'tag', 'variant', 'when', 'reserved', 'struct',
  'union', 'by', 'packed', 'align', 'pad', 'image_end', 'if', 'else', 'config', 'target', 'ptr', 'sizeof', 'alignof',
  'offsetof', 'true', 'false', 'u8', 'u64', 'i3', 'u0', 'bool', 'kernel', '{', '}', '(', ')', '[', ']', '<', '>', '<<',
  ';', ':', ',', '..', '.', '@', '=', '!', '|', '^', '&', '+', '-', '*', '/', '%', '~', '"x.cdl"', '"', '$', '\u00e9',
  '@alias', '@0..63', '1 << 64', '-1'];

/** `text` with 1 to `maxEdits` random edits. */
export function mutate(text: string, random: () => number, maxEdits = 3): string {
  const tokens: string[] = [...(text.match(TOKEN) ?? [])];
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const edits = 1 + Math.floor(random() * maxEdits);
  for (let e = 0; e < edits; e++) {
    const editable = tokens.map((t, i) => (isEditable(t) ? i : -1)).filter((i) => i >= 0);
    if (editable.length === 0) {
      tokens.push(pick(INSERTS));
      continue;
    }
    const i = pick(editable);
    const kind = random();
    if (kind < 0.22) tokens.splice(i, 1); // delete
    else if (kind < 0.38) tokens.splice(i, 0, tokens[i], ' '); // duplicate
    else if (kind < 0.52) {
      const j = pick(editable); // swap
      [tokens[i], tokens[j]] = [tokens[j], tokens[i]];
    } else if (kind < 0.72) {
      const numbers = editable.filter((k) => /^[0-9]/.test(tokens[k]));
      tokens[numbers.length ? pick(numbers) : i] = pick(NUMBERS); // renumber
    } else if (kind < 0.9) tokens.splice(i, 0, pick(INSERTS), ' '); // insert
    else {
      const names = editable.filter((k) => /^[A-Za-z_]/.test(tokens[k]));
      if (names.length) tokens[pick(names)] = tokens[pick(names)]; // rename: duplicates, cycles
    }
  }
  return tokens.join('');
}

