/** `parseFile`: the front end's single entry point, from text to syntax tree. */
import type * as ast from './ast.js';
import type { Diagnostics } from './diagnostics.js';
import { tokenize } from './lexer.js';
import { tooDeep } from './nesting.js';
import { CdlParser } from './parser.js';
import { SourceFile } from './source.js';

export interface ParseLimits {
  /** Larger files are refused unparsed. */
  maxFileBytes: number;
  /** Deepest nesting of parentheses, brackets, braces and `ptr<...>`. */
  maxNesting: number;
}

export const DEFAULT_LIMITS: ParseLimits = { maxFileBytes: 1024 * 1024, maxNesting: 64 };

/** Built on first use: recording the grammar takes a few milliseconds. */
let parser: CdlParser | undefined;

/**
 * Parses one file. Never throws: every problem becomes a diagnostic, and a declaration with a
 * syntax error is left out of the returned tree.
 */
export function parseFile(
  path: string,
  text: string,
  diags: Diagnostics,
  limits: Partial<ParseLimits> = {},
): ast.File {
  const { maxFileBytes, maxNesting } = { ...DEFAULT_LIMITS, ...limits };
  const source = new SourceFile(path, text);
  const empty: ast.File = {
    kind: 'File',
    path,
    namespace: null,
    imports: [],
    decls: [],
    span: source.span(0, text.length),
  };
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > maxFileBytes) {
    diags.error(
      source.span(0, 0),
      `file is too large: ${bytes} bytes (the limit is ${maxFileBytes})`,
    );
    return empty;
  }
  const tokens = tokenize(source, diags);
  const deep = tooDeep(tokens.tokens, maxNesting);
  if (deep !== null) {
    diags.error(source.tokenSpan(deep), `nesting is deeper than ${maxNesting} levels`);
    return empty;
  }
  parser ??= new CdlParser();
  return parser.parse(source, tokens, diags);
}
