/**
 * runtime/elf.ts's program headers in both classes and byte orders, from hand-made files
 * (elf-fixture.ts writes them field by field), and the loader on each: code and data where
 * the segments place them, bss zero, permissions from the flags. The headers are read through
 * the views generated from dsl/elf, which the caller passes in.
 */
import { describe, expect, it } from 'vitest';
import * as x86_64 from '../../generated/ts/x86_64/coyotos.js';
import { ImageBuilder, loadElf, walkSpace } from '../../runtime/coyotos/index.js';
import { ElfError, PT_LOAD, readElfProgram } from '../../runtime/elf.js';
import * as elfViews from '../../generated/ts/x86_64/elf.js';
import * as ppc32Elf from '../../generated/ts/ppc32/elf.js';
import { makeElf, sampleElf } from './elf-fixture.js';

const t = x86_64;

describe.each([
  { wide: true, littleEndian: true },
  { wide: true, littleEndian: false },
  { wide: false, littleEndian: true },
  { wide: false, littleEndian: false },
])('ELF class $wide 64-bit, little-endian $littleEndian', ({ wide, littleEndian }) => {
  const bytes = sampleElf(wide, littleEndian);

  it('reads the entry point and the loadable segments', () => {
    const p = readElfProgram(elfViews, bytes);
    expect(p.identity).toMatchObject({ class: wide ? 64 : 32, littleEndian });
    expect(p.entry).toBe(0x401010n);
    expect(p.segments.map((s) => [s.type, s.flags, s.vaddr, s.filesz, s.memsz])).toEqual([
      [PT_LOAD, 5, 0x401000n, 300, 300n],
      [PT_LOAD, 6, 0x403100n, 5000, 14000n],
    ]);
  });

  it('loads every byte where it belongs', () => {
    const b = new ImageBuilder(t);
    const prog = loadElf(b, elfViews, bytes);
    const p = readElfProgram(elfViews, bytes);
    const pageBytes = (oid: bigint): Uint8Array => {
      const content = b.pages[Number(oid)];
      const page = new Uint8Array(4096);
      if (typeof content === 'function') content(page, Number(oid));
      else if (content) page.set(content);
      return page;
    };
    for (const s of p.segments) {
      for (let va = s.vaddr; va < s.vaddr + s.memsz; va += 7n) {
        const tr = walkSpace(t, (o) => b.gpt(o), prog.space, va);
        if ('fault' in tr) throw new Error(tr.fault);
        const at = Number(va - s.vaddr);
        expect(pageBytes(tr.page)[tr.offset], `0x${va.toString(16)}`).toBe(at < s.filesz ? bytes[s.offset + at] : 0);
        expect(tr.restr).toBe(s.flags & 2 ? t.CAP_RESTR_NX : t.CAP_RESTR_RO);
      }
    }
  });
});

describe('segments sharing a file page', () => {
  it("one segment's .bss reads zero where the shared page holds another's file bytes", () => {
    const a = Uint8Array.from({ length: 0x100 }, () => 0xaa);
    const c = Uint8Array.from({ length: 0x100 }, () => 0xcc);
    // Both in file page 0x1000: A's bss (0x10100..0x10800) lies over C's bytes at 0x1200.
    const bytes = makeElf({
      wide: true,
      littleEndian: true,
      machine: 62,
      entry: 0x10000n,
      segments: [
        { vaddr: 0x10000n, data: a, memsz: 0x800n, flags: 6, offset: 0x1000 },
        { vaddr: 0x20200n, data: c, memsz: 0x100n, flags: 4, offset: 0x1200 },
      ],
    });
    const b = new ImageBuilder(t);
    const prog = loadElf(b, elfViews, bytes);
    const byteAt = (va: bigint): number => {
      const tr = walkSpace(t, (o) => b.gpt(o), prog.space, va);
      if ('fault' in tr) throw new Error(tr.fault);
      const page = new Uint8Array(4096);
      const content = b.pages[Number(tr.page)];
      if (typeof content === 'function') content(page, Number(tr.page));
      return page[tr.offset]!;
    };
    expect(byteAt(0x10000n)).toBe(0xaa);
    expect(byteAt(0x100ffn)).toBe(0xaa);
    expect(byteAt(0x10200n)).toBe(0); // bss, though file byte 0x1200 is C's
    expect(byteAt(0x107ffn)).toBe(0);
    expect(byteAt(0x20200n)).toBe(0xcc);
    expect(byteAt(0x202ffn)).toBe(0xcc);
  });
});

describe('ELF files the loader refuses', () => {
  it('filesz above memsz, memory past the address space, no loadable segment', () => {
    const data = new Uint8Array(10);
    expect(() => readElfProgram(elfViews, makeElf({ wide: true, littleEndian: true, machine: 62, entry: 0n, segments: [{ vaddr: 0x1000n, data, memsz: 4n, flags: 4 }] }))).toThrow(/filesz 10 is larger than memsz 4/);
    expect(() => readElfProgram(elfViews, makeElf({ wide: false, littleEndian: true, machine: 3, entry: 0n, segments: [{ vaddr: 0xfffff000n, data, memsz: 0x2000n, flags: 4 }] }))).toThrow(ElfError);
    expect(() => loadElf(new ImageBuilder(t), elfViews, makeElf({ wide: true, littleEndian: true, machine: 62, entry: 0n, segments: [] }))).toThrow(/no loadable segment/);
  });
});

describe('the headers are read through the generated views passed in', () => {
  it('each header by its class\'s view, in the file\'s byte order, whatever target the module is for', () => {
    for (const [wide, littleEndian] of [[true, false], [false, true]] as const) {
      const bytes = sampleElf(wide, littleEndian);
      const calls: string[] = [];
      const spy = <T>(name: string, view: { SIZE: number; readAt(d: DataView, o: number, le?: boolean): T }) => ({
        SIZE: view.SIZE,
        readAt: (d: DataView, o: number, le?: boolean) => {
          calls.push(`${name}@${o}:${le ? 'le' : 'be'}`);
          return view.readAt(d, o, le);
        },
      });
      // A big-endian target's module reads a little-endian file as well: the order is the file's.
      const views = {
        Elf32EhdrView: spy('Elf32Ehdr', ppc32Elf.Elf32EhdrView),
        Elf64EhdrView: spy('Elf64Ehdr', ppc32Elf.Elf64EhdrView),
        Elf32PhdrView: spy('Elf32Phdr', ppc32Elf.Elf32PhdrView),
        Elf64PhdrView: spy('Elf64Phdr', ppc32Elf.Elf64PhdrView),
      };
      const order = littleEndian ? 'le' : 'be';
      const [ehdr, phdr, phoff] = wide ? ['Elf64Ehdr', 'Elf64Phdr', 64] : ['Elf32Ehdr', 'Elf32Phdr', 52];
      expect(readElfProgram(views, bytes)).toEqual(readElfProgram(elfViews, bytes));
      expect(calls).toEqual([`${ehdr}@0:${order}`, `${phdr}@${phoff}:${order}`, `${phdr}@${phoff + (wide ? 56 : 32)}:${order}`]);
    }
  });

  it('a program header smaller than the view\'s size is refused before it is read', () => {
    const bytes = sampleElf(true, true);
    const bad = bytes.slice();
    new DataView(bad.buffer).setUint16(0x36, elfViews.Elf64PhdrView.SIZE - 1, true); // e_phentsize
    expect(() => readElfProgram(elfViews, bad)).toThrow(new ElfError('program headers of 55 bytes are too small (at least 56)'));
  });
});
