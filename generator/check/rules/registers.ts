/**
 * Register sets: a declared target; each register a width of 8 to 512 bits, or a one-word bit
 * layout naming its bits, and a known class;
 * names, aliases and sub-registers one scope per set (a debugger looks any of them up); each
 * sub-register inside its register; at most one `pc` and one `sp`.
 */
import type * as ast from '../../../grammar/ast.js';
import type * as ir from '../../ir.js';
import type { Symbol } from '../../program/symbols.js';
import type { CheckContext } from '../context.js';
import { declHeader, knownTarget } from './common.js';
import { wordTypeOf } from './word-types.js';

export const REGISTER_CLASSES: readonly ir.RegisterClass[] = ['general', 'pc', 'sp', 'flags', 'segment', 'float', 'vector', 'control'];

export function checkRegisters(symbol: Symbol<ast.RegistersDecl>, ctx: CheckContext): ir.RegisterSet | null {
  const decl = symbol.decl;
  const target = decl.target.name;
  knownTarget(decl.target, ctx);
  /** Every name a register can be found by, with where it was given. */
  const names = new Map<string, { span: ast.Span; what: string }>();
  const claim = (ident: ast.Ident, what: string): boolean => {
    const clash = names.get(ident.name);
    if (clash) {
      ctx.diags.error(ident.span, `'${ident.name}' already names ${clash.what} in '${symbol.name}'`, [{ message: 'first given here', span: clash.span }]);
      return false;
    }
    names.set(ident.name, { span: ident.span, what });
    return true;
  };
  const registers: ir.Register[] = [];
  const special: Partial<Record<'pc' | 'sp', { register: ir.Register; span: ast.Span }>> = {};
  for (const m of decl.registers) {
    const fresh = claim(m.name, `register '${m.name.name}'`);
    const type = wordTypeOf(m.type, symbol.file, ctx, 'a register', [8, 16, 32, 64, 128, 256, 512]);
    const bits = type?.width ?? null;
    const cls = classOf(m, ctx);
    const aliases = m.aliases.filter((a) => claim(a, `an alias of '${m.name.name}'`)).map((a) => a.name);
    const subs: ir.SubRegister[] = [];
    for (const s of m.subs) {
      if (!claim(s.name, `a sub-register of '${m.name.name}'`)) continue;
      const range = bitRange(s.range, bits, m.name.name, symbol.file, ctx);
      if (range) subs.push({ name: s.name.name, doc: s.doc, ...range });
    }
    if (!fresh || bits === null || cls === null) continue;
    const register: ir.Register = { name: m.name.name, doc: m.doc, index: registers.length, bits, bitLayout: type?.bits ?? null, class: cls, aliases, subs };
    registers.push(register);
    if (cls === 'pc' || cls === 'sp') {
      const first = special[cls];
      if (first) {
        ctx.diags.error(m.class!.span, `'${symbol.name}' already has a ${cls} register, '${first.register.name}'`, [{ message: 'declared here', span: first.span }]);
      } else special[cls] = { register, span: m.name.span };
    }
  }
  if (decl.registers.length === 0 && !ctx.diags.hasErrorIn(decl.span)) ctx.diags.error(decl.name.span, `register set '${symbol.name}' has no registers`);
  return {
    kind: 'registers',
    ...declHeader(symbol, ctx.cName(symbol)),
    target,
    registers,
    pc: special.pc?.register ?? null,
    sp: special.sp?.register ?? null,
  };
}

function classOf(m: ast.RegisterMember, ctx: CheckContext): ir.RegisterClass | null {
  if (!m.class) return 'general';
  const cls = REGISTER_CLASSES.find((c) => c === m.class!.name);
  if (!cls) ctx.diags.error(m.class.span, `unknown register class '${m.class.name}' (known: ${REGISTER_CLASSES.join(', ')})`);
  return cls ?? null;
}

function bitRange(range: ast.BitRange, bits: number | null, register: string, file: ast.File, ctx: CheckContext): { lo: number; hi: number } | null {
  const lo = ctx.evaluator.evaluate(range.lo, file);
  const hi = range.hi ? ctx.evaluator.evaluate(range.hi, file) : lo;
  if (lo === null || hi === null) return null;
  if (lo > hi) {
    ctx.diags.error(range.span, `the range's low bit (${lo}) is above its high bit (${hi})`);
    return null;
  }
  if (lo < 0n || (bits !== null && hi >= BigInt(bits))) {
    ctx.diags.error(range.span, `bits ${lo}..${hi} are not all in '${register}' (${bits === null ? 'its width is unknown' : `bits 0..${bits - 1}`})`);
    return null;
  }
  return { lo: Number(lo), hi: Number(hi) };
}
