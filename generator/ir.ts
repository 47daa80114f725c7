/**
 * The layout IR: one immutable, fully resolved description of every declaration for one
 * target and configuration. Every emitter reads this and nothing else; all sizes, offsets,
 * alignments and constant values in it are final numbers for that target. A declaration laid
 * out alike on several layouts is one object on all of them (layout/intern.ts); a reference to
 * a declaration is always to the layout's own object for it.
 *
 * Names: `name` is the spec's own name, `qname` is `namespace.name` (unique across the
 * program), `cName` is a valid identifier for C-family outputs (namespace-prefixed and escaped
 * where the spec's name is a keyword). Emitters for other languages derive their own spellings
 * from `name`/`qname` with the helpers in `generator/names.ts`.
 */

export type Endian = 'little' | 'big';

/**
 * The order a struct's or bit layout's scalars are stored in: a fixed one, whatever the
 * target's (`byte_order(big)`: a network header, PCI configuration space), or, for a struct,
 * one chosen when its bytes are read (`byte_order(runtime)`: an ELF header, whose EI_DATA says).
 */
export type ByteOrder = Endian | 'runtime';

/** Primitive spellings a spec may use; the target-dependent ones are resolved per target. */
export type PrimitiveName =
  | 'u8' | 'u16' | 'u32' | 'u64'
  | 'i8' | 'i16' | 'i32' | 'i64'
  | 'bool'
  | 'uword' | 'iword'
  | 'usize' | 'isize' | 'uptr';

export interface Target {
  readonly name: string;
  readonly doc: string | null;
  readonly endian: Endian;
  /** Bits in `uword`/`iword`. */
  readonly wordBits: 32 | 64;
  /** Bits in pointers, `usize`, `isize`, `uptr`. */
  readonly pointerBits: 32 | 64;
  /** The ELF header's e_machine for the target (`elf 62;`), or null if the spec gives none. */
  readonly elfMachine: number | null;
  /** Alignment in bytes of u8/u16/u32/u64 and of pointers (signed types align as unsigned). */
  readonly align: { readonly u8: number; readonly u16: number; readonly u32: number; readonly u64: number; readonly ptr: number };
  /** True for the eight targets CDL declares itself. */
  readonly builtin: boolean;
}

// ---------------------------------------------------------------------------
// Types as fields see them

export type Type =
  | IntType
  | BoolType
  | PointerType
  | EnumRefType
  | BitsRefType
  | StructRefType
  | UnionRefType
  | ArrayType;

interface TypeBase {
  readonly size: number;
  readonly align: number;
  /** qname of the alias the spec used (`coyotos.Oid`), if any: emitters may keep it for readability. */
  readonly alias: string | null;
}

export interface IntType extends TypeBase {
  readonly kind: 'int';
  /** As written: `u64`, `usize`, `uword`… */
  readonly spelling: PrimitiveName;
  readonly bits: 8 | 16 | 32 | 64;
  readonly signed: boolean;
}

export interface BoolType extends TypeBase {
  readonly kind: 'bool';
}

export interface PointerType extends TypeBase {
  readonly kind: 'pointer';
  /**
   * The declaration or alias the spec named (`ptr<ObjectHeader>`), else null. A struct may
   * point at itself, so the layout sets this once it has placed every declaration.
   */
  readonly pointee: Decl | TypeAlias | null;
}

/** An enum stored in a struct: `storage` is the smallest u8..u64 holding its width. */
export interface EnumRefType extends TypeBase {
  readonly kind: 'enum';
  readonly qname: string;
  readonly storageBits: 8 | 16 | 32 | 64;
  /** The enum itself, on this layout. */
  readonly decl: Enum;
}

export interface BitsRefType extends TypeBase {
  readonly kind: 'bits';
  readonly qname: string;
  /** The bit layout itself, on this layout. */
  readonly decl: Bits;
}

export interface StructRefType extends TypeBase {
  readonly kind: 'struct';
  readonly qname: string;
  /** The struct itself, on this layout. */
  readonly decl: Struct;
}

