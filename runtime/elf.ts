/**
 * A small ELF reader: the header's identity and the section headers, enough to find `.text`
 * for a disassembler. Both classes and byte orders; every offset is checked against the file's
 * length before it is read, so a truncated or garbage file is an {@link ElfError} that says
 * what is wrong, never a read out of bounds. (No npm ELF parser is needed for this much: the
 * maintained ones read far more, and none checks a hostile file more closely.)
 */
import { elfIdentity, type ElfIdentity } from './machines.js';

/** A file that is not ELF, or whose headers point outside it. */
export class ElfError extends RangeError {
  override readonly name = 'ElfError';
}

export interface ElfSection {
  readonly name: string;
  /** sh_type: 1 PROGBITS, 8 NOBITS (no bytes in the file), ... */
  readonly type: number;
  /** sh_flags: 0x4 SHF_EXECINSTR. */
  readonly flags: bigint;
  /** Its address in memory. */
  readonly address: bigint;
  readonly offset: number;
  readonly size: number;
}

export interface ElfFile {
  readonly identity: ElfIdentity;
  readonly sections: readonly ElfSection[];
}

const SHT_NOBITS = 8;

/**
 * What both readers start from: the identity, and a view to read the header by; an
 * {@link ElfError} for a file that is not ELF or whose header is cut short.
 */
function elfHeader(bytes: Uint8Array): { identity: ElfIdentity; wide: boolean; view: DataView; le: boolean } {
  const identity = elfIdentity(bytes);
  if (!identity) {
    const magic = bytes.length >= 4 && bytes[0] === 0x7f && bytes[1] === 0x45 && bytes[2] === 0x4c && bytes[3] === 0x46;
    throw new ElfError(magic ? 'not a valid ELF file: its header is truncated, or of an unknown class or byte order' : 'not an ELF file (it does not start with \\x7fELF)');
  }
  const wide = identity.class === 64;
  if (bytes.length < (wide ? 64 : 52)) throw new ElfError(`truncated: the ELF header ends at byte ${wide ? 64 : 52}, beyond the file's ${bytes.length}`);
  return { identity, wide, view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), le: identity.littleEndian };
}

/** The identity and sections of an ELF file; throws an {@link ElfError} for anything else. */
export function readElf(bytes: Uint8Array): ElfFile {
  const { identity, wide, view, le } = elfHeader(bytes);
  const need = (end: number, what: string) => {
    if (end > bytes.length) throw new ElfError(`truncated: ${what} ends at byte ${end}, beyond the file's ${bytes.length}`);
  };
  const u16 = (at: number) => view.getUint16(at, le);
  const u32 = (at: number) => view.getUint32(at, le);
  const word = (at: number): bigint => (wide ? view.getBigUint64(at, le) : BigInt(view.getUint32(at, le)));
  const offsetAt = (at: number, what: string): number => {
    const v = word(at);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new ElfError(`${what} ${v} is beyond any file`);
    return Number(v);
  };
  const shoff = offsetAt(wide ? 0x28 : 0x20, 'the section header offset');
  const shentsize = u16(wide ? 0x3a : 0x2e);
  const shnum = u16(wide ? 0x3c : 0x30);
  const shstrndx = u16(wide ? 0x3e : 0x32);
  if (shnum === 0) return { identity, sections: [] };
  const minimum = wide ? 64 : 40;
  if (shentsize < minimum) throw new ElfError(`section headers of ${shentsize} bytes are too small (at least ${minimum})`);
  need(shoff + shnum * shentsize, `the section header table (${shnum} headers at ${shoff})`);
  const raw = [];
  for (let i = 0; i < shnum; i++) {
    const at = shoff + i * shentsize;
    const type = u32(at + 4);
    const offset = offsetAt(at + (wide ? 0x18 : 0x10), `section ${i}'s offset`);
    const size = offsetAt(at + (wide ? 0x20 : 0x14), `section ${i}'s size`);
    if (type !== SHT_NOBITS) need(offset + size, `section ${i} (${size} bytes at ${offset})`);
    raw.push({ nameAt: u32(at), type, flags: word(at + 8), address: word(at + (wide ? 0x10 : 0x0c)), offset, size });
  }
  const strings = raw[shstrndx];
  if (!strings) throw new ElfError(`the section name table is section ${shstrndx}, of ${shnum}`);
  const name = (at: number): string => {
    if (at >= strings.size) throw new ElfError(`a section name at ${at} is outside the name table of ${strings.size} bytes`);
    let end = strings.offset + at;
    while (end < strings.offset + strings.size && bytes[end] !== 0) end++;
    // Section names are ASCII; a byte beyond it shows as its Latin-1 character.
    let text = '';
    for (let i = strings.offset + at; i < end; i++) text += String.fromCharCode(bytes[i]!);
    return text;
  };
  return { identity, sections: raw.map((s) => ({ name: name(s.nameAt), type: s.type, flags: s.flags, address: s.address, offset: s.offset, size: s.size })) };
}

