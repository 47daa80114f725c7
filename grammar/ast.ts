/**
 * The syntax tree of one `.cdl` file, exactly as written: names are unresolved and
 * expressions unevaluated. Later passes (resolve, check, layout) never mutate it.
 */

/** A position in a source file; line and column are 1-based, offsets 0-based. */
export interface Span {
  readonly file: string;
  readonly start: number;
  readonly end: number;
  readonly line: number;
  readonly column: number;
}

export interface Ident {
  readonly kind: 'Ident';
  readonly name: string;
  readonly span: Span;
}

// ---------------------------------------------------------------------------
// Expressions

export type Expr =
  | IntLiteral
  | NameExpr
  | UnaryExpr
  | BinaryExpr
  | SizeofExpr
  | AlignofExpr
  | OffsetofExpr;

export interface IntLiteral {
  readonly kind: 'IntLiteral';
  readonly value: bigint;
  /** The literal as written (`0x1000`), kept so emitters can echo the spec's spelling. */
  readonly text: string;
  readonly span: Span;
}

/** A reference to a constant or enum member: `PAGE_SIZE`, `CapType.Page`, `ns.NAME`. */
export interface NameExpr {
  readonly kind: 'NameExpr';
  readonly path: readonly Ident[];
  readonly span: Span;
}

export type UnaryOp = '-' | '~';
export interface UnaryExpr {
  readonly kind: 'UnaryExpr';
  readonly op: UnaryOp;
  readonly operand: Expr;
  readonly span: Span;
}

export type BinaryOp = '|' | '^' | '&' | '<<' | '>>' | '+' | '-' | '*' | '/' | '%';
export interface BinaryExpr {
  readonly kind: 'BinaryExpr';
  readonly op: BinaryOp;
  readonly left: Expr;
  readonly right: Expr;
  readonly span: Span;
}

export interface SizeofExpr {
  readonly kind: 'SizeofExpr';
  readonly type: TypeRef;
  readonly span: Span;
}

export interface AlignofExpr {
  readonly kind: 'AlignofExpr';
  readonly type: TypeRef;
  readonly span: Span;
}

export interface OffsetofExpr {
  readonly kind: 'OffsetofExpr';
  readonly type: TypeRef;
  /** `field` or `field.sub.sub` */
  readonly field: readonly Ident[];
  readonly span: Span;
}

// ---------------------------------------------------------------------------
// Types

export type TypeRef = NamedType | ArrayType | PointerType;

/** `u32`, `Capability`, `coyotos.Oid`. Primitive names are resolved later, like any name. */
export interface NamedType {
  readonly kind: 'NamedType';
  readonly path: readonly Ident[];
  readonly span: Span;
}

export interface ArrayType {
  readonly kind: 'ArrayType';
  readonly element: TypeRef;
  readonly length: Expr;
  readonly span: Span;
}

/** `ptr` or `ptr<T>`: a pointer of the target's pointer size. */
export interface PointerType {
  readonly kind: 'PointerType';
  readonly pointee: TypeRef | null;
  readonly span: Span;
}

// ---------------------------------------------------------------------------
// Declarations

export interface File {
  readonly kind: 'File';
  readonly path: string;
  /** `namespace x;`, or null when the file declares none. */
  readonly namespace: Ident | null;
  readonly imports: readonly ImportDecl[];
  readonly decls: readonly Decl[];
  readonly span: Span;
}

export interface ImportDecl {
  readonly kind: 'ImportDecl';
  readonly path: string;
  readonly span: Span;
}

export type Decl =
  | ConstDecl
  | TypeAliasDecl
  | EnumDecl
  | BitsDecl
  | StructDecl
  | UnionDecl
  | ConfigDecl
  | TargetDecl
  | RegistersDecl
  | AbiDecl
  | SyscallsDecl
  | SysregsDecl
  | PagingDecl
  | FormatDecl
  | InstructionsDecl;

