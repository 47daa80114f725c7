/**
 * Constant expressions. Arithmetic is exact (bigint); every intermediate result must lie in
 * [-2^63, 2^64-1], the union of the 64-bit signed and unsigned ranges, so any constant can be
 * written in some 64-bit type of every output language.
 *
 * An evaluator either has a target (struct sizes, `sizeof`, `offsetof` are known) or not: bit
 * positions, enum values and tag values must be the same on every target, so the checker
 * evaluates them without one and reports a use of `sizeof` there.
 */
import type * as ast from '../../grammar/ast.js';
import type { Diagnostics } from '../../grammar/diagnostics.js';
import type { Symbol, SymbolTable } from './symbols.js';

export const MIN_VALUE = -(1n << 63n);
export const MAX_VALUE = (1n << 64n) - 1n;
const MASK64 = MAX_VALUE;
/** Deepest evaluation: operators nested in one expression plus constants used through others. */
export const MAX_EVAL_DEPTH = 1000;

/** What only a target knows: answered by the layout engine. */
export interface TargetQueries {
  sizeof(type: ast.TypeRef, file: ast.File): number | null;
  alignof(type: ast.TypeRef, file: ast.File): number | null;
  offsetof(type: ast.TypeRef, field: readonly ast.Ident[], file: ast.File): number | null;
}

/** Thrown through the recursion when a target-free evaluation meets `sizeof` and the like. */
class NeedsTarget {
  constructor(readonly what: string) {}
}

/** Thrown through the recursion once an error has been reported. */
class Failed {}

/** What a target-free evaluator answers for a value that only a target can give. */
export const NEEDS_TARGET = Symbol('needs a target');
export type TargetFreeValue = bigint | null | typeof NEEDS_TARGET;

export class Evaluator {
  private readonly constants = new Map<ast.ConstDecl, bigint | null>();
  private readonly members = new Map<ast.EnumMember, bigint | null>();
  /** How many leading members of each enum have a value in `members`. */
  private readonly enumDone = new Map<ast.EnumDecl, number>();
  private readonly active = new Set<ast.ConstDecl | ast.EnumDecl>();
  /** The constants being evaluated, outermost first, to name a cycle. */
  private readonly activeConsts: { decl: ast.ConstDecl; name: string }[] = [];
  private queries: TargetQueries | null = null;
  /** Current recursion depth of `eval`. */
  private depth = 0;
  /** Target-free answers to whole expressions, for the layouts that ask again. */
  private readonly targetFree = new Map<ast.Expr, TargetFreeValue>();

  /**
   * `base` is the checker's target-free evaluator: a layout's evaluator asks it first, so a
   * value that is the same on every target is computed, and its errors reported, once; only
   * what depends on `sizeof` and the like is evaluated (and checked) per layout.
   */
  constructor(
    private readonly table: SymbolTable,
    private readonly diags: Diagnostics,
    private readonly base: Evaluator | null = null,
  ) {}

  /** Supplies the target-dependent answers; called once by the layout engine that owns this. */
  attachTarget(queries: TargetQueries): void {
    this.queries = queries;
  }

  /**
   * Evaluates `expr` written in `file`. `enumScope` lets bare member names of that enum stand
   * alone. Returns null after reporting an error.
   */
  evaluate(expr: ast.Expr, file: ast.File, enumScope: Symbol<ast.EnumDecl> | null = null): bigint | null {
    if (this.base) {
      const shared = this.base.valueIfTargetFree(expr, file, enumScope);
      if (shared !== NEEDS_TARGET) return shared;
    } else if (!this.queries) {
      // The checker's evaluator: each expression once, so that the layouts, which ask it
      // again, find the answer (and no second report).
      const known = this.targetFree.get(expr);
      if (known !== undefined && known !== NEEDS_TARGET) return known;
    }
    try {
      const value = this.eval(expr, file, enumScope);
      if (!this.base && !this.queries) this.targetFree.set(expr, value);
      return value;
    } catch (e) {
      if (e instanceof NeedsTarget) {
        this.diags.error(expr.span, `this value must be the same on every target, but it depends on ${e.what}`);
        // Where a value must be target-free, one that is not is wrong on every target.
        if (!this.queries) this.targetFree.set(expr, null);
        return null;
      }
      if (e instanceof Failed) {
        if (!this.base && !this.queries) this.targetFree.set(expr, null);
        return null;
      }
      throw e;
    }
  }

  /**
   * The value of `expr` if it is the same on every target (null once an error is reported),
   * or NEEDS_TARGET, silently: the caller evaluates it per target. Each expression once.
   */
  valueIfTargetFree(expr: ast.Expr, file: ast.File, enumScope: Symbol<ast.EnumDecl> | null = null): TargetFreeValue {
    let v = this.targetFree.get(expr);
    if (v === undefined) {
      v = this.orNeedsTarget(() => this.eval(expr, file, enumScope));
      this.targetFree.set(expr, v);
    }
    return v;
  }

