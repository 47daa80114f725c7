/**
 * Syscall tables: calls with distinct names, parameters with distinct names and types a
 * debugger can print (integers, pointers, enums, flags, and the kinds `fd`, `cstr`,
 * `bytes(n)` whose `n` is an integer parameter); `out` only on memory; each number on an ABI
 * of a syscall ABI declaration, at most once per call, for a call whose arguments the ABI can
 * carry. Numbers and names unique per ABI across tables are checked once every table is
 * (checkSyscallNumbers).
 */
import type * as ast from '../../../grammar/ast.js';
import type { Diagnostics } from '../../../grammar/diagnostics.js';
import type * as ir from '../../ir.js';
import { describe, SYSCALL_KINDS, type Symbol } from '../../program/symbols.js';
import type { CheckContext } from '../context.js';
import { declHeader } from './common.js';

/** A call's number on an ABI, where it was written: for the checks across tables. */
export interface NumberUse {
  readonly abi: ir.SyscallAbi;
  readonly number: bigint;
  readonly call: string;
  readonly table: string;
  readonly span: ast.Span;
}

export function checkSyscalls(symbol: Symbol<ast.SyscallsDecl>, ctx: CheckContext, uses: NumberUse[]): ir.SyscallTable {
  const decl = symbol.decl;
  const calls: ir.Syscall[] = [];
  const names = new Map<string, ast.Ident>();
  for (const m of decl.calls) {
    const clash = names.get(m.name.name);
    if (clash) {
      ctx.diags.error(m.name.span, `duplicate system call '${m.name.name}' in '${symbol.name}'`, [{ message: 'first declared here', span: clash.span }]);
      continue;
    }
    names.set(m.name.name, m.name);
    const call = checkCall(m, symbol, ctx, uses);
    if (call) calls.push(call);
  }
  return { kind: 'syscalls', ...declHeader(symbol, ctx.cName(symbol)), calls };
}

function checkCall(m: ast.SyscallMember, table: Symbol<ast.SyscallsDecl>, ctx: CheckContext, uses: NumberUse[]): ir.Syscall | null {
  const params: ir.SyscallParam[] = [];
  const seen = new Map<string, ast.SyscallParamMember>();
  let ok = true;
  for (const p of m.params) {
    const clash = seen.get(p.name.name);
    if (clash) {
      ctx.diags.error(p.name.span, `duplicate parameter '${p.name.name}' of '${m.name.name}'`, [{ message: 'first here', span: clash.name.span }]);
      ok = false;
      continue;
    }
    seen.set(p.name.name, p);
  }
  for (const p of m.params) {
    const type = typeOf(p.type, m, table.file, ctx);
    if (!type) {
      ok = false;
      continue;
    }
    if (p.out && type.kind !== 'pointer' && type.kind !== 'bytes' && type.kind !== 'cstr') {
      ctx.diags.error(p.type.span, `'out' marks memory the kernel writes: only a pointer, cstr or bytes(n) can be out`);
      ok = false;
    }
    params.push({ name: p.name.name, type, out: p.out });
  }
  const result = m.result ? typeOf(m.result, m, table.file, ctx, true) : null;
  if (m.result && !result) ok = false;

  const numbers: { abi: ir.SyscallAbi; number: bigint }[] = [];
  const onAbi = new Map<ir.SyscallAbi, ast.Span>();
  for (const n of m.numbers) {
    const abiSymbol = ctx.table.lookup(n.abi, table.file, 'syscall ABI');
    if (abiSymbol && abiSymbol.decl.kind !== 'AbiDecl') {
      ctx.diags.error(n.abi[n.abi.length - 1].span, `'${abiSymbol.name}' is a ${describe(abiSymbol.decl.kind)}, not a syscall ABI`);
      continue;
    }
    const abi = abiSymbol ? ctx.abiOf(abiSymbol as Symbol<ast.AbiDecl>) : null;
    const value = ctx.evaluator.evaluate(n.number, table.file);
    if (!abi || value === null) continue;
    if (value < 0n || value >= 1n << 32n) {
      ctx.diags.error(n.number.span, `system call number ${value} is out of range (0 to 4294967295)`);
      continue;
    }
    const first = onAbi.get(abi);
    if (first) {
      ctx.diags.error(n.span, `'${m.name.name}' has two numbers on '${abi.name}'`, [{ message: 'first here', span: first }]);
      continue;
    }
    onAbi.set(abi, n.span);
    if (params.length === m.params.length) {
      const slots = slotsOf(params, ctx.targetOf(abi.target)?.wordBits ?? 64);
      if (slots > abi.args.length) {
        ctx.diags.error(n.span, `'${m.name.name}' needs ${slots} argument slots, more than '${abi.name}' carries (${abi.args.length})`);
        continue;
      }
    }
    numbers.push({ abi, number: value });
    uses.push({ abi, number: value, call: m.name.name, table: table.name, span: n.span });
  }
  if (!ok) return null;
  return { name: m.name.name, doc: m.doc, params, result, numbers };
}

/** Slots a call's arguments take: a 64-bit integer takes two on a 32-bit target. */
function slotsOf(params: readonly ir.SyscallParam[], wordBits: number): number {
  return params.reduce((n, p) => n + (p.type.kind === 'int' && p.type.bits === 64 && wordBits === 32 ? 2 : 1), 0);
}