interface DeclBase {
  readonly name: Ident;
  /** `///` lines before the declaration, without the slashes, joined by newlines. */
  readonly doc: string | null;
  readonly span: Span;
}

export interface ConstDecl extends DeclBase {
  readonly kind: 'ConstDecl';
  readonly type: NamedType | null;
  readonly value: Expr;
}

export interface TypeAliasDecl extends DeclBase {
  readonly kind: 'TypeAliasDecl';
  readonly type: TypeRef;
}

export interface EnumDecl extends DeclBase {
  readonly kind: 'EnumDecl';
  /** `u6`, `u8`, `i32`…: a NamedType whose single identifier is checked later. */
  readonly base: NamedType;
  readonly members: readonly EnumMember[];
}

export interface EnumMember {
  readonly kind: 'EnumMember';
  readonly name: Ident;
  readonly doc: string | null;
  readonly value: Expr | null;
  /** `@alias`: this member may share its value with an earlier one. */
  readonly alias: boolean;
  readonly span: Span;
}

// --- bit layouts

export interface BitsDecl extends DeclBase {
  readonly kind: 'BitsDecl';
  /** `u8`..`u64`, or an ArrayType of one of those for multi-word layouts. */
  readonly container: TypeRef;
  /**
   * `c_bitfields`: the members are C bit-fields in declaration order, each as wide as its
   * type; the layout engine places them as each target's C compiler does.
   */
  readonly cBitfields: boolean;
  /** `byte_order(big)`: the order its words are stored in, whatever the target's; null for the target's. */
  readonly byteOrder: ByteOrderAttr | null;
  readonly members: readonly BitsMember[];
}

/**
 * `byte_order(big)`, `byte_order(little)`, `byte_order(runtime)` after a struct's or a bit
 * layout's name: `order` is the word as written (the checker reports one it does not know).
 */
export interface ByteOrderAttr {
  readonly kind: 'ByteOrder';
  readonly order: Ident;
  readonly span: Span;
}

export type BitsMember = BitField | ReservedBits | TagField | Variant;

/** `@lo..hi` (hi null for `@n`); both are constant expressions. */
export interface BitRange {
  readonly kind: 'BitRange';
  readonly lo: Expr;
  readonly hi: Expr | null;
  readonly span: Span;
}

export interface BitField {
  readonly kind: 'BitField';
  readonly name: Ident;
  readonly doc: string | null;
  readonly type: NamedType | null;
  /** Empty when none is written: a C bit-field (`type: CapType;`) takes its place from C. */
  readonly ranges: readonly BitRange[];
  readonly shift: Expr | null;
  readonly span: Span;
}

export interface ReservedBits {
  readonly kind: 'ReservedBits';
  readonly doc: string | null;
  /** `reserved: u7;`: the width of an unnamed C bit-field (`c_bitfields` layouts only). */
  readonly type: NamedType | null;
  /** Empty when none is written (a C bit-field). */
  readonly ranges: readonly BitRange[];
  /** `= v`: the bits must hold v (0 for must-be-zero); null when they are ignored. */
  readonly value: Expr | null;
  readonly span: Span;
}

export interface TagField {
  readonly kind: 'TagField';
  readonly name: Ident;
  readonly doc: string | null;
  readonly type: NamedType | null;
  /** Empty when none is written (the checker then reports it). */
  readonly ranges: readonly BitRange[];
  readonly span: Span;
}

export interface Variant {
  readonly kind: 'Variant';
  readonly name: Ident;
  readonly doc: string | null;
  readonly when: readonly Expr[];
  readonly members: readonly BitsMember[];
  readonly span: Span;
}

// --- structures and unions

export interface StructDecl extends DeclBase {
  readonly kind: 'StructDecl';
  readonly packed: boolean;
  readonly align: Expr | null;
  /** `byte_order(...)`: the order its scalars are stored in; null for the target's. */
  readonly byteOrder: ByteOrderAttr | null;
  /** `frame X86_64Regs`: a trap frame, whose fields hold that set's registers. */
  readonly frame: readonly Ident[] | null;
  readonly members: readonly StructMember[];
}

