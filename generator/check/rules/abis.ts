/**
 * Syscall ABIs: a register set to be of; the settings this rule knows, each once, and the
 * required ones given; every register named one of the set (by name or alias), and none used
 * twice among the arguments; the error convention one of the forms the grammar lists.
 */
import type * as ast from '../../../grammar/ast.js';
import type * as ir from '../../ir.js';
import { describe, type Symbol } from '../../program/symbols.js';
import type { CheckContext } from '../context.js';
import { listOf } from '../../util/list.js';
import { declHeader } from './common.js';

const SETTINGS = ['trap', 'number', 'args', 'result', 'error', 'clobbers', 'errno', 'use'] as const;
type Setting = (typeof SETTINGS)[number];
const REQUIRED: readonly Setting[] = ['trap', 'number', 'args', 'result', 'error'];

export function checkAbi(symbol: Symbol<ast.AbiDecl>, ctx: CheckContext): ir.SyscallAbi | null {
  const decl = symbol.decl;
  // After a syntax error in the body, a setting may be missing only because it was skipped.
  const broken = ctx.diags.hasErrorIn(decl.span);
  const setSymbol = ctx.table.lookup(decl.registers, symbol.file, 'register set');
  if (setSymbol && setSymbol.decl.kind !== 'RegistersDecl') {
    ctx.diags.error(decl.registers[0].span, `'${setSymbol.name}' is a ${describe(setSymbol.decl.kind)}, not a register set`);
  }
  const set = setSymbol?.decl.kind === 'RegistersDecl' ? ctx.registerSetOf(setSymbol as Symbol<ast.RegistersDecl>) : null;

  const given = new Map<Setting, ast.AbiSetting>();
  for (const s of decl.settings) {
    const key = SETTINGS.find((k) => k === s.key.name);
    if (!key) {
      ctx.diags.error(s.key.span, `unknown ABI setting '${s.key.name}' (known: ${SETTINGS.join(', ')})`);
      continue;
    }
    const first = given.get(key);
    if (first) {
      ctx.diags.error(s.key.span, `'${key}' is set twice`, [{ message: 'first set here', span: first.key.span }]);
      continue;
    }
    given.set(key, s);
  }
  const missing = REQUIRED.filter((key) => !given.has(key));
  if (missing.length > 0 && !broken) ctx.diags.error(decl.name.span, `ABI '${symbol.name}' needs ${listOf(missing.map((k) => `'${k}'`))}`);

  const register = (word: ast.AbiWord | undefined, at: ast.Span): ir.Register | null => {
    if (word?.kind !== 'name') {
      ctx.diags.error(word ? wordSpan(word) : at, 'a register name is expected here');
      return null;
    }
    if (!set) return null;
    const found = set.registers.find((r) => r.name === word.name.name || r.aliases.includes(word.name.name));
    if (!found) ctx.diags.error(word.name.span, `'${set.name}' has no register '${word.name.name}'`);
    return found ?? null;
  };
  /** The items of a setting that must each be one register. */
  const registers = (s: ast.AbiSetting): ir.Register[] =>
    s.items.map((item) => (only(item, s, ctx) ? register(item[0], s.span) : null)).filter((r): r is ir.Register => r !== null);

  const trapSetting = given.get('trap');
  let trap: string | null = null;
  if (trapSetting) {
    const w = trapSetting.items.length === 1 && trapSetting.items[0].length === 1 ? trapSetting.items[0][0] : null;
    if (w?.kind === 'string' && w.value.trim() !== '') trap = w.value;
    else ctx.diags.error(trapSetting.span, `'trap' is the instruction, as a string: trap "syscall";`);
  }

  const numberSetting = given.get('number');
  const number = numberSetting && numberSetting.items.length === 1 && only(numberSetting.items[0], numberSetting, ctx) ? register(numberSetting.items[0][0], numberSetting.span) : null;
  if (numberSetting && numberSetting.items.length !== 1) ctx.diags.error(numberSetting.span, "'number' is one register");

  const args: ir.ArgSlot[] = [];
  const argsSetting = given.get('args');
  if (argsSetting) {
    const used = new Map<ir.Register, ast.Span>();
    for (const item of argsSetting.items) {
      const head = item[0];
      const isStack = head?.kind === 'name' && head.name.name === 'stack' && !set?.registers.some((r) => r.name === 'stack' || r.aliases.includes('stack'));
      if (isStack && item.length === 1) {
        ctx.diags.error(wordSpan(head), "a stack argument is 'stack N': N, the byte offset above the stack pointer (0 to 65535)");
        continue;
      }
      if (isStack) {
        const offset = item[1];
        if (item.length === 2 && offset.kind === 'int' && offset.value.value >= 0n && offset.value.value < 1n << 16n) {
          args.push({ kind: 'stack', offset: Number(offset.value.value) });
        } else ctx.diags.error(wordSpan(offset), "a stack argument is 'stack N': N, the byte offset above the stack pointer (0 to 65535)");
        continue;
      }
      if (!only(item, argsSetting, ctx)) continue;
      const r = register(head, argsSetting.span);
      if (!r) continue;
      const first = used.get(r);
      if (first) ctx.diags.error(wordSpan(head!), `register '${r.name}' carries two arguments`, [{ message: 'first here', span: first }]);
      used.set(r, wordSpan(head!));
      args.push({ kind: 'register', register: r });
    }
    if (argsSetting.items.length === 0) ctx.diags.error(argsSetting.span, "'args' lists where the arguments go: args rdi, rsi, ...;");
  }

  const resultSetting = given.get('result');
  const results = resultSetting ? registers(resultSetting) : [];
  if (resultSetting && (resultSetting.items.length < 1 || resultSetting.items.length > 2)) {
    ctx.diags.error(resultSetting.span, "'result' is one register, or two for a second word");
  }

  const error = errorOf(given.get('error'), register, ctx);
  const clobbersSetting = given.get('clobbers');
  const clobbers = clobbersSetting ? registers(clobbersSetting) : [];

  let errno: ir.Enum | null = null;
  const errnoSetting = given.get('errno');
  if (errnoSetting) {
    const w = errnoSetting.items.length === 1 && errnoSetting.items[0].length === 1 ? errnoSetting.items[0][0] : null;
    if (w?.kind !== 'name') ctx.diags.error(errnoSetting.span, "'errno' names the enum of error numbers: errno LinuxErrno;");
    else {
      const e = ctx.table.lookup([w.name], symbol.file, 'enum');
      if (e && e.decl.kind !== 'EnumDecl') ctx.diags.error(w.name.span, `'${e.name}' is a ${describe(e.decl.kind)}, not an enum`);
      else if (e) errno = ctx.enumOf(e as Symbol<ast.EnumDecl>);
    }
  }

  const uses = usesOf(given.get('use'), symbol, ctx);

  if (!set || trap === null || !number || !argsSetting || results.length === 0 || !error) return null;
  return {
    kind: 'abi',
    ...declHeader(symbol, ctx.cName(symbol)),
    target: set.target,
    registers: set,
    trap,
    number,
    args,
    results,
    error,
    clobbers,
    errno,
    uses,
  };
}

