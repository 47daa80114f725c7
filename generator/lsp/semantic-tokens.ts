/**
 * Semantic tokens, kept simple: the lexer's own tokens (so a keyword is what the parser takes
 * for one), with identifiers classified by what the compiler resolved them to (a type, a
 * constant, an enum member, a field), and comments, `///` ones marked as documentation.
 */
import type { IToken } from 'chevrotain';
import { SemanticTokensBuilder, type SemanticTokens, type SemanticTokensLegend } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { Lexer, tokenMatcher } from '../../grammar/chevrotain.js';
import { allTokens, Identifier, Integer, Keyword, StringLiteral } from '../../grammar/tokens.js';
import { parseBitWidthType, PRIMITIVES } from '../program/symbols.js';
import type { Occurrence } from './references.js';

const TYPES = ['keyword', 'type', 'enum', 'struct', 'enumMember', 'property', 'variable', 'number', 'string', 'comment', 'namespace'] as const;
const MODIFIERS = ['declaration', 'readonly', 'documentation'] as const;
type TokenType = (typeof TYPES)[number];

export const LEGEND: SemanticTokensLegend = { tokenTypes: [...TYPES], tokenModifiers: [...MODIFIERS] };

/** Built on first use; `positionTracking: 'onlyOffset'` as the compiler's lexer. */
let lexer: InstanceType<typeof Lexer> | undefined;

export function semanticTokens(doc: TextDocument, occurrences: readonly Occurrence[]): SemanticTokens {
  lexer ??= new Lexer([...allTokens], { positionTracking: 'onlyOffset' });
  const text = doc.getText();
  const { tokens, groups } = lexer.tokenize(text);
  const byStart = new Map<number, Occurrence>();
  for (const o of occurrences) byStart.set(o.span.start, o);
  const found: { start: number; length: number; type: TokenType; modifiers: number }[] = [];
  for (const t of tokens) {
    const kind = classify(t, byStart.get(t.startOffset));
    if (kind) found.push({ start: t.startOffset, length: t.image.length, ...kind });
  }
  for (const c of groups['comments'] ?? []) {
    const doc = c.image.startsWith('///') && !c.image.startsWith('////');
    found.push({ start: c.startOffset, length: c.image.trimEnd().length, type: 'comment', modifiers: doc ? bit('documentation') : 0 });
  }
  found.sort((a, b) => a.start - b.start);
  const builder = new SemanticTokensBuilder();
  for (const f of found) {
    // Every token CDL has lies on one line (comments and strings end at the line's end).
    const at = doc.positionAt(f.start);
    builder.push(at.line, at.character, f.length, TYPES.indexOf(f.type), f.modifiers);
  }
  return builder.build();
}

function bit(m: (typeof MODIFIERS)[number]): number {
  return 1 << MODIFIERS.indexOf(m);
}

function classify(t: IToken, o: Occurrence | undefined): { type: TokenType; modifiers: number } | null {
  if (tokenMatcher(t, Integer)) return { type: 'number', modifiers: 0 };
  if (tokenMatcher(t, StringLiteral)) return { type: 'string', modifiers: 0 };
  const declared = o?.declaration ? bit('declaration') : 0;
  if (o) {
    switch (o.target.kind) {
      case 'enum-member':
        return { type: 'enumMember', modifiers: declared | bit('readonly') };
      case 'field':
      case 'bit-field':
        return { type: 'property', modifiers: declared };
      case 'decl': {
        const k = o.target.symbol.decl.kind;
        if (k === 'EnumDecl') return { type: 'enum', modifiers: declared };
        if (k === 'StructDecl' || k === 'UnionDecl' || k === 'BitsDecl') return { type: 'struct', modifiers: declared };
        if (k === 'TypeAliasDecl') return { type: 'type', modifiers: declared };
        if (k === 'ConstDecl') return { type: 'variable', modifiers: declared | bit('readonly') };
        return { type: 'namespace', modifiers: declared };
      }
    }
  }
  // A keyword used as a member's name (`type @40..43;`) is that member's name, found above.
  if (tokenMatcher(t, Keyword)) return { type: 'keyword', modifiers: 0 };
  if (tokenMatcher(t, Identifier) && (PRIMITIVES.has(t.image as never) || parseBitWidthType(t.image))) return { type: 'type', modifiers: 0 };
  return null;
}
