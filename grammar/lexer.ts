/**
 * Tokenizing: every character either becomes a token, is skipped, or is reported. Malformed
 * literals are reported here, once, whatever the parser later makes of them.
 */
import type { IToken } from 'chevrotain';
import { Lexer } from './chevrotain.js';
import type { Diagnostics } from './diagnostics.js';
import { docLine, parseInteger, parseString } from './literals.js';
import type { SourceFile } from './source.js';
import { allTokens, Integer, StringLiteral } from './tokens.js';

const cdlLexer = new Lexer([...allTokens], {
  positionTracking: 'onlyOffset',
  ensureOptimizations: true,
});

export interface Tokens {
  readonly tokens: IToken[];
  /** `///` text by the start offset of the token it documents. */
  readonly docs: ReadonlyMap<number, string>;
  /**
   * Each run of `///` lines: where its first line is, and the start offset of the token it
   * documents (null at the end of the file), so that the parser can warn of one that documents
   * nothing.
   */
  readonly docRuns: readonly DocRun[];
  /** Where lexical errors were reported, in order, so the parser does not add consequences. */
  readonly errorOffsets: readonly number[];
  /** Every `//` and `///` comment, in order: the formatter (grammar/printer.ts) puts them back. */
  readonly comments: readonly IToken[];
}

/** Beyond this many, lexical errors are counted rather than listed. */
const MAX_LEXICAL_ERRORS = 100;

interface Problem {
  readonly start: number;
  readonly end: number;
  readonly message: string;
}

export function tokenize(source: SourceFile, diags: Diagnostics): Tokens {
  const { tokens, groups, errors } = cdlLexer.tokenize(source.text);
  const problems: Problem[] = [];
  for (const { offset, length } of errors) {
    // A name with a letter outside ASCII is one error for the whole name, not one per letter.
    const word = wordAround(source.text, offset);
    if (word !== undefined) {
      if (problems.at(-1)?.end !== word.end) {
        const name = source.text.slice(word.start, word.end);
        const why = "names are made of ASCII letters, digits and '_'";
        problems.push({ ...word, message: `name ${JSON.stringify(name)} is not ASCII: ${why}` });
      }
      continue;
    }
    const shown =
      source.text.slice(offset, offset + Math.min(length, 16)) + (length > 16 ? '…' : '');
    const what = length === 1 ? 'character' : 'characters';
    problems.push({
      start: offset,
      end: offset + length,
      message: `unexpected ${what} ${JSON.stringify(shown)}`,
    });
  }
  for (const token of tokens) {
    const message = literalError(token);
    if (message !== undefined) {
      const start = token.startOffset;
      problems.push({ start, end: start + token.image.length, message });
    }
  }
  problems.sort((a, b) => a.start - b.start);
  for (const { start, end, message } of problems.slice(0, MAX_LEXICAL_ERRORS)) {
    diags.error(source.span(start, end), message);
  }
  if (problems.length > MAX_LEXICAL_ERRORS) {
    const { start, end } = problems[MAX_LEXICAL_ERRORS];
    const hidden = problems.length - MAX_LEXICAL_ERRORS;
    diags.error(source.span(start, end), `too many lexical errors; ${hidden} more not shown`);
  }
  return {
    tokens,
    comments: groups.comments ?? [],
    ...collectDocs(tokens, groups.comments ?? []),
    // Every unlexable character counts, also those merged into one name's error: the parser
    // stays quiet about a token right after any of them.
    errorOffsets: [
      ...new Set([...problems.map(({ start }) => start), ...errors.map(({ offset }) => offset)]),
    ].sort((a, b) => a - b),
  };
}

const WORD_CHAR = /[\p{L}\p{N}_]/u;

/** The name around `offset` if the character there is a letter (that the lexer did not take). */
function wordAround(text: string, offset: number): { start: number; end: number } | undefined {
  if (!/\p{L}/u.test(String.fromCodePoint(text.codePointAt(offset)!))) return undefined;
  let start = offset;
  while (start > 0 && WORD_CHAR.test(text[start - 1]!)) start--;
  let end = offset;
  while (end < text.length) {
    const c = String.fromCodePoint(text.codePointAt(end)!);
    if (!WORD_CHAR.test(c)) break;
    end += c.length;
  }
  return { start, end };
}

function literalError(token: IToken): string | undefined {
  if (token.tokenType === Integer) return parseInteger(token.image).error;
  if (token.tokenType === StringLiteral) return parseString(token.image).error;
  return undefined;
}

export interface DocRun {
  readonly start: number;
  readonly end: number;
  readonly token: number | null;
}

/**
 * Each `///` line documents the next token; plain comments in between are transparent. A doc
 * line before a token that takes no doc (or before the end of the file) is never read as one:
 * the parser warns of it (see {@link DocRun}).
 */
function collectDocs(tokens: readonly IToken[], comments: readonly IToken[]): { docs: Map<number, string>; docRuns: DocRun[] } {
  const docs = new Map<number, string>();
  const docRuns: DocRun[] = [];
  let next = 0;
  for (const comment of comments) {
    const line = docLine(comment.image);
    if (line === null) continue;
    while (next < tokens.length && tokens[next].startOffset < comment.startOffset) next++;
    const key = next === tokens.length ? null : tokens[next].startOffset;
    if (docRuns.length === 0 || docRuns.at(-1)!.token !== key) {
      docRuns.push({ start: comment.startOffset, end: comment.startOffset + comment.image.trimEnd().length, token: key });
    }
    if (key === null) continue;
    const previous = docs.get(key);
    docs.set(key, previous === undefined ? line : `${previous}\n${line}`);
  }
  return { docs, docRuns };
}