export interface UnionRefType extends TypeBase {
  readonly kind: 'union';
  readonly qname: string;
  /** The union itself, on this layout. */
  readonly decl: Union;
}

export interface ArrayType extends TypeBase {
  readonly kind: 'array';
  readonly element: Type;
  readonly length: number;
}

// ---------------------------------------------------------------------------
// Declarations

interface DeclBase {
  readonly name: string;
  readonly qname: string;
  readonly namespace: string;
  readonly cName: string;
  readonly doc: string | null;
  /** `file:line` of the declaration, for generated-code comments. */
  readonly source: string;
}

export interface Constant extends DeclBase {
  readonly kind: 'const';
  readonly value: bigint;
  /** The declared type (`u64`…) if any. */
  readonly type: PrimitiveName | null;
}

export interface EnumMember {
  readonly name: string;
  readonly cName: string;
  readonly doc: string | null;
  readonly value: bigint;
}

export interface Enum extends DeclBase {
  readonly kind: 'enum';
  /** Declared width in bits (6 for `: u6`). */
  readonly width: number;
  readonly signed: boolean;
  readonly storageBits: 8 | 16 | 32 | 64;
  readonly members: readonly EnumMember[];
}

/** An inclusive range of bits, numbered LSB-0 over the whole (possibly multi-word) container. */
export interface BitRange {
  readonly lo: number;
  readonly hi: number;
}

export type BitFieldType =
  | { readonly kind: 'bool' }
  | { readonly kind: 'uint' }
  | { readonly kind: 'sint' }
  /** The enum itself: checked before layouts exist, it is the same object in every layout. */
  | { readonly kind: 'enum'; readonly decl: Enum };

export interface BitField {
  readonly name: string;
  readonly cName: string;
  readonly doc: string | null;
  /** In value order: ranges[0] holds the value's lowest stored bits. */
  readonly ranges: readonly BitRange[];
  /** The value's low `shift` bits are not stored and are zero. */
  readonly shift: number;
  readonly signed: boolean;
  /** Stored bits (sum of range widths). */
  readonly storedWidth: number;
  /** Bits of the value: storedWidth + shift. */
  readonly valueWidth: number;
  readonly type: BitFieldType;
}

export interface ReservedBits {
  readonly doc: string | null;
  readonly range: BitRange;
  /** Required value of these bits (0 = must be zero); null when they are ignored. */
  readonly value: bigint | null;
}

export interface BitsVariant {
  readonly name: string;
  readonly cName: string;
  readonly doc: string | null;
  /** Tag values that select this variant. */
  readonly when: readonly bigint[];
  readonly fields: readonly BitField[];
  readonly reserved: readonly ReservedBits[];
}

/** A member of a `c_bitfields` layout as C declares it. */
export interface CBitfield {
  /** The field's name, or null for `reserved` (an unnamed bit-field). */
  readonly name: string | null;
  /** Its width in bits: the width of its type. */
  readonly width: number;
}

export interface Bits extends DeclBase {
  readonly kind: 'bits';
  /** Bits in one word of the container. */
  readonly wordBits: 8 | 16 | 32 | 64;
  /** Number of words (1 unless declared as `u64[2]` and the like). */
  readonly words: number;
  /** wordBits * words. */
  readonly width: number;
  readonly size: number;
  readonly align: number;
  /** Fields common to every variant (for an untagged layout: all fields). */
  readonly fields: readonly BitField[];
  readonly reserved: readonly ReservedBits[];
  readonly tag: BitField | null;
  readonly variants: readonly BitsVariant[];
  /**
   * For a `c_bitfields` layout, its members in declaration order (the k-th unnamed one is
   * `reserved[k]`); the ranges above are where this target's C compiler puts them. Else null.
   */
  readonly cBitfields: readonly CBitfield[] | null;
  /**
   * `byte_order(big)`: its words are stored in this order on every target; null: in the
   * order of the struct holding it (the target's, outside structs of a stated order).
   */
  readonly byteOrder: Endian | null;
}