export interface UnionDecl extends DeclBase {
  readonly kind: 'UnionDecl';
  /** `: CapType`: the type of the value that selects a member; null for a plain C union. */
  readonly discriminant: NamedType | null;
  readonly align: Expr | null;
  readonly members: readonly StructMember[];
}

export type StructMember = FieldMember | PadMember | ImageEndMember | IfMember;

export interface FieldMember {
  readonly kind: 'FieldMember';
  readonly name: Ident;
  readonly doc: string | null;
  readonly type: TypeRef;
  readonly offset: Expr | null;
  readonly align: Expr | null;
  /** `by hdr.type`: the selector of a discriminated union field. */
  readonly selector: readonly Ident[] | null;
  /** `when A, B`: the discriminant values selecting this union member. */
  readonly when: readonly Expr[];
  /** `holds rax`: the register a frame's field holds, when its name is not that register's. */
  readonly holds: Ident | null;
  readonly span: Span;
}

export interface PadMember {
  readonly kind: 'PadMember';
  readonly doc: string | null;
  readonly size: Expr;
  readonly span: Span;
}

export interface ImageEndMember {
  readonly kind: 'ImageEndMember';
  readonly span: Span;
}

/** `if NAME { ... } else { ... }`; NAME is a configuration or a target. */
export interface IfMember {
  readonly kind: 'IfMember';
  readonly condition: Ident;
  readonly negated: boolean;
  readonly then: readonly StructMember[];
  readonly otherwise: readonly StructMember[];
  readonly span: Span;
}

// --- configurations and targets

export interface ConfigDecl extends DeclBase {
  readonly kind: 'ConfigDecl';
}

export interface TargetDecl extends DeclBase {
  readonly kind: 'TargetDecl';
  readonly settings: readonly TargetSetting[];
}

/**
 * `endian big;` `word 32;` `pointer 32;` `align u64 4;`. Kept generic so the checker, not the
 * grammar, owns the list of settings and reports unknown ones with a position.
 */
export interface TargetSetting {
  readonly kind: 'TargetSetting';
  readonly key: Ident;
  /** Identifiers (`big`, `u64`, `ptr`) arrive as single-segment NameExprs. */
  readonly args: readonly Expr[];
  readonly span: Span;
}

// --- the machine: register sets, syscall ABIs, syscall tables

/** `registers X86_64Regs : x86_64 { ... }` */
export interface RegistersDecl extends DeclBase {
  readonly kind: 'RegistersDecl';
  /** The target the registers are of. */
  readonly target: Ident;
  readonly registers: readonly RegisterMember[];
}

/** `rax: u64 general alias acc { eax @0..31; }` */
export interface RegisterMember {
  readonly kind: 'RegisterMember';
  readonly name: Ident;
  readonly doc: string | null;
  /** `u64`: a width, checked later. */
  readonly type: NamedType;
  /** `general`, `pc`...: checked later; null when none is written. */
  readonly class: Ident | null;
  readonly aliases: readonly Ident[];
  readonly subs: readonly SubRegisterMember[];
  readonly span: Span;
}

/** `eax @0..31;` */
export interface SubRegisterMember {
  readonly kind: 'SubRegisterMember';
  readonly name: Ident;
  readonly doc: string | null;
  readonly range: BitRange;
  readonly span: Span;
}

/** `abi LinuxX86_64 : X86_64Regs { trap "syscall"; number rax; ... }` */
export interface AbiDecl extends DeclBase {
  readonly kind: 'AbiDecl';
  /** The register set (and so the target) the ABI is of. */
  readonly registers: readonly Ident[];
  readonly settings: readonly AbiSetting[];
}

/**
 * `args rdi, rsi, stack 16;`: a key and comma-separated items, each a run of words. Kept
 * generic, as target settings are, so that the checker owns the list of settings and reports
 * an unknown one, or a malformed one, with its position.
 */
