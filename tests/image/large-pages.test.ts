/**
 * Large pages in hardware page tables: a run of consecutive Page OIDs whose virtual and
 * physical addresses are aligned to a higher level's page size, with the same rights, is one
 * leaf there (a 2-MiB page on x86-64 4-level paging, a megapage on Sv39); a run that is not
 * aligned, or whose rights differ on one page, stays 4-KiB pages. Walked back with
 * `walkPages` over the written image, every sampled address reads the page it was given.
 * The ELF loader, told the scheme's large page sizes, places a program's aligned regions so.
 */
import { closeSync, mkdtempSync, openSync, readSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as riscv64 from '../../generated/ts/riscv64/coyotos.js';
import * as x86_64 from '../../generated/ts/x86_64/coyotos.js';
import * as elfViews from '../../generated/ts/x86_64/elf.js';
import { buildPageTables, ImageBuilder, largePageSizes, loadElf, writeImage, type CoyotosTarget, type HardwareMapping, type PageTableOptions } from '../../runtime/coyotos/index.js';
import { walkPages } from '../../runtime/paging.js';
import { machineOf, schemeOf } from '../paging/machines.js';
import { makeElf } from './elf-fixture.js';

const CASES: readonly { target: 'x86_64' | 'riscv64'; t: CoyotosTarget; scheme: string; largeLevel: number; leafBit: bigint }[] = [
  // Paging4: the PDE (level 2) with PS (bit 7); Sv39: the level-1 PTE, a leaf by R (bit 1).
  { target: 'x86_64', t: x86_64, scheme: 'Paging4', largeLevel: 2, leafBit: 0x80n },
  { target: 'riscv64', t: riscv64, scheme: 'Sv39', largeLevel: 1, leafBit: 0x2n },
];

const PAGE = 4096n;
const RUN = 512n; // 4-KiB pages in 2 MiB
const BASE = 0x40000000n;

describe.each(CASES)('$scheme large pages', ({ target, t, scheme: schemeName, largeLevel, leafBit }) => {
  /** An image with 512 marked pages whose first OID is 2-MiB aligned, mapped as `runs` say; walks. */
  async function build(runs: (first: bigint) => HardwareMapping[], options?: PageTableOptions) {
    const machine = await machineOf(target);
    const scheme = schemeOf(machine, schemeName);
    const b = new ImageBuilder(t);
    let oid = b.allocPage(null);
    while ((oid + 1n) % RUN !== 0n) oid = b.allocPage(null);
    const first = oid + 1n;
    for (let k = 0; k < Number(RUN); k++) {
      b.allocPage((into: Uint8Array) => {
        into[0] = k & 0xff;
        into[1] = k >> 8;
      });
    }
    const hw = buildPageTables(b, machine.tables, scheme, runs(first), options);
    const out = join(mkdtempSync(join(tmpdir(), 'cdl-large-')), 'img');
    writeImage(b, out, t.ImageTarget[target] as number);
    const fd = openSync(out, 'r');
    const memory = (address: number, length: number) => {
      const bytes = new Uint8Array(length);
      return readSync(fd, bytes, 0, length, address) === length ? bytes : null;
    };
    const walk = (va: bigint) => {
      const r = walkPages(machine.tables, scheme, memory, hw.rootAddress, { va, mode: 'user' });
      if (r.kind !== 'translation') throw new Error(`0x${va.toString(16)}: ${r.reason}`);
      return { ...r, mark: memory(Number(r.pa - (r.pa % PAGE)), 2)! };
    };
    return { first, walk, tablePages: hw.pages.length, close: () => closeSync(fd) };
  }
  const run = (first: bigint, va: bigint, rights: (k: bigint) => { write: boolean; execute: boolean }): HardwareMapping[] =>
    Array.from({ length: Number(RUN) }, (_, k) => ({ va: va + BigInt(k) * PAGE, page: first + BigInt(k), ...rights(BigInt(k)) }));
  const rw = () => ({ write: true, execute: false });

  it('an aligned run of one rights is one 2-MiB leaf, every page where it was given', async () => {
    const img = await build((first) => run(first, BASE, rw));
    try {
      for (const k of [0n, 1n, 255n, 511n]) {
        const r = img.walk(BASE + k * PAGE + 5n);
        expect(r.pageSize).toBe(2n * 1024n * 1024n);
        expect(r.level).toBe(largeLevel);
        expect(r.pa).toBe((img.first + k) * PAGE + 5n);
        expect([...r.mark]).toEqual([Number(k & 0xffn), Number(k >> 8n)]);
        expect(r.permissions.user).toEqual({ read: true, write: true, execute: false });
        expect(r.entries.at(-1)!.word & leafBit).toBe(leafBit);
      }
      // The root and the tables down to the large leaf's: no last-level table.
      expect(img.tablePages).toBe(largeLevel + 1);
    } finally {
      img.close();
    }
  });

  it('a run not aligned, one whose rights differ on a page, and largePages: false stay 4-KiB pages', async () => {
    for (const [what, runs, options] of [
      ['virtually unaligned', (first: bigint) => run(first, BASE + PAGE, rw), undefined],
      // Pages first-1..first+510: the first a filler page, so the run starts a page before 2 MiB.
      ['physically unaligned', (first: bigint) => run(first - 1n, BASE, rw), undefined],
      ['rights differ on page 100', (first: bigint) => run(first, BASE, (k) => ({ write: true, execute: k === 100n })), undefined],
      ['largePages: false', (first: bigint) => run(first, BASE, rw), { largePages: false }],
    ] as const) {
      const img = await build(runs, options);
      try {
        const mappings = runs(img.first);
        for (const m of [mappings[0]!, mappings[100]!, mappings.at(-1)!]) {
          const r = img.walk(m.va + 7n);
          expect(r.pageSize, what).toBe(PAGE);
          expect(r.pa, what).toBe(m.page * PAGE + 7n);
          expect(r.permissions.user.execute, what).toBe(m.execute);
        }
      } finally {
        img.close();
      }
    }
  });
});

describe.each(CASES)('the ELF loader places a program for $scheme large pages', ({ target, t, scheme: schemeName }) => {
  // Code over 0x3ff000..0x600000 (file bytes), data at 0x800000 with bss to 0xc00000: the
  // 2-MiB regions 0x400000.. (file pages, placed aligned) and 0xa00000.. (bss, placed aligned)
  // are large pages, and so is 0x800000..: its file page comes right after the aligned run of
  // 0x400000.., at an aligned OID, and its bss pages after it, with the same rights.
  // 0x3ff000 is a 4-KiB page.
  const code = Uint8Array.from({ length: 0x201000 }, (_, i) => (i * 7 + 1) & 0xff);
  const data = Uint8Array.from({ length: 0x100 }, (_, i) => (i * 13 + 5) & 0xff);
  const elf = makeElf({
    wide: true,
    littleEndian: true,
    machine: target === 'x86_64' ? 62 : 243,
    entry: 0x400000n,
    segments: [
      { vaddr: 0x3ff000n, data: code, memsz: BigInt(code.length), flags: 5 },
      { vaddr: 0x800000n, data, memsz: 0x400000n, flags: 6 },
    ],
  });
  const want = (va: bigint): number => (va < 0x600000n ? code[Number(va - 0x3ff000n)]! : va < 0x800100n ? data[Number(va - 0x800000n)]! : 0);
  const isLarge = (va: bigint) => va >= 0x400000n; // of the addresses walked: all but 0x3ff000's page

  for (const large of [true, false]) {
    it(large ? 'aligned regions become 2-MiB pages, every byte where it belongs' : 'without largePages, 4-KiB pages and no page allocated to align', async () => {
      const machine = await machineOf(target);
      const scheme = schemeOf(machine, schemeName);
      const b = new ImageBuilder(t);
      const before = b.pages.length;
      const prog = loadElf(b, elfViews, elf, large ? { largePages: largePageSizes(scheme) } : {});
      // One page per virtual page (0x3ff000..0x600000 and 0x800000..0xc00000), plus padding.
      const spanned = 0x201 + 0x400;
      if (large) expect(b.pages.length - before).toBeGreaterThan(spanned);
      else expect(b.pages.length - before).toBe(spanned);
      const hw = buildPageTables(b, machine.tables, scheme, prog.mappings.map((m) => ({ va: m.va, page: m.page, write: (m.restr & t.CAP_RESTR_RO) === 0, execute: (m.restr & t.CAP_RESTR_NX) === 0 })));
      const out = join(mkdtempSync(join(tmpdir(), 'cdl-large-elf-')), 'img');
      writeImage(b, out, t.ImageTarget[target] as number);
      const fd = openSync(out, 'r');
      try {
        const memory = (address: number, length: number) => {
          const bytes = new Uint8Array(length);
          return readSync(fd, bytes, 0, length, address) === length ? bytes : null;
        };
        for (const [from, to, rights] of [[0x3ff000n, 0x600000n, { read: true, write: false, execute: true }], [0x800000n, 0xc00000n, { read: true, write: true, execute: false }]] as const) {
          for (let va = from; va < to; va += 0x1000n) {
            for (const at of [va, va + 0x123n, va + 0xfffn]) {
              const r = walkPages(machine.tables, scheme, memory, hw.rootAddress, { va: at, mode: 'user' });
              if (r.kind !== 'translation') throw new Error(`0x${at.toString(16)}: ${r.reason}`);
              if (r.pageSize !== (large && isLarge(at) ? 0x200000n : 0x1000n)) throw new Error(`0x${at.toString(16)}: a page of ${r.pageSize} bytes`);
              const got = memory(Number(r.pa), 1)![0];
              if (got !== want(at)) throw new Error(`0x${at.toString(16)} -> 0x${r.pa.toString(16)}: ${got}, not ${want(at)}`);
              expect(r.permissions.user).toEqual(rights);
            }
          }
        }
      } finally {
        closeSync(fd);
      }
    });
  }
});
