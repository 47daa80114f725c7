/**
 * Token types of CDL. Chevrotain takes the first pattern that matches (not the longest), so
 * the order of `allTokens` matters: comments before `/`, `..` before `.`, `<<` before `<`, and
 * keywords before identifiers (with `longer_alt` so that `structure` stays an identifier).
 */
import type { TokenType } from 'chevrotain';
import { createToken, Lexer } from './chevrotain.js';

function category(name: string, label?: string): TokenType {
  return createToken({ name, pattern: Lexer.NA, label });
}

// Categories: a token matches its own type and each of its categories.
/** Every identifier and keyword: path segments and enum members may be keywords (`hdr.type`). */
export const Name = category('Name', 'a name');
/**
 * What can name a struct field or a bit field: an identifier, or a keyword that does not
 * start a member there (`reserved: u32;` in a struct, `type @40..43;` in a bit layout).
 */
export const StructFieldName = category('StructFieldName', 'a name');
export const BitFieldName = category('BitFieldName', 'a name');
/** The reserved words, so the parser can tell them from identifiers. */
export const Keyword = category('Keyword', 'a keyword');
/** Operators by precedence level: one CONSUME per level. */
export const AdditiveOperator = category('AdditiveOperator');
export const MultiplicativeOperator = category('MultiplicativeOperator');
export const UnaryOperator = category('UnaryOperator');

export const Identifier = createToken({
  name: 'Identifier',
  pattern: /[A-Za-z_][A-Za-z0-9_]*/,
  categories: [Name, StructFieldName, BitFieldName],
  label: 'a name',
});

/** Keywords that start a member, and so cannot name a field, in a struct or in a bit layout. */
const STRUCT_MEMBER_KEYWORDS = ['pad', 'image_end', 'if'];
const BITS_MEMBER_KEYWORDS = ['reserved', 'tag', 'variant'];

function keyword(word: string): TokenType {
  return createToken({
    // Capitalized: chevrotain wants token names distinct from rule names such as `variant`.
    name: word[0].toUpperCase() + word.slice(1),
    pattern: new RegExp(word),
    longer_alt: Identifier,
    categories: [
      Keyword,
      Name,
      ...(STRUCT_MEMBER_KEYWORDS.includes(word) ? [] : [StructFieldName]),
      ...(BITS_MEMBER_KEYWORDS.includes(word) ? [] : [BitFieldName]),
    ],
    label: `'${word}'`,
  });
}

export const Namespace = keyword('namespace');
export const Import = keyword('import');
export const Const = keyword('const');
export const Type = keyword('type');
export const Enum = keyword('enum');
export const Bits = keyword('bits');
export const Tag = keyword('tag');
export const Variant = keyword('variant');
export const When = keyword('when');
export const Reserved = keyword('reserved');
export const Struct = keyword('struct');
export const Union = keyword('union');
export const By = keyword('by');
export const Packed = keyword('packed');
/** After a bit layout's container: its members are C bit-fields, placed as each target's C does. */
export const CBitfields = keyword('c_bitfields');
export const Align = keyword('align');
export const Pad = keyword('pad');
export const ImageEnd = keyword('image_end');
export const If = keyword('if');
export const Else = keyword('else');
export const Config = keyword('config');
export const Target = keyword('target');
export const Ptr = keyword('ptr');
export const Sizeof = keyword('sizeof');
export const Alignof = keyword('alignof');
export const Offsetof = keyword('offsetof');
export const Registers = keyword('registers');
export const Abi = keyword('abi');
export const Syscalls = keyword('syscalls');
export const Sysregs = keyword('sysregs');
export const Paging = keyword('paging');
/** An instruction format: a bit layout whose fields are operands (`format I : IType { ... }`). */
export const Format = keyword('format');
/** A set of instruction patterns over formats (`instructions Rv64i : riscv64 { ... }`). */
export const Instructions = keyword('instructions');
export const True = keyword('true');
export const False = keyword('false');