export interface AbiSetting {
  readonly kind: 'AbiSetting';
  readonly key: Ident;
  readonly items: readonly (readonly AbiWord[])[];
  readonly span: Span;
}

/** A word of a setting: a name (`rax`, `negative`), an integer, a string or a bit (`@28`). */
export type AbiWord =
  | { readonly kind: 'name'; readonly name: Ident }
  | { readonly kind: 'int'; readonly value: IntLiteral }
  | { readonly kind: 'string'; readonly value: string; readonly span: Span }
  | { readonly kind: 'bit'; readonly value: IntLiteral; readonly span: Span };

/** `syscalls Linux { read(...) -> isize = LinuxX86_64 0; }` */
export interface SyscallsDecl extends DeclBase {
  readonly kind: 'SyscallsDecl';
  readonly calls: readonly SyscallMember[];
}

export interface SyscallMember {
  readonly kind: 'SyscallMember';
  readonly name: Ident;
  readonly doc: string | null;
  readonly params: readonly SyscallParamMember[];
  /** Null for `noreturn`. */
  readonly result: SyscallTypeRef | null;
  /** `= LinuxX86_64 0, LinuxI386 3`: the ABI and the number on it. */
  readonly numbers: readonly { readonly abi: readonly Ident[]; readonly number: Expr; readonly span: Span }[];
  readonly span: Span;
}

export interface SyscallParamMember {
  readonly kind: 'SyscallParamMember';
  readonly name: Ident;
  /** `out`: memory the kernel writes. */
  readonly out: boolean;
  readonly type: SyscallTypeRef;
  readonly span: Span;
}

/** A type (`usize`, `ptr<T>`, an enum), an argument kind (`fd`, `cstr`), or `bytes(count)`. */
export interface SyscallTypeRef {
  readonly kind: 'SyscallTypeRef';
  readonly type: TypeRef;
  /** `bytes(count)`: the parameter holding the length. */
  readonly length: Ident | null;
  readonly span: Span;
}

/** `sysregs Msr : x86_64 msr { efer 0xC0000080 : Efer reset 0 { lma ro; } }` */
export interface SysregsDecl extends DeclBase {
  readonly kind: 'SysregsDecl';
  readonly target: Ident;
  /** How the registers are reached (`msr`, `cr`, `csr`, `none`): checked later. */
  readonly space: Ident;
  readonly registers: readonly SysregMember[];
}

export interface SysregMember {
  readonly kind: 'SysregMember';
  readonly name: Ident;
  readonly doc: string | null;
  /** Its number in the space (an MSR's ECX value, a CSR's address). */
  readonly number: Expr;
  /** A bit layout, or a width (`u64`). */
  readonly type: NamedType;
  readonly reset: Expr | null;
  /** `lma ro;`: a field's access, when not read-write. */
  readonly access: readonly { readonly field: Ident; readonly access: Ident; readonly span: Span }[];
  readonly span: Span;
}

// --- paging schemes

/**
 * `paging Paging4 : x86_64 { address 48 canonical; level Pml4e @39..47 table pdpt; ... }`: how
 * the target's MMU walks page tables made of the spec's bit layouts.
 */
export interface PagingDecl extends DeclBase {
  readonly kind: 'PagingDecl';
  readonly target: Ident;
  readonly settings: readonly PagingSetting[];
}

/**
 * `allow write if writable at every level;`, `fault PageFaultError { ... }`: a key, a run of
 * words and, for a block, the settings inside it. Kept generic, as ABI settings are, so that
 * the checker owns the vocabulary (check/rules/paging.ts) and reports what it does not know
 * with a position.
 */
export interface PagingSetting {
  readonly kind: 'PagingSetting';
  readonly key: Ident;
  readonly doc: string | null;
  readonly words: readonly PagingWord[];
  /** The settings in braces (`fault X { ... }`); null for one that ends with `;`. */
  readonly body: readonly PagingSetting[] | null;
  readonly span: Span;
}

