/**
 * Layout of generated code: indentation, blank lines and `switch` bodies, as prettier prints
 * them, without parsing. The emitter writes one statement, member or brace per line, already
 * spaced as prettier spaces it (`a | (b & c)`, `{ x: 1 }`, single quotes, trailing commas in
 * broken lists); {@link layoutCode} indents those lines. A line that would not fit in the print
 * width is something only prettier can break: then the text is handed to prettier (see
 * `index.ts`). The tests run prettier over everything the emitter makes and expect no change.
 *
 * The line conventions:
 *   - a line ending with `{` opens a block; a line starting with `}` closes one (`} else {`
 *     does both); an opener followed directly by its closer is printed `{}`; `[` and `]` open
 *     and close an array literal broken one element a line alike, and in one a lone `{`
 *     opens an element;
 *   - in a `switch` block, `case X:` and `default:` lines are labels, and a statement on the
 *     label's line (`default: return null;`) goes on a line of its own; a lone `{` after a
 *     label opens the label's block on the label's line (`case 1: {`);
 *   - `/** ... *\/` comments are re-indented, with every line after the first starting with
 *     `*`; `//` comments stay as they are;
 *   - blank lines are kept between statements and members (one at most), dropped at the start
 *     and end of blocks and of the text.
 */

import { layoutStatement } from './expression-layout.js';

/** prettier's `printWidth` and `tabWidth` (see `PRETTIER_OPTIONS`). */
export const PRINT_WIDTH = 120;
const TAB = '  ';

interface Frame {
  /** Indentation of the opener's line, in levels. */
  readonly level: number;
  readonly isSwitch: boolean;
  /** Opened by `[`: an array literal, whose elements may be objects opened by a lone `{`. */
  readonly isArray: boolean;
  /** Index in the output of the opener's line. */
  readonly opener: number;
  /** Switch blocks: a label was seen, so statements are one level deeper than labels. */
  afterLabel: boolean;
}

/**
 * The text laid out as prettier would print it, or null when a line does not fit in the print
 * width (prettier would break it) or does not follow the conventions above.
 */
