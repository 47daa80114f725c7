/**
 * Machines: the plain-data tables generated TypeScript holds for a spec's register sets,
 * syscall ABIs and syscall tables (grammar/README.md, "Machines"), and strace-like formatting
 * of a system call from its number and argument register values, for emulators and debuggers.
 *
 * Nothing here throws: {@link formatSyscall} and {@link formatRegisters} print whatever they
 * are given (any bigint, a number, or something else as `?`), and a memory reader that throws
 * counts as one that cannot read.
 */

/** What a register is for (as the spec's `registers` declaration says). */
export type RegisterClass = 'general' | 'pc' | 'sp' | 'flags' | 'segment' | 'float' | 'vector' | 'control';

/** A name for some of a register's bits, LSB-0 (`eax` is bits 0..31 of `rax`). */
export interface SubRegister {
  readonly name: string;
  readonly lo: number;
  readonly hi: number;
}

/** How a register's value prints (see {@link Register}). */
export type RegisterFormat = 'hex' | 'float' | 'flags';

/** One register (its offset in a trap frame is in the frame's {@link TrapFrame}). */
export interface Register {
  readonly name: string;
  /** Its place in the set, from 0. */
  readonly index: number;
  readonly bits: number;
  readonly class: RegisterClass;
  /**
   * How a debugger shows it: `hex`; `float` (an IEEE single or double, by its width); `flags`:
   * hex, then the names of its bit layout's `fields` that are set (`rflags=0x246 [PF ZF IF]`).
   */
  readonly format: RegisterFormat;
  /** The fields of the bit layout naming its bits (`format` 'flags'). */
  readonly fields?: readonly FlagField[];
  /** Other names for the whole register. */
  readonly aliases: readonly string[];
  readonly subs: readonly SubRegister[];
}

/** A target's registers, in order. */
export interface RegisterSet {
  readonly name: string;
  readonly target: string;
  /** The program counter and stack pointer a debugger shows, by name. */
  readonly pc: string | null;
  readonly sp: string | null;
  readonly registers: readonly Register[];
}

/** Where a trap frame (`struct NAME frame REGISTERS`) holds registers of its set. */
export interface TrapFrame {
  /** The struct's name. */
  readonly name: string;
  /** The register set's name. */
  readonly registers: string;
  /** Bytes in memory. */
  readonly size: number;
  readonly littleEndian: boolean;
  /** One per field that holds a register: its offset and size in bytes. */
  readonly slots: readonly { readonly register: string; readonly field: string; readonly offset: number; readonly size: number }[];
}

/**
 * The registers a trap frame at `byteOffset` of `dataView` holds, by register name (unsigned),
 * for {@link formatRegisters}; a slot beyond the data is left out. Never throws.
 */
export function frameRegisters(frame: TrapFrame, dataView: DataView, byteOffset = 0): { [register: string]: bigint } {
  const out: { [register: string]: bigint } = {};
  try {
    for (const s of frame.slots) {
      const at = byteOffset + s.offset;
      if (!Number.isInteger(at) || at < 0 || at + s.size > dataView.byteLength) continue;
      let v = 0n;
      for (let i = 0; i < s.size; i++) {
        const byte = BigInt(dataView.getUint8(at + (frame.littleEndian ? s.size - 1 - i : i)));
        v = (v << 8n) | byte;
      }
      out[s.register] = v;
    }
  } catch {
    // A frame or view that is not one: what was read so far.
  }
  return out;
}

/** Where an argument goes: a register (by name), or the word at `stack` bytes above the stack pointer. */
export type ArgSlot = string | { readonly stack: number };

/** How a failed call says so. */
export type SyscallError =
  /** A result in [-max, -1] is a negated error number. */
  | { readonly kind: 'negative'; readonly max: number }
  /** `register` non-zero (or its bit `bit`) means the result is a positive error number. */
  | { readonly kind: 'flag'; readonly register: string; readonly bit: number | null };

/** An enum's members by name: a TypeScript enum, or a const object of bigints. */
export type EnumMembers = { readonly [name: string]: number | bigint | string };

/** How a system call is made on a target. */
export interface SyscallAbi {
  readonly name: string;
  readonly target: string;
  /** The register set's name. */
  readonly registers: string;
  /** The bits of a word (an argument, a result): values are wrapped to it. */
  readonly wordBits: number;
  /** The trap instruction, as the target's assembler spells it. */
  readonly trap: string;
  /** The register holding the call number. */
  readonly number: string;
  /** Where the arguments go, in order: `formatSyscall` takes their values in this order. */
  readonly args: readonly ArgSlot[];
  readonly results: readonly string[];
  readonly error: SyscallError;
  readonly clobbers: readonly string[];
  /** The error numbers (a generated enum), or null. */
  readonly errno: EnumMembers | null;
}

