/**
 * `cdl fmt`'s printer: one canonical layout of a `.cdl` file, from its syntax tree (which
 * members there are, where each one's aligned cells start: printer-items.ts) and its tokens
 * and comments (what is written). It only re-spaces tokens (and ends every enum member with a
 * comma), never rewrites one, so literals keep their spelling and parentheses stay; and it
 * checks that the output parses to the same tree as the input (spans aside) and keeps every
 * comment before handing it back, so it cannot change a spec's meaning.
 *
 * The rules: two spaces a level of braces; one member a line, unless a body is written on one
 * line (`bits RType : u32 { opcode @0..6; rd @7..11; }`), which stays one line; within a body
 * the cells of consecutive rows line up one space past the widest (a blank line or a block
 * between rows starts a new run, as in gofmt; comments do not); blank lines between members
 * kept, a run of them made one, none after `{` or before `}`; comments (`//`, `///`) kept as
 * written, on their own line at the indentation of what follows, or after a member on its
 * line, one space after it (lined up with the comments after the lines next to it); a comment
 * written between a member's tokens stays there, the member cut into lines at it (a `///`
 * there documents the token after it, or nothing, and must go on doing so). The rules in
 * full: docs/command.md, "Formatting".
 */
import type { IToken } from 'chevrotain';
import type * as ast from './ast.js';
import { Diagnostics, fileSpan, type Diagnostic } from './diagnostics.js';
import { tokenize } from './lexer.js';
import { parseFile } from './parse.js';
import { declItem, type TokenFinder } from './printer-items.js';
import { row, type BlockItem, type Item, type RowItem } from './printer-layout.js';
import { SourceFile } from './source.js';
import * as t from './tokens.js';

/** A system-call table whose entries would pass this width on one line prints its numbers as a table. */
const SYSCALL_LINE_WIDTH = 100;
/** Numbers a line in a system-call table. */
const SYSCALL_NUMBERS_A_LINE = 4;
const INDENT = '  ';

export type FormatResult =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/** Formats one file; a file with syntax errors is refused with its diagnostics (warnings aside). */
export function formatSource(path: string, text: string): FormatResult {
  const diags = new Diagnostics();
  const file = parseFile(path, text, diags);
  if (diags.hasErrors) return { ok: false, diagnostics: diags.all().filter((d) => d.severity === 'error') };
  let output: string;
  let problem: string | null;
  try {
    output = new Printer(file, text).print();
    problem = sameMeaning(path, text, file, output);
  } catch (e) {
    // A bug of the printer's, not the user's mistake: said in words, the file left alone.
    output = text;
    problem = `internal error: ${(e as Error).message}`;
  }
  if (problem !== null) {
    const checked = new Diagnostics();
    checked.error(fileSpan(path), `cdl fmt cannot format this file without changing it (${problem}); please report this`);
    return { ok: false, diagnostics: checked.all() };
  }
  return { ok: true, text: output };
}

/** Null if `output` parses to `file`'s tree with the same comments, else what differs. */
function sameMeaning(path: string, input: string, file: ast.File, output: string): string | null {
  const diags = new Diagnostics();
  const again = parseFile(path, output, diags);
  if (diags.hasErrors) return 'the output does not parse';
  if (canonical(again) !== canonical(file)) return 'the output parses to another tree';
  const comments = (text: string): string =>
    JSON.stringify(tokenize(new SourceFile(path, text), new Diagnostics()).comments.map((c) => (c.image.startsWith('///') ? c.image : c.image.trimEnd())));
  if (comments(output) !== comments(input)) return 'a comment would be lost';
  return null;
}

/** The tree without positions, as text: two trees mean the same when these are equal. */
export function canonical(file: ast.File): string {
  return JSON.stringify(file, (key, value: unknown) =>
    key === 'span' || key === 'path' ? undefined : typeof value === 'bigint' ? `${value}n` : value,
  );
}

type Entry =
  | { readonly type: 'comment'; readonly blankBefore: boolean; readonly text: string }
  | { readonly type: 'row'; readonly blankBefore: boolean; readonly cells: string[]; trailing: string | null }
  | { readonly type: 'lines'; readonly blankBefore: boolean; readonly lines: string[]; trailing: string | null }
  | { readonly type: 'syscall'; readonly blankBefore: boolean; readonly head: string; readonly numbers: string[]; trailing: string | null };

