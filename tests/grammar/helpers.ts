/** Shared helpers for the grammar tests. */
import { Diagnostics, parseFile, type File, type ParseLimits } from '../../grammar/index.js';

export interface Parsed {
  readonly file: File;
  /** `line:column: message` for every diagnostic, in source order. */
  readonly errors: string[];
}

export function parse(text: string, limits?: Partial<ParseLimits>): Parsed {
  const diags = new Diagnostics();
  const file = parseFile('test.cdl', text, diags, limits);
  const errors = diags.all().map((d) => `${d.span.line}:${d.span.column}: ${d.message}`);
  return { file, errors };
}

/** Parses text that must be free of errors. */
export function parseOk(text: string): File {
  const { file, errors } = parse(text);
  if (errors.length > 0) throw new Error(`unexpected diagnostics:\n${errors.join('\n')}`);
  return file;
}

/** The tree without spans, for comparing shapes. */
export function shape(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(shape);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key]) => key !== 'span')
      .map(([key, value]) => [key, shape(value)]),
  );
}

/** The only declaration of `text`, without spans. */
export function onlyDecl(text: string): unknown {
  const { decls } = parseOk(text);
  if (decls.length !== 1) throw new Error(`expected one declaration, got ${decls.length}`);
  return shape(decls[0]);
}

// Builders for expected shapes.
export const id = (name: string) => ({ kind: 'Ident', name });
export const int = (value: bigint | number, text = String(value)) => ({
  kind: 'IntLiteral',
  value: BigInt(value),
  text,
});
export const ref = (...path: string[]) => ({ kind: 'NameExpr', path: path.map(id) });
export const named = (...path: string[]) => ({ kind: 'NamedType', path: path.map(id) });
export const bin = (op: string, left: unknown, right: unknown) => ({
  kind: 'BinaryExpr',
  op,
  left,
  right,
});
export const range = (lo: unknown, hi: unknown = null) => ({ kind: 'BitRange', lo, hi });