/** A field of a bit layout printed as flags: a one-bit field by its name when set. */
export interface FlagField {
  readonly name: string;
  readonly lo: number;
  readonly hi: number;
  /** An enum field's members: printed by member name (even when zero). */
  readonly enum?: EnumMembers;
}

/** How an argument or result prints. */
export type SyscallType =
  | 'u8' | 'u16' | 'u32' | 'u64' | 'i8' | 'i16' | 'i32' | 'i64'
  /** A word of the target (`usize`, `uword`...), unsigned or signed. */
  | 'uword' | 'iword'
  | 'bool'
  /** A file descriptor: a signed 32-bit number. */
  | 'fd'
  /** A NUL-terminated string: quoted through the memory reader. */
  | 'cstr'
  /** A pointer: hex, `NULL` for 0. */
  | 'ptr'
  /** A pointer to a declared type (its qname). */
  | { readonly kind: 'ptr'; readonly to: string }
  /** A buffer whose length is the call's parameter number `length`. */
  | { readonly kind: 'bytes'; readonly length: number }
  | { readonly kind: 'enum'; readonly name: string; readonly members: EnumMembers }
  | { readonly kind: 'flags'; readonly name: string; readonly fields: readonly FlagField[] };

export interface SyscallParam {
  readonly name: string;
  readonly type: SyscallType;
  /** Memory the kernel writes: printed after the call (its address before, or on failure). */
  readonly out?: true;
}

export interface Syscall {
  readonly name: string;
  readonly params: readonly SyscallParam[];
  /** Null for a call that does not return. */
  readonly result: SyscallType | null;
}

/**
 * One syscall table on one ABI, indexed by number. Tables of one ABI merge by spreading:
 * `{ ...Linux_LinuxX86_64, ...LinuxArchForms_LinuxX86_64 }` (numbers are unique on an ABI).
 */
export type SyscallTable = { readonly [number: number]: Syscall };

/** Reads `len` bytes at `addr`: null (or fewer bytes) where memory cannot be read. */
export type MemoryReader = (addr: bigint, len: number) => Uint8Array | null;

export interface FormatOptions {
  /** Reads strings and buffers; without it they print as addresses. */
  readonly memory?: MemoryReader;
  /** The error register's value, for an ABI whose errors are flagged (`error flag R`). */
  readonly errorFlag?: bigint;
  /** Names of special file descriptors: {@link LINUX_FD_NAMES} for Linux's AT_FDCWD. */
  readonly fdNames?: { readonly [fd: number]: string };
  /** Bytes of a string or buffer printed before `...` (strace's `-s`, 32 by default). */
  readonly stringLimit?: number;
}

/**
 * Linux's special file descriptor: AT_FDCWD is -100 on every Linux ABI
 * (include/uapi/linux/fcntl.h), a convention of the kernel rather than of the machine, so
 * `formatSyscall` prints -100 by name only when given this.
 */
export const LINUX_FD_NAMES: { readonly [fd: number]: string } = { [-100]: 'AT_FDCWD' };

/**
 * A system call as strace prints it: `write(1, "hello\n", 6) = 6`,
 * `openat(AT_FDCWD, "/etc/x", 0) = -1 ENOENT`, `exit_group(0) = ?`, an unknown number as
 * `syscall_1234(0x1, 0x2, ...)` with as many arguments as the ABI carries.
 *
 * `args` are the argument words in the ABI's order (`abi.args`); `result` is the result
 * register, left out for a call that has not returned (then nothing follows the arguments).
 * `memory` (or `options.memory`) reads strings and buffers. Never throws.
 */