export interface FieldSelector {
  /** Path from the struct to the selecting field: `['hdr', 'type']`. */
  readonly path: readonly string[];
  /**
   * The struct fields the path goes through, resolved: `fields[0]` is a field of the struct
   * itself, each next one a field of the struct before it. The last is the selecting value
   * unless `bitField` names a field of the bit layout it holds.
   */
  readonly fields: readonly Field[];
  /** Byte offset of the last of `fields` from the start of the struct. */
  readonly offset: number;
  /** Where the path ends in a bit field (`hdr.type`): the layout the last field holds, and the field. */
  readonly bitField: { readonly bits: Bits; readonly field: BitField } | null;
}

export interface Field {
  readonly kind: 'field';
  readonly name: string;
  readonly cName: string;
  readonly doc: string | null;
  readonly offset: number;
  readonly size: number;
  readonly align: number;
  /** `align(N)` written on the field, if any (`align` is the larger of it and the type's). */
  readonly explicitAlign: number | null;
  readonly type: Type;
  /** For a discriminated-union field: the field whose value selects the member. */
  readonly selector: FieldSelector | null;
  /** In a trap frame: the register this field holds. */
  readonly holds: Register | null;
  /**
   * The order the field's scalars (its integer, enum, the words of its bit layout, its array's
   * elements) are stored in on this layout: the struct's, or the bit layout's own; for a
   * nested struct, the one it reads itself in ('runtime': the order its holder's view was given).
   */
  readonly byteOrder: ByteOrder;
}

/** Explicit `pad N;` in the spec (the ABI's implicit padding is not listed). */
export interface Pad {
  readonly kind: 'pad';
  readonly offset: number;
  readonly size: number;
}

export type Member = Field | Pad;

export interface Struct extends DeclBase {
  readonly kind: 'struct';
  readonly size: number;
  readonly align: number;
  readonly packed: boolean;
  /** `align(N)` on the struct, if any. */
  readonly explicitAlign: number | null;
  /** Fields and explicit pads in declaration order (after `if` blocks are decided). */
  readonly members: readonly Member[];
  readonly fields: readonly Field[];
  /** Offset of `image_end;`, or null. */
  readonly imageEnd: number | null;
  /** `frame X86_64Regs`: the register set whose registers its fields hold (`Field.holds`). */
  readonly frame: RegisterSet | null;
  /** `byte_order(...)`: the order of its scalars, whatever the target's; null: the target's. */
  readonly byteOrder: ByteOrder | null;
}

export interface UnionMember {
  readonly name: string;
  readonly cName: string;
  readonly doc: string | null;
  readonly type: Type;
  readonly size: number;
  readonly align: number;
  readonly when: readonly bigint[];
}

export interface Union extends DeclBase {
  readonly kind: 'union';
  readonly size: number;
  readonly align: number;
  readonly explicitAlign: number | null;
  /** The discriminant: an enum's qname, an integer spelling (`u8`), or null (plain union). */
  readonly discriminant: string | null;
  /** The discriminant's type, resolved (through aliases): an enum or an integer; null for a plain union. */
  readonly discriminantType: EnumRefType | IntType | null;
  readonly members: readonly UnionMember[];
}

/** `type Oid = u64;`: kept so emitters can keep the spec's vocabulary (`typedef uint64_t Oid;`). */
export interface TypeAlias extends DeclBase {
  readonly kind: 'alias';
  readonly type: Type;
}

export type Decl = Constant | Enum | Bits | Struct | Union;

// ---------------------------------------------------------------------------
// The machine: register sets, syscall ABIs and syscall tables. They do not depend on a data
// model: the checker makes each once, and every layout refers to the same objects (those of
// its target, and every syscall table).

export type RegisterClass = 'general' | 'pc' | 'sp' | 'flags' | 'segment' | 'float' | 'vector' | 'control';

/** `eax @0..31` of `rax`: a name for some of a register's bits, LSB-0. */
export interface SubRegister {
  readonly name: string;
  readonly doc: string | null;
  readonly lo: number;
  readonly hi: number;
}

