/**
 * Error recovery for the CDL parser, ours rather than chevrotain's: its single-token insertion
 * and deletion make up trees and cascades of errors. Here a syntax error inside a body member
 * skips to the end of that member, anywhere else to the end of the declaration, and parsing
 * goes on from there; each broken construct gets one error and is left out of the tree.
 */
import type { IRecognitionException, IToken, ParserMethod } from 'chevrotain';
import { EmbeddedActionsParser, EOF, isRecognitionException, tokenMatcher } from './chevrotain.js';
import type { Span } from './ast.js';
import { Diagnostics } from './diagnostics.js';
import type { Tokens } from './lexer.js';
import { DECLARATION_EXPECTED, didYouMean, errorMessages, found } from './messages.js';
import { SourceFile } from './source.js';
import * as t from './tokens.js';

/**
 * Past this many syntax errors in a file the rest is skipped: the first errors are the useful
 * ones, and each costs chevrotain a grammar analysis to describe.
 */
const MAX_SYNTAX_ERRORS = 100;

/** What a skip after a syntax error passes over; see `skip`. */
type Broken = 'declaration' | 'member' | 'enumMember';

export abstract class RecoveringParser extends EmbeddedActionsParser {
  protected source = new SourceFile('', '');
  protected diags = new Diagnostics();
  /** Where the last token ends: errors at the end of the input point there. */
  private end = 0;
  private lexicalErrors: readonly number[] = [];
  private syntaxErrors = 0;

  /**
   * `validate`: chevrotain's checks of the grammar itself (ambiguities, left recursion...),
   * which take a third of a second at every start of `cdl`. The grammar does not change at run
   * time, so they run in the tests (tests/grammar/grammar-valid.test.ts), not in the command.
   */
  constructor({ validate = false }: { readonly validate?: boolean } = {}) {
    super([...t.allTokens], { maxLookahead: 3, errorMessageProvider: errorMessages, skipValidations: !validate });
  }

  protected start(source: SourceFile, { tokens, errorOffsets }: Tokens, diags: Diagnostics): void {
    this.source = source;
    this.diags = diags;
    this.input = tokens;
    const last = tokens[tokens.length - 1];
    this.end = last === undefined ? 0 : source.tokenSpan(last).end;
    this.lexicalErrors = errorOffsets;
    this.syntaxErrors = 0;
  }

  /**
   * Lets go of the file just parsed. The parser is one for the process and would otherwise
   * hold the last file's tokens, source and diagnostics until the next parse (for a large
   * file, more than its syntax tree).
   */
  protected finish(): void {
    this.input = [];
    this.source = new SourceFile('', '');
    this.diags = new Diagnostics();
    this.lexicalErrors = [];
  }

  /** Runs `parse`; after a syntax error, reports it and skips to where parsing resumes. */
  protected recovering<T>(parse: () => T, broken: Broken): T | undefined {
    const start = this.LA(1);
    try {
      return parse();
    } catch (error) {
      if (!isRecognitionException(error as Error)) throw error;
      this.reportRecognitionError(error as IRecognitionException);
      this.skip(broken, start);
      return undefined;
    }
  }

  /**
   * `{ member... }`, recovering per member. Stray tokens that cannot start a member are
   * reported once per run and skipped; a declaration keyword ends the body, taken as a
   * missing `}`, so that one unclosed brace does not swallow the rest of the file.
   */
  protected body<T>(member: ParserMethod<[], T>, what: string, idx = 0): T[] {
    const members: T[] = [];
    this.consume(idx, t.LBrace);
    this.ACTION(() => this.skipStrayMembers(what));
    this.many(idx, {
      GATE: () => !this.atDeclarationStart(),
      DEF: () => {
        const parsed = this.recovering(() => this.subrule(idx, member), 'member');
        if (parsed !== undefined) members.push(parsed);
        this.ACTION(() => this.skipStrayMembers(what));
      },
    });
    this.consume(idx, t.RBrace);
    return members;
  }

  /** Between declarations: a run of tokens that cannot start one gets one error. */
  protected skipStrayDeclarations(): void {
    const isStray = (token: IToken): boolean =>
      token.tokenType !== EOF && !t.declarationStarts.includes(token.tokenType);
    const stray = this.LA(1);
    if (!isStray(stray)) return;
    // `strcut Foo {`: a name followed by a name is most likely a misspelt keyword.
    const hint = didYouMean(stray, t.declarationStarts);
    const misspelt =
      stray.tokenType === t.Identifier && (hint !== '' || this.LA(2).tokenType === t.Identifier);
    this.syntaxError(
      this.source.tokenSpan(stray),
      misspelt
        ? `unknown keyword '${stray.image}'${hint || `; expected ${DECLARATION_EXPECTED}`}`
        : `expected ${DECLARATION_EXPECTED}, found ${found(stray)}`,
    );
    while (isStray(this.LA(1))) this.skip('declaration', this.LA(1));
  }

