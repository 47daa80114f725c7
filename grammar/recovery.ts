/**
 * Error recovery for the CDL parser, ours rather than chevrotain's: its single-token insertion
 * and deletion make up trees and cascades of errors. Here a syntax error inside a body member
 * skips to the end of that member, anywhere else to the end of the declaration, and parsing
 * goes on from there; each broken construct gets one error and is left out of the tree.
 */
import {
  EmbeddedActionsParser,
  EOF,
  isRecognitionException,
  tokenMatcher,
  type IToken,
  type ParserMethod,
} from 'chevrotain';
import type { Span } from './ast.js';
import { Diagnostics } from './diagnostics.js';
import { DECLARATION_EXPECTED, didYouMean, errorMessages, found } from './messages.js';
import { SourceFile } from './source.js';
import * as t from './tokens.js';

/** What a skip after a syntax error passes over; see `skip`. */
type Broken = 'declaration' | 'member' | 'enumMember';

export abstract class RecoveringParser extends EmbeddedActionsParser {
  protected source = new SourceFile('', '');
  protected diags = new Diagnostics();

  constructor() {
    super([...t.allTokens], { maxLookahead: 3, errorMessageProvider: errorMessages });
  }

  protected start(source: SourceFile, tokens: IToken[], diags: Diagnostics): void {
    this.source = source;
    this.diags = diags;
    this.input = tokens;
  }

  /** Runs `parse`; after a syntax error (already recorded) skips to where parsing resumes. */
  protected recovering<T>(parse: () => T, broken: Broken): T | undefined {
    const start = this.LA(1);
    try {
      return parse();
    } catch (error) {
      if (!isRecognitionException(error as Error)) throw error;
      this.skip(broken);
      if (this.LA(1) === start) this.SKIP_TOKEN();
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

  /** Between declarations: anything that cannot start one is reported and skipped. */
  protected skipStrayDeclarations(): void {
    while (this.LA(1).tokenType !== EOF && !t.declarationStarts.includes(this.LA(1).tokenType)) {
      const stray = this.LA(1);
      // `strcut Foo {`: a name followed by a name is most likely a misspelt keyword.
      const hint = didYouMean(stray, t.declarationStarts);
      const misspelt =
        stray.tokenType === t.Identifier && (hint !== '' || this.LA(2).tokenType === t.Identifier);
      const message = misspelt
        ? `unknown keyword '${stray.image}'${hint || `; expected ${DECLARATION_EXPECTED}`}`
        : `expected ${DECLARATION_EXPECTED}, found ${found(stray)}`;
      this.diags.error(this.source.tokenSpan(stray), message);
      this.skip('declaration');
      if (this.LA(1) === stray) this.SKIP_TOKEN();
    }
  }

  /** Inside a body: a run of tokens that cannot start a member gets one error. */
  private skipStrayMembers(what: string): void {
    const isStray = (token: IToken): boolean =>
      !tokenMatcher(token, t.Name) && token.tokenType !== t.RBrace && token.tokenType !== EOF;
    if (!isStray(this.LA(1))) return;
    this.diags.error(
      this.source.tokenSpan(this.LA(1)),
      `expected ${what} or '}', found ${found(this.LA(1))}`,
    );
    while (isStray(this.LA(1))) {
      const stray = this.LA(1);
      this.skip('member');
      if (this.LA(1) === stray) this.SKIP_TOKEN();
    }
  }

  /**
   * Skips the rest of a broken construct, counting braces: up to and including the `;` that
   * ends it or the `}` that closes its block; or up to the `}` of the enclosing body (or for
   * an enum member its `,`), or to the start of the next declaration.
   */
  private skip(broken: Broken): void {
    let depth = 0;
    for (;;) {
      const type = this.LA(1).tokenType;
      if (type === EOF) return;
      if (depth === 0) {
        if (this.atDeclarationStart()) return;
        if (type === t.RBrace && broken !== 'declaration') return;
        if (type === t.Comma && broken === 'enumMember') return;
      }
      this.SKIP_TOKEN();
      if (type === t.LBrace) depth++;
      else if (type === t.RBrace && --depth <= 0) return;
      else if (type === t.Semicolon && depth === 0 && broken !== 'enumMember') return;
    }
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
   * Chevrotain's errors as diagnostics, except those just after a lexical error: after
   * `const é = 1`, "expected a name" would only repeat the problem.
   */
  protected reportSyntaxErrors(lexicalErrors: readonly number[]): void {
    const tokens = this.input;
    const last = tokens[tokens.length - 1];
    const end = last === undefined ? 0 : last.startOffset + last.image.length;
    for (const error of this.errors) {
      const atEnd = error.token.tokenType === EOF;
      const at = atEnd ? end : error.token.startOffset;
      const previous = 'previousToken' in error ? (error.previousToken as IToken) : undefined;
      const from = previous?.startOffset ?? at;
      if (lexicalErrors.some((offset) => offset >= from && offset <= at)) continue;
      const span: Span = atEnd ? this.source.span(end, end) : this.source.tokenSpan(error.token);
      this.diags.error(span, error.message);
    }
  }
}
