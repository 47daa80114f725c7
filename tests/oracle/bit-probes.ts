/**
 * Where a target's gcc puts bit-fields, read from the bytes it initialises. There is no
 * offsetof for a bit-field, so the oracle writes each probe as a union of the struct and its
 * bytes, initialised with one field set (`{ .s = { .type = 63 } }`), compiles the unit to an
 * object file (`-c`: the cross gcc and its assembler, no C library, nothing run), and reads the
 * initialised bytes back from a section of the ELF object. The bytes are the target's, so the
 * bits set in them are where the compiler put the field.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Endian } from '../../generator/ir.js';
import type { Toolchain } from './toolchains.js';

/** One struct type and the initialisers of its probes (designators: `.a = 1`, `.u.m.x = 3`). */
export interface ProbeSet {
  readonly type: string;
  readonly inits: readonly string[];
}

export interface ProbeResult {
  readonly size: number;
  readonly align: number;
  /** Each probe's bytes, `size` of them. */
  readonly entries: readonly Uint8Array[];
}

/** Extra arrays of numbers to read back: `values` are C expressions, stored as uint64_t. */
export interface NumberSet {
  readonly name: string;
  readonly values: readonly string[];
}

/** The flags the generated headers must pass; the probes are held to them too. */
export const PROBE_FLAGS = ['-std=c11', '-Wall', '-Wextra', '-Werror', '-ffreestanding', '-O0', '-c'];

/** The C unit: `prelude`, then per set a probe array and its size and alignment, then numbers. */
export function probeUnit(prelude: string, sets: readonly ProbeSet[], numbers: readonly NumberSet[] = []): string {
  const lines = ['#include <stdint.h>', prelude, ''];
  sets.forEach((set, k) => {
    lines.push(`typedef union { ${set.type} s; unsigned char b[sizeof(${set.type})]; } cdl_probe${k}_t;`);
    lines.push(`__attribute__((section(".cdl.probe${k}"))) const cdl_probe${k}_t cdl_probe${k}[] = {`);
    for (const init of set.inits) lines.push(`  { .s = { ${init} } },`);
    lines.push('};');
    lines.push(`__attribute__((section(".cdl.meta${k}"))) const uint64_t cdl_meta${k}[2] = { sizeof(${set.type}), _Alignof(${set.type}) };`);
  });
  for (const n of numbers) {
    lines.push(`__attribute__((section(".cdl.n.${n.name}"))) const uint64_t cdl_n_${n.name}[] = { ${n.values.map((v) => `(uint64_t)(${v})`).join(', ')} };`);
  }
  return `${lines.join('\n')}\n`;
}

