/**
 * Between the compiler's places and the editor's: a span is a file path and 0-based UTF-16
 * offsets into the text (grammar/ast.ts: JavaScript string offsets), an LSP position a URI and
 * a 0-based line and UTF-16 character. Lines are counted as the editor counts them (`\r\n`,
 * `\r` and `\n` all end one), by `TextDocument`, so that a file with Windows line ends still
 * gets exact ranges.
 */
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Position, Range } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Span } from '../../grammar/ast.js';
import { normalize } from '../program/load.js';

/** The file path of a `file:` URI, spelt as the compiler spells paths; null for other schemes. */
export function uriToPath(uri: string): string | null {
  if (!uri.startsWith('file:')) return null;
  try {
    return normalize(fileURLToPath(uri));
  } catch {
    return null;
  }
}

export function pathToUri(file: string): string {
  return pathToFileURL(path.resolve(file)).href;
}

/** Texts by path, each wrapped once so that repeated conversions do not rescan its lines. */
export class Texts {
  private readonly docs = new Map<string, TextDocument>();

  constructor(private readonly sources: ReadonlyMap<string, string>) {}

  doc(file: string): TextDocument | null {
    let d = this.docs.get(file);
    if (d) return d;
    const text = this.sources.get(file);
    if (text === undefined) return null;
    d = TextDocument.create(pathToUri(file), 'cdl', 0, text);
    this.docs.set(file, d);
    return d;
  }

  /** The span's range; a span into a file whose text is unknown is put at its line and column. */
  range(span: Span): Range {
    const d = this.doc(span.file);
    if (d) return { start: d.positionAt(span.start), end: d.positionAt(Math.max(span.start, span.end)) };
    const at: Position = { line: Math.max(0, span.line - 1), character: Math.max(0, span.column - 1) };
    return { start: at, end: at };
  }

  /** The offset of a position in a file, or null when the position is outside its text. */
  offset(file: string, position: Position): number | null {
    const d = this.doc(file);
    if (!d || !validPosition(position) || position.line >= d.lineCount) return null;
    return d.offsetAt(position);
  }
}

/** Editors (and fuzzers) may send anything: a position is two non-negative integers. */
export function validPosition(p: unknown): p is Position {
  if (typeof p !== 'object' || p === null) return false;
  const { line, character } = p as { line?: unknown; character?: unknown };
  return Number.isInteger(line) && Number.isInteger(character) && (line as number) >= 0 && (character as number) >= 0;
}

/** Whether `offset` lies in `span` (its end included: the cursor just after a name is on it). */
export function inSpan(span: Span, file: string, offset: number): boolean {
  return span.file === file && span.start <= offset && offset <= span.end;
}
