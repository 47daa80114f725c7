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

  /** Diagnostics in source order (file, then position), duplicates removed. */
  all(): readonly Diagnostic[] {
    const seen = new Set<string>();
    const unique = this.items.filter((d) => {
      const key = `${d.severity}\0${d.span.file}\0${d.span.start}\0${d.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    return unique.sort(
      (a, b) =>
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
 * Renders one diagnostic:
 *
 *     dsl/x86/paging.cdl:12:3: error: bits 12..51 of `frame` overlap `pat` (bit 12)
 *        12 |   frame @12..51 << 12;
 *           |   ^^^^^
 */
export function formatDiagnostic(d: Diagnostic, sources: ReadonlyMap<string, string>): string {
  const head = `${d.span.file}:${d.span.line}:${d.span.column}: ${d.severity}: ${d.message}`;
  const lines = [head, ...codeFrame(d.span, sources.get(d.span.file))];
  for (const note of d.notes ?? []) {
    lines.push(`${note.span.file}:${note.span.line}:${note.span.column}: note: ${note.message}`);
    lines.push(...codeFrame(note.span, sources.get(note.span.file)));
  }
  return lines.join('\n');
}

function codeFrame(span: Span, text: string | undefined): string[] {
  if (text === undefined) return [];
  const all = text.split('\n');
  const line = all[span.line - 1];
  if (line === undefined) return [];
  const shown = line.replace(/\t/g, ' ').replace(/\r$/, '');
  const gutter = String(span.line);
  const pad = ' '.repeat(gutter.length);
  const width = Math.max(1, Math.min(span.end - span.start, shown.length - span.column + 1));
  const caret = ' '.repeat(Math.max(0, span.column - 1)) + '^'.repeat(width);
  return [` ${gutter} | ${shown}`, ` ${pad} | ${caret}`];
}
