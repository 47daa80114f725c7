/**
 * The parser recurses once per nested bracket, so a deep enough input would overflow the JS
 * stack. This pass runs first and finds where the nesting first exceeds the limit, if it does.
 */
import type { IToken, TokenType } from 'chevrotain';
import { Greater, LBrace, LBracket, Less, LParen, RBrace, RBracket, RParen } from './tokens.js';

const OPENER_OF = new Map<TokenType, TokenType>([
  [RParen, LParen],
  [RBracket, LBracket],
  [RBrace, LBrace],
  // `>` closes `ptr<` only directly inside it; elsewhere it is half of a `>>`.
  [Greater, Less],
]);

/** The first opening bracket nested deeper than `maxNesting`, or null. */
export function tooDeep(tokens: readonly IToken[], maxNesting: number): IToken | null {
  const open: TokenType[] = [];
  for (const token of tokens) {
    const type = token.tokenType;
    if (type === LParen || type === LBracket || type === LBrace || type === Less) {
      open.push(type);
      if (open.length > maxNesting) return token;
    } else if (OPENER_OF.has(type) && open[open.length - 1] === OPENER_OF.get(type)) {
      // A closer that does not match is left for the parser to report. Ignoring it can only
      // overestimate the depth, never let the parser recurse deeper than counted.
      open.pop();
    }
  }
  return null;
}
