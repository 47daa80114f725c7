/**
 * What every checking rule sees: the symbol table, a target-free evaluator and the
 * diagnostics bag. Rules are functions of one declaration; they report problems and return
 * the target-independent part of the IR they validated (or null when it is unusable).
 */
import type * as ast from '../../grammar/ast.js';
import type { Diagnostics } from '../../grammar/diagnostics.js';
import type * as ir from '../ir.js';
import type { Evaluator } from '../program/evaluate.js';
import type { Symbol, SymbolTable } from '../program/symbols.js';
import type { BitsShape } from '../lower/bits.js';

export interface CheckContext {
  readonly table: SymbolTable;
  readonly diags: Diagnostics;
  /** Evaluates without a target: bit positions and enum values must not depend on one. */
  readonly evaluator: Evaluator;
  /** The C-family spelling of each declaration's name (unique across the program). */
  cName(symbol: Symbol): string;
  /**
   * An enum's checked IR, checked on first use (a bit field may name an enum declared after
   * it), once: bit fields refer to this object. Null when the enum is unusable (reported).
   */
  enumOf(symbol: Symbol<ast.EnumDecl>): ir.Enum | null;
  /** A register set's IR, checked once on first use (an ABI may come before its set). */
  registerSetOf(symbol: Symbol<ast.RegistersDecl>): ir.RegisterSet | null;
  /** A syscall ABI's IR, checked once on first use (a table may come before its ABIs). */
  abiOf(symbol: Symbol<ast.AbiDecl>): ir.SyscallAbi | null;
  /** A bit layout's checked shape, checked once on first use (an instruction format may come before it). */
  bitsOf(symbol: Symbol<ast.BitsDecl>): BitsShape | null;
  /** A system register set's IR, checked once on first use (a format's `csr` operands name it). */
  sysregsOf(symbol: Symbol<ast.SysregsDecl>): ir.SysregSet | null;
  /** An instruction format's IR, checked once on first use (a pattern may come before its format). */
  formatOf(symbol: Symbol<ast.FormatDecl>): ir.InstructionFormat | null;
  /** A checked target, by name. */
  targetOf(name: string): ir.Target | undefined;
}

/** Evaluates to a JS number in [min, max], reporting `what` when out of range. */
export function smallInt(
  ctx: CheckContext,
  expr: ast.Expr,
  file: ast.File,
  what: string,
  min: number,
  max: number,
): number | null {
  const v = ctx.evaluator.evaluate(expr, file);
  if (v === null) return null;
  if (v < BigInt(min) || v > BigInt(max)) {
    ctx.diags.error(expr.span, `${what} ${v} is out of range (${min} to ${max})`);
    return null;
  }
  return Number(v);
}