/** Declaration keywords whose `NAME : X` header spaces the colon. */
const HEADER_KEYWORDS = new Set(['enum', 'bits', 'union', 'registers', 'abi', 'syscalls', 'sysregs', 'paging', 'format', 'instructions']);
/** Keywords that take a parenthesized argument right after them: `sizeof(T)`, `align(8)`. */
const CALLS = new Set(['sizeof', 'alignof', 'offsetof', 'align']);
/** After these a `-` or `~` is unary. */
const OPERAND_EXPECTED = new Set(['(', '[', ',', '=', '@', '..', '<<', '>', '|', '^', '&', '+', '-', '*', '/', '%', '~', ':', '->', '!', 'when', 'reset', 'stack', '{']);

class Printer implements TokenFinder {
  private readonly tokens: IToken[];
  private readonly comments: IToken[];
  /** How many comments were printed: each is printed once, or the printer has a bug. */
  private printed = 0;
  private readonly source: SourceFile;
  /** For each `{` token's index, its `}`'s index. */
  private readonly closing = new Map<number, number>();

  constructor(
    private readonly file: ast.File,
    private readonly text: string,
  ) {
    this.source = new SourceFile(file.path, text);
    const lexed = tokenize(this.source, new Diagnostics());
    this.tokens = lexed.tokens;
    this.comments = [...lexed.comments];
    const open: number[] = [];
    this.tokens.forEach((token, i) => {
      if (token.tokenType === t.LBrace) open.push(i);
      else if (token.tokenType === t.RBrace) this.closing.set(open.pop()!, i);
    });
  }

  print(): string {
    const items: Item[] = [];
    if (this.file.namespace !== null) {
      const start = this.before(this.file.namespace.span.start);
      const semicolon = this.after(this.file.namespace.span.start);
      items.push(row({ start, end: semicolon + 1 }));
    }
    for (const decl of this.file.imports) items.push(row(decl.span));
    for (const decl of this.file.decls) items.push(declItem(decl, this));
    items.sort((a, b) => a.start - b.start);
    const { lines } = this.body(items, 0, this.text.length, false);
    if (this.printed !== this.comments.length) throw new Error('a comment was not printed');
    return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
  }

  // --- TokenFinder

  before(offset: number): number {
    return this.tokens[Math.max(0, this.indexAt(offset) - 1)].startOffset;
  }

  atOrAfter(offset: number): number {
    const i = this.indexAt(offset);
    return i < this.tokens.length ? this.tokens[i].startOffset : this.text.length;
  }

  private after(offset: number): number {
    return this.tokens[this.indexAt(offset) + 1]?.startOffset ?? this.text.length;
  }

