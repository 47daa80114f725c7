/**
 * Machines: which target's tables describe a program, and loading just those. `cdl gen`'s
 * `tables` emitter writes `tables/index.json` (a {@link MachineIndex}) beside one tables file
 * per target and configuration; a debugger or emulator picks its machine by target name or
 * from an ELF file's header (e_machine, class and byte order) and loads that one file, as
 * Plan 9's libmach selects a `Mach` by the executable's header. Nothing here reads files: the
 * caller passes a loader, so the same code runs in Node and in a browser.
 */
import type { PagingScheme } from './paging.js';
import { InstructionDecoder, type InstructionDecoderTable, type InstructionFormatTable, type InstructionTable } from './instructions.js';
import type { EnumMembers, RegisterSet, SyscallAbi, SyscallTable, TrapFrame } from './syscalls.js';
import { tableInt, type ValueTables } from './tables.js';

/** How an ELF header names a machine. */
export interface ElfIdentity {
  /** e_machine (EM_X86_64 is 62). */
  readonly machine: number;
  /** ELFCLASS32 or ELFCLASS64, as 32 or 64. */
  readonly class: 32 | 64;
  readonly littleEndian: boolean;
}

export interface MachineEntry {
  readonly target: string;
  /** The configuration, null for the default one. */
  readonly config: string | null;
  /** The tables file, relative to the index. */
  readonly file: string;
  /** What picks it out of an ELF header; null if its target declaration gives no `elf` number. */
  readonly elf: ElfIdentity | null;
}

export interface MachineIndex {
  readonly format: 'cdl-machines 1';
  readonly machines: readonly MachineEntry[];
}

/** A target's register sets, trap frames, syscall ABIs and calls, by qualified name. */
export interface MachineData {
  readonly registers: { readonly [qname: string]: RegisterSet };
  readonly frames: { readonly [qname: string]: TrapFrame };
  readonly abis: { readonly [qname: string]: SyscallAbi };
  /** Per ABI, by its qualified name: the calls of every table on it, by number (for `formatSyscall`). */
  readonly syscalls: { readonly [abi: string]: SyscallTable };
  /** Paging schemes by qualified name, the target's default (the first declared) first (paging.ts walks them). */
  readonly paging: { readonly [qname: string]: PagingScheme };
  /** A target with instruction patterns: their formats, the patterns by name, the decision tree, and the CSR names they print (runtime/instructions.ts). */
  readonly instructionFormats?: { readonly [qname: string]: InstructionFormatTable };
  readonly instructions?: { readonly [name: string]: InstructionTable };
  readonly instructionDecoder?: InstructionDecoderTable;
  readonly csrNames?: { readonly [qname: string]: { readonly [number: string]: string } };
}

/** A loaded machine: its target's facts, value tables and machine data. */
export interface Machine extends Omit<MachineData, 'instructions'> {
  /** The instruction decoder, disassembler and encoder; null if the specs give the target no instructions. */
  readonly instructions: InstructionDecoder | null;
  readonly target: string;
  readonly config: string | null;
  readonly littleEndian: boolean;
  readonly wordBits: number;
  readonly pointerBytes: number;
  readonly tables: ValueTables;
}

/**
 * The identity an ELF file's first bytes give, or null if they are not an ELF header (too
 * short, no magic, an unknown class or byte order). Never throws.
 */
export function elfIdentity(header: Uint8Array): ElfIdentity | null {
  if (!(header instanceof Uint8Array) || header.length < 20) return null;
  if (header[0] !== 0x7f || header[1] !== 0x45 || header[2] !== 0x4c || header[3] !== 0x46) return null;
  const cls = header[4] === 1 ? 32 : header[4] === 2 ? 64 : null;
  const data = header[5] === 1 ? true : header[5] === 2 ? false : null;
  if (cls === null || data === null) return null;
  // e_machine follows e_ident (16 bytes) and e_type (2), in the file's byte order.
  const machine = data ? header[18]! | (header[19]! << 8) : (header[18]! << 8) | header[19]!;
  return { machine, class: cls, littleEndian: data };
}

/**
 * The entry of the machine a target name (and configuration, default none), or an ELF file's
 * header, names; null if the index has none. Several targets may share an ELF identity only if
 * they differ in class or byte order (riscv32 and riscv64 share EM_RISCV).
 */
export function findMachine(index: MachineIndex, by: { readonly target: string; readonly config?: string | null } | { readonly elf: Uint8Array; readonly config?: string | null }): MachineEntry | null {
  const config = by.config ?? null;
  const machines = Array.isArray(index?.machines) ? index.machines : [];
  if ('target' in by) return machines.find((m) => m.target === by.target && m.config === config) ?? null;
  const id = elfIdentity(by.elf);
  if (!id) return null;
  return machines.find((m) => m.config === config && m.elf !== null && m.elf.machine === id.machine && m.elf.class === id.class && m.elf.littleEndian === id.littleEndian) ?? null;
}

/**
 * Loads one machine's tables through `load` (given the entry's file, relative to the index:
 * `(f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'))`, or a `fetch`); no other file
 * is loaded. Throws a `RangeError` if what it loads is not that machine's tables.
 */
export async function loadMachine(entry: MachineEntry, load: (file: string) => unknown | Promise<unknown>): Promise<Machine> {
  const tables = (await load(entry.file)) as ValueTables;
  if (tables?.format !== 'cdl-tables 1' || tables.target !== entry.target || tables.config !== entry.config) {
    throw new RangeError(`${entry.file} does not hold the tables of ${entry.target}${entry.config ? ` (${entry.config})` : ''}`);
  }
  const machine = resolveEnums(tables, tables.machine) as MachineData;
  return {
    target: tables.target,
    config: tables.config,
    littleEndian: tables.littleEndian,
    wordBits: tables.wordBits,
    pointerBytes: tables.pointerBytes,
    tables,
    registers: machine.registers,
    frames: machine.frames,
    abis: machine.abis,
    syscalls: machine.syscalls,
    // Tables written before paging schemes existed have none.
    paging: machine.paging ?? {},
    instructions:
      machine.instructions && machine.instructionFormats && machine.instructionDecoder
        ? new InstructionDecoder({
            littleEndian: tables.littleEndian,
            instructionFormats: machine.instructionFormats,
            instructions: machine.instructions,
            instructionDecoder: machine.instructionDecoder,
            csrNames: machine.csrNames ?? {},
            registers: machine.registers,
          })
        : null,
  };
}

/** `data` with each `{ "$enum": qname }` replaced by that enum's members (`{ EPERM: 1, ... }`), as the TypeScript modules refer to generated enums. */
function resolveEnums(tables: ValueTables, data: unknown): unknown {
  const members = new Map<string, EnumMembers>();
  const resolve = (d: unknown): unknown => {
    if (Array.isArray(d)) return d.map(resolve);
    if (d === null || typeof d !== 'object') return d;
    const o = d as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1 && keys[0] === '$enum' && typeof o['$enum'] === 'string') {
      const q = o['$enum'];
      let m = members.get(q);
      if (!m) {
        const e = tables.types[q];
        if (e?.kind !== 'enum') throw new RangeError(`the tables of ${tables.target} refer to an enum '${q}' they do not hold`);
        // A value beyond 2^53 stays a bigint, as in the generated const object of a wide enum.
        m = Object.fromEntries(e.members.map(([name, v]) => [name, typeof v === 'number' ? v : tableInt(v)]));
        members.set(q, m);
      }
      return m;
    }
    return Object.fromEntries(keys.map((k) => [k, resolve(o[k])]));
  };
  return resolve(data);
}
