/**
 * Comments of the C family (C headers, GNU as includes, TypeScript constants): `/* *\/` blocks
 * and doc lines made safe inside them. Each emitter adds only its own markers.
 */
import { docLines } from '../emitter.js';

/** A block comment's lines: `/** one line *\/`, or starred lines between `open` and ` *\/`. */
export function blockComment(lines: readonly string[], open = '/**'): string[] {
  if (lines.length === 0) return [];
  if (lines.length === 1) return [`${open} ${lines[0]} */`];
  return [open, ...lines.map((l) => (l ? ` * ${l}` : ' *')), ' */'];
}

/** A block comment as text ending in a line break, or '' when there are no lines. */
export function blockCommentText(lines: readonly string[], open = '/**'): string {
  return lines.length === 0 ? '' : `${blockComment(lines, open).join('\n')}\n`;
}

/**
 * A doc comment's lines (`docLines`), safe inside a C block comment: `*\/` cannot close the
 * comment early, `/\*` cannot open a nested one (gcc -Wcomment), and `??/` is no trigraph for
 * a line splice (gcc -Wtrigraphs). GNU as reads the same comments (cpp strips them from `.S`).
 */
export function commentLines(doc: string): string[] {
  return docLines(doc).map((l) => l.replaceAll('*/', '*\\/').replaceAll('/*', '/\\*').replaceAll('??/', '?\\?/'));
}
