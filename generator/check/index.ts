/**
 * The check pass: runs every rule over the resolved program, once, independent of targets.
 * Its results (validated enums, bit layouts and targets) are the target-independent part of
 * the IR; the layout engine completes them per target.
 */
import type * as ast from '../../grammar/ast.js';
import type { Diagnostics } from '../../grammar/diagnostics.js';
import type * as ir from '../ir.js';
import { cIdent } from '../names.js';
import { Evaluator } from '../program/evaluate.js';
import type { Symbol, SymbolTable } from '../program/symbols.js';
import type { CheckContext } from './context.js';
import { checkBits, type BitsShape } from './rules/bit-layouts.js';
import { checkEnum } from './rules/enums.js';
import { checkAggregate } from './rules/structs.js';
import { checkTarget } from './rules/targets.js';

export interface CheckedProgram {
  readonly table: SymbolTable;
  readonly enums: ReadonlyMap<ast.EnumDecl, ir.Enum>;
  readonly bits: ReadonlyMap<ast.BitsDecl, BitsShape>;
  readonly targets: ReadonlyMap<string, ir.Target>;
  /** The target-free evaluator: layouts ask it first, so shared values are computed once. */
  readonly evaluator: Evaluator;
  cName(symbol: Symbol): string;
}

export function checkProgram(table: SymbolTable, diags: Diagnostics): CheckedProgram {
  const cNames = uniqueCNames(table.symbols);
  const ctx: CheckContext = {
    table,
    diags,
    evaluator: new Evaluator(table, diags),
    cName: (s) => cNames.get(s) ?? cIdent(s.name),
  };
  const enums = new Map<ast.EnumDecl, ir.Enum>();
  const bits = new Map<ast.BitsDecl, BitsShape>();
  const targets = new Map<string, ir.Target>();

  for (const [name, symbol] of table.targets) {
    const t = checkTarget(symbol, ctx);
    if (t) targets.set(name, t);
  }
  for (const symbol of table.symbols) {
    switch (symbol.decl.kind) {
      case 'ConstDecl':
        // A value that is the same on every target is computed (and its errors reported)
        // here, once; one that uses sizeof and the like is left to each layout.
        ctx.evaluator.constant(symbol as Symbol<ast.ConstDecl>);
        break;
      case 'EnumDecl': {
        const e = checkEnum(symbol as Symbol<ast.EnumDecl>, ctx);
        if (e) enums.set(symbol.decl, e);
        break;
      }
      case 'BitsDecl': {
        const b = checkBits(symbol as Symbol<ast.BitsDecl>, ctx);
        if (b) bits.set(symbol.decl, b);
        break;
      }
      case 'StructDecl':
      case 'UnionDecl':
        checkAggregate(symbol as Symbol<ast.StructDecl | ast.UnionDecl>, ctx);
        break;
      default:
        break;
    }
  }
  return { table, enums, bits, targets, evaluator: ctx.evaluator, cName: ctx.cName };
}

/**
 * C has one flat namespace: a name declared in two CDL namespaces is prefixed with its
 * namespace in C-family outputs (`x86_Entry`, `coyotos_Entry`); every other keeps its name.
 */
function uniqueCNames(symbols: readonly Symbol[]): Map<Symbol, string> {
  const count = new Map<string, number>();
  for (const s of symbols) count.set(s.name, (count.get(s.name) ?? 0) + 1);
  return new Map(symbols.map((s) => [s, cIdent(count.get(s.name)! > 1 ? `${s.namespace}_${s.name}` : s.name)]));
}
