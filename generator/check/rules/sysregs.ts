/**
 * System registers: a declared target and a space it has (MSRs and control registers on x86,
 * CSRs on RISC-V, or `none`); each register a number unique in its space, a name unique in the
 * set, a bit layout (bound, not copied: the spec's `Efer`) or a width, a reset value that
 * fits, and access modes only for fields the layout has, once each.
 */
import type * as ast from '../../../grammar/ast.js';
import type * as ir from '../../ir.js';
import type { Symbol } from '../../program/symbols.js';
import type { CheckContext } from '../context.js';
import { type WordType, wordTypeOf } from './word-types.js';
import { declHeader, knownTarget } from './common.js';

const SPACES: Readonly<Record<ir.SysregSpace, readonly string[] | null>> = {
  msr: ['x86_64', 'i386'],
  cr: ['x86_64', 'i386'],
  csr: ['riscv64', 'riscv32'],
  none: null,
};
const ACCESS: readonly ir.SysregAccess[] = ['ro', 'rw', 'w1c', 'warl'];

export function checkSysregs(symbol: Symbol<ast.SysregsDecl>, ctx: CheckContext): ir.SysregSet {
  const decl = symbol.decl;
  const target = decl.target.name;
  const known = knownTarget(decl.target, ctx);
  const space = (Object.keys(SPACES) as ir.SysregSpace[]).find((s) => s === decl.space.name) ?? null;
  if (!space) ctx.diags.error(decl.space.span, `unknown system register space '${decl.space.name}' (known: ${Object.keys(SPACES).join(', ')})`);
  else if (SPACES[space] && known && !SPACES[space]!.includes(target)) {
    ctx.diags.error(decl.space.span, `'${space}' registers are reached on ${SPACES[space]!.join(' and ')}, not on '${target}' (use 'none' to only describe them)`);
  }
  const names = new Map<string, ast.Ident>();
  const numbers = new Map<bigint, ast.SysregMember>();
  const registers: ir.Sysreg[] = [];
  for (const m of decl.registers) {
    const clash = names.get(m.name.name);
    if (clash) {
      ctx.diags.error(m.name.span, `duplicate system register '${m.name.name}' in '${symbol.name}'`, [{ message: 'first declared here', span: clash.span }]);
      continue;
    }
    names.set(m.name.name, m.name);
    const number = ctx.evaluator.evaluate(m.number, symbol.file);
    if (number !== null && (number < 0n || number >= 1n << 32n)) {
      ctx.diags.error(m.number.span, `register number ${number} is out of range (0 to 0xffffffff)`);
      continue;
    }
    if (number !== null) {
      const same = numbers.get(number);
      if (same) {
        ctx.diags.error(m.number.span, `number ${hex(number)} is already '${same.name.name}' in '${symbol.name}'`, [{ message: 'declared here', span: same.name.span }]);
        continue;
      }
      numbers.set(number, m);
    }
    const type = typeOf(m.type, symbol.file, ctx);
    if (number === null || !type) continue;
    const reset = m.reset ? ctx.evaluator.evaluate(m.reset, symbol.file) : null;
    if (reset !== null && (reset < 0n || reset >= 1n << BigInt(type.width))) {
      ctx.diags.error(m.reset!.span, `reset value ${hex(reset)} does not fit ${type.width} bits`);
      continue;
    }
    const access: { field: string; access: ir.SysregAccess }[] = [];
    const given = new Map<string, ast.Ident>();
    for (const a of m.access) {
      const mode = ACCESS.find((x) => x === a.access.name);
      if (!mode) ctx.diags.error(a.access.span, `unknown access '${a.access.name}' (known: ${ACCESS.join(', ')})`);
      if (!type.fields) ctx.diags.error(a.field.span, `'${m.name.name}' is a plain word: only a bit layout's fields have an access`);
      else if (!type.fields.has(a.field.name)) ctx.diags.error(a.field.span, `'${type.name}' has no field '${a.field.name}'`);
      const first = given.get(a.field.name);
      if (first) ctx.diags.error(a.field.span, `'${a.field.name}' has its access given twice`, [{ message: 'first here', span: first.span }]);
      given.set(a.field.name, a.field);
      if (mode && type.fields?.has(a.field.name) && !first) access.push({ field: a.field.name, access: mode });
    }
    registers.push({ name: m.name.name, doc: m.doc, number, bits: type.bits, width: type.width, reset, access });
  }
  return { kind: 'sysregs', ...declHeader(symbol, ctx.cName(symbol)), target, space: space ?? 'none', registers };
}

/** A bit layout or a width of 8 to 64 bits; null if neither (reported). */
function typeOf(t: ast.NamedType, file: ast.File, ctx: CheckContext): WordType | null {
  return wordTypeOf(t, file, ctx, 'a system register', [8, 16, 32, 64]);
}

function hex(v: bigint): string {
  return `0x${v.toString(16)}`;
}
