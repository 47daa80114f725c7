import type * as ast from '../../../grammar/ast.js';
import type * as ir from '../../ir.js';
import type { Symbol } from '../../program/symbols.js';
import type { CheckContext } from '../context.js';

/** The naming and provenance every IR declaration carries. */
export type DeclHeader = Pick<ir.Constant, 'name' | 'qname' | 'namespace' | 'cName' | 'doc' | 'source'>;

export function declHeader(symbol: Symbol, cName: string): DeclHeader {
  return {
    name: symbol.name,
    qname: symbol.qname,
    namespace: symbol.namespace,
    cName,
    doc: symbol.decl.doc,
    source: sourceOf(symbol.decl.span),
  };
}

/** `dsl/x86/paging.cdl:12`: where a declaration came from, for generated comments. */
export function sourceOf(span: ast.Span): string {
  return `${span.file}:${span.line}`;
}

/** The file of a {@link sourceOf} string: `dsl/x86/paging.cdl`. */
export function sourceFile(source: string): string {
  return source.replace(/:\d+(:\d+)?$/, '');
}

/** The smallest of 8, 16, 32, 64 that holds `width` bits. */
export function storageBits(width: number): 8 | 16 | 32 | 64 {
  return width <= 8 ? 8 : width <= 16 ? 16 : width <= 32 ? 32 : 64;
}

/** `bits 3..5` or `bit 3`, for messages. */
export function describeBits(lo: number, hi: number): string {
  return lo === hi ? `bit ${lo}` : `bits ${lo}..${hi}`;
}

/** Whether `target` names a declared target; reports it, listing the known ones, if not. */
export function knownTarget(target: ast.Ident, ctx: CheckContext): boolean {
  if (ctx.table.targets.has(target.name)) return true;
  ctx.diags.error(target.span, `unknown target '${target.name}' (known: ${[...ctx.table.targets.keys()].join(', ')})`);
  return false;
}
