/**
 * Enums: a width of 1 to 64 bits, every value within it, no two members with one value
 * unless the later one is marked `@alias`, no two members with one name.
 */
import type * as ast from '../../../grammar/ast.js';
import { cIdent } from '../../names.js';
import type * as ir from '../../ir.js';
import { parseBitWidthType, type Symbol } from '../../program/symbols.js';
import type { CheckContext } from '../context.js';
import { declHeader, storageBits } from './common.js';

export function checkEnum(symbol: Symbol<ast.EnumDecl>, ctx: CheckContext): ir.Enum | null {
  const decl = symbol.decl;
  const baseName = decl.base.path.map((p) => p.name).join('.');
  const base = decl.base.path.length === 1 ? parseBitWidthType(baseName) : null;
  if (!base) {
    ctx.diags.error(decl.base.span, `an enum's type is a width like u6, u8 or i32 (1 to 64 bits), not '${baseName}'`);
  }
  const width = base?.width ?? 64;
  const signed = base?.signed ?? false;
  const [lo, hi] = signed ? [-(1n << BigInt(width - 1)), (1n << BigInt(width - 1)) - 1n] : [0n, (1n << BigInt(width)) - 1n];

  const values = ctx.evaluator.enumValues(symbol);
  const byName = new Map<string, ast.EnumMember>();
  const byValue = new Map<bigint, ast.EnumMember>();
  const members: ir.EnumMember[] = [];
  for (const m of decl.members) {
    const clash = byName.get(m.name.name);
    if (clash) {
      ctx.diags.error(m.name.span, `duplicate member '${m.name.name}' in enum '${symbol.name}'`, [
        { message: 'first declared here', span: clash.name.span },
      ]);
      continue;
    }
    byName.set(m.name.name, m);
    const value = values.get(m);
    if (value === null || value === undefined) continue;
    if (value < lo || value > hi) {
      ctx.diags.error(m.value?.span ?? m.name.span, `value ${value} of '${m.name.name}' does not fit in ${baseName} (${lo} to ${hi})`);
      continue;
    }
    const same = byValue.get(value);
    if (same && !m.alias) {
      ctx.diags.error(m.name.span, `'${m.name.name}' has the same value (${value}) as '${same.name.name}'; mark it @alias if that is intended`, [
        { message: `'${same.name.name}' declared here`, span: same.name.span },
      ]);
    }
    if (!same) byValue.set(value, m);
    members.push({ name: m.name.name, cName: cIdent(m.name.name), doc: m.doc, value });
  }
  // Members dropped after a syntax error are not missing: the syntax error says it all.
  if (decl.members.length === 0 && !ctx.diags.hasErrorIn(decl.span)) ctx.diags.error(decl.name.span, `enum '${symbol.name}' has no members`);

  return {
    kind: 'enum',
    ...declHeader(symbol, ctx.cName(symbol)),
    width,
    signed,
    storageBits: storageBits(width),
    members,
  };
}
