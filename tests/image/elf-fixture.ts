/**
 * Hand-made ELF files for the tests that need no toolchain: a header, program headers and
 * segment bytes, in either class and byte order, laid out as the ELF specification says
 * (written here field by field, independently of runtime/elf.ts).
 */
export interface FixtureSegment {
  readonly vaddr: bigint;
  readonly data: Uint8Array;
  readonly memsz: bigint;
  /** PF_X 1, PF_W 2, PF_R 4. */
  readonly flags: number;
  /** The file offset (default: the next one after the previous segment that agrees with vaddr modulo 4096). */
  readonly offset?: number;
}

export function makeElf(o: { wide: boolean; littleEndian: boolean; machine: number; entry: bigint; segments: readonly FixtureSegment[] }): Uint8Array {
  const ehsize = o.wide ? 64 : 52;
  const phentsize = o.wide ? 56 : 32;
  let offset = ehsize + phentsize * o.segments.length;
  const placed = o.segments.map((s) => {
    if (s.offset !== undefined) return { ...s, offset: s.offset };
    // The file offset agrees with the address modulo 4096.
    const mod = Number(s.vaddr % 4096n);
    offset = offset + ((mod - (offset % 4096) + 4096) % 4096);
    const at = offset;
    offset += s.data.length;
    return { ...s, offset: at };
  });
  const bytes = new Uint8Array(Math.max(offset, ...placed.map((s) => s.offset + s.data.length)));
  const v = new DataView(bytes.buffer);
  const le = o.littleEndian;
  bytes.set([0x7f, 0x45, 0x4c, 0x46, o.wide ? 2 : 1, le ? 1 : 2, 1]);
  const word = (at: number, x: bigint) => (o.wide ? v.setBigUint64(at, x, le) : v.setUint32(at, Number(x), le));
  v.setUint16(16, 2, le); // ET_EXEC
  v.setUint16(18, o.machine, le);
  v.setUint32(20, 1, le);
  word(24, o.entry);
  word(o.wide ? 32 : 28, BigInt(ehsize)); // e_phoff
  v.setUint16(o.wide ? 52 : 40, ehsize, le);
  v.setUint16(o.wide ? 54 : 42, phentsize, le);
  v.setUint16(o.wide ? 56 : 44, placed.length, le);
  placed.forEach((s, i) => {
    const at = ehsize + i * phentsize;
    v.setUint32(at, 1, le); // PT_LOAD
    if (o.wide) {
      v.setUint32(at + 4, s.flags, le);
      v.setBigUint64(at + 8, BigInt(s.offset), le);
      v.setBigUint64(at + 16, s.vaddr, le);
      v.setBigUint64(at + 24, s.vaddr, le);
      v.setBigUint64(at + 32, BigInt(s.data.length), le);
      v.setBigUint64(at + 40, s.memsz, le);
      v.setBigUint64(at + 48, 4096n, le);
    } else {
      v.setUint32(at + 4, s.offset, le);
      v.setUint32(at + 8, Number(s.vaddr), le);
      v.setUint32(at + 12, Number(s.vaddr), le);
      v.setUint32(at + 16, s.data.length, le);
      v.setUint32(at + 20, Number(s.memsz), le);
      v.setUint32(at + 24, s.flags, le);
      v.setUint32(at + 28, 4096, le);
    }
    bytes.set(s.data, s.offset);
  });
  return bytes;
}

/** A small program: code (R X), data with bss (R W) on a page of its own. */
export function sampleElf(wide: boolean, littleEndian: boolean, machine = wide ? 62 : 3): Uint8Array {
  const code = Uint8Array.from({ length: 300 }, (_, i) => (i * 7 + 1) & 0xff);
  const data = Uint8Array.from({ length: 5000 }, (_, i) => (i * 13 + 5) & 0xff);
  return makeElf({
    wide,
    littleEndian,
    machine,
    entry: 0x401010n,
    segments: [
      { vaddr: 0x401000n, data: code, memsz: 300n, flags: 5 },
      { vaddr: 0x403100n, data, memsz: 5000n + 9000n, flags: 6 },
    ],
  });
}
