/**
 * Hardware page tables in an image, built from the decode tables' paging schemes (x86-64
 * 4-level paging, RISC-V Sv39) for gcc programs: walking them with `walkPages` over the image
 * file itself (a page's physical address is its offset in the file) gives, for every address
 * of every loadable segment, the program's byte (bss zero) and the segment's rights as
 * `readelf -l` prints them. Skipped with a printed reason without the compilers.
 */
import { closeSync, mkdtempSync, openSync, readFileSync, readSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as riscv64 from '../../generated/ts/riscv64/coyotos.js';
import * as x86_64 from '../../generated/ts/x86_64/coyotos.js';
import { buildPageTables, ImageBuilder, loadElf, writeImage, type CoyotosTarget } from '../../runtime/coyotos/index.js';
import { walkPages } from '../../runtime/paging.js';
import { machineOf, schemeOf } from '../paging/machines.js';
import { skipFor } from '../toolchains/tools.js';
import { compile, COMPILERS, objcopyImage, readelfSegments } from './programs.js';
import * as elfViews from '../../generated/ts/x86_64/elf.js';

const CASES: readonly { target: string; t: CoyotosTarget; scheme: string }[] = [
  { target: 'x86_64', t: x86_64, scheme: 'Paging4' },
  { target: 'riscv64', t: riscv64, scheme: 'Sv39' },
];

describe.each(CASES)('$scheme page tables for a gcc program on $target', ({ target, t, scheme: schemeName }) => {
  it('map every byte of every segment with its rights', async (ctx) => {
    const c = COMPILERS.find((x) => x.target === target)!;
    const built = compile(c);
    if ('missing' in built) return skipFor(ctx, built.missing);
    const machine = await machineOf(target);
    const scheme = schemeOf(machine, schemeName);
    const elf = readFileSync(built.path);
    const { loads } = readelfSegments(built.path);
    const { base, bytes: bin } = objcopyImage(c, built.path);

    const b = new ImageBuilder(t);
    const prog = loadElf(b, elfViews, elf);
    const hw = buildPageTables(
      b,
      machine.tables,
      scheme,
      prog.mappings.map((m) => ({ va: m.va, page: m.page, write: (m.restr & t.CAP_RESTR_RO) === 0, execute: (m.restr & t.CAP_RESTR_NX) === 0 })),
    );
    const out = join(mkdtempSync(join(tmpdir(), 'cdl-hw-')), 'img');
    writeImage(b, out, t.ImageTarget[target as 'x86_64'] as number);

    // The image is the physical memory: read where the walk goes.
    const fd = openSync(out, 'r');
    try {
      const memory = (address: number, length: number) => {
        const bytes = new Uint8Array(length);
        return readSync(fd, bytes, 0, length, address) === length ? bytes : null;
      };
      let checked = 0;
      for (const s of loads) {
        for (let va = s.vaddr; va < s.vaddr + s.memsz; va++) {
          const r = walkPages(machine.tables, scheme, memory, hw.rootAddress, { va, mode: 'user' });
          if (r.kind !== 'translation') throw new Error(`0x${va.toString(16)}: ${r.reason}`);
          const at = va - s.vaddr;
          const inBin = va >= base && va - base < BigInt(bin.length);
          const want = at >= BigInt(s.filesz) ? 0 : inBin ? bin[Number(va - base)]! : elf[s.offset + Number(at)]!;
          const got = memory(Number(r.pa), 1)![0];
          if (got !== want) throw new Error(`0x${va.toString(16)} -> 0x${r.pa.toString(16)}: ${got} in the image, ${want} in the program`);
          if (va === s.vaddr || va % 4096n === 0n) {
            const page = va - (va % 4096n);
            const flags = loads.filter((o) => o.vaddr < page + 4096n && o.vaddr + o.memsz > page).map((o) => o.flags).join('');
            expect(r.permissions.user, `0x${va.toString(16)}`).toEqual({ read: true, write: flags.includes('W'), execute: flags.includes('E') });
          }
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(3 * 4096);
      expect(walkPages(machine.tables, scheme, memory, hw.rootAddress, { va: 0x1000n }).kind).toBe('fault');
    } finally {
      closeSync(fd);
    }
  });
});