/** A section's bytes (empty for one with no bytes in the file); undefined if there is no section of that name. */
export function sectionBytes(bytes: Uint8Array, elf: ElfFile, name: string): { readonly section: ElfSection; readonly bytes: Uint8Array } | undefined {
  const section = elf.sections.find((s) => s.name === name);
  if (!section) return undefined;
  return { section, bytes: section.type === SHT_NOBITS ? new Uint8Array(0) : bytes.subarray(section.offset, section.offset + section.size) };
}

/** A program header (segment) of an ELF file. */
export interface ElfSegment {
  /** p_type: 1 PT_LOAD, ... */
  readonly type: number;
  /** p_flags: 1 PF_X, 2 PF_W, 4 PF_R. */
  readonly flags: number;
  readonly offset: number;
  readonly vaddr: bigint;
  readonly filesz: number;
  readonly memsz: bigint;
  readonly align: bigint;
}

export interface ElfProgram {
  readonly identity: ElfIdentity;
  /** e_entry. */
  readonly entry: bigint;
  readonly segments: readonly ElfSegment[];
}

export const PT_LOAD = 1;
export const PF_X = 1;
export const PF_W = 2;
export const PF_R = 4;

/**
 * The entry point and program headers of an ELF file, both classes and byte orders; every
 * header and every loadable segment's file bytes are checked to lie inside the file, a
 * segment's `filesz` to be at most its `memsz` and its memory to end below 2^(class bits).
 * Throws an {@link ElfError} for anything else.
 */
export function readElfProgram(bytes: Uint8Array): ElfProgram {
  const { identity, wide, view, le } = elfHeader(bytes);
  const word = (at: number): bigint => (wide ? view.getBigUint64(at, le) : BigInt(view.getUint32(at, le)));
  const small = (at: number, what: string): number => {
    const v = word(at);
    if (v > BigInt(bytes.length)) throw new ElfError(`${what} ${v} is beyond the file's ${bytes.length} bytes`);
    return Number(v);
  };
  const entry = word(0x18);
  const phoff = small(wide ? 0x20 : 0x1c, 'the program header offset');
  const phentsize = view.getUint16(wide ? 0x36 : 0x2a, le);
  const phnum = view.getUint16(wide ? 0x38 : 0x2c, le);
  const minimum = wide ? 56 : 32;
  if (phnum === 0) return { identity, entry, segments: [] };
  if (phentsize < minimum) throw new ElfError(`program headers of ${phentsize} bytes are too small (at least ${minimum})`);
  if (phoff + phnum * phentsize > bytes.length) throw new ElfError(`truncated: the program header table (${phnum} headers at ${phoff}) ends at byte ${phoff + phnum * phentsize}, beyond the file's ${bytes.length}`);
  const limit = 1n << (wide ? 64n : 32n);
  const segments: ElfSegment[] = [];
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * phentsize;
    const type = view.getUint32(at, le);
    const flags = view.getUint32(at + (wide ? 4 : 24), le);
    const offset = word(at + (wide ? 8 : 4));
    const vaddr = word(at + (wide ? 16 : 8));
    const filesz = word(at + (wide ? 32 : 16));
    const memsz = word(at + (wide ? 40 : 20));
    const align = word(at + (wide ? 48 : 28));
    if (type === PT_LOAD) {
      if (offset + filesz > BigInt(bytes.length)) throw new ElfError(`segment ${i}: its ${filesz} file bytes at ${offset} end beyond the file's ${bytes.length}`);
      if (filesz > memsz) throw new ElfError(`segment ${i}: filesz ${filesz} is larger than memsz ${memsz}`);
      if (vaddr + memsz > limit) throw new ElfError(`segment ${i}: its memory (0x${memsz.toString(16)} bytes at 0x${vaddr.toString(16)}) ends beyond the address space`);
    }
    // Only loadable segments' numbers are used; others may hold anything that fits a number.
    const clamp = (v: bigint) => (v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(v));
    segments.push({ type, flags, offset: clamp(offset), vaddr, filesz: clamp(filesz), memsz, align });
  }
  return { identity, entry, segments };
}