const USE_FORM = "'use' puts one type for another on this ABI: use OpenFlagsMips for OpenFlags;";

/**
 * `use X for Y, ...`: each X and Y an enum or a bit layout, both of one kind, each Y once and
 * not itself.
 */
function usesOf(s: ast.AbiSetting | undefined, symbol: Symbol<ast.AbiDecl>, ctx: CheckContext): ir.SyscallTypeUse[] {
  if (!s) return [];
  if (s.items.length === 0) ctx.diags.error(s.span, USE_FORM);
  const out: ir.SyscallTypeUse[] = [];
  const seen = new Map<string, ast.Span>();
  for (const item of s.items) {
    const [x, f, y] = item;
    if (item.length !== 3 || x.kind !== 'name' || f.kind !== 'name' || f.name.name !== 'for' || y.kind !== 'name') {
      ctx.diags.error(item.length ? wordSpan(item[0]) : s.span, USE_FORM);
      continue;
    }
    const specific = useType(x.name, symbol, ctx);
    const generic = useType(y.name, symbol, ctx);
    if (!specific || !generic) continue;
    const key = useKey(generic);
    if (useKey(specific) === key) {
      ctx.diags.error(x.name.span, `'${x.name.name}' is used for itself`);
      continue;
    }
    if (generic.kind !== specific.kind) {
      ctx.diags.error(x.name.span, `'${x.name.name}' is ${specific.kind === 'enum' ? 'an enum' : 'a bit layout'}, and cannot stand for ${generic.kind === 'enum' ? 'an enum' : 'a bit layout'}`);
      continue;
    }
    const first = seen.get(key);
    if (first) {
      ctx.diags.error(y.name.span, `'${y.name.name}' already has a type on this ABI`, [{ message: 'given here', span: first }]);
      continue;
    }
    seen.set(key, y.name.span);
    out.push({ generic, specific });
  }
  return out;
}

