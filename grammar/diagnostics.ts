/**
 * Diagnostics: every pass reports into a `Diagnostics` bag instead of throwing, so one run
 * shows all errors. Formatting follows the `file:line:col: error: message` convention with a
 * code frame under it.
 */
import type { Span } from './ast.js';

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  readonly severity: Severity;
  readonly message: string;
  readonly span: Span;
  /** Optional secondary remarks, e.g. where a clashing name was first declared. */
  readonly notes?: readonly { readonly message: string; readonly span: Span }[];
  /**
   * Set on a layout's finding whose message states a fact of the targets it was found on
   * (an alignment): the compiler names those targets even when they are all of them.
   */
  readonly namesTargets?: true;
  /** Set on a layout's warning that is reported only if it holds on every layout compiled. */
  readonly everywhereOnly?: true;
}

export class Diagnostics {
  private readonly items: Diagnostic[] = [];
  /** Spans of the errors, kept apart so that counting and `hasErrorIn` skip warnings. */
  private readonly errorSpans: Span[] = [];

  error(span: Span, message: string, notes?: Diagnostic['notes']): void {
    this.items.push({ severity: 'error', message, span, ...(notes ? { notes } : {}) });
    this.errorSpans.push(span);
  }

  warning(span: Span, message: string): void {
    this.items.push({ severity: 'warning', message, span });
  }

  /** Records a diagnostic made elsewhere (a layout's finding, merged over its targets). */
  add(d: Diagnostic): void {
    this.items.push(d);
    if (d.severity === 'error') this.errorSpans.push(d.span);
  }

  /** An error whose message is true of the layout's targets only: see `namesTargets`. */
  targetError(span: Span, message: string): void {
    this.add({ severity: 'error', message, span, namesTargets: true });
  }

  /** A layout's warning that stands only if every layout compiled makes it: see `everywhereOnly`. */
  layoutWarning(span: Span, message: string): void {
    this.add({ severity: 'warning', message, span, everywhereOnly: true });
  }

  /** Every diagnostic, in the order recorded. */
  recorded(): readonly Diagnostic[] {
    return this.items;
  }

  get hasErrors(): boolean {
    return this.errorSpans.length > 0;
  }

  /** Constant time: rules compare counts before and after their work. */
  get errorCount(): number {
    return this.errorSpans.length;
  }

  /**
   * Whether an error was reported inside `span` (same file, start within it). Later passes
   * use it to stay quiet about consequences: a declaration with a syntax error in its body
   * lost members, so "has no members" or "bits not named" would only echo that error.
   */
  hasErrorIn(span: Span): boolean {
    return this.errorSpans.some(
      (s) => s.file === span.file && s.start >= span.start && s.start <= span.end,
    );
  }

  /**
   * Diagnostics in source order (file, then position). Nothing is removed: every pass reports
   * a problem once (names are resolved once, target-free values evaluated once, and a layout's
   * findings merged over the targets that share them), so a repeat here would be a bug.
   */
  all(): readonly Diagnostic[] {
    // The command line's first (they have no file), then by file and position.
    const fromFile = (d: Diagnostic): number => (d.span.line === 0 ? 0 : 1);
    return [...this.items].sort(
      (a, b) =>
        fromFile(a) - fromFile(b) ||
        (a.span.file < b.span.file ? -1 : a.span.file > b.span.file ? 1 : 0) ||
        a.span.start - b.span.start,
    );
  }
}

/** A span that points at the start of a file, for problems with no better place. */
export function fileSpan(file: string): Span {
  return { file, start: 0, end: 0, line: 1, column: 1 };
}

/**
 * The place of a value given on the command line, which has no file: such a diagnostic is
 * printed as `cdl: error: message`, like a compiler's `cc1: error:`.
 */
export const COMMAND_LINE: Span = { file: 'cdl', start: 0, end: 0, line: 0, column: 0 };