export function formatSyscall(
  abi: SyscallAbi,
  table: SyscallTable,
  number: bigint,
  args: readonly bigint[],
  result?: bigint,
  options?: FormatOptions | MemoryReader,
): string {
  try {
    const opts: FormatOptions = typeof options === 'function' ? { memory: options } : (options ?? {});
    const bits = validBits(abi?.wordBits);
    const n = big(number);
    const call = n === null ? undefined : lookup(table, BigInt.asUintN(bits, n));
    const argList = Array.isArray(args) ? args : [];
    const failed = result === undefined ? null : errnoOf(abi, bits, result, opts);
    if (!call) {
      const count = Math.max(Array.isArray(abi?.args) ? abi.args.length : 0, 0);
      const shown = Array.from({ length: count }, (_, i) => hex(argList[i], bits));
      const name = n === null ? 'syscall_?' : `syscall_${String(BigInt.asUintN(bits, n))}`;
      return `${name}(${shown.join(', ')})${resultText(abi, bits, failed, result, 'iword')}`;
    }
    const params = Array.isArray(call.params) ? call.params : [];
    const after = result !== undefined && failed === null;
    const shown = params.map((p, i) => {
      const value = argList[i];
      if (p?.out && !after) return pointerText(value, bits);
      return argText(p?.type, value, argList, params, bits, opts, p?.out && after ? big(result) : null);
    });
    const returns = call.result === null ? null : call.result;
    return `${String(call.name)}(${shown.join(', ')})${returns === null ? ' = ?' : resultText(abi, bits, failed, result, returns)}`;
  } catch {
    // Unreachable by design; a table that is not one (a getter that throws...) ends here.
    return `syscall_?(...)`;
  }
}

/**
 * `rax=0x1 rbx=0 ... rflags=0x246 [PF ZF IF] ... xmm0=1.5`: each register's value
 * (`values[index]`, or by name) as its `format` says; missing ones left out.
 */
export function formatRegisters(set: RegisterSet, values: readonly bigint[] | { readonly [name: string]: bigint }): string {
  try {
    const parts: string[] = [];
    for (const r of set.registers) {
      const byName = values as { readonly [name: string]: bigint };
      const v = Array.isArray(values) ? values[r.index] : Object.prototype.hasOwnProperty.call(values, r.name) ? byName[r.name] : undefined;
      if (v === undefined) continue;
      parts.push(`${r.name}=${registerText(r, v)}`);
    }
    return parts.join(' ');
  } catch {
    return '';
  }
}

/** One register's value as its format says (hex for anything it cannot show otherwise). */
function registerText(r: Register, v: unknown): string {
  const bits = validBits(r.bits);
  const b = big(v);
  if (b === null) return '?';
  const u = BigInt.asUintN(bits, b);
  if (r.format === 'float' && (bits === 32 || bits === 64)) {
    const view = new DataView(new ArrayBuffer(8));
    if (bits === 32) view.setUint32(0, Number(u));
    else view.setBigUint64(0, u);
    return String(bits === 32 ? view.getFloat32(0) : view.getFloat64(0));
  }
  const text = hex(u, bits);
  if (r.format !== 'flags') return text;
  const names = fieldNames(u, r.fields, bits);
  return `${text} [${names.join(' ')}]`;
}

/**
 * The names of `value`'s fields: a one-bit field's name when set, an enum field's member name
 * (even when zero), `name=v` for another field that is not zero. Bits no field names are left
 * out (they are in the hex beside them).
 */
function fieldNames(value: bigint, fields: readonly FlagField[] | undefined, bits: number): string[] {
  const names: string[] = [];
  for (const f of Array.isArray(fields) ? fields : []) {
    if (!f || !Number.isInteger(f.lo) || !Number.isInteger(f.hi) || f.lo < 0 || f.hi < f.lo || f.hi >= bits) continue;
    const v = (value >> BigInt(f.lo)) & ((1n << BigInt(f.hi - f.lo + 1)) - 1n);
    if (f.enum) {
      const name = memberName(f.enum, v);
      names.push(name ?? `${String(f.name)}=${v}`);
    } else if (f.hi === f.lo) {
      if (v !== 0n) names.push(String(f.name));
    } else if (v !== 0n) names.push(`${String(f.name)}=${v}`);
  }
  return names;
}

// ---------------------------------------------------------------------------

/** An integer value as a bigint, or null for anything else. */
function big(v: unknown): bigint | null {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
  return null;
}

function validBits(bits: unknown): number {
  return typeof bits === 'number' && Number.isInteger(bits) && bits > 0 && bits <= 1024 ? bits : 64;
}