  /** The index of the first token that starts at or after `offset`. */
  private indexAt(offset: number): number {
    let lo = 0;
    let hi = this.tokens.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.tokens[mid].startOffset < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private lineOf(offset: number): number {
    return this.source.span(offset, offset).line;
  }

  private blankBetween(from: number, to: number): boolean {
    return (this.text.slice(from, to).match(/\n/g)?.length ?? 0) >= 2;
  }

  // --- bodies

  /**
   * The lines of `items`, between offsets `from` and `to` (the inside of a pair of braces, or
   * the file), with the comments there, not indented; and the comment on the line of the `{`.
   */
  private body(items: readonly Item[], from: number, to: number, inBraces: boolean): { lines: string[]; headComment: string | null } {
    const entries: Entry[] = [];
    let headComment: string | null = null;
    let last = from;
    let lastLine = inBraces ? this.lineOf(from) : -1;
    const comments = this.commentsIn(from, to, items);
    let c = 0;
    const comment = (token: IToken, mayTrail: boolean): void => {
      this.printed++;
      const text = commentText(token);
      const previous = entries.at(-1);
      if (mayTrail && this.lineOf(token.startOffset) === lastLine) {
        if (previous === undefined) headComment = text;
        else if (previous.type !== 'comment' && previous.trailing === null) previous.trailing = text;
        else entries.push({ type: 'comment', blankBefore: false, text });
      } else {
        entries.push({ type: 'comment', blankBefore: entries.length > 0 && this.blankBetween(last, token.startOffset), text });
      }
      last = token.startOffset + token.image.length;
    };
    const commentsUntil = (until: number): void => {
      while (c < comments.length && comments[c].startOffset < until) comment(comments[c++], true);
    };
    for (const item of items) {
      commentsUntil(item.start);
      const blankBefore = entries.length > 0 && this.blankBetween(last, item.start);
      entries.push(this.entry(item, blankBefore));
      last = item.end;
      lastLine = this.lineOf(item.end - 1);
    }
    commentsUntil(to);
    return { lines: layOut(entries), headComment };
  }

  /** The comments between `from` and `to` that are not inside one of `items`. */
  private commentsIn(from: number, to: number, items: readonly Item[]): IToken[] {
    return this.comments.filter(
      (comment) =>
        comment.startOffset >= from &&
        comment.startOffset < to &&
        !items.some((item) => comment.startOffset >= item.start && comment.startOffset < item.end),
    );
  }

  /** Whether a comment is written between the tokens of `start` to `end`. */
  private hasComment(start: number, end: number): boolean {
    return this.commentsBetween(start, end).length > 0;
  }

  /** The comments that start after offset `start` and before `end`. */
  private commentsBetween(start: number, end: number): IToken[] {
    let lo = 0;
    let hi = this.comments.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.comments[mid].startOffset <= start) lo = mid + 1;
      else hi = mid;
    }
    const found: IToken[] = [];
    for (let i = lo; i < this.comments.length && this.comments[i].startOffset < end; i++) found.push(this.comments[i]);
    return found;
  }

  /** The token indices of each top-level `{` and its `}` within a block. */
  private bracesOf(item: BlockItem): [number, number][] {
    const pairs: [number, number][] = [];
    for (let i = this.indexAt(item.start); i < this.tokens.length && this.tokens[i].startOffset < item.end; i++) {
      if (this.tokens[i].tokenType === t.LBrace) {
        const close = this.closing.get(i)!;
        pairs.push([i, close]);
        i = close;
      }
    }
    return pairs;
  }

  /** A block written on one line stays on one line. */
  private oneLine(item: BlockItem): boolean {
    return this.lineOf(item.start) === this.lineOf(item.end - 1);
  }

  private entry(item: Item, blankBefore: boolean): Entry {
    switch (item.kind) {
      case 'row':
        if (this.hasComment(item.start, item.end)) return this.withComments(item.start, item.end, item.tight, item.suffix, blankBefore);
        return { type: 'row', blankBefore, cells: this.cells(item), trailing: null };
      case 'block':
        if (this.oneLine(item)) return { type: 'row', blankBefore, cells: [this.join(item.start, item.end, false)], trailing: null };
        return { type: 'lines', blankBefore, lines: this.blockLines(item), trailing: null };
      case 'syscall':
        if (this.hasComment(item.start, item.end)) return this.withComments(item.start, item.end, false, '', blankBefore);
        return {
          type: 'syscall',
          blankBefore,
          head: this.join(item.start, item.equals ?? item.end, false),
          numbers: item.numbers.map((n, i) => this.join(n.start, n.end, false) + (i === item.numbers.length - 1 ? ';' : ',')),
          trailing: null,
        };
      default:
        return unreachable(item);
    }
  }

  /**
   * A member with comments between its tokens, which stay where they are (a `///` there
   * documents the token after it, or nothing): the member is cut into lines at each comment,
   * the lines after the first indented two levels.
   */
  private withComments(start: number, end: number, tight: boolean, suffix: string, blankBefore: boolean): Entry {
    const lines = this.joinLines(start, end, tight);
    lines[lines.length - 1] += suffix;
    return { type: 'lines', blankBefore, lines, trailing: null };
  }

  private blockLines(item: BlockItem): string[] {
    const braces = this.bracesOf(item);
    const lines: string[] = [];
    braces.forEach(([open, close], i) => {
      const openAt = this.tokens[open].startOffset;
      const head = i === 0 ? this.joinLines(item.start, openAt, false) : this.joinLines(this.endOf(braces[i - 1][1]), openAt, false);
      // `} // comment` then `else {`, at the block's indentation.
      if (i > 0) head.splice(0, head.length, `} ${head[0]}`, ...head.slice(1).map((line) => line.trimStart()));
      const inner = this.body(item.bodies[i] ?? [], openAt + 1, this.tokens[close].startOffset, true);
      // After a comment, the `{` starts a line of its own.
      const last = head.pop()!;
      const brace = last.trim() === '' ? '{' : `${last} {`;
      lines.push(...head, inner.headComment === null ? brace : `${brace} ${inner.headComment}`);
      lines.push(...inner.lines.map((line) => (line === '' ? '' : INDENT + line)));
    });
    lines.push('}');
    return lines;
  }

  private endOf(index: number): number {
    return this.tokens[index].startOffset + this.tokens[index].image.length;
  }

  private cells(item: RowItem): string[] {
    const bounds = [item.start, ...item.cuts, item.end];
    const cells = bounds.slice(0, -1).map((start, i) => this.join(start, bounds[i + 1], item.tight));
    cells[cells.length - 1] += item.suffix;
    return cells;
  }

  /** The tokens from offset `start` to `end`, spaced canonically, on one line. */
  private join(start: number, end: number, tight: boolean): string {
    return this.joinLines(start, end, tight).join('\n');
  }

  /**
   * The tokens from offset `start` to `end`, spaced canonically; a comment among them ends a
   * line (after the tokens of its line, or on a line of its own), and the tokens after it
   * go on the next line, indented two levels.
   */
  private joinLines(start: number, end: number, tight: boolean): string[] {
    const lines: string[] = [];
    let out = '';
    let angles = 0;
    let unary = false;
    let afterComment = false;
    const first = this.indexAt(start);
    const continuation = INDENT + INDENT;
    const commentsBefore = (offset: number, previous: IToken | null): void => {
      for (const comment of this.commentsBetween(previous?.startOffset ?? start, offset)) {
        this.printed++;
        if (previous !== null && !afterComment && this.lineOf(comment.startOffset) === this.lineOf(previous.startOffset)) {
          lines.push(`${out} ${commentText(comment)}`);
        } else {
          if (out.trim() !== '') lines.push(out);
          lines.push(`${lines.length === 0 ? '' : continuation}${commentText(comment)}`);
        }
        out = continuation;
        afterComment = true;
      }
    };
    let i = first;
    for (; i < this.tokens.length && this.tokens[i].startOffset < end; i++) {
      const token = this.tokens[i];
      const previous = i > first ? this.tokens[i - 1] : null;
      commentsBefore(token.startOffset, previous);
      if (previous !== null && !afterComment && this.spaced(previous, token, i, { tight, inAngles: angles > 0, afterUnary: unary })) out += ' ';
      afterComment = false;
      unary = (token.image === '-' || token.image === '~') && (previous === null || OPERAND_EXPECTED.has(previous.image) || previous.tokenType === t.When);
      if (token.tokenType === t.Less && previous?.tokenType === t.Ptr) angles++;
      else if (token.tokenType === t.Greater && angles > 0) angles--;
      out += token.image;
    }
    commentsBefore(end, i > first ? this.tokens[i - 1] : null);
    lines.push(out);
    return lines;
  }

  private spaced(previous: IToken, token: IToken, index: number, context: { tight: boolean; inAngles: boolean; afterUnary: boolean }): boolean {
    const p = previous.image;
    const n = token.image;
    if (n === ',' || n === ';' || n === ')' || n === ']' || n === '.' || n === '..' || n === '[') return false;
    if (p === '(' || p === '[' || p === '.' || p === '..' || p === '@' || p === '!') return false;
    if (context.afterUnary) return false;
    // `>>` is two tokens that must stay together; `ptr<ptr<u8>>` closes two pointers.
    if (p === '>' && n === '>') return false;
    if (n === '>' && context.inAngles) return false;
    if (n === '<' && previous.tokenType === t.Ptr) return false;
    if (p === '<' && context.inAngles) return false;
    if (n === '(') return !(CALLS.has(p) || previous.tokenType === t.Identifier);
    if (n === ':') return HEADER_KEYWORDS.has(this.tokens[index - 2]?.image ?? '');
    if (context.tight && (n === '=' || n === '!' || p === '=')) return false;
    return true;
  }
}