function typeOf(ref: ast.SyscallTypeRef, call: ast.SyscallMember, file: ast.File, ctx: CheckContext, isResult = false): ir.SyscallType | null {
  const t = ref.type;
  const single = t.kind === 'NamedType' && t.path.length === 1 ? t.path[0].name : null;
  if (single === 'bytes') {
    if (isResult) {
      ctx.diags.error(ref.span, "a result cannot be 'bytes(n)'");
      return null;
    }
    if (!ref.length) {
      ctx.diags.error(ref.span, "'bytes' needs the parameter that holds its length: bytes(count)");
      return null;
    }
    const index = call.params.findIndex((p) => p.name.name === ref.length!.name);
    if (index < 0) {
      ctx.diags.error(ref.length.span, `'${call.name.name}' has no parameter '${ref.length.name}'`);
      return null;
    }
    const lengthType = call.params[index].type;
    const lengthKind = lengthType.length === null ? plainType(lengthType.type, file, ctx, true) : null;
    if (lengthKind?.kind !== 'int' && lengthKind?.kind !== 'word') {
      ctx.diags.error(ref.length.span, `the length of a buffer is an integer parameter; '${ref.length.name}' is not`);
      return null;
    }
    return { kind: 'bytes', length: index };
  }
  if (ref.length) {
    ctx.diags.error(ref.length.span, `only 'bytes' takes a length in parentheses`);
    return null;
  }
  if (single === 'fd') return { kind: 'fd' };
  if (single === 'cstr') return { kind: 'cstr' };
  return plainType(t, file, ctx, false);
}

/** An integer, pointer, enum or flags type; null (reported unless `quiet`) for anything else. */
function plainType(t: ast.TypeRef, file: ast.File, ctx: CheckContext, quiet: boolean, depth = 0): ir.SyscallType | null {
  const fail = (what: string): null => {
    if (!quiet) ctx.diags.error(t.span, `a system call's argument is an integer, a pointer, an enum, flags (a bit layout), fd, cstr or bytes(n); ${what}`);
    return null;
  };
  if (t.kind === 'PointerType') {
    const p = t.pointee?.kind === 'NamedType' ? ctx.table.resolveType(t.pointee, file) : null;
    return { kind: 'pointer', pointee: p?.kind === 'decl' ? p.symbol.qname : null };
  }
  if (t.kind === 'ArrayType') return fail('an array is not (pass a ptr to it)');
  if (t.path.length === 1 && SYSCALL_KINDS.has(t.path[0].name)) return quiet ? null : fail(`'${t.path[0].name}' is an argument kind, not a type here`);
  const r = ctx.table.resolveType(t, file);
  if (!r) return null;
  if (r.kind === 'primitive') {
    const name = r.name;
    if (name === 'bool') return { kind: 'bool' };
    const m = /^([ui])(8|16|32|64)$/.exec(name);
    if (m) return { kind: 'int', bits: Number(m[2]) as 8 | 16 | 32 | 64, signed: m[1] === 'i' };
    return { kind: 'word', signed: name === 'isize' || name === 'iword' };
  }
  const d = r.symbol.decl;
  switch (d.kind) {
    case 'EnumDecl': {
      const e = ctx.enumOf(r.symbol as Symbol<ast.EnumDecl>);
      return e ? { kind: 'enum', decl: e } : null;
    }
    case 'BitsDecl':
      return { kind: 'flags', bits: r.symbol.qname };
    case 'TypeAliasDecl':
      // An alias stands for its type; a cycle of aliases is reported where they are laid out.
      return depth < 64 ? plainType(d.type, r.symbol.file, ctx, quiet, depth + 1) : null;
    case 'StructDecl':
    case 'UnionDecl':
      return fail(`'${r.symbol.name}' is a ${describe(d.kind)} (pass a ptr<${r.symbol.name}>)`);
  }
}

/** Across tables: per ABI, no number given to two calls, and no call given two numbers. */
export function checkSyscallNumbers(uses: readonly NumberUse[], diags: Diagnostics): void {
  const byNumber = new Map<ir.SyscallAbi, Map<bigint, NumberUse>>();
  const byName = new Map<ir.SyscallAbi, Map<string, NumberUse>>();
  for (const u of uses) {
    const numbers = byNumber.get(u.abi) ?? new Map<bigint, NumberUse>();
    byNumber.set(u.abi, numbers);
    const names = byName.get(u.abi) ?? new Map<string, NumberUse>();
    byName.set(u.abi, names);
    const sameNumber = numbers.get(u.number);
    if (sameNumber) {
      diags.error(u.span, `number ${u.number} on '${u.abi.name}' is already '${sameNumber.call}'${sameNumber.table !== u.table ? ` (in '${sameNumber.table}')` : ''}`, [
        { message: 'given here', span: sameNumber.span },
      ]);
      continue;
    }
    const sameName = u.table !== names.get(u.call)?.table ? names.get(u.call) : undefined;
    if (sameName) {
      diags.error(u.span, `'${u.call}' already has a number on '${u.abi.name}' (in '${sameName.table}')`, [{ message: 'given here', span: sameName.span }]);
      continue;
    }
    numbers.set(u.number, u);
    names.set(u.call, u);
  }
}