export function layoutCode(text: string): string | null {
  const lines = text.split('\n');
  const out: string[] = [];
  const stack: Frame[] = [];
  let blank = false;
  let inComment = false;

  const level = () => {
    const top = stack[stack.length - 1];
    return top ? top.level + 1 + (top.afterLabel ? 1 : 0) : 0;
  };
  /** Adds a statement's lines (broken as prettier would if too long); false when it cannot. */
  const emit = (lvl: number, line: string): boolean => {
    if (blank && out.length > 0 && !/[{[]$/.test(out[out.length - 1])) out.push('');
    blank = false;
    const broken = breakLine(lvl, line);
    if (broken) out.push(...broken);
    return broken !== null;
  };
  /** Adds a comment line: comments are never broken. */
  const comment = (lvl: number, line: string) => {
    if (blank && out.length > 0 && !/[{[]$/.test(out[out.length - 1])) out.push('');
    blank = false;
    out.push(TAB.repeat(lvl) + line);
  };
  const open = (lvl: number, isSwitch: boolean) =>
    stack.push({ level: lvl, isSwitch, isArray: out[out.length - 1]?.endsWith('[') ?? false, opener: out.length - 1, afterLabel: false });

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (inComment) {
      // A JSDoc continuation line (` * text`), aligned under the opening `/**`.
      if (!line.startsWith('*')) return null;
      out.push(`${TAB.repeat(level())} ${line}`);
      if (line.endsWith('*/')) inComment = false;
      continue;
    }
    if (line === '') {
      blank = true;
      continue;
    }
    if (line.startsWith('//') || line.startsWith('/*')) {
      comment(level(), line);
      if (line.startsWith('/*') && !line.endsWith('*/')) {
        if (!line.startsWith('/**')) return null;
        inComment = true;
      }
      continue;
    }
    if (line.startsWith('}') || line.startsWith(']')) {
      const frame = stack.pop();
      if (!frame) return null;
      blank = false;
      if (frame.opener === out.length - 1) out[out.length - 1] += line; // `{}`
      else out.push(TAB.repeat(frame.level) + line);
      if (out[out.length - 1].length > PRINT_WIDTH) return null;
      if (/[{[]$/.test(line)) open(frame.level, false);
      continue;
    }
    const top = stack[stack.length - 1];
    const label = top?.isSwitch ? /^(case\s[^:]*|default):(?:\s+(.*))?$/.exec(line) : null;
    if (top && label) {
      if (!emit(top.level + 1, `${label[1]}:`)) return null;
      top.afterLabel = true;
      let rest = label[2];
      if (rest === undefined && lines[i + 1]?.trim() === '{') {
        rest = '{';
        i++;
      }
      if (rest === '{') {
        // The label's block starts on the label's line.
        out[out.length - 1] += ' {';
        if (out[out.length - 1].length > PRINT_WIDTH) return null;
        open(top.level + 1, false);
      } else if (rest !== undefined) {
        if (!emit(top.level + 2, rest)) return null;
        if (rest.endsWith('{')) open(top.level + 2, /^switch\b/.test(rest));
      }
      continue;
    }
    if (line === '{' && !top?.isArray) return null;
    const lvl = level();
    if (!emit(lvl, line)) return null;
    if (/[{[]$/.test(line)) open(lvl, /^switch\b/.test(line));
  }
  if (stack.length || inComment) return null;
  return `${out.join('\n')}\n`;
}

/**
 * A statement as prettier prints it at indentation `lvl`: on one line when it fits; else the
 * shapes the emitter relies on, when their lines fit (null otherwise):
 *
 *   if (test)      lhs =         lhs =      return (       return (      f(
 *     statement;     a | b;        a |        a | b          a |          a,
 *                                  b;       );               b            b,
 *                                                          );           );
 */
function breakLine(lvl: number, line: string): string[] | null {
  const indent = TAB.repeat(lvl);
  if (indent.length + line.length <= PRINT_WIDTH) return [indent + line];
  const inner = TAB.repeat(lvl + 1);
  // `if (test) statement;`: the statement moves to the next line.
  if (line.startsWith('if (') && !line.endsWith('{')) {
    const close = matching(line, 3);
    if (close > 0) {
      const head = line.slice(0, close + 1);
      const rest = line.slice(close + 1).trim();
      if (rest && indent.length + head.length <= PRINT_WIDTH && inner.length + rest.length <= PRINT_WIDTH) return [indent + head, inner + rest];
    }
    return null;
  }
  // `lhs = a | b | c;` (an assignment or declaration of a chain of `|`, or of `a >>> b`): the
  // chain on the next line if it fits there, else one operand a line.
  const eq = topLevel(line, ' = ');
  if (eq.length === 1 && line.endsWith(';') && /^(const |let )?[\w.[\]]+$/.test(line.slice(0, eq[0]))) {
    const chain = breakChain(lvl + 1, line.slice(eq[0] + 3, -1), ';');
    if (chain) return [`${indent}${line.slice(0, eq[0])} =`, ...chain];
  }
  // `return a | b | c;`: the chain in parentheses, on a line of its own or one operand a line.
  if (line.startsWith('return ') && line.endsWith(';')) {
    const chain = breakChain(lvl + 1, line.slice(7, -1), '');
    if (chain) return [`${indent}return (`, ...chain, `${indent});`];
  }
  // `f(a, b);`, `return f(a, b);`, `throw new E(a, b);`: one argument a line.
  const call = /^((?:return |throw )?(?:new )?[\w$#.]+)\(/.exec(line);
  if (call && line.endsWith(');') && matching(line, call[1].length) === line.length - 2) {
    const inside = line.slice(call[1].length + 1, -2);
    const commas = topLevel(inside, ', ');
    const args = [...commas, inside.length].map((end, k) => inside.slice(k === 0 ? 0 : commas[k - 1] + 2, end));
    // Functions, objects, arrays and template literals are hugged by prettier: not handled here.
    if (args.some((a) => a === '' || /^[[{`]|^function\b/.test(a) || topLevel(a, ' => ').length > 0)) return null;
    const lines = [`${indent}${call[1]}(`, ...args.map((a) => `${inner}${a},`), `${indent});`];
    if (lines.every((l) => l.length <= PRINT_WIDTH)) return lines;
  }
  // Anything else (a long bit expression nested in parentheses): prettier's documents for it.
  return layoutStatement(line, lvl, PRINT_WIDTH, TAB);
}

/**
 * A chain of one binary operator (`a | b | c`, or `a >>> b`) at indentation `lvl`, followed by
 * `end`: on one line if it fits, else one operand a line; null for anything else.
 */
function breakChain(lvl: number, expr: string, end: string): string[] | null {
  const indent = TAB.repeat(lvl);
  for (const op of [' | ', ' >>> ']) {
    const at = topLevel(expr, op);
    if (at.length === 0 || (op === ' >>> ' && at.length !== 1)) continue;
    const operands = [...at, expr.length].map((stop, k) => expr.slice(k === 0 ? 0 : at[k - 1] + op.length, stop));
    // Each operand one term (prettier parenthesizes any other operator in such a chain).
    if (operands.some((o) => topLevel(o, ' ').length > 0)) return null;
    if (indent.length + expr.length + end.length <= PRINT_WIDTH) return [indent + expr + end];
    const lines = operands.map((o, k) => `${indent}${o}${k === operands.length - 1 ? end : op.trimEnd()}`);
    return lines.every((l) => l.length <= PRINT_WIDTH) ? lines : null;
  }
  return null;
}

/** Skips a string, template literal or comment starting at `i`; the index after it. */
function skipLiteral(s: string, i: number): number {
  const c = s[i];
  if (c === "'" || c === '"') {
    for (let j = i + 1; j < s.length; j++) {
      if (s[j] === '\\') j++;
      else if (s[j] === c) return j + 1;
    }
    return s.length;
  }
  if (c === '`') {
    for (let j = i + 1; j < s.length; j++) {
      if (s[j] === '\\') j++;
      else if (s[j] === '`') return j + 1;
      else if (s[j] === '$' && s[j + 1] === '{') {
        j = matching(s, j + 1);
        if (j < 0) return s.length;
      }
    }
    return s.length;
  }
  if (c === '/' && s[i + 1] === '*') {
    const end = s.indexOf('*/', i + 2);
    return end < 0 ? s.length : end + 2;
  }
  return i;
}

/** The index of the bracket closing the one at `open`, or -1. */
function matching(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; ) {
    const j = skipLiteral(s, i);
    if (j !== i) {
      i = j;
      continue;
    }
    const c = s[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0) return i;
      if (depth < 0) return -1;
    }
    i++;
  }
  return -1;
}

/** Where `token` occurs in `s` outside brackets, strings and comments. */
function topLevel(s: string, token: string): number[] {
  const at: number[] = [];
  let depth = 0;
  for (let i = 0; i < s.length; ) {
    const j = skipLiteral(s, i);
    if (j !== i) {
      i = j;
      continue;
    }
    const c = s[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (depth === 0 && s.startsWith(token, i)) {
      at.push(i);
      i += token.length;
      continue;
    }
    i++;
  }
  return at;
}
