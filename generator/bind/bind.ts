/**
 * The binding pass (a linker, in Langium's sense): after the symbol table has declared every
 * name, it resolves every type a declaration refers to, once, in source order. The symbol
 * table records each answer on the reference itself (`SymbolTable.resolveType`), so the
 * checker and every layout read the same resolution and an unknown name is one error.
 *
 * Names of values are bound where they are first evaluated, by the checker's target-free
 * evaluator: a bare enum member (`when Page`) means something only in the scope of the enum
 * its context selects, which the checker works out.
 */
import type * as ast from '../../grammar/ast.js';
import { isBadBitWidth, parseBitWidthType, SYSCALL_KINDS, type SymbolTable } from '../program/symbols.js';
import { unreachable } from '../util/unreachable.js';

export function bindProgram(table: SymbolTable): void {
  for (const file of table.program.files) {
    const binder = new Binder(table, file);
    for (const decl of file.decls) binder.decl(decl);
  }
}

class Binder {
  constructor(
    private readonly table: SymbolTable,
    private readonly file: ast.File,
  ) {}

  decl(decl: ast.Decl): void {
    switch (decl.kind) {
      case 'ConstDecl':
        return this.expr(decl.value);
      case 'TypeAliasDecl':
        return this.type(decl.type);
      case 'EnumDecl':
        // The base (`u6`) is a width, not a type reference.
        for (const m of decl.members) if (m.value) this.expr(m.value);
        return;
      case 'BitsDecl':
        return this.bitsMembers(decl.members);
      case 'StructDecl':
      case 'UnionDecl':
        if (decl.kind === 'UnionDecl' && decl.discriminant) this.table.resolveType(decl.discriminant, this.file);
        if (decl.kind === 'StructDecl' && decl.frame) this.table.lookup(decl.frame, this.file, 'register set');
        if (decl.align) this.expr(decl.align);
        return this.members(decl.members);
      case 'ConfigDecl':
      case 'TargetDecl':
      // A register's type is a width, and a register set names its target (global): nothing to resolve.
      case 'RegistersDecl':
        return;
      case 'AbiDecl':
        this.table.lookup(decl.registers, this.file, 'register set');
        return;
      case 'SysregsDecl':
        for (const r of decl.registers) {
          this.expr(r.number);
          if (r.reset) this.expr(r.reset);
          // A width (`u64`) is no reference; a bit layout is.
          if (!(r.type.path.length === 1 && parseBitWidthType(r.type.path[0].name))) this.table.resolveType(r.type, this.file);
        }
        return;
      case 'FormatDecl':
        this.table.resolveType(decl.bits, this.file);
        // An operand kind's names are register or system register sets (check/rules/formats.ts).
        for (const o of decl.operands) for (const w of o.args) if (w.kind === 'name') this.table.lookup(w.path, this.file, 'register set');
        return;
      case 'InstructionsDecl':
        for (const m of decl.members) {
          for (const p of m.kind === 'PatternGroup' ? m.patterns : [m]) {
            this.table.lookup(p.format, this.file, 'instruction format');
            for (const c of p.constraints) this.expr(c.value);
          }
        }
        return;
      // A paging scheme names its bit layouts and fields as words: its rule resolves them.
      case 'PagingDecl':
        return;
      case 'SyscallsDecl':
        for (const call of decl.calls) {
          for (const p of call.params) this.syscallType(p.type);
          if (call.result) this.syscallType(call.result);
          for (const n of call.numbers) {
            this.table.lookup(n.abi, this.file, 'syscall ABI');
            this.expr(n.number);
          }
        }
        return;
      default:
        return unreachable(decl);
    }
  }

  /** A syscall argument's type: `fd`, `cstr` and `bytes(n)` are kinds, not types (check/rules/syscalls.ts). */
  private syscallType(ref: ast.SyscallTypeRef): void {
    if (ref.type.kind === 'NamedType' && ref.type.path.length === 1 && SYSCALL_KINDS.has(ref.type.path[0].name)) return;
    this.type(ref.type);
  }

  private bitsMembers(members: readonly ast.BitsMember[]): void {
    for (const m of members) {
      switch (m.kind) {
        case 'BitField':
        case 'TagField':
          this.bitFieldType(m.type);
          this.ranges(m.ranges);
          if (m.kind === 'BitField' && m.shift) this.expr(m.shift);
          break;
        case 'ReservedBits':
          this.ranges(m.ranges);
          if (m.value) this.expr(m.value);
          break;
        case 'Variant':
          // `when` values are read in the scope of the tag's enum: bound by the checker.
          this.bitsMembers(m.members);
          break;
        default:
          unreachable(m);
      }
    }
  }

  /**
   * `k: u3` and `f: bool` are widths (`u0` a bad one, the checker's to report); anything else
   * names an enum, or is the checker's to reject.
   */
  private bitFieldType(type: ast.NamedType | null): void {
    if (!type) return;
    const only = type.path.length === 1 ? type.path[0].name : null;
    if (only !== null && (only === 'bool' || parseBitWidthType(only) || isBadBitWidth(only))) return;
    this.table.lookup(type.path, this.file, 'type');
  }

  private ranges(ranges: readonly ast.BitRange[]): void {
    for (const r of ranges) {
      this.expr(r.lo);
      if (r.hi) this.expr(r.hi);
    }
  }

  private members(members: readonly ast.StructMember[]): void {
    for (const m of members) {
      switch (m.kind) {
        case 'FieldMember':
          this.type(m.type);
          if (m.offset) this.expr(m.offset);
          if (m.align) this.expr(m.align);
          // `when` values are read in the scope of the discriminant's enum: bound by the checker.
          break;
        case 'PadMember':
          this.expr(m.size);
          break;
        case 'ImageEndMember':
          break;
        case 'IfMember':
          this.members(m.then);
          this.members(m.otherwise);
          break;
        default:
          unreachable(m);
      }
    }
  }

  private type(ref: ast.TypeRef): void {
    switch (ref.kind) {
      case 'NamedType':
        this.table.resolveType(ref, this.file);
        return;
      case 'ArrayType':
        this.type(ref.element);
        return this.expr(ref.length);
      case 'PointerType':
        // `ptr<T>` only documents T: the layout looks it up by name, and nothing else.
        if (ref.pointee?.kind === 'NamedType') this.table.resolveType(ref.pointee, this.file);
        return;
      default:
        return unreachable(ref);
    }
  }

  /**
   * The types inside an expression (`sizeof(Process)`); its names of values are the
   * evaluator's. A loop, not recursion: an operator chain may be as long as a file is.
   */
  private expr(root: ast.Expr): void {
    const stack: ast.Expr[] = [root];
    for (let e = stack.pop(); e; e = stack.pop()) {
      switch (e.kind) {
        case 'IntLiteral':
        case 'NameExpr':
          break;
        case 'UnaryExpr':
          stack.push(e.operand);
          break;
        case 'BinaryExpr':
          stack.push(e.right, e.left);
          break;
        case 'SizeofExpr':
        case 'AlignofExpr':
        case 'OffsetofExpr':
          this.type(e.type);
          break;
        default:
          unreachable(e);
      }
    }
  }
}
