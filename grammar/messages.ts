/**
 * Syntax error messages, in the words of the language rather than of the parser generator:
 * `expected ';' after field declaration, found '}'`.
 */
import type { IParserErrorMessageProvider, IToken, TokenType } from 'chevrotain';
import { EOF, tokenLabel, tokenMatcher } from './chevrotain.js';
import {
  At,
  BitFieldName,
  Identifier,
  Keyword,
  keywords,
  LBrace,
  keywordText,
  Name,
  RBrace,
  Semicolon,
  StructFieldName,
} from './tokens.js';

/** What each grammar rule parses, for "expected ';' after <what>". */
const CONSTRUCTS: Record<string, string> = {
  namespaceDecl: 'namespace declaration',
  importDecl: 'import',
  constDecl: 'constant declaration',
  typeAliasDecl: 'type alias',
  enumDecl: 'enum declaration',
  enumMember: 'enum member',
  bitsDecl: 'bits declaration',
  bitField: 'bit field',
  reservedBits: 'reserved bits',
  tagField: 'tag field',
  variant: 'variant',
  structDecl: 'struct declaration',
  unionDecl: 'union declaration',
  fieldMember: 'field declaration',
  padMember: 'pad',
  imageEndMember: 'image_end',
  ifMember: 'if block',
  configDecl: 'config declaration',
  targetDecl: 'target declaration',
  targetSetting: 'target setting',
  registersDecl: 'registers declaration',
  registerMember: 'register',
  subRegister: 'sub-register',
  abiDecl: 'abi declaration',
  abiSetting: 'ABI setting',
  syscallsDecl: 'syscalls declaration',
  syscallMember: 'system call',
  syscallParam: 'system-call parameter',
  syscallNumber: "system call's number",
  syscallType: 'system-call type',
  sysregsDecl: 'sysregs declaration',
  sysregMember: 'system register',
  fieldAccess: 'field access',
  pagingDecl: 'paging declaration',
  pagingSetting: 'paging setting',
  formatDecl: 'format declaration',
  operandMember: 'operand',
  instructionsDecl: 'instructions declaration',
  instructionsMember: 'instruction pattern',
  patternGroup: 'group',
  patternMember: 'instruction pattern',
  patternConstraint: 'pattern constraint',
  alignment: 'align(...)',
  typeRef: 'array type',
  pointerType: 'pointer type',
  parenthesized: 'parenthesized expression',
  sizeofExpr: 'sizeof',
  alignofExpr: 'alignof',
  offsetofExpr: 'offsetof',
};

export const DECLARATION_EXPECTED =
  'a declaration (const, type, enum, bits, struct, union, config, target, registers, abi, syscalls, sysregs, paging, format or instructions)';

export function found(token: IToken): string {
  if (token.tokenType === EOF) return 'end of file';
  const text = token.image.length > 24 ? `${token.image.slice(0, 24)}…` : token.image;
  return tokenMatcher(token, Keyword) ? `keyword '${text}'` : `'${text}'`;
}

const NAMES: readonly TokenType[] = [Identifier, Name, StructFieldName, BitFieldName];
const BIT_MEMBERS: readonly string[] = ['bitField', 'reservedBits', 'tagField'];

/** What was expected, for a token that chevrotain could not consume in `ruleName`. */
function mismatch(expected: TokenType, previous: IToken, ruleName: string): string {
  const construct = CONSTRUCTS[ruleName] ?? 'declaration';
  if (expected === At && ruleName === 'bitRange') return 'a bit range like @3 or @0..11';
  // A bit field's ranges are optional in the grammar (a C bit-field has none), so after its
  // name or type the parser asks for ';'; in most layouts the range is what is missing.
  if (expected === Semicolon && BIT_MEMBERS.includes(ruleName) && tokenMatcher(previous, Name)) return 'a bit range like @3 or @0..11';
  if (expected === Semicolon) return `';' after ${construct}`;
  if (NAMES.includes(expected)) return `a name after '${previous.image}'`;
  if (expected === RBrace && ruleName === 'enumDecl') {
    return previous.tokenType === LBrace ? `an enum member or '}'` : `',' or '}' after enum member`;
  }
  if (expected === RBrace) return `'}' at the end of ${construct}`;
  return `${tokenLabel(expected)} in ${construct}`;
}

export const errorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual, previous, ruleName }) {
    const hint = didYouMean(actual);
    return `expected ${mismatch(expected, previous, ruleName)}, found ${found(actual)}${hint}`;
  },
  buildNoViableAltMessage({ actual, customUserDescription, ruleName }) {
    const what = customUserDescription ?? CONSTRUCTS[ruleName] ?? 'something else';
    return `expected ${what}, found ${found(actual[0])}${didYouMean(actual[0])}`;
  },
  // This grammar has no AT_LEAST_ONE, and its top rule always reads to the end of the input.
  buildEarlyExitMessage: ({ actual }) => `unexpected ${found(actual[0])}`,
  buildNotAllInputParsedMessage: ({ firstRedundant }) => `unexpected ${found(firstRedundant)}`,
};

/**
 * ` (did you mean 'packed'?)` when an identifier the parser could not use is a near miss of
 * a keyword: misspelt keywords are the commonest reason for an unexpected name.
 */
export function didYouMean(actual: IToken, candidates: readonly TokenType[] = keywords): string {
  if (actual.tokenType !== Identifier) return '';
  const word = actual.image;
  const isClose = (keyword: string): boolean => {
    const allowed = Math.min(2, Math.floor(keyword.length / 3));
    return (
      Math.abs(word.length - keyword.length) <= allowed && editDistance(word, keyword) <= allowed
    );
  };
  const close = candidates.map(keywordText).find(isClose);
  return close === undefined ? '' : ` (did you mean '${close}'?)`;
}

/** Levenshtein distance: how many one-character edits make `a` into `b`. */
export function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      next.push(Math.min(row[j] + 1, next[j - 1] + 1, substitution));
    }
    row = next;
  }
  return row[b.length];
}