/** A word of a paging setting: a name, an integer, a bit range, a string, or one of `<< | , =`. */
export type PagingWord =
  | { readonly kind: 'name'; readonly name: Ident }
  | { readonly kind: 'int'; readonly value: IntLiteral }
  | { readonly kind: 'range'; readonly range: BitRange }
  | { readonly kind: 'string'; readonly value: string; readonly span: Span }
  | { readonly kind: 'symbol'; readonly text: '<<' | '|' | ',' | '='; readonly span: Span };

// --- instructions: formats and patterns (see check/rules/formats.ts, instructions.ts)

/** `format I : IType { rd, rs1: reg Riscv64Regs; }`: a bit layout whose fields are operands. */
export interface FormatDecl extends DeclBase {
  readonly kind: 'FormatDecl';
  /** The bit layout that places the fields (its container is the instruction's length). */
  readonly bits: NamedType;
  readonly operands: readonly OperandMember[];
}

/**
 * `rd, rs1: reg Riscv64Regs;`, `imm: hex 20;`, `rd: reg Riscv64Regs + 8;`: how fields print.
 * The kind and its arguments are kept as words, as ABI settings are, so that the checker owns
 * the vocabulary of kinds and reports an unknown or malformed one with its position.
 */
export interface OperandMember {
  readonly kind: 'OperandMember';
  readonly fields: readonly Ident[];
  readonly doc: string | null;
  readonly operand: Ident;
  readonly args: readonly OperandWord[];
  /**
   * `sp: reg Riscv64Regs = 2;`: an operand no field holds, of this value (RISC-V's `c.lwsp`
   * addresses through sp, which the syntax shows and the word does not hold).
   */
  readonly value: Expr | null;
  readonly span: Span;
}

/** A word after an operand kind: a name (`Riscv64Regs`), an integer, a string (`".aq"`) or `+`. */
export type OperandWord =
  | { readonly kind: 'name'; readonly path: readonly Ident[]; readonly span: Span }
  | { readonly kind: 'int'; readonly value: IntLiteral }
  | { readonly kind: 'string'; readonly value: string; readonly span: Span }
  | { readonly kind: 'plus'; readonly span: Span };

/** `instructions Rv64i : riscv64 { addi : I opcode=0x13 funct3=0 "addi {rd}, {rs1}, {imm}"; }` */
export interface InstructionsDecl extends DeclBase {
  readonly kind: 'InstructionsDecl';
  readonly target: Ident;
  readonly members: readonly InstructionsMember[];
}

export type InstructionsMember = PatternMember | PatternGroup;

/** `c.lui : CILui op=1 funct3=3 rd!=2 imm!=0 "c.lui {rd}, {imm}";` */
export interface PatternMember {
  readonly kind: 'PatternMember';
  /** `addi`, `c.addi`, `fence.i`: a dotted name, as assemblers spell mnemonics. */
  readonly name: readonly Ident[];
  readonly doc: string | null;
  readonly format: readonly Ident[];
  readonly constraints: readonly PatternConstraint[];
  /** The assembly text, with `{field}` for each operand; null when missing (reported). */
  readonly syntax: { readonly text: string; readonly span: Span } | null;
  readonly span: Span;
}

/** `opcode=0x13` (the field's bits are fixed) or `rd!=0` (the field never holds the value). */
export interface PatternConstraint {
  readonly kind: 'PatternConstraint';
  readonly field: Ident;
  readonly op: '=' | '!=';
  readonly value: Expr;
  readonly span: Span;
}

/** `group { unimp ...; csrrw ...; }`: overlapping patterns, tried in the order written. */
export interface PatternGroup {
  readonly kind: 'PatternGroup';
  readonly doc: string | null;
  readonly patterns: readonly PatternMember[];
  readonly span: Span;
}
