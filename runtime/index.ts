/**
 * The CDL runtime: the one module every generated TypeScript file imports, and the public API
 * for tools that share specs. No dependencies.
 *
 * - Words and bits: values up to 53 bits are `number`s, wider ones `bigint`s; layouts wider
 *   than 32 bits are passed as 32-bit parts, least significant first (`lo, hi`).
 *   {@link join64}, {@link lo32}, {@link hi32}, {@link toWords}, {@link fromWords}, range
 *   predicates {@link isUint} and {@link isInt}, and bigint bit helpers.
 * - Memory: {@link View}, what every generated view is (a `DataView` and a byte offset, no
 *   copies), {@link viewOf} (the checked `DataView` a view's constructor keeps),
 *   {@link makeView} (how a view makes a nested one) and {@link toDataView}.
 * - Errors: everything generated code throws is a `RangeError` naming the type and the path
 *   of the part at fault: {@link FieldRangeError} (a value its field cannot hold: out of
 *   range, of the wrong type, a missing object, an array of the wrong length or with a hole;
 *   nothing is ever truncated), {@link TagError} (a tag that selects no variant, a union
 *   member its selector does not pick), {@link WordError} (a raw word out of range),
 *   {@link BoundsError} (an index or offset out of bounds). The rule is in errors.ts.
 * - Machines: the types of the register sets, trap frames, syscall ABIs and syscall tables
 *   generated modules hold ({@link RegisterSet}, {@link TrapFrame}, {@link SyscallAbi},
 *   {@link SyscallTable}), and {@link formatSyscall}, which prints a system call as strace
 *   does from its number and argument registers (never throwing); {@link frameRegisters}
 *   reads a trap frame's registers and {@link formatRegisters} prints them.
 * - Decode tables: the plain data `cdl gen` writes to `tables/<target>.json` (emitter
 *   `tables`), and the interpreter over it: {@link decodeBits}, {@link encodeBits},
 *   {@link validateBits}, {@link formatBits} and {@link formatValue} for any enum or bit layout
 *   of any target, {@link readValue} and {@link formatMemory} for structs and unions in memory,
 *   without code generated per type; {@link findMachine} picks a target's tables by name or from
 *   an ELF header, and {@link loadMachine} loads just those.
 * - Page walks: {@link walkPages} translates a virtual address through page tables in a
 *   memory image by a machine's paging scheme ({@link pagingScheme}), to a physical address
 *   or the architecture's own fault; {@link formatWalk} prints the outcome on one line.
 * - Instructions: a machine's {@link InstructionDecoder} (`machine.instructions`) decodes,
 *   disassembles and encodes the target's instructions through the same tables;
 *   {@link readElf} and {@link sectionBytes} find an ELF file's `.text` for it.
 */
export {
  BoundsError,
  FieldRangeError,
  TagError,
  WordError,
  boolError,
  describeRange,
  indexError,
  lengthError,
  memberError,
  numberFrom64,
  objectError,
  partsError,
  rangeError,
  within,
  wordError,
  wordsBad,
  wordsError,
} from './errors.js';
export { copyBytes, makeOrderedView, makeView, toDataView, viewOf, zeroBytes, type BufferLike, type ByteOrderOption, type View } from './bytes.js';
export {
  bitMask,
  extractBits,
  formatInt,
  fromWords,
  halvesToNumber,
  hi32,
  insertBits,
  isInt,
  isUint,
  join64,
  lo32,
  signExtend,
  signExtend32,
  toWords,
  type Words,
} from './words.js';
export {
  LINUX_FD_NAMES,
  formatRegisters,
  frameRegisters,
  formatSyscall,
  type ArgSlot,
  type EnumMembers,
  type FlagField,
  type FormatOptions,
  type MemoryReader,
  type Register,
  type RegisterClass,
  type RegisterFormat,
  type RegisterSet,
  type SubRegister,
  type Syscall,
  type SyscallAbi,
  type SyscallError,
  type SyscallParam,
  type SyscallTable,
  type SyscallType,
  type TrapFrame,
} from './syscalls.js';
export {
  bitsFieldReader,
  decodeBits,
  decodeBitsParts,
  encodeBits,
  findType,
  formatBits,
  formatEnum,
  formatMemory,
  formatValue,
  readValue,
  tableInt,
  validateBits,
  valueReader,
  type BitsTable,
  type DecodedBits,
  type EnumTable,
  type FieldTable,
  type MemberTable,
  type MemoryValue,
  type ReservedTable,
  type StructTable,
  type TableInt,
  type TypeRef,
  type TypeTable,
  type UnionTable,
  type FieldReader,
  type ValueTables,
  type VariantTable,
} from './tables.js';
export {
  formatPageSize,
  formatRights,
  formatWalk,
  pagingScheme,
  walkPages,
  type FaultReason,
  type PageFault,
  type PagingAccess,
  type PagingMode,
  type PagingScheme,
  type PhysicalMemory,
  type Rights,
  type Translation,
  type VisitedEntry,
  type WalkRequest,
  type WalkResult,
} from './paging.js';
export {
  InstructionDecoder,
  type DecodeNode,
  type DisassembleOptions,
  type DisassembledLine,
  type Instruction,
  type InstructionDecoderTable,
  type InstructionField,
  type InstructionFormatTable,
  type InstructionPattern,
  type InstructionTable,
  type InstructionTables,
  type OperandFieldTable,
  type OperandTable,
} from './instructions.js';
export { ElfError, readElf, sectionBytes, type ElfFile, type ElfSection } from './elf.js';
export { elfIdentity, findMachine, loadMachine, type ElfIdentity, type Machine, type MachineData, type MachineEntry, type MachineIndex } from './machines.js';