export interface Register {
  readonly name: string;
  readonly doc: string | null;
  /** Its place in the set, from 0: the number a debugger gives it. */
  readonly index: number;
  readonly bits: number;
  /** The bit layout that names its bits (`rflags: Rflags flags`), by qname; null for a plain width. */
  readonly bitLayout: string | null;
  readonly class: RegisterClass;
  /** Other names for the whole register (`a0` for `x10`), in the order written. */
  readonly aliases: readonly string[];
  readonly subs: readonly SubRegister[];
}

/** `registers X86_64Regs : x86_64 { ... }` */
export interface RegisterSet extends DeclBase {
  readonly kind: 'registers';
  /** The target's name. */
  readonly target: string;
  readonly registers: readonly Register[];
  /** The registers a debugger shows as the program counter and the stack pointer. */
  readonly pc: Register | null;
  readonly sp: Register | null;
}

/** Where an argument of a system call goes: a register, or a word above the stack pointer. */
export type ArgSlot = { readonly kind: 'register'; readonly register: Register } | { readonly kind: 'stack'; readonly offset: number };

/** How a failed call says so. */
export type SyscallError =
  /** A result in [-max, -1] is a negated error number (Linux on most targets: max 4095). */
  | { readonly kind: 'negative'; readonly max: bigint }
  /** `register` non-zero (or its bit `bit`) means the result is a positive error number. */
  | { readonly kind: 'flag'; readonly register: Register; readonly bit: number | null };

/** `abi LinuxX86_64 : X86_64Regs { ... }` */
export interface SyscallAbi extends DeclBase {
  readonly kind: 'abi';
  readonly target: string;
  readonly registers: RegisterSet;
  /** The trap instruction, as the target's assembler spells it (`syscall`, `svc #0`). */
  readonly trap: string;
  readonly number: Register;
  /** Where the arguments go, in order; their number is the most a call may take. */
  readonly args: readonly ArgSlot[];
  /** One register, or two (a second result word). */
  readonly results: readonly Register[];
  readonly error: SyscallError;
  /** Registers the trap destroys besides the results. */
  readonly clobbers: readonly Register[];
  /** The error numbers of this ABI, if the spec gives them. */
  readonly errno: Enum | null;
  /**
   * `use OpenFlagsMips for OpenFlags`: on this ABI, a call's argument or result of type
   * `generic` (an enum or a bit layout) is of type `specific` (see `lower/syscalls.ts`).
   */
  readonly uses: readonly SyscallTypeUse[];
}

/** One `use X for Y` of an ABI: both enums, or both bit layouts (flags). */
export interface SyscallTypeUse {
  readonly generic: SyscallType & { readonly kind: 'enum' | 'flags' };
  readonly specific: SyscallType & { readonly kind: 'enum' | 'flags' };
}

/** What a system call's argument or result is, as a debugger prints it. */
export type SyscallType =
  | { readonly kind: 'int'; readonly bits: 8 | 16 | 32 | 64; readonly signed: boolean }
  /** `usize`, `isize`, `uword`, `iword`: a word of the target. */
  | { readonly kind: 'word'; readonly signed: boolean }
  | { readonly kind: 'bool' }
  /** `ptr` or `ptr<T>`; `pointee` is T's qname (its layout is the target's). */
  | { readonly kind: 'pointer'; readonly pointee: string | null }
  | { readonly kind: 'enum'; readonly decl: Enum }
  /** A bit layout's word, printed by its fields (`O_RDONLY|O_CLOEXEC`): its qname. */
  | { readonly kind: 'flags'; readonly bits: string }
  | { readonly kind: 'fd' }
  | { readonly kind: 'cstr' }
  /** A buffer whose length is the call's parameter `length` (an index into its params). */
  | { readonly kind: 'bytes'; readonly length: number };

export interface SyscallParam {
  readonly name: string;
  readonly type: SyscallType;
  /** Memory the kernel writes (`out bytes(count)`): printed after the call. */
  readonly out: boolean;
}

