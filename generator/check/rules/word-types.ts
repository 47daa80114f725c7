/**
 * The type of a register or a system register: a plain width (`u64`) or a one-word bit
 * layout of the spec (bound, not copied: its fields name the register's bits).
 */
import type * as ast from '../../../grammar/ast.js';
import { describe, parseBitWidthType } from '../../program/symbols.js';
import type { CheckContext } from '../context.js';

export interface WordType {
  /** The bit layout's qname, or null for a plain width. */
  readonly bits: string | null;
  readonly width: number;
  /** As written: `u64`, or the layout's name. */
  readonly name: string;
  /** The layout's field names (every variant's too); null for a plain width. */
  readonly fields: ReadonlySet<string> | null;
}

/**
 * `t` as the type of `what` (`a register`, `a system register`), which may be a plain width
 * of `widths` or a one-word bit layout; null if neither (reported).
 */
export function wordTypeOf(t: ast.NamedType, file: ast.File, ctx: CheckContext, what: string, widths: readonly number[]): WordType | null {
  const written = t.path.map((p) => p.name).join('.');
  const allowed = `a bit layout or ${widths.slice(0, -1).map((w) => `u${w}`).join(', ')} or u${widths[widths.length - 1]}`;
  const m = /^u([0-9]+)$/.exec(written);
  if (m && widths.includes(Number(m[1]))) return { bits: null, width: Number(m[1]), name: written, fields: null };
  if (t.path.length === 1 && parseBitWidthType(written)) {
    ctx.diags.error(t.span, `${what} is ${allowed}, not '${written}'`);
    return null;
  }
  const r = ctx.table.resolveType(t, file);
  if (!r) return null;
  if (r.kind !== 'decl' || r.symbol.decl.kind !== 'BitsDecl') {
    ctx.diags.error(t.span, `${what} is ${allowed}; '${written}' is ${r.kind === 'decl' ? `a ${describe(r.symbol.decl.kind)}` : 'not'}`);
    return null;
  }
  const bits = r.symbol.decl;
  const width = containerWidth(bits.container);
  if (width === null) {
    // A bad container is reported by the bit layout's rule; a multi-word one is fine there.
    if (bits.container.kind === 'ArrayType') ctx.diags.error(t.span, `${what} is one word; '${r.symbol.name}' is a multi-word layout`);
    return null;
  }
  const fields = new Set<string>();
  const collect = (members: readonly ast.BitsMember[]): void => {
    for (const x of members) {
      if (x.kind === 'BitField' || x.kind === 'TagField') fields.add(x.name.name);
      else if (x.kind === 'Variant') collect(x.members);
    }
  };
  collect(bits.members);
  return { bits: r.symbol.qname, width, name: r.symbol.name, fields };
}

/** The width of a one-word bit layout's container; null for a multi-word layout. */
function containerWidth(container: ast.TypeRef): number | null {
  if (container.kind !== 'NamedType') return null;
  const m = /^u(8|16|32|64)$/.exec(container.path.map((p) => p.name).join('.'));
  return m ? Number(m[1]) : null;
}