/** The enum or bit layout a name of `use` gives, as a syscall type; null (reported) otherwise. */
function useType(name: ast.Ident, symbol: Symbol<ast.AbiDecl>, ctx: CheckContext): (ir.SyscallType & { kind: 'enum' | 'flags' }) | null {
  const found = ctx.table.lookup([name], symbol.file, 'type');
  if (!found) return null;
  if (found.decl.kind === 'EnumDecl') {
    const e = ctx.enumOf(found as Symbol<ast.EnumDecl>);
    return e ? { kind: 'enum', decl: e } : null;
  }
  if (found.decl.kind === 'BitsDecl') return { kind: 'flags', bits: found.qname };
  ctx.diags.error(name.span, `'${found.name}' is a ${describe(found.decl.kind)}; 'use' gives an enum or a bit layout`);
  return null;
}

function useKey(t: ir.SyscallType & { kind: 'enum' | 'flags' }): string {
  return t.kind === 'enum' ? `enum ${t.decl.qname}` : `bits ${t.bits}`;
}

function errorOf(s: ast.AbiSetting | undefined, register: (w: ast.AbiWord | undefined, at: ast.Span) => ir.Register | null, ctx: CheckContext): ir.SyscallError | null {
  if (!s) return null;
  const item = s.items.length === 1 ? s.items[0] : [];
  const [head, second, third] = item;
  const how = "'error' is 'negative N' (a result in [-N, -1] is -errno), 'flag R' or 'flag R @bit' (set: the result is errno)";
  if (head?.kind === 'name' && head.name.name === 'negative' && item.length === 2 && second.kind === 'int' && second.value.value > 0n) {
    return { kind: 'negative', max: second.value.value };
  }
  if (head?.kind === 'name' && head.name.name === 'flag' && (item.length === 2 || (item.length === 3 && third.kind === 'bit'))) {
    const r = register(second, s.span);
    if (!r) return null;
    if (third?.kind === 'bit') {
      const bit = third.value.value;
      if (bit >= BigInt(r.bits)) {
        ctx.diags.error(third.span, `'${r.name}' has bits 0..${r.bits - 1}, not bit ${bit}`);
        return null;
      }
      return { kind: 'flag', register: r, bit: Number(bit) };
    }
    return { kind: 'flag', register: r, bit: null };
  }
  ctx.diags.error(s.span, how);
  return null;
}

/** Settings whose empty items were reported: all of them have the setting's span, so one report. */
const reportedEmpty = new WeakSet<ast.AbiSetting>();

/** Whether a setting's item is one word, as a register list needs; reports it if not. */
function only(item: readonly ast.AbiWord[], s: ast.AbiSetting, ctx: CheckContext): boolean {
  if (item.length === 1) return true;
  if (item.length) ctx.diags.error(wordSpan(item[1]), 'a comma is missing before this');
  else if (!reportedEmpty.has(s)) {
    reportedEmpty.add(s);
    ctx.diags.error(s.span, 'an empty item: two commas in a row');
  }
  return false;
}

function wordSpan(w: ast.AbiWord): ast.Span {
  return w.kind === 'name' ? w.name.span : w.kind === 'int' ? w.value.span : w.span;
}