export interface Syscall {
  readonly name: string;
  readonly doc: string | null;
  readonly params: readonly SyscallParam[];
  /** Null for `noreturn`. */
  readonly result: SyscallType | null;
  /** Its number on each ABI that has it, in the order written. */
  readonly numbers: readonly { readonly abi: SyscallAbi; readonly number: bigint }[];
}

/** `syscalls Linux { ... }` */
export interface SyscallTable extends DeclBase {
  readonly kind: 'syscalls';
  readonly calls: readonly Syscall[];
}

/** How a space of system registers is reached: by the target's instruction for it, or not at all. */
export type SysregSpace = 'msr' | 'cr' | 'csr' | 'none';

/** A field's access in a system register (fields not listed are read-write). */
export type SysregAccess = 'ro' | 'rw' | 'w1c' | 'warl';

export interface Sysreg {
  readonly name: string;
  readonly doc: string | null;
  /** Its number in the space: an MSR's ECX value, a CSR's address, N of crN. */
  readonly number: bigint;
  /** The bit layout it holds (its qname: the layout's IR is per data model), or null for a plain word. */
  readonly bits: string | null;
  /** Its width in bits. */
  readonly width: number;
  /** Its value after reset, if the spec gives it. */
  readonly reset: bigint | null;
  /** The fields whose access is not read-write, by field name, in the order written. */
  readonly access: readonly { readonly field: string; readonly access: SysregAccess }[];
}

/** `sysregs Msr : x86_64 msr { ... }`: one address space of system registers. */
export interface SysregSet extends DeclBase {
  readonly kind: 'sysregs';
  readonly target: string;
  readonly space: SysregSpace;
  readonly registers: readonly Sysreg[];
}

/** What an access to memory is: `read`, `write` (store or AMO) or `execute` (an instruction fetch). */
export type PagingAccess = 'read' | 'write' | 'execute';

/** The privilege an access is made with. */
export type PagingMode = 'user' | 'supervisor';

/** Where an entry's field gives an address: the field's value shifted left by `shift` (`ppn << 12`). */
export interface PagingAddress {
  readonly field: string;
  readonly shift: number;
}

/** One level of page tables, the root's first. */
export interface PagingLevel {
  /** The entry's bit layout (its qname: the layout's IR is per data model). */
  readonly entry: string;
  /** The virtual address's bits that index this level's table, LSB-0. */
  readonly lo: number;
  readonly hi: number;
  /** Where a non-leaf entry holds the next table's address; null: every valid entry is a leaf. */
  readonly table: PagingAddress | null;
  /** Where a leaf holds its page's address; null: no entry of this level is a leaf. */
  readonly page: PagingAddress | null;
  /** One-bit fields of which any set makes the entry a leaf; empty: every entry with `page` is one. */
  readonly leafWhen: readonly string[];
}

/**
 * `allow write if writable at every level;`, `deny execute if executeDisable at any level;`:
 * an access of one of `accesses` (all if empty) made in one of `modes` (both if empty) needs
 * (allow) or must not have (deny) `field` set at every level walked, at any, or at the leaf;
 * `unless` names a walk option (`sum`) that lifts the rule.
 */
export interface PagingRule {
  readonly effect: 'allow' | 'deny';
  readonly accesses: readonly PagingAccess[];
  readonly modes: readonly PagingMode[];
  readonly field: string;
  readonly scope: 'every' | 'any' | 'leaf';
  readonly unless: string | null;
}

/** What sets a field of the fault word: a fact about the fault or the access. */
export type PagingFaultCondition = 'present' | 'reserved' | PagingAccess | PagingMode;

/** `fault PageFaultError { write if write; }`: the bit layout a page fault reports, and what sets each field. */
export interface PagingFault {
  readonly bits: string;
  readonly fields: readonly { readonly field: string; readonly value: bigint; readonly when: PagingFaultCondition }[];
}

