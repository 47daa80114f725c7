/**
 * Programs compiled by gcc for x86_64, i386 and riscv64 (static, -nostdlib, with data and bss)
 * built into images: reading each image back and walking its GPT tree gives, for every
 * virtual address of every loadable segment, exactly the program's bytes (bss zero) with the
 * right permissions, as `readelf -l` and `objcopy -O binary` say; the process is created the
 * Coyotos way. Skipped with a printed reason without the compilers (failed under
 * CDL_REQUIRE_TOOLCHAINS=1).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as i386 from '../../generated/ts/i386/coyotos.js';
import * as riscv64 from '../../generated/ts/riscv64/coyotos.js';
import * as x86_64 from '../../generated/ts/x86_64/coyotos.js';
import { ImageBuilder, ImageReader, loadElf, walkSpace, writeImage, type CoyotosTarget } from '../../runtime/coyotos/index.js';
import { skipFor } from '../toolchains/tools.js';
import { compile, COMPILERS, objcopyImage, readelfSegments } from './programs.js';
import * as elfViews from '../../generated/ts/x86_64/elf.js';

const MODULES: Readonly<Record<string, CoyotosTarget>> = { x86_64, i386, riscv64 };

describe.each(COMPILERS)('a gcc program for $target in an image', (c) => {
  it('maps every byte of every segment, with its permissions', (ctx) => {
    const built = compile(c);
    if ('missing' in built) return skipFor(ctx, built.missing);
    const t = MODULES[c.target]!;
    const elf = readFileSync(built.path);
    const { entry, loads } = readelfSegments(built.path);
    expect(loads.length).toBeGreaterThan(1);
    const { base, bytes: bin } = objcopyImage(c, built.path);

    const b = new ImageBuilder(t);
    const prog = loadElf(b, elfViews, elf);
    const proc = b.allocStartupProcess(prog.entry, prog.space);
    const out = join(mkdtempSync(join(tmpdir(), 'cdl-image-')), `${c.target}.img`);
    writeImage(b, out, t.ImageTarget[c.target as keyof typeof t.ImageTarget] as number);

    const r = ImageReader.open(t, out);
    try {
      const p = r.process(proc);
      expect(p.faultCode).toBe(t.FaultCode.Startup);
      expect(p.runState).toBe(t.RunState.Running);
      expect(p.faultInfo).toBe(entry);
      expect(p.addrSpace.hdr.type).not.toBe(t.CapType.Null);
      const page = BigInt(t.PAGE_SIZE);
      const pages = new Map<bigint, Uint8Array>();
      const gpts = new Map<bigint, ReturnType<ImageReader['gpt']>>();
      const gpt = (oid: bigint) => gpts.get(oid) ?? (gpts.set(oid, r.gpt(oid)), gpts.get(oid)!);
      let checked = 0;
      for (const s of loads) {
        for (let va = s.vaddr; va < s.vaddr + s.memsz; va++) {
          const tr = walkSpace(t, gpt, p.addrSpace, va);
          if ('fault' in tr) throw new Error(`0x${va.toString(16)}: ${tr.fault}`);
          const data = pages.get(tr.page) ?? (pages.set(tr.page, r.page(tr.page)), pages.get(tr.page)!);
          const at = va - s.vaddr;
          // The section bytes objcopy extracted; the segment's other file bytes (the ELF
          // headers) from the file at readelf's offset; zero beyond filesz (.bss).
          const inBin = va >= base && va - base < BigInt(bin.length);
          const want = at >= BigInt(s.filesz) ? 0 : inBin ? bin[Number(va - base)]! : elf[s.offset + Number(at)]!;
          if (data[tr.offset] !== want) throw new Error(`0x${va.toString(16)}: ${data[tr.offset]} in the image, ${want} in the program`);
          // Permissions: the union over the segments whose memory overlaps this page.
          if ((va & (page - 1n)) === 0n || va === s.vaddr) {
            const vp = va - (va % page);
            const flags = loads.filter((o) => o.vaddr < vp + page && o.vaddr + o.memsz > vp).map((o) => o.flags).join('');
            expect(tr.restr & t.CAP_RESTR_RO, `RO at 0x${va.toString(16)}`).toBe(flags.includes('W') ? 0 : t.CAP_RESTR_RO);
            expect(tr.restr & t.CAP_RESTR_NX, `NX at 0x${va.toString(16)}`).toBe(flags.includes('E') ? 0 : t.CAP_RESTR_NX);
          }
          checked++;
        }
      }
      // The program's bss is 3 pages and more: the walk covered it.
      expect(checked).toBeGreaterThan(3 * 4096);
      // Unmapped addresses fault.
      expect('fault' in walkSpace(t, gpt, p.addrSpace, 0n)).toBe(true);
      expect('fault' in walkSpace(t, gpt, p.addrSpace, loads.at(-1)!.vaddr + loads.at(-1)!.memsz + page * 16n)).toBe(true);
    } finally {
      r.close();
    }
  });
});
