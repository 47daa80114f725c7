/**
 * The checker's rules, one per kind of declaration, as a table the type system holds complete:
 * adding a kind to the AST fails to compile here until it has a rule. Each rule lives in its
 * own file; it reports what is wrong with one declaration and records the target-independent
 * IR it validated (an enum's values, a bit layout's fields) for the layout engine.
 */
import type * as ast from '../../../grammar/ast.js';
import type * as ir from '../../ir.js';
import type { Symbol } from '../../program/symbols.js';
import type { CheckContext } from '../context.js';
import type { BitsShape } from '../../lower/bits.js';
import { checkFrame, type Frames } from './frames.js';
import { checkAggregate } from './structs.js';
import { checkByteOrders } from './byte-orders.js';
import { checkSyscalls, type NumberUse } from './syscalls.js';
import { checkInstructions } from './instructions.js';
import { checkPaging } from './paging.js';
import type { PatternSpans } from './pattern-overlaps.js';

/** What the rules record for the layout engine. */
export interface Validated {
  readonly enums: Map<ast.EnumDecl, ir.Enum>;
  readonly bits: Map<ast.BitsDecl, BitsShape>;
  /** The `by` paths that name a value of the discriminant's type: the layout resolves only these. */
  readonly selectors: Set<readonly ast.Ident[]>;
  /** Register sets, syscall ABIs and tables, in declaration order. */
  readonly machine: { registerSets: ir.RegisterSet[]; abis: ir.SyscallAbi[]; syscallTables: ir.SyscallTable[]; sysregs: ir.SysregSet[]; paging: ir.PagingScheme[]; instructionSets: ir.InstructionSet[] };
  /** Every syscall number given, for the checks across tables (checkSyscallNumbers). */
  readonly numberUses: NumberUse[];
  /** Trap frames' register sets and the registers their fields hold. */
  readonly frames: Frames;
  /** Where each instruction pattern was written, for the checks across instruction sets (checkPatternOverlaps). */
  readonly instructionSpans: PatternSpans;
}

type DeclOf<K extends ast.Decl['kind']> = Extract<ast.Decl, { kind: K }>;

/** Targets and configurations are checked apart: they are global, not declarations of a namespace. */
type NamespacedKind = Exclude<ast.Decl['kind'], 'TargetDecl' | 'ConfigDecl'>;

export type Rule<K extends NamespacedKind> = (symbol: Symbol<DeclOf<K>>, ctx: CheckContext, out: Validated) => void;

export const RULES: { readonly [K in NamespacedKind]: Rule<K> } = {
  // A value that is the same on every target is computed (and its errors reported) here,
  // once; one that uses sizeof and the like is left to each layout.
  ConstDecl: (symbol, ctx) => void ctx.evaluator.constant(symbol),
  // An alias is checked where it is used: its cycles and sizes are the layout's.
  TypeAliasDecl: () => {},
  EnumDecl: (symbol, ctx, out) => {
    const e = ctx.enumOf(symbol);
    if (e) out.enums.set(symbol.decl, e);
  },
  BitsDecl: (symbol, ctx, out) => {
    const b = ctx.bitsOf(symbol);
    if (b) out.bits.set(symbol.decl, b);
  },
  StructDecl: (symbol, ctx, out) => {
    checkAggregate(symbol, ctx, out);
    checkFrame(symbol, ctx, out.frames);
    checkByteOrders(symbol, ctx);
  },
  UnionDecl: (symbol, ctx, out) => {
    checkAggregate(symbol, ctx, out);
    checkFrame(symbol, ctx, out.frames);
    checkByteOrders(symbol, ctx);
  },
  RegistersDecl: (symbol, ctx, out) => {
    const set = ctx.registerSetOf(symbol);
    if (set) out.machine.registerSets.push(set);
  },
  AbiDecl: (symbol, ctx, out) => {
    const abi = ctx.abiOf(symbol);
    if (abi) out.machine.abis.push(abi);
  },
  SyscallsDecl: (symbol, ctx, out) => void out.machine.syscallTables.push(checkSyscalls(symbol, ctx, out.numberUses)),
  SysregsDecl: (symbol, ctx, out) => {
    const set = ctx.sysregsOf(symbol);
    if (set) out.machine.sysregs.push(set);
  },
  PagingDecl: (symbol, ctx, out) => {
    const scheme = checkPaging(symbol, ctx);
    if (scheme) out.machine.paging.push(scheme);
  },
  // A format is checked where it is used, once; checking it here too reports an unused one's errors.
  FormatDecl: (symbol, ctx) => void ctx.formatOf(symbol),
  InstructionsDecl: (symbol, ctx, out) => void out.machine.instructionSets.push(checkInstructions(symbol, ctx, out.instructionSpans)),
};

/** Runs the rule for `symbol`'s kind. */
export function checkDecl(symbol: Symbol, ctx: CheckContext, out: Validated): void {
  const kind = symbol.decl.kind;
  if (kind === 'TargetDecl' || kind === 'ConfigDecl') return;
  // The table is indexed by the declaration's own kind, so the cast only restates that.
  (RULES[kind] as Rule<typeof kind>)(symbol as Symbol<DeclOf<typeof kind>>, ctx, out);
}