function lookup(table: SyscallTable, n: bigint): Syscall | undefined {
  if (table === null || typeof table !== 'object' || n > BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
  const key = String(n);
  if (!Object.prototype.hasOwnProperty.call(table, key)) return undefined;
  const call = (table as { readonly [k: string]: Syscall | undefined })[key];
  return call !== null && typeof call === 'object' ? call : undefined;
}

function hex(v: unknown, bits: number): string {
  const b = big(v);
  if (b === null) return '?';
  const u = BigInt.asUintN(bits, b);
  return u === 0n ? '0' : `0x${u.toString(16)}`;
}

function pointerText(v: unknown, bits: number): string {
  const b = big(v);
  if (b === null) return '?';
  return BigInt.asUintN(bits, b) === 0n ? 'NULL' : hex(b, bits);
}

const INT_BITS: { readonly [t: string]: readonly [number, boolean] } = {
  u8: [8, false], u16: [16, false], u32: [32, false], u64: [64, false],
  i8: [8, true], i16: [16, true], i32: [32, true], i64: [64, true],
};

function intText(v: unknown, bits: number, signed: boolean): string {
  const b = big(v);
  if (b === null) return '?';
  return String(signed ? BigInt.asIntN(bits, b) : BigInt.asUintN(bits, b));
}

/** The enum member named for `value` (the first declared), or null. */
function memberName(members: EnumMembers | null | undefined, value: bigint): string | null {
  if (members === null || typeof members !== 'object') return null;
  for (const name of Object.keys(members)) {
    const m = members[name];
    if ((typeof m === 'number' && Number.isSafeInteger(m) && BigInt(m) === value) || (typeof m === 'bigint' && m === value)) return name;
  }
  return null;
}

function argText(
  type: SyscallType | undefined,
  value: unknown,
  args: readonly unknown[],
  params: readonly SyscallParam[],
  bits: number,
  opts: FormatOptions,
  outLength: bigint | null,
): string {
  if (typeof type === 'string') {
    switch (type) {
      case 'uword':
      case 'iword':
        return intText(value, bits, type === 'iword');
      case 'bool':
        return intText(value, bits, false);
      case 'fd': {
        const b = big(value);
        if (b === null) return '?';
        const fd = Number(BigInt.asIntN(32, b));
        const name = opts.fdNames && Object.prototype.hasOwnProperty.call(opts.fdNames, fd) ? opts.fdNames[fd] : undefined;
        return typeof name === 'string' ? name : String(fd);
      }
      case 'cstr':
        return stringText(value, null, bits, opts);
      case 'ptr':
        return pointerText(value, bits);
      default: {
        const int = INT_BITS[type];
        return int ? intText(value, int[0], int[1]) : hex(value, bits);
      }
    }
  }
  if (type === null || typeof type !== 'object') return hex(value, bits);
  switch (type.kind) {
    case 'ptr':
      return pointerText(value, bits);
    case 'bytes': {
      // An out buffer after a successful call: what the result says was written.
      let len = big(args[type.length]);
      if (len !== null) len = BigInt.asUintN(bits, len);
      if (outLength !== null && len !== null) {
        const done = BigInt.asIntN(bits, outLength);
        if (done >= 0n && done <= len) len = done;
      }
      return len === null || params[type.length] === undefined ? pointerText(value, bits) : stringText(value, len, bits, opts);
    }
    case 'enum': {
      const b = big(value);
      if (b === null) return '?';
      return memberName(type.members, BigInt.asIntN(bits, b)) ?? memberName(type.members, BigInt.asUintN(bits, b)) ?? String(BigInt.asIntN(bits, b));
    }
    case 'flags':
      return flagsText(value, type.fields, bits);
    default:
      return hex(value, bits);
  }
}

function flagsText(value: unknown, fields: readonly FlagField[] | undefined, bits: number): string {
  const b = big(value);
  if (b === null) return '?';
  let rest = BigInt.asUintN(bits, b);
  const parts: string[] = [];
  for (const f of Array.isArray(fields) ? fields : []) {
    if (!f || !Number.isInteger(f.lo) || !Number.isInteger(f.hi) || f.lo < 0 || f.hi < f.lo || f.hi >= bits) continue;
    const mask = ((1n << BigInt(f.hi - f.lo + 1)) - 1n) << BigInt(f.lo);
    const v = (rest & mask) >> BigInt(f.lo);
    if (f.enum) {
      const name = memberName(f.enum, v);
      if (name !== null) {
        parts.push(name);
        rest &= ~mask;
      }
    } else if (f.hi === f.lo) {
      if (v !== 0n) {
        parts.push(String(f.name));
        rest &= ~mask;
      }
    } else if (v !== 0n) {
      parts.push(`${String(f.name)}=${v}`);
      rest &= ~mask;
    }
  }
  if (rest !== 0n || parts.length === 0) parts.push(rest === 0n ? '0' : `0x${rest.toString(16)}`);
  return parts.join('|');
}

/** Reads memory, treating a reader that throws or returns something else as one that cannot read. */
function read(opts: FormatOptions, addr: bigint, len: number): Uint8Array | null {
  if (typeof opts.memory !== 'function' || len <= 0) return null;
  try {
    const got = opts.memory(addr, len);
    return got instanceof Uint8Array ? got.subarray(0, len) : null;
  } catch {
    return null;
  }
}

/**
 * A quoted string as strace prints it: a C string up to its NUL (`length` null), or `length`
 * bytes; `...` after the quotes when more than the limit would follow. The address when memory
 * cannot be read.
 */
function stringText(value: unknown, length: bigint | null, bits: number, opts: FormatOptions): string {
  const b = big(value);
  if (b === null) return '?';
  const addr = BigInt.asUintN(bits, b);
  const limit = typeof opts.stringLimit === 'number' && Number.isInteger(opts.stringLimit) && opts.stringLimit >= 0 ? Math.min(opts.stringLimit, 1 << 20) : 32;
  if (length !== null) {
    if (length === 0n) return '""';
    if (addr === 0n) return 'NULL';
    const want = length > BigInt(limit) ? limit : Number(length);
    const bytes = read(opts, addr, want);
    if (bytes === null || bytes.length < want) return hex(addr, bits);
    return quote(bytes) + (length > BigInt(limit) ? '...' : '');
  }
  if (addr === 0n) return 'NULL';
  // A C string: up to the limit and one more byte, to see whether it ends there.
  let bytes = read(opts, addr, limit + 1);
  if (bytes === null || (bytes.length < limit + 1 && !bytes.includes(0))) {
    // Perhaps it ends before unreadable memory: read it a byte at a time.
    const got: number[] = [];
    for (let i = 0; i <= limit; i++) {
      const one = read(opts, addr + BigInt(i), 1);
      if (one === null || one.length < 1) break;
      const c = one[0] ?? 0;
      got.push(c);
      if (c === 0) break;
    }
    bytes = Uint8Array.from(got);
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0 && nul <= limit) return quote(bytes.subarray(0, nul));
  if (bytes.length > limit) return `${quote(bytes.subarray(0, limit))}...`;
  return hex(addr, bits);
}

/** Bytes as a C string literal, escaped as strace escapes them. */
function quote(bytes: Uint8Array): string {
  let s = '"';
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i] ?? 0;
    switch (c) {
      case 0x22: s += '\\"'; continue;
      case 0x5c: s += '\\\\'; continue;
      case 0x09: s += '\\t'; continue;
      case 0x0a: s += '\\n'; continue;
      case 0x0b: s += '\\v'; continue;
      case 0x0c: s += '\\f'; continue;
      case 0x0d: s += '\\r'; continue;
    }
    if (c >= 0x20 && c < 0x7f) {
      s += String.fromCharCode(c);
      continue;
    }
    // Octal: three digits when an octal digit follows, else as few as it takes.
    const next = bytes[i + 1] ?? -1;
    s += `\\${next >= 0x30 && next <= 0x37 ? c.toString(8).padStart(3, '0') : c.toString(8)}`;
  }
  return `${s}"`;
}