// prettier-ignore
export const keywords: readonly TokenType[] = [
  Namespace, Import, Const, Type, Enum, Bits, Tag, Variant, When, Reserved, Struct, Union, By,
  Packed, CBitfields, Align, Pad, ImageEnd, If, Else, Config, Target, Ptr, Sizeof, Alignof,
  Offsetof, Registers, Abi, Syscalls, Sysregs, Paging, Format, Instructions, True, False,
];

/** Tokens that start a top-level item: where recovery resumes after a broken declaration. */
// prettier-ignore
export const declarationStarts: readonly TokenType[] = [
  Namespace, Import, Const, Type, Enum, Bits, Struct, Union, Config, Target, Registers, Abi, Syscalls, Sysregs, Paging,
  Format, Instructions,
];

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /\s+/, group: Lexer.SKIPPED });
/** Kept in their own group: `///` lines become doc strings, the others are dropped. */
export const Comment = createToken({ name: 'Comment', pattern: /\/\/[^\n\r]*/, group: 'comments' });

/** Deliberately loose (`0x`, `1__0`, `12ab`) so a malformed literal gets a precise message. */
export const Integer = createToken({
  name: 'Integer',
  pattern: /[0-9][0-9A-Za-z_]*/,
  label: 'an integer',
});
/** The closing quote is optional so that an unterminated string is one token and one error. */
export const StringLiteral = createToken({
  name: 'StringLiteral',
  pattern: /"(?:[^"\\\r\n]|\\.)*"?/,
  label: 'a string',
});

/** `struct` for the token type of the keyword `struct`. */
export function keywordText(type: TokenType): string {
  return (type.PATTERN as RegExp).source;
}

function punctuation(name: string, text: string, categories: TokenType[] = []): TokenType {
  return createToken({ name, pattern: text, label: `'${text}'`, categories });
}

export const LBrace = punctuation('LBrace', '{');
export const RBrace = punctuation('RBrace', '}');
export const LParen = punctuation('LParen', '(');
export const RParen = punctuation('RParen', ')');
export const LBracket = punctuation('LBracket', '[');
export const RBracket = punctuation('RBracket', ']');
export const ShiftLeft = punctuation('ShiftLeft', '<<');
export const Less = punctuation('Less', '<');
/** `>>` is two adjacent `>` tokens, so that `ptr<ptr<u8>>` closes two pointer types. */
export const Greater = punctuation('Greater', '>');
export const Semicolon = punctuation('Semicolon', ';');
export const Colon = punctuation('Colon', ':');
export const Comma = punctuation('Comma', ',');
export const DotDot = punctuation('DotDot', '..');
export const Dot = punctuation('Dot', '.');
export const At = punctuation('At', '@');
export const Equals = punctuation('Equals', '=');
export const Bang = punctuation('Bang', '!');
export const Pipe = punctuation('Pipe', '|');
export const Caret = punctuation('Caret', '^');
export const Amp = punctuation('Amp', '&');
export const Plus = punctuation('Plus', '+', [AdditiveOperator]);
export const Minus = punctuation('Minus', '-', [AdditiveOperator, UnaryOperator]);
export const Star = punctuation('Star', '*', [MultiplicativeOperator]);
export const Slash = punctuation('Slash', '/', [MultiplicativeOperator]);
export const Percent = punctuation('Percent', '%', [MultiplicativeOperator]);
export const Tilde = punctuation('Tilde', '~', [UnaryOperator]);
export const Arrow = punctuation('Arrow', '->');

// Longer keywords first: `align` would otherwise match the start of `alignof`.
const keywordsLongestFirst = [...keywords].sort(
  (a, b) => keywordText(b).length - keywordText(a).length,
);

// prettier-ignore
export const allTokens: readonly TokenType[] = [
  WhiteSpace, Comment,
  ...keywordsLongestFirst, Identifier, Integer, StringLiteral,
  LBrace, RBrace, LParen, RParen, LBracket, RBracket, ShiftLeft, Less, Greater, Semicolon,
  Colon, Comma, DotDot, Dot, At, Equals, Bang, Pipe, Caret, Amp, Arrow, Plus, Minus, Star, Slash,
  Percent, Tilde,
  // Categories match no text but must be part of the vocabulary.
  Name, StructFieldName, BitFieldName, Keyword, AdditiveOperator, MultiplicativeOperator,
  UnaryOperator,
];