function unreachable(value: never): never {
  throw new Error(`unexpected ${JSON.stringify(value)}`);
}

/** A `///` comment is a doc string, kept byte for byte; a `//` one loses its trailing blanks. */
function commentText(comment: IToken): string {
  return comment.image.startsWith('///') && !comment.image.startsWith('////') ? comment.image : comment.image.trimEnd();
}

/**
 * The lines of a body's entries: the cells of each run of rows lined up (a column as wide as
 * its widest cell that has another after it, plus one space), blank lines kept, and system
 * calls on one line each or, when one of them would pass {@link SYSCALL_LINE_WIDTH}, every
 * call's numbers as a table under its signature.
 */
function layOut(entries: readonly Entry[]): string[] {
  const widths = new Map<Entry, number[]>();
  let run: Entry[] = [];
  const closeRun = (): void => {
    const columns: number[] = [];
    for (const entry of run) {
      if (entry.type !== 'row') continue;
      entry.cells.slice(0, -1).forEach((cell, i) => (columns[i] = Math.max(columns[i] ?? 0, cell.length)));
    }
    for (const entry of run) widths.set(entry, columns);
    run = [];
  };
  for (const entry of entries) {
    if (entry.blankBefore) closeRun();
    if (entry.type === 'row') run.push(entry);
    else if (entry.type !== 'comment') closeRun();
  }
  closeRun();
  const calls = entries.filter((e) => e.type === 'syscall');
  const oneLine = (e: Extract<Entry, { type: 'syscall' }>): string => (e.numbers.length === 0 ? e.head : `${e.head} = ${e.numbers.join(' ')}`);
  const table = calls.some((e) => INDENT.length + oneLine(e).length + (e.trailing === null ? 0 : e.trailing.length + 1) > SYSCALL_LINE_WIDTH);
  const cell = Math.max(0, ...calls.flatMap((e) => e.numbers.map((n) => n.length))) + 2;

  const lines: string[] = [];
  /** The comment after each line that has one, by the line's index. */
  const trailing = new Map<number, string>();
  for (const entry of entries) {
    if (entry.blankBefore) lines.push('');
    let text: string[];
    switch (entry.type) {
      case 'comment':
        lines.push(entry.text);
        continue;
      case 'row': {
        const columns = widths.get(entry) ?? [];
        text = [entry.cells.map((c, i) => (i < entry.cells.length - 1 ? c.padEnd(columns[i] ?? c.length) : c)).join(' ')];
        break;
      }
      case 'lines':
        text = [...entry.lines];
        break;
      case 'syscall':
        text = table && entry.numbers.length > 0 ? syscallTable(entry.head, entry.numbers, cell) : [oneLine(entry)];
        break;
      default:
        return unreachable(entry);
    }
    lines.push(...text.map((line) => line.trimEnd()));
    if (entry.trailing !== null) trailing.set(lines.length - 1, entry.trailing);
  }
  // Trailing comments on consecutive lines line up, one space past the longest of those lines.
  for (const [first] of trailing) {
    if (trailing.has(first - 1)) continue;
    let last = first;
    while (trailing.has(last + 1)) last++;
    const column = Math.max(...lines.slice(first, last + 1).map((line) => line.length));
    for (let i = first; i <= last; i++) lines[i] = `${lines[i]!.padEnd(column)} ${trailing.get(i)!}`;
  }
  return lines;
}

/** `read(...) -> isize` then `  = A 0,      B 3, ...`, SYSCALL_NUMBERS_A_LINE numbers a line. */
function syscallTable(head: string, numbers: readonly string[], cell: number): string[] {
  const lines = [head];
  for (let i = 0; i < numbers.length; i += SYSCALL_NUMBERS_A_LINE) {
    const chunk = numbers.slice(i, i + SYSCALL_NUMBERS_A_LINE).map((n, j, all) => (j < all.length - 1 ? n.padEnd(cell) : n));
    lines.push(`${i === 0 ? '  = ' : '    '}${chunk.join('')}`);
  }
  return lines;
}
