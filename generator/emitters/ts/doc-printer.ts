/**
 * The part of prettier's document printer (Wadler's "prettier printer", as prettier implements
 * it in `printDocToString` and `fits`) that generated statements need: text, concatenation,
 * groups, indentation, lines and `ifBreak`. `expression-layout.ts` builds the documents prettier
 * would build for a statement; this prints them as prettier does, so that `layout.ts` need not
 * hand a statement it cannot break to prettier itself.
 */

export type Doc = string | readonly Doc[] | Group | Indent | Line | IfBreak;

interface Group {
  readonly kind: 'group';
  readonly contents: Doc;
}
interface Indent {
  readonly kind: 'indent';
  readonly contents: Doc;
}
interface Line {
  readonly kind: 'line';
  /** A soft line is nothing when flat; a line is a space. */
  readonly soft: boolean;
}
interface IfBreak {
  readonly kind: 'ifBreak';
  readonly broken: Doc;
  readonly flat: Doc;
}

export const group = (contents: Doc): Doc => ({ kind: 'group', contents });
export const indent = (contents: Doc): Doc => ({ kind: 'indent', contents });
export const line: Doc = { kind: 'line', soft: false };
export const softline: Doc = { kind: 'line', soft: true };
export const ifBreak = (broken: Doc, flat: Doc = ''): Doc => ({ kind: 'ifBreak', broken, flat });

/** Elements joined by a separator. */
export function join(separator: Doc, docs: readonly Doc[]): Doc[] {
  return docs.flatMap((d, i) => (i === 0 ? [d] : [separator, d]));
}

const BREAK = 0;
const FLAT = 1;
type Mode = typeof BREAK | typeof FLAT;
interface Command {
  readonly level: number;
  readonly mode: Mode;
  readonly doc: Doc;
}

/**
 * The document at indentation `level` (in units of `tab`), starting at column `level *
 * tab.length` of an empty line, in lines of at most `width` where the document allows.
 */
export function printDoc(doc: Doc, level: number, width: number, tab: string): string[] {
  const lines: string[] = [];
  let current = tab.repeat(level);
  const commands: Command[] = [{ level, mode: BREAK, doc }];
  while (commands.length > 0) {
    const { level: lvl, mode, doc: d } = commands.pop()!;
    if (typeof d === 'string') current += d;
    else if (Array.isArray(d)) for (let i = d.length - 1; i >= 0; i--) commands.push({ level: lvl, mode, doc: d[i] as Doc });
    else {
      const node = d as Group | Indent | Line | IfBreak;
      switch (node.kind) {
        case 'indent':
          commands.push({ level: lvl + 1, mode, doc: node.contents });
          break;
        case 'group': {
          const flat: Command = { level: lvl, mode: FLAT, doc: node.contents };
          commands.push(mode === FLAT || fits(flat, commands, width - current.length) ? flat : { level: lvl, mode: BREAK, doc: node.contents });
          break;
        }
        case 'line':
          if (mode === FLAT) {
            if (!node.soft) current += ' ';
          } else {
            lines.push(current.trimEnd());
            current = tab.repeat(lvl);
          }
          break;
        case 'ifBreak':
          commands.push({ level: lvl, mode, doc: mode === BREAK ? node.broken : node.flat });
          break;
      }
    }
  }
  lines.push(current);
  return lines;
}

/**
 * Whether `next`, flat, and what follows it up to the next line break fits in `room` columns
 * (prettier's `fits`: the commands after it are measured in their own modes).
 */
function fits(next: Command, rest: readonly Command[], room: number): boolean {
  const stack: { mode: Mode; doc: Doc }[] = [{ mode: next.mode, doc: next.doc }];
  let restIndex = rest.length;
  while (room >= 0) {
    if (stack.length === 0) {
      if (restIndex === 0) return true;
      const r = rest[--restIndex];
      stack.push({ mode: r.mode, doc: r.doc });
      continue;
    }
    const { mode, doc } = stack.pop()!;
    if (typeof doc === 'string') room -= doc.length;
    else if (Array.isArray(doc)) for (let i = doc.length - 1; i >= 0; i--) stack.push({ mode, doc: doc[i] as Doc });
    else {
      const node = doc as Group | Indent | Line | IfBreak;
      switch (node.kind) {
        case 'indent':
        case 'group':
          stack.push({ mode, doc: node.contents });
          break;
        case 'line':
          if (mode === BREAK) return true;
          if (!node.soft) room -= 1;
          break;
        case 'ifBreak':
          stack.push({ mode, doc: mode === BREAK ? node.broken : node.flat });
          break;
      }
    }
  }
  return false;
}