/** `paging Paging4 : x86_64 { ... }`: how the target's MMU walks page tables of the spec's layouts. */
export interface PagingScheme extends DeclBase {
  readonly kind: 'paging';
  readonly target: string;
  /** Virtual-address bits translated: the top level's index ends below it. */
  readonly addressBits: number;
  /** An address's bits above `addressBits` must copy its top translated bit. */
  readonly canonical: boolean;
  /** What a non-canonical address raises instead of a page fault (`#GP(0)`); null: a page fault. */
  readonly noncanonical: string | null;
  /** The one-bit field that makes an entry valid (present). */
  readonly valid: string;
  readonly levels: readonly PagingLevel[];
  readonly rules: readonly PagingRule[];
  /** `reserved w without r;`: an entry with `field` set and `without` clear is reserved. */
  readonly reserved: readonly { readonly field: string; readonly without: string }[];
  readonly fault: PagingFault;
}

/**
 * Every kind of machine declaration, for code that dispatches over them all (the reference
 * site's sections): a new kind added here fails to compile there until it is handled.
 */
export type MachineDecl = RegisterSet | SyscallAbi | SyscallTable | SysregSet | PagingScheme | InstructionFormat | InstructionSet;

/**
 * How an instruction field prints: the runtime's small fixed vocabulary (runtime/instructions.ts).
 * `int` is decimal (signed if the field is); `hex` is `0x…`, of the value modulo 2^bits when
 * bits is given (objdump prints `lui`'s immediate so); `reg` a register of a set by number
 * (plus offset: RISC-V's compressed x8+n); `pcrel` the address pc + value; `csr` a system
 * register's name, else its number; `fence` a set of the letters `iorw`; `suffix` the text
 * of the field's value (`""`, `.rl`, `.aq`, `.aqrl`), written after the mnemonic.
 */
export type OperandKind =
  | { readonly kind: 'int' }
  | { readonly kind: 'hex'; readonly bits: number | null }
  | { readonly kind: 'reg'; readonly set: RegisterSet; readonly offset: number }
  | { readonly kind: 'pcrel' }
  | { readonly kind: 'csr'; readonly sets: readonly SysregSet[] }
  | { readonly kind: 'fence' }
  | { readonly kind: 'suffix'; readonly texts: readonly string[] };

/** A field of an instruction format: where its bits are (as a bit field's) and how it prints. */
export interface OperandField {
  readonly name: string;
  /** Empty for a constant operand (`sp: reg Riscv64Regs = 2;`), which no bits hold. */
  readonly ranges: readonly BitRange[];
  /** The value of a constant operand; null for a field of the word. */
  readonly constant: number | null;
  readonly shift: number;
  readonly signed: boolean;
  /** Bits of the value: stored bits + shift. */
  readonly valueWidth: number;
  readonly operand: OperandKind;
}

/** `format I : IType { ... }`: a bit layout's fields as operands; its container is the instruction's length. */
export interface InstructionFormat extends DeclBase {
  readonly kind: 'format';
  /** The bit layout, by qname. */
  readonly bits: string;
  /** In bytes. */
  readonly length: number;
  readonly fields: readonly OperandField[];
  /** The layout's reserved bits of a given value (`reserved @25..31 = 0;`): every pattern fixes them. */
  readonly fixedMask: number;
  readonly fixedMatch: number;
}

/** A piece of an assembly syntax: literal text, or a field's operand. */
export type SyntaxPart = { readonly text: string } | { readonly field: OperandField };

export interface InstructionPattern {
  /** `addi`, `c.addi`: unique in the target's instruction sets. */
  readonly name: string;
  readonly doc: string | null;
  readonly format: InstructionFormat;
  /** The fixed bits: a word matches when `(word & mask) === match` (bits of the instruction's length). */
  readonly mask: number;
  readonly match: number;
  /** `rd!=0`: values a field never holds in this pattern. */
  readonly excluded: readonly { readonly field: OperandField; readonly value: number }[];
  readonly syntax: readonly SyntaxPart[];
  /**
   * The group it is tried in, before the patterns after it in the group: the instruction set's
   * qname and the group's place there (`riscv.Rv64zicsr/0`); null if none.
   */
  readonly group: string | null;
  readonly source: string;
}

