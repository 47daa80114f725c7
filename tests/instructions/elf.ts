/**
 * A minimal ELF file made byte by byte for the tests: a header, a `.text` of the given bytes at
 * the given address, a `.bss` with no bytes, and the section name table. Either class and byte
 * order, any e_machine.
 */
export function makeElf(text: Uint8Array, options: { address?: bigint; machine?: number; wide?: boolean; littleEndian?: boolean } = {}): Uint8Array {
  const { address = 0x10000n, machine = 243, wide = true, littleEndian = true } = options;
  const names = new TextEncoder().encode('\0.text\0.bss\0.shstrtab\0');
  const header = wide ? 64 : 52;
  const entry = wide ? 64 : 40;
  const textAt = header;
  const namesAt = textAt + text.length;
  const shoff = namesAt + names.length;
  const out = new Uint8Array(shoff + 4 * entry);
  const v = new DataView(out.buffer);
  out.set([0x7f, 0x45, 0x4c, 0x46, wide ? 2 : 1, littleEndian ? 1 : 2, 1], 0);
  const le = littleEndian;
  const word = (at: number, x: bigint | number) => (wide ? v.setBigUint64(at, BigInt(x), le) : v.setUint32(at, Number(x), le));
  v.setUint16(16, 3, le); // ET_DYN
  v.setUint16(18, machine, le);
  v.setUint32(20, 1, le);
  word(wide ? 0x28 : 0x20, shoff);
  v.setUint16(wide ? 0x34 : 0x28, header, le);
  v.setUint16(wide ? 0x3a : 0x2e, entry, le);
  v.setUint16(wide ? 0x3c : 0x30, 4, le);
  v.setUint16(wide ? 0x3e : 0x32, 3, le);
  out.set(text, textAt);
  out.set(names, namesAt);
  const section = (i: number, name: number, type: number, flags: number, addr: bigint, offset: number, size: number) => {
    const at = shoff + i * entry;
    v.setUint32(at, name, le);
    v.setUint32(at + 4, type, le);
    word(at + 8, flags);
    word(at + (wide ? 0x10 : 0x0c), addr);
    word(at + (wide ? 0x18 : 0x10), offset);
    word(at + (wide ? 0x20 : 0x14), size);
  };
  section(1, 1, 1, 6, address, textAt, text.length);
  section(2, 7, 8, 3, address + 0x1000n, 0, 0x100000);
  section(3, 12, 3, 0, 0n, namesAt, names.length);
  return out;
}