  /** Inside a body: a run of tokens that cannot start a member gets one error. */
  private skipStrayMembers(what: string): void {
    const isStray = (token: IToken): boolean =>
      !tokenMatcher(token, t.Name) && token.tokenType !== t.RBrace && token.tokenType !== EOF;
    const stray = this.LA(1);
    if (!isStray(stray)) return;
    this.syntaxError(
      this.source.tokenSpan(stray),
      `expected ${what} or '}', found ${found(stray)}`,
    );
    while (isStray(this.LA(1))) this.skip('member', this.LA(1));
  }

  /**
   * Skips the rest of a broken construct that began at `start`: up to and including the `;`
   * that ends it or the `}` that closes its block; or up to the `}` of the enclosing body (or
   * for an enum member its `,`), or to the next declaration. Always moves on.
   */
  private skip(broken: Broken, start: IToken): void {
    let depth = this.bracesOpenSince(start);
    for (;;) {
      const type = this.LA(1).tokenType;
      // Like a body, a skip takes a declaration keyword as the end of an unclosed `{`.
      if (type === EOF || this.atDeclarationStart()) break;
      if (depth === 0) {
        if (type === t.RBrace && broken !== 'declaration') break;
        if (type === t.Comma && broken === 'enumMember') break;
      }
      this.SKIP_TOKEN();
      if (type === t.LBrace) depth++;
      else if (type === t.RBrace && --depth <= 0) break;
      else if (type === t.Semicolon && depth === 0 && broken !== 'enumMember') break;
    }
    if (this.LA(1) === start) this.SKIP_TOKEN();
  }

  /** How many `{` the construct from `start` up to the next token left open. */
  private bracesOpenSince(start: IToken): number {
    const tokens = this.input;
    const next = this.LA(1);
    let depth = 0;
    const first = lowerBound(tokens, (token) => token.startOffset, start.startOffset);
    for (let i = first; i < tokens.length && tokens[i] !== next; i++) {
      if (tokens[i].tokenType === t.LBrace) depth++;
      else if (tokens[i].tokenType === t.RBrace && depth > 0) depth--;
    }
    return depth;
  }

  /** `struct Foo`, `import "x"`: a declaration keyword followed by what it declares. */
  private atDeclarationStart(): boolean {
    const next = this.LA(2).tokenType;
    return (
      t.declarationStarts.includes(this.LA(1).tokenType) &&
      (next === t.Identifier || next === t.StringLiteral)
    );
  }

  /**
   * Chevrotain's error as a diagnostic, unless it directly follows a lexical error: after
   * `const é = 1`, "expected a name" would only repeat the problem.
   */
  private reportRecognitionError(error: IRecognitionException): void {
    const { token } = error;
    const span =
      token.tokenType === EOF ? this.source.span(this.end, this.end) : this.source.tokenSpan(token);
    const previous = 'previousToken' in error ? (error.previousToken as IToken) : undefined;
    const from = previous?.startOffset ?? span.start;
    const lexical = this.lexicalErrors[lowerBound(this.lexicalErrors, (offset) => offset, from)];
    // A missing ';' is missing after the token before it, often at the end of a line: the
    // token found instead is on the next line, and pointing there sends the reader to the
    // wrong place. (Our own message provider wrote the message, so its start says which.)
    const at =
      previous !== undefined && previous.tokenType !== EOF && error.message.startsWith("expected ';'")
        ? this.source.span(previous.startOffset + previous.image.length, previous.startOffset + previous.image.length)
        : span;
    this.syntaxError(at, lexical !== undefined && lexical <= span.start ? null : error.message);
  }

  /** How many syntax errors this parse has met so far. */
  protected syntaxErrorCount(): number {
    return this.syntaxErrors;
  }

  /** Reports `message`, or with null only counts an error that was already explained. */
  private syntaxError(span: Span, message: string | null): void {
    if (++this.syntaxErrors > MAX_SYNTAX_ERRORS) return;
    if (message !== null) this.diags.error(span, message);
    if (this.syntaxErrors === MAX_SYNTAX_ERRORS) {
      this.diags.error(span, 'too many syntax errors; the rest of the file is not parsed');
      while (this.LA(1).tokenType !== EOF) this.SKIP_TOKEN();
    }
  }
}

/** The index of the first of the sorted `items` whose key is at least `value`. */
function lowerBound<T>(items: readonly T[], key: (item: T) => number, value: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (key(items[mid]) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
