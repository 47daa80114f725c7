/**
 * Tokenizing: every character either becomes a token, is skipped, or is reported. Malformed
 * literals are reported here, once, whatever the parser later makes of them.
 */
import { Lexer, type IToken } from 'chevrotain';
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
  /** Where lexical errors were reported, so that the parser does not add consequences. */
  readonly errorOffsets: readonly number[];
}

export function tokenize(source: SourceFile, diags: Diagnostics): Tokens {
  const { tokens, groups, errors } = cdlLexer.tokenize(source.text);
  const errorOffsets: number[] = [];
  for (const { offset, length } of errors) {
    const chars = source.text.slice(offset, offset + length);
    const what = length === 1 ? 'character' : 'characters';
    diags.error(
      source.span(offset, offset + length),
      `unexpected ${what} ${JSON.stringify(chars)}`,
    );
    errorOffsets.push(offset);
  }
  for (const token of tokens) {
    const literal =
      token.tokenType === Integer
        ? parseInteger(token.image)
        : token.tokenType === StringLiteral
          ? parseString(token.image)
          : undefined;
    if (literal?.error !== undefined) {
      diags.error(source.tokenSpan(token), literal.error);
      errorOffsets.push(token.startOffset);
    }
  }
  return { tokens, docs: collectDocs(tokens, groups.comments ?? []), errorOffsets };
}

/**
 * Each `///` line documents the next token; plain comments in between are transparent. A doc
 * line before a token that takes no doc (or before the end of the file) is simply never read.
 */
function collectDocs(tokens: readonly IToken[], comments: readonly IToken[]): Map<number, string> {
  const docs = new Map<number, string>();
  let next = 0;
  for (const comment of comments) {
    const line = docLine(comment.image);
    if (line === null) continue;
    while (next < tokens.length && tokens[next].startOffset < comment.startOffset) next++;
    if (next === tokens.length) break;
    const key = tokens[next].startOffset;
    const previous = docs.get(key);
    docs.set(key, previous === undefined ? line : `${previous}\n${line}`);
  }
  return docs;
}
