/**
 * A small ELF reader: the header's identity and the section headers, enough to find `.text`
 * for a disassembler, and the entry point and program headers, for a loader. Both classes and
 * byte orders; every offset is checked against the file's length before it is read, so a
 * truncated or garbage file is an {@link ElfError} that says what is wrong, never a read out of
 * bounds. (No npm ELF parser is needed for this much: the maintained ones read far more, and
 * none checks a hostile file more closely.)
 *
 * The program headers are read through the views CDL generates from dsl/elf (`Elf64EhdrView`,
 * `Elf32PhdrView`... of any target's `elf` module: the headers are byte_order(runtime), the
 * same on every target), passed in by the caller as {@link ElfViews}: the runtime compiles
 * without generated code, as the image builder takes a target's `coyotos` module. The section
 * headers are not described in dsl/elf yet, so `readElf` still reads them by offset.
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
 * {@link ElfError} for a file that is not ELF or whose header (of `size(wide)` bytes) is cut short.
 */
function elfHeader(bytes: Uint8Array, size: (wide: boolean) => number): { identity: ElfIdentity; wide: boolean; view: DataView; le: boolean } {
  const identity = elfIdentity(bytes);
  if (!identity) {
    const magic = bytes.length >= 4 && bytes[0] === 0x7f && bytes[1] === 0x45 && bytes[2] === 0x4c && bytes[3] === 0x46;
    throw new ElfError(magic ? 'not a valid ELF file: its header is truncated, or of an unknown class or byte order' : 'not an ELF file (it does not start with \\x7fELF)');
  }
  const wide = identity.class === 64;
  if (bytes.length < size(wide)) throw new ElfError(`truncated: the ELF header ends at byte ${size(wide)}, beyond the file's ${bytes.length}`);
  return { identity, wide, view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), le: identity.littleEndian };
}

/** The identity and sections of an ELF file; throws an {@link ElfError} for anything else. */
export function readElf(bytes: Uint8Array): ElfFile {
  const { identity, wide, view, le } = elfHeader(bytes, (wide) => (wide ? 64 : 52));
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

/** A generated view class's size and plain reader (`Elf64PhdrView.SIZE`, `Elf64PhdrView.readAt`). */
export interface ElfStructCodec<T> {
  readonly SIZE: number;
  readAt(dataView: DataView, byteOffset: number, littleEndian?: boolean): T;
}

type Ehdr<W> = { readonly e_entry: W; readonly e_phoff: W; readonly e_phentsize: number; readonly e_phnum: number };
type Phdr<W> = { readonly p_type: number; readonly p_flags: number; readonly p_offset: W; readonly p_vaddr: W; readonly p_filesz: W; readonly p_memsz: W; readonly p_align: W };

/**
 * What {@link readElfProgram} reads the headers with: the ELF header and program header views
 * of a generated `elf` module (generated/ts/<target>/elf.ts, from dsl/elf), which has them all.
 */
export interface ElfViews {
  readonly Elf32EhdrView: ElfStructCodec<Ehdr<number>>;
  readonly Elf64EhdrView: ElfStructCodec<Ehdr<bigint>>;
  readonly Elf32PhdrView: ElfStructCodec<Phdr<number>>;
  readonly Elf64PhdrView: ElfStructCodec<Phdr<bigint>>;
}

/**
 * The entry point and program headers of an ELF file, both classes and byte orders, read with
 * the generated views `elf` gives; every header and every loadable segment's file bytes are
 * checked to lie inside the file, a segment's `filesz` to be at most its `memsz` and its memory
 * to end below 2^(class bits). Throws an {@link ElfError} for anything else.
 */
export function readElfProgram(elf: ElfViews, bytes: Uint8Array): ElfProgram {
  const { identity, wide, view, le } = elfHeader(bytes, (wide) => (wide ? elf.Elf64EhdrView : elf.Elf32EhdrView).SIZE);
  // The 32-bit views read words as numbers, the 64-bit ones as bigints: bigints below.
  const ehdr: Ehdr<number | bigint> = (wide ? elf.Elf64EhdrView : elf.Elf32EhdrView).readAt(view, 0, le);
  const Phdr: ElfStructCodec<Phdr<number | bigint>> = wide ? elf.Elf64PhdrView : elf.Elf32PhdrView;
  const entry = BigInt(ehdr.e_entry);
  const phoffWord = BigInt(ehdr.e_phoff);
  if (phoffWord > BigInt(bytes.length)) throw new ElfError(`the program header offset ${phoffWord} is beyond the file's ${bytes.length} bytes`);
  const phoff = Number(phoffWord);
  const { e_phentsize: phentsize, e_phnum: phnum } = ehdr;
  const minimum = Phdr.SIZE;
  if (phnum === 0) return { identity, entry, segments: [] };
  if (phentsize < minimum) throw new ElfError(`program headers of ${phentsize} bytes are too small (at least ${minimum})`);
  if (phoff + phnum * phentsize > bytes.length) throw new ElfError(`truncated: the program header table (${phnum} headers at ${phoff}) ends at byte ${phoff + phnum * phentsize}, beyond the file's ${bytes.length}`);
  const limit = 1n << (wide ? 64n : 32n);
  const segments: ElfSegment[] = [];
  for (let i = 0; i < phnum; i++) {
    // Inside the file: the table was checked to end in it, and each entry is at least SIZE.
    const p = Phdr.readAt(view, phoff + i * phentsize, le);
    const [offset, vaddr, filesz, memsz, align] = [p.p_offset, p.p_vaddr, p.p_filesz, p.p_memsz, p.p_align].map(BigInt) as [bigint, bigint, bigint, bigint, bigint];
    if (p.p_type === PT_LOAD) {
      if (offset + filesz > BigInt(bytes.length)) throw new ElfError(`segment ${i}: its ${filesz} file bytes at ${offset} end beyond the file's ${bytes.length}`);
      if (filesz > memsz) throw new ElfError(`segment ${i}: filesz ${filesz} is larger than memsz ${memsz}`);
      if (vaddr + memsz > limit) throw new ElfError(`segment ${i}: its memory (0x${memsz.toString(16)} bytes at 0x${vaddr.toString(16)}) ends beyond the address space`);
    }
    // Only loadable segments' numbers are used; others may hold anything that fits a number.
    const clamp = (v: bigint) => (v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(v));
    segments.push({ type: p.p_type, flags: p.p_flags, offset: clamp(offset), vaddr, filesz: clamp(filesz), memsz, align });
  }
  return { identity, entry, segments };
}