/** Compiles `unit` for the toolchain's target and reads every probe and number back. */
export function runProbes(
  toolchain: Toolchain,
  unit: string,
  sets: readonly ProbeSet[],
  numbers: readonly NumberSet[] = [],
  includeDirs: readonly string[] = [],
): { probes: ProbeResult[]; numbers: Map<string, bigint[]>; endian: Endian } {
  const dir = mkdtempSync(join(tmpdir(), 'cdl-bit-probes-'));
  try {
    writeFileSync(join(dir, 'probe.c'), unit);
    const [cc, ...flags] = toolchain.argv;
    const run = spawnSync(cc, [...flags, ...PROBE_FLAGS, ...includeDirs.map((d) => `-I${d}`), '-o', join(dir, 'probe.o'), join(dir, 'probe.c')], { encoding: 'utf8' });
    if (run.error || run.status !== 0 || run.stderr.trim() !== '') {
      const kept = join(tmpdir(), `cdl-bit-probe-${toolchain.target}.c`);
      writeFileSync(kept, unit);
      throw new Error(`${toolchain.argv.join(' ')} failed on the probes (kept in ${kept}):\n${run.stderr ?? run.error}`);
    }
    const elf = readElf(readFileSync(join(dir, 'probe.o')));
    const u64s = (section: string): bigint[] => {
      const bytes = elf.section(section);
      return Array.from({ length: Math.floor(bytes.length / 8) }, (_, i) => readUint(bytes.subarray(i * 8, i * 8 + 8), elf.endian));
    };
    const probes = sets.map((set, k) => {
      const [size, align] = u64s(`.cdl.meta${k}`).map(Number);
      const bytes = elf.section(`.cdl.probe${k}`);
      // MIPS's assembler pads a section to its alignment: the probes are its first bytes.
      if (bytes.length < size * set.inits.length) throw new Error(`probe ${k}: ${bytes.length} bytes for ${set.inits.length} probes of ${size}`);
      return { size, align, entries: set.inits.map((_, i) => bytes.subarray(i * size, (i + 1) * size)) };
    });
    return { probes, numbers: new Map(numbers.map((n) => [n.name, u64s(`.cdl.n.${n.name}`)])), endian: elf.endian };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** An unsigned integer of these bytes in this byte order. */
export function readUint(bytes: Uint8Array, endian: Endian): bigint {
  let v = 0n;
  const order = endian === 'little' ? [...bytes].reverse() : [...bytes];
  for (const b of order) v = (v << 8n) | BigInt(b);
  return v;
}

/**
 * The bits set in `bytes`, numbered as CDL numbers a layout's bits: LSB-0 within each
 * `wordBits`-bit word of the target's byte order, word k's bit 0 being bit k * wordBits.
 */
export function cdlBitsSet(bytes: Uint8Array, wordBits: number, endian: Endian): number[] {
  const wordBytes = wordBits / 8;
  const out: number[] = [];
  bytes.forEach((byte, at) => {
    const word = Math.floor(at / wordBytes);
    const inWord = at % wordBytes;
    const significance = endian === 'little' ? inWord : wordBytes - 1 - inWord;
    for (let j = 0; j < 8; j++) if (byte & (1 << j)) out.push(word * wordBits + significance * 8 + j);
  });
  return out.sort((a, b) => a - b);
}

/**
 * The bits set in `bytes` in the order a C compiler allocates bit-fields: from bit 0 of byte 0
 * up on a little-endian target, from bit 7 of byte 0 down on a big-endian one.
 */
export function allocationBitsSet(bytes: Uint8Array, endian: Endian): number[] {
  const out: number[] = [];
  bytes.forEach((byte, at) => {
    for (let j = 0; j < 8; j++) if (byte & (1 << j)) out.push(at * 8 + (endian === 'little' ? j : 7 - j));
  });
  return out.sort((a, b) => a - b);
}

/** The sections of an ELF object (32 or 64-bit, either byte order), by name. */
function readElf(file: Buffer): { endian: Endian; section(name: string): Uint8Array } {
  if (file.readUInt32BE(0) !== 0x7f454c46) throw new Error('not an ELF object');
  const is64 = file[4] === 2;
  const endian: Endian = file[5] === 1 ? 'little' : 'big';
  const u16 = (at: number) => (endian === 'little' ? file.readUInt16LE(at) : file.readUInt16BE(at));
  const u32 = (at: number) => (endian === 'little' ? file.readUInt32LE(at) : file.readUInt32BE(at));
  const word = (at: number) => (is64 ? Number(endian === 'little' ? file.readBigUInt64LE(at) : file.readBigUInt64BE(at)) : u32(at));
  const shoff = word(is64 ? 0x28 : 0x20);
  const shentsize = u16(is64 ? 0x3a : 0x2e);
  const shnum = u16(is64 ? 0x3c : 0x30);
  const shstrndx = u16(is64 ? 0x3e : 0x32);
  const header = (i: number) => {
    const at = shoff + i * shentsize;
    return { name: u32(at), offset: word(at + (is64 ? 0x18 : 0x10)), size: word(at + (is64 ? 0x20 : 0x14)) };
  };
  const strings = header(shstrndx);
  const nameAt = (offset: number) => {
    const start = strings.offset + offset;
    return file.subarray(start, file.indexOf(0, start)).toString('latin1');
  };
  const sections = new Map<string, Uint8Array>();
  for (let i = 0; i < shnum; i++) {
    const h = header(i);
    sections.set(nameAt(h.name), file.subarray(h.offset, h.offset + h.size));
  }
  return {
    endian,
    section(name) {
      const s = sections.get(name);
      if (!s) throw new Error(`the object has no section ${name}`);
      return s;
    },
  };
}