  private orNeedsTarget(f: () => bigint): TargetFreeValue {
    try {
      return f();
    } catch (e) {
      if (e instanceof NeedsTarget) return NEEDS_TARGET;
      if (e instanceof Failed) return null;
      throw e;
    }
  }

  /** The value of a constant declaration (evaluated once, then cached). */
  constant(symbol: Symbol<ast.ConstDecl>): bigint | null {
    return this.evaluateOrNull(() => this.constantValue(symbol));
  }

  /** The value of every member of an enum, in order (implicit values count up from 0). */
  enumValues(symbol: Symbol<ast.EnumDecl>): Map<ast.EnumMember, bigint | null> {
    symbol.decl.members.forEach((m, i) => {
      try {
        this.memberValue(symbol, m);
      } catch (e) {
        if (!(e instanceof NeedsTarget)) {
          if (e instanceof Failed) return;
          throw e;
        }
        // Enum values must not depend on the target: say so, rather than drop the member.
        // The members before `m` have values, so `m` is the one at fault: record it as
        // failed, so that the members after it do not evaluate (and report) it again.
        this.diags.error(m.value?.span ?? m.span, `this value must be the same on every target, but it depends on ${e.what}`);
        this.members.set(m, null);
        this.enumDone.set(symbol.decl, i + 1);
      }
    });
    return new Map(symbol.decl.members.map((m) => [m, this.members.get(m) ?? null]));
  }

  private evaluateOrNull(f: () => bigint): bigint | null {
    try {
      return f();
    } catch (e) {
      if (e instanceof Failed || e instanceof NeedsTarget) return null;
      throw e;
    }
  }

  private fail(span: ast.Span, message: string): never {
    this.diags.error(span, message);
    throw new Failed();
  }

  private checked(value: bigint, span: ast.Span): bigint {
    if (value < MIN_VALUE || value > MAX_VALUE) {
      this.fail(span, `value ${value} overflows 64 bits (allowed: -2^63 to 2^64-1)`);
    }
    return value;
  }

  private eval(expr: ast.Expr, file: ast.File, enumScope: Symbol<ast.EnumDecl> | null): bigint {
    // Long operator chains (`1 + 1 + ...`) and long chains of constants recurse once per
    // link: refuse them before they exhaust the stack.
    if (this.depth >= MAX_EVAL_DEPTH) {
      this.fail(expr.span, `expression is too deeply nested: more than ${MAX_EVAL_DEPTH} levels of operators and constants`);
    }
    this.depth++;
    try {
      return this.evalNode(expr, file, enumScope);
    } finally {
      this.depth--;
    }
  }

  private evalNode(expr: ast.Expr, file: ast.File, enumScope: Symbol<ast.EnumDecl> | null): bigint {
    switch (expr.kind) {
      case 'IntLiteral':
        return this.checked(expr.value, expr.span);
      case 'NameExpr': {
        const ref = this.table.resolveValue(expr, file, enumScope);
        if (!ref) throw new Failed();
        return ref.kind === 'const' ? this.constantValue(ref.symbol) : this.memberValue(ref.symbol, ref.member);
      }
      case 'UnaryExpr': {
        const v = this.eval(expr.operand, file, enumScope);
        return this.checked(expr.op === '-' ? -v : MASK64 - BigInt.asUintN(64, v), expr.span);
      }
      case 'BinaryExpr':
        return this.binary(expr, this.eval(expr.left, file, enumScope), this.eval(expr.right, file, enumScope));
      case 'SizeofExpr':
      case 'AlignofExpr':
      case 'OffsetofExpr':
        return this.targetQuery(expr, file);
    }
  }

  private binary(expr: ast.BinaryExpr, a: bigint, b: bigint): bigint {
    const span = expr.span;
    switch (expr.op) {
      case '+': return this.checked(a + b, span);
      case '-': return this.checked(a - b, span);
      case '*': return this.checked(a * b, span);
      case '/':
      case '%':
        if (b === 0n) this.fail(expr.right.span, 'division by zero');
        return this.checked(expr.op === '/' ? a / b : a % b, span);
      case '<<':
      case '>>':
        if (b < 0n || b > 63n) this.fail(expr.right.span, `shift by ${b}: the amount must be 0 to 63`);
        return this.checked(expr.op === '<<' ? a << b : a >> b, span);
      // Bitwise operators work on the 64-bit two's-complement patterns; the result is unsigned.
      case '&': return BigInt.asUintN(64, a) & BigInt.asUintN(64, b);
      case '|': return BigInt.asUintN(64, a) | BigInt.asUintN(64, b);
      case '^': return BigInt.asUintN(64, a) ^ BigInt.asUintN(64, b);
    }
  }

