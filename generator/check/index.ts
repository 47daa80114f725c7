/**
 * The check pass: runs every rule over the resolved program, once, independent of targets.
 * Its results (validated enums, bit layouts and targets) are the target-independent part of
 * the IR; the layout engine completes them per target.
 */
import type * as ast from '../../grammar/ast.js';
import type { Diagnostics } from '../../grammar/diagnostics.js';
import type * as ir from '../ir.js';
import { cFileScopeIdent } from '../names.js';
import { Evaluator } from '../program/evaluate.js';
import type { Symbol, SymbolTable } from '../program/symbols.js';
import type { CheckContext } from './context.js';
import type { BitsShape } from '../lower/bits.js';
import { checkAbi } from './rules/abis.js';
import type { Frames } from './rules/frames.js';
import { checkEnum } from './rules/enums.js';
import { checkRegisters } from './rules/registers.js';
import { checkSyscallNumbers, type NumberUse } from './rules/syscalls.js';
import { checkDecl } from './rules/registry.js';
import { checkBits } from './rules/bit-layouts.js';
import { attachBitFacts } from '../lower/bits.js';
import { checkFormat } from './rules/formats.js';
import { checkPatternOverlaps, type PatternSpans } from './rules/pattern-overlaps.js';
import { checkSysregs } from './rules/sysregs.js';
import { checkTarget } from './rules/targets.js';

export interface CheckedProgram {
  readonly table: SymbolTable;
  readonly enums: ReadonlyMap<ast.EnumDecl, ir.Enum>;
  readonly bits: ReadonlyMap<ast.BitsDecl, BitsShape>;
  readonly targets: ReadonlyMap<string, ir.Target>;
  /** The `by` paths the checker found good: the layout resolves these, and leaves the rest. */
  readonly selectors: ReadonlySet<readonly ast.Ident[]>;
  /** The target-free evaluator: layouts ask it first, so shared values are computed once. */
  readonly evaluator: Evaluator;
  /** Every register set, syscall ABI and syscall table, checked once (no layout changes them). */
  readonly machine: ir.Machine;
  /** Trap frames: each frame struct's register set, and the register each of its fields holds. */
  readonly frames: Frames;
  cName(symbol: Symbol): string;
}

export function checkProgram(table: SymbolTable, diags: Diagnostics): CheckedProgram {
  const cNames = uniqueCNames(table.symbols);
  const checkedEnums = new Map<ast.EnumDecl, ir.Enum | null>();
  const checkedSets = new Map<ast.RegistersDecl, ir.RegisterSet | null>();
  const checkedAbis = new Map<ast.AbiDecl, ir.SyscallAbi | null>();
  const checkedBits = new Map<ast.BitsDecl, BitsShape | null>();
  const checkedSysregs = new Map<ast.SysregsDecl, ir.SysregSet | null>();
  const checkedFormats = new Map<ast.FormatDecl, ir.InstructionFormat | null>();
  const targets = new Map<string, ir.Target>();
  const ctx: CheckContext = {
    table,
    diags,
    evaluator: new Evaluator(table, diags),
    cName: (s) => cNames.get(s) ?? cFileScopeIdent(s.name),
    enumOf: (symbol) => once(checkedEnums, symbol, checkEnum),
    registerSetOf: (symbol) => once(checkedSets, symbol, checkRegisters),
    abiOf: (symbol) => once(checkedAbis, symbol, checkAbi),
    // Each bit layout is lowered once (lower/bits.ts): layouts that place it as declared share the facts.
    bitsOf: (symbol) => once(checkedBits, symbol, (s, c) => {
      const shape = checkBits(s, c);
      return shape && attachBitFacts(shape);
    }),
    sysregsOf: (symbol) => once(checkedSysregs, symbol, checkSysregs),
    formatOf: (symbol) => once(checkedFormats, symbol, checkFormat),
    targetOf: (name) => targets.get(name),
  };
  /** Checks a declaration on first use and remembers the answer: its IR is one object. */
  function once<D extends ast.Decl, T>(memo: Map<D, T | null>, symbol: Symbol<D>, check: (s: Symbol<D>, c: CheckContext) => T | null): T | null {
    if (!memo.has(symbol.decl)) memo.set(symbol.decl, check(symbol, ctx));
    return memo.get(symbol.decl)!;
  }
  const enums = new Map<ast.EnumDecl, ir.Enum>();
  const bits = new Map<ast.BitsDecl, BitsShape>();

  for (const [name, symbol] of table.targets) {
    const t = checkTarget(symbol, ctx);
    if (t) targets.set(name, t);
  }
  const selectors = new Set<readonly ast.Ident[]>();
  const machine = { registerSets: [] as ir.RegisterSet[], abis: [] as ir.SyscallAbi[], syscallTables: [] as ir.SyscallTable[], sysregs: [] as ir.SysregSet[], paging: [] as ir.PagingScheme[], instructionSets: [] as ir.InstructionSet[] };
  const numberUses: NumberUse[] = [];
  const instructionSpans: PatternSpans = new Map();
  const frames: Frames = { sets: new Map(), holds: new Map() };
  for (const symbol of table.symbols) checkDecl(symbol, ctx, { enums, bits, selectors, machine, numberUses, frames, instructionSpans });
  checkSyscallNumbers(numberUses, diags);
  checkPatternOverlaps(machine.instructionSets, instructionSpans, diags);
  return { table, enums, bits, targets, selectors, evaluator: ctx.evaluator, cName: ctx.cName, machine, frames };
}

/**
 * C has one flat namespace: a name declared in two CDL namespaces is prefixed with its
 * namespace in C-family outputs (`x86_Entry`, `coyotos_Entry`); every other keeps its name.
 */
function uniqueCNames(symbols: readonly Symbol[]): Map<Symbol, string> {
  const count = new Map<string, number>();
  for (const s of symbols) count.set(s.name, (count.get(s.name) ?? 0) + 1);
  return new Map(symbols.map((s) => [s, cFileScopeIdent(count.get(s.name)! > 1 ? `${s.namespace}_${s.name}` : s.name)]));
}
