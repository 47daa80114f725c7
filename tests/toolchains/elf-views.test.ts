/**
 * dsl/elf's views of byte_order(runtime) on real files: a tiny program linked by each target's
 * gcc (both byte orders, both classes) is read with the generated TypeScript of one
 * little-endian and one big-endian target, given the order its e_ident[EI_DATA] says; the
 * header and every program header must be what binutils' readelf prints, and the decode
 * tables given the same order must read the same values.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readValue, type ValueTables } from '../../runtime/tables.js';
import { candidateNames, findToolchain } from '../oracle/toolchains.js';
import { targetModule } from '../ts/generated.js';
import { ROOT } from '../ts/oracle.js';
import { mustRun, skipFor } from './tools.js';

const TARGETS = ['x86_64', 'i386', 'aarch64', 'ppc32', 's390x', 'mips32'];
/** The modules that read the files: the reader's own order must not matter. */
const READERS = ['x86_64', 's390x'];
const OUT = fs.mkdtempSync(path.join(os.tmpdir(), 'cdl-elf-views-'));

afterAll(() => fs.rmSync(OUT, { recursive: true, force: true }));

interface Segment {
  readonly type: string;
  readonly offset: bigint;
  readonly vaddr: bigint;
  readonly paddr: bigint;
  readonly filesz: bigint;
  readonly memsz: bigint;
  readonly flags: number;
  readonly align: bigint;
}

/** What `readelf -h -l -W` says of a file. */
function readelf(file: string): { entry: bigint; phoff: bigint; phnum: number; shnum: number; shstrndx: number; type: string; segments: Segment[] } {
  const run = spawnSync('readelf', ['-h', '-l', '-W', file], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`readelf: ${run.stderr}`);
  const field = (name: string): string => new RegExp(`^\\s*${name}:\\s*(.*)$`, 'm').exec(run.stdout)![1].trim();
  const segments: Segment[] = [];
  const flag = (f: string) => (f.includes('R') ? 4 : 0) | (f.includes('W') ? 2 : 0) | (f.includes('E') ? 1 : 0);
  for (const m of run.stdout.matchAll(/^\s+([A-Z_]+)\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)\s+([RWE ]+?)\s+(0x[0-9a-f]+)$/gm)) {
    segments.push({ type: m[1], offset: BigInt(m[2]), vaddr: BigInt(m[3]), paddr: BigInt(m[4]), filesz: BigInt(m[5]), memsz: BigInt(m[6]), flags: flag(m[7]), align: BigInt(m[8]) });
  }
  return {
    entry: BigInt(field('Entry point address')),
    phoff: BigInt(field('Start of program headers').split(' ')[0]),
    phnum: Number(field('Number of program headers')),
    shnum: Number(field('Number of section headers')),
    shstrndx: Number(field('Section header string table index')),
    type: field('Type').split(' ')[0],
    segments,
  };
}

/** `GnuStack` to readelf's `GNU_STACK`. */
function macroCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

const big = (v: unknown): bigint => BigInt(v as number | bigint);

describe('dsl/elf reads ELF files of either order and class', () => {
  it.for(TARGETS)('reads a program linked for %s as readelf does', async (target, ctx) => {
    const cc = findToolchain(target);
    if (!cc) return skipFor(ctx, `no C compiler for ${target} (tried ${candidateNames(target)})`);
    const src = path.join(OUT, `${target}.c`);
    const bin = path.join(OUT, target);
    fs.writeFileSync(src, 'void _start(void);\nvoid _start(void)\n{\n  for (;;) {\n  }\n}\n');
    mustRun([...cc.argv, '-ffreestanding', '-nostdlib', '-static', '-O1', src, '-o', bin], { what: `linking for ${target}` });
    const want = readelf(bin);
    const bytes = new Uint8Array(fs.readFileSync(bin));
    const common = await import(/* @vite-ignore */ path.join(ROOT, 'generated/ts/elf.ts'));
    expect([bytes[common.EI_MAG0], bytes[common.EI_MAG1], bytes[common.EI_MAG2], bytes[common.EI_MAG3]]).toEqual([common.ELFMAG0, common.ELFMAG1, common.ELFMAG2, common.ELFMAG3]);
    const order = { littleEndian: bytes[common.EI_DATA] === common.ElfData.Lsb };
    const is64 = bytes[common.EI_CLASS] === common.ElfClass.Elf64;
    for (const reader of READERS) {
      const m = await targetModule(reader, 'elf');
      const Ehdr = is64 ? m.Elf64EhdrView : m.Elf32EhdrView;
      const Phdr = is64 ? m.Elf64PhdrView : m.Elf32PhdrView;
      const h = new Ehdr(bytes, 0, order);
      expect(common.ElfType[h.e_type].toUpperCase(), `${reader}: e_type`).toBe(want.type);
      // readelf prints a name: the number is the target's own (its `elf N`, generator/targets/builtin.ts).
      const linked = JSON.parse(fs.readFileSync(path.join(ROOT, 'generated/tables', `${target}.json`), 'utf8')) as ValueTables;
      expect(h.e_machine, `${reader}: e_machine`).toBe(linked.elfMachine);
      expect(big(h.e_entry), `${reader}: e_entry`).toBe(want.entry);
      expect(big(h.e_phoff), `${reader}: e_phoff`).toBe(want.phoff);
      expect([h.e_phnum, h.e_shnum, h.e_shstrndx, h.e_ehsize, h.e_phentsize], reader).toEqual([want.phnum, want.shnum, want.shstrndx, Ehdr.SIZE, Phdr.SIZE]);
      expect(h.e_version).toBe(common.EV_CURRENT);
      const segments: Segment[] = [];
      for (let i = 0; i < h.e_phnum; i++) {
        const p = new Phdr(bytes, Number(h.e_phoff) + i * h.e_phentsize, order).read();
        const name = common.SegmentType[p.p_type] as string | undefined;
        segments.push({
          type: name === undefined ? 'OTHER' : macroCase(name),
          offset: big(p.p_offset),
          vaddr: big(p.p_vaddr),
          paddr: big(p.p_paddr),
          filesz: big(p.p_filesz),
          memsz: big(p.p_memsz),
          flags: p.p_flags & (common.PF_R | common.PF_W | common.PF_X),
          align: big(p.p_align),
        });
      }
      // A processor's own types (MIPS ABIFLAGS, 0x70000003) are not SegmentType's members.
      const known = new Set(Object.keys(common.SegmentType).filter((k) => Number.isNaN(Number(k))).map(macroCase));
      expect(segments, `${reader}: program headers`).toEqual(want.segments.map((x) => (known.has(x.type) ? x : { ...x, type: 'OTHER' })));
      // The decode tables, given the same order, read what the view does.
      const tables = JSON.parse(fs.readFileSync(path.join(ROOT, 'generated/tables', `${reader}.json`), 'utf8')) as ValueTables;
      const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const viaTables = readValue(tables, is64 ? 'elf.Elf64Ehdr' : 'elf.Elf32Ehdr', dv, 0, undefined, order) as Record<string, unknown>;
      expect(viaTables, `${reader}: the tables`).toEqual(h.read());
    }
  });
});