/**
 * Renders one diagnostic:
 *
 *     dsl/x86/paging.cdl:12:3: error: bits 12..51 of `frame` overlap `pat` (bit 12)
 *        12 |   frame @12..51 << 12;
 *           |   ^^^^^
 */
export function formatDiagnostic(d: Diagnostic, sources: ReadonlyMap<string, string>, paint: Paint = PLAIN): string {
  const file = printable(d.span.file);
  const where = d.span.line === 0 ? file : `${file}:${d.span.line}:${d.span.column}`;
  const head = `${paint.where(`${where}:`)} ${paint[d.severity](`${d.severity}:`)} ${paint.message(printable(d.message))}`;
  const lines = [head, ...codeFrame(d.span, sources.get(d.span.file), paint, d.severity)];
  for (const note of d.notes ?? []) {
    lines.push(`${paint.where(`${printable(note.span.file)}:${note.span.line}:${note.span.column}:`)} ${paint.note('note:')} ${printable(note.message)}`);
    lines.push(...codeFrame(note.span, sources.get(note.span.file), paint, 'note'));
  }
  return lines.join('\n');
}

/**
 * How the parts of a diagnostic are shown: plainly, or in a terminal's colours (the command
 * line picks, by the terminal and NO_COLOR). Every part is printable text already.
 */
export interface Paint {
  readonly where: (s: string) => string;
  readonly error: (s: string) => string;
  readonly warning: (s: string) => string;
  readonly note: (s: string) => string;
  readonly message: (s: string) => string;
  readonly gutter: (s: string) => string;
}

const same = (s: string): string => s;
export const PLAIN: Paint = { where: same, error: same, warning: same, note: same, message: same, gutter: same };

/** Columns of a line shown in a code frame; a longer line is cut around the span. */
const FRAME_WIDTH = 100;
/** How far before the span a cut line starts. */
const FRAME_LEAD = 30;

function codeFrame(span: Span, text: string | undefined, paint: Paint, severity: Severity | 'note'): string[] {
  if (text === undefined || span.line < 1 || span.start > text.length) return [];
  // Only the span's own line is cut out of the text: a file with 40,000 errors costs 40,000
  // lines, not 40,000 splits of the whole file.
  const from = span.start === 0 ? 0 : text.lastIndexOf('\n', span.start - 1) + 1;
  const to = text.indexOf('\n', span.start);
  const line = text.slice(from, to < 0 ? text.length : to);
  let shown = printable(line.replace(/\r$/, ''));
  let column = span.column;
  let width = Math.max(1, Math.min(span.end - span.start, shown.length - column + 1));
  if (shown.length > FRAME_WIDTH) {
    // A minified or binary "line" would fill the terminal: show the part around the span.
    const from = Math.max(0, Math.min(column - 1 - FRAME_LEAD, shown.length - FRAME_WIDTH));
    const to = Math.min(shown.length, from + FRAME_WIDTH);
    shown = `${from > 0 ? '…' : ''}${shown.slice(from, to)}${to < shown.length ? '…' : ''}`;
    column = column - from + (from > 0 ? 1 : 0);
    width = Math.max(1, Math.min(width, to - (span.column - 1)));
  }
  const gutter = String(span.line);
  const pad = ' '.repeat(gutter.length);
  const caret = ' '.repeat(Math.max(0, column - 1)) + '^'.repeat(width);
  return [`${paint.gutter(` ${gutter} |`)} ${shown}`, `${paint.gutter(` ${pad} |`)} ${paint[severity](caret)}`];
}

/**
 * The line as a terminal can show it, one character for one: a tab is a space; other control
 * characters become their Unicode pictures (␀, ␛, ␡), and C1 controls and bidirectional
 * overrides U+FFFD, so that a spec or a stray binary file cannot move the cursor, recolour
 * the terminal or reorder what is shown.
 */
function printable(line: string): string {
  return line.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const code = c.charCodeAt(0);
    if (code === 9) return ' ';
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    if (code === 0x7f) return '\u2421';
    return '\ufffd';
  });
}