/** `instructions Rv64i : riscv64 { ... }` */
export interface InstructionSet extends DeclBase {
  readonly kind: 'instructions';
  readonly target: string;
  readonly patterns: readonly InstructionPattern[];
}

/** The machine declarations a layout sees. */
export interface Machine {
  /** The register sets of the layout's target. */
  readonly registerSets: readonly RegisterSet[];
  /** The syscall ABIs of the layout's target. */
  readonly abis: readonly SyscallAbi[];
  /** Every syscall table (each call's numbers on every ABI: an emitter picks its target's). */
  readonly syscallTables: readonly SyscallTable[];
  /** The system register spaces of the layout's target. */
  readonly sysregs: readonly SysregSet[];
  /** The paging schemes of the layout's target, in declaration order (the first is its default). */
  readonly paging: readonly PagingScheme[];
  /** The instruction sets of the layout's target (check/rules/instructions.ts). */
  readonly instructionSets: readonly InstructionSet[];
}

/** Everything for one target and configuration. */
export interface Layout {
  readonly target: Target;
  /** The configuration (`kernel`), or null for the default one. */
  readonly config: string | null;
  /** Spec files this layout was computed from, relative to the working directory. */
  readonly sources: readonly string[];
  /** Declarations in a stable order: by file, then by position; dependencies first. */
  readonly decls: readonly Decl[];
  readonly constants: readonly Constant[];
  readonly enums: readonly Enum[];
  readonly bits: readonly Bits[];
  readonly structs: readonly Struct[];
  readonly unions: readonly Union[];
  /** Type aliases, in declaration order (not part of `decls`: they add no layout). */
  readonly aliases: readonly TypeAlias[];
  /** Every namespace that declares something (aliases too), in the order they first appear. */
  readonly namespaces: readonly string[];
  /** The spec files that declare in each namespace (aliases too), sorted: what its files' banners name. */
  readonly namespaceSources: ReadonlyMap<string, readonly string[]>;
  /**
   * Each namespace's facts, interned across the layouts of one compilation: two layouts with
   * the same object for a namespace lay it out alike (layout/namespace-facts.ts).
   */
  readonly namespaceFacts: ReadonlyMap<string, NamespaceFacts>;
  /**
   * A digest of everything the layout's files are made of but doc comments and the spec files
   * their banners name: its target and configuration, every namespace's shape
   * (NamespaceFacts.shape), the program's machine. Files without doc comments (JSON layouts,
   * decode tables) are the same for layouts of the same shape.
   */
  readonly shape: string;
  /** Look-up by qname. */
  readonly byName: ReadonlyMap<string, Decl>;
  readonly aliasByName: ReadonlyMap<string, TypeAlias>;
  /** Register sets, syscall ABIs and syscall tables. */
  readonly machine: Machine;
}

/** What a namespace's generated files are made of on one layout; equal facts are one object. */
export interface NamespaceFacts {
  /** Unique among the facts of one compilation: for keys made of several facts. */
  readonly id: number;
  readonly namespace: string;
  /** The namespaces its declarations and aliases name directly (types, aliases, pointees), sorted. */
  readonly uses: readonly string[];
  /** The namespace and every namespace its declarations refer to, transitively, sorted. */
  readonly closure: readonly string[];
  /**
   * A digest of the same facts without the doc comments of declarations: what text made of
   * one declaration (with a digest of its own, {@link decls}) and the names of the others
   * depends on. Layouts of equal shape are equal but for doc comments.
   */
  readonly shape: string;
  /** Each of the namespace's declarations, by qname: a digest of all it is, doc comments included. */
  readonly decls: ReadonlyMap<string, string>;
  /** Each of the namespace's declarations, by qname: a digest of its shape (without doc comments). */
  readonly declShapes: ReadonlyMap<string, string>;
}