  private targetQuery(expr: ast.SizeofExpr | ast.AlignofExpr | ast.OffsetofExpr, file: ast.File): bigint {
    const q = this.queries;
    if (!q) throw new NeedsTarget(expr.kind === 'SizeofExpr' ? 'sizeof' : expr.kind === 'AlignofExpr' ? 'alignof' : 'offsetof');
    const value =
      expr.kind === 'SizeofExpr' ? q.sizeof(expr.type, file)
      : expr.kind === 'AlignofExpr' ? q.alignof(expr.type, file)
      : q.offsetof(expr.type, expr.field, file);
    if (value === null) throw new Failed();
    return BigInt(value);
  }

  private constantValue(symbol: Symbol<ast.ConstDecl>): bigint {
    const decl = symbol.decl;
    if (this.base && !this.constants.has(decl)) {
      const shared = this.base.orNeedsTarget(() => this.base!.constantValue(symbol));
      if (shared !== NEEDS_TARGET) this.constants.set(decl, shared);
    }
    if (this.constants.has(decl)) {
      const v = this.constants.get(decl)!;
      if (v === null) throw new Failed();
      return v;
    }
    if (this.active.has(decl)) {
      // Name the whole cycle when it runs through other constants: `A -> B -> C -> A`.
      const from = this.activeConsts.findIndex((c) => c.decl === decl);
      const cycle = [...this.activeConsts.slice(from).map((c) => c.name), symbol.name];
      const via = cycle.length > 2 ? `: ${cycle.join(' -> ')}` : '';
      this.fail(decl.name.span, `constant '${symbol.name}' is defined in terms of itself${via}`);
    }
    this.active.add(decl);
    this.activeConsts.push({ decl, name: symbol.name });
    let value: bigint | null = null;
    let needsTarget = false;
    try {
      value = this.eval(decl.value, symbol.file, null);
      if (decl.type) value = this.fitDeclaredType(value, decl);
    } catch (e) {
      needsTarget = e instanceof NeedsTarget;
      throw e;
    } finally {
      this.active.delete(decl);
      this.activeConsts.pop();
      // A NeedsTarget escape is not a verdict on the constant: leave it uncached. A failure
      // is one: it was reported, and asking again must not report it again.
      if (!needsTarget) this.constants.set(decl, value);
    }
    return value;
  }

  private fitDeclaredType(value: bigint, decl: ast.ConstDecl): bigint {
    const name = decl.type!.path.map((p) => p.name).join('.');
    const m = /^([ui])(8|16|32|64)$/.exec(name);
    if (!m) this.fail(decl.type!.span, `a constant's type must be one of u8..u64 or i8..i64, not '${name}'`);
    const bits = BigInt(m[2]);
    const [lo, hi] = m[1] === 'u' ? [0n, (1n << bits) - 1n] : [-(1n << (bits - 1n)), (1n << (bits - 1n)) - 1n];
    if (value < lo || value > hi) this.fail(decl.value.span, `value ${value} does not fit in ${name} (${lo} to ${hi})`);
    return value;
  }

  private memberValue(symbol: Symbol<ast.EnumDecl>, member: ast.EnumMember): bigint {
    // Enum values never depend on a target (the checker reports those that would).
    if (this.base) return this.base.memberValue(symbol, member);
    if (this.members.has(member)) {
      const v = this.members.get(member)!;
      if (v === null) throw new Failed();
      return v;
    }
    const enumDecl = symbol.decl;
    if (this.active.has(enumDecl)) this.fail(member.name.span, `enum '${symbol.name}' is defined in terms of itself`);
    this.active.add(enumDecl);
    try {
      // Values depend on earlier members (implicit +1), so evaluate in order up to `member`.
      // The evaluated members are always a prefix: resume after it (linear, not quadratic,
      // in the number of members).
      const members = enumDecl.members;
      let i = this.enumDone.get(enumDecl) ?? 0;
      let previous: bigint | null = i > 0 ? this.members.get(members[i - 1])! : -1n;
      for (; i < members.length && !this.members.has(member); i++) {
        const m = members[i];
        let v: bigint | null = null;
        try {
          if (m.value) v = this.eval(m.value, symbol.file, symbol);
          else if (previous !== null) v = this.checked(previous + 1n, m.span);
        } catch (e) {
          if (!(e instanceof Failed)) throw e;
        }
        this.members.set(m, v);
        this.enumDone.set(enumDecl, i + 1);
        previous = v;
      }
    } finally {
      this.active.delete(enumDecl);
    }
    const v = this.members.get(member);
    if (v === null || v === undefined) throw new Failed();
    return v;
  }
}