/** The error number of a failed call, or null when it succeeded (or cannot tell). */
function errnoOf(abi: SyscallAbi, bits: number, result: unknown, opts: FormatOptions): bigint | null {
  const r = big(result);
  if (r === null) return null;
  const error = abi?.error;
  if (error?.kind === 'negative') {
    const max = big(error.max);
    const s = BigInt.asIntN(bits, r);
    return max !== null && s < 0n && s >= -max ? -s : null;
  }
  if (error?.kind === 'flag') {
    const flag = big(opts.errorFlag);
    if (flag === null) return null;
    const bit = error.bit;
    const set = typeof bit === 'number' && Number.isInteger(bit) && bit >= 0 ? ((flag >> BigInt(bit)) & 1n) !== 0n : flag !== 0n;
    return set ? BigInt.asUintN(bits, r) : null;
  }
  return null;
}

const NO_MEMORY: FormatOptions = {};

function resultText(abi: SyscallAbi, bits: number, errno: bigint | null, result: unknown, type: SyscallType): string {
  if (result === undefined) return '';
  if (errno !== null) return ` = -1 ${memberName(abi?.errno, errno) ?? `ERRNO_${errno}`}`;
  if (big(result) === null) return ' = ?';
  const words: SyscallType = type === 'cstr' || (typeof type === 'object' && type?.kind === 'bytes') ? 'ptr' : type;
  return ` = ${argText(words, result, [], [], bits, NO_MEMORY, null)}`;
}
