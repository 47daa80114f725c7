/**
 * GPT address spaces: pages placed at sparse addresses (neighbours, far apart, at the top of
 * the 64-bit space, so that guards overflow `match` and are wrapped) are each reached at
 * exactly their address with their restrictions, unmapped addresses fault, and every
 * capability of the tree passes the image checks; the image written and read back walks the same.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as x86_64 from '../../generated/ts/x86_64/coyotos.js';
import { buildSpace, ImageBuilder, ImageReader, walkSpace, writeImage, type Mapping } from '../../runtime/coyotos/index.js';
import { mulberry32 } from '../helpers/random.js';

const t = x86_64;

function randomMappings(seed: number, n: number): bigint[] {
  const rnd = mulberry32(seed);
  const vas = new Set<bigint>();
  const big = () => BigInt(Math.floor(rnd() * 2 ** 26)) * BigInt(2 ** 26) + BigInt(Math.floor(rnd() * 2 ** 26));
  while (vas.size < n) {
    const kind = rnd();
    // Clusters, far-away single pages and pages near 2^64.
    const page = kind < 0.5 ? BigInt(Math.floor(rnd() * 64)) + 0x400n : kind < 0.8 ? big() : (1n << 52n) - 1n - BigInt(Math.floor(rnd() * 8));
    vas.add((page << 12n) & ((1n << 64n) - 1n));
  }
  return [...vas];
}

describe('address spaces', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`seed ${seed}: every page at its address, nothing else`, () => {
      const b = new ImageBuilder(t);
      const vas = randomMappings(seed, 40);
      const mappings: Mapping[] = vas.map((va, i) => ({ va, page: b.allocPage(new Uint8Array([i, i >> 8])), restr: i % 3 === 0 ? t.CAP_RESTR_RO : i % 3 === 1 ? t.CAP_RESTR_NX : 0 }));
      const root = buildSpace(b, mappings);
      b.check(); // every capability of the tree is valid
      const gpt = (oid: bigint) => b.gpt(oid);
      for (const m of mappings) {
        for (const off of [0n, 1n, 4095n]) {
          const tr = walkSpace(t, gpt, root, m.va + off);
          expect(tr).toMatchObject({ page: m.page, offset: Number(off), restr: m.restr });
        }
        const next = m.va + 4096n;
        if (!vas.includes(next) && next < 1n << 64n) expect(walkSpace(t, gpt, root, next)).toHaveProperty('fault');
      }
      const dir = mkdtempSync(join(tmpdir(), 'cdl-space-'));
      writeImage(b, join(dir, 'img'), t.ImageTarget.x86_64);
      const r = ImageReader.open(t, join(dir, 'img'));
      for (const m of mappings) expect(walkSpace(t, (oid) => r.gpt(oid), root, m.va + 7n)).toMatchObject({ page: m.page, offset: 7 });
      r.close();
    });
  }

  it('a GPT sits where addresses differ, and guards skip the levels a sparse space does not need', () => {
    const b = new ImageBuilder(t);
    const a = b.allocPage();
    const c = b.allocPage();
    const root = buildSpace(b, [
      { va: 0x400000n, page: a, restr: 0 },
      { va: 0x401000n, page: c, restr: 0 },
    ]);
    // One GPT of l2v 12 indexing bit 12..15; its capability guards 0x400000 >> 16.
    expect(b.gpts.length).toBe(1);
    expect(b.gpts[0]!.hdr.l2v).toBe(12);
    expect(root.info).toEqual({ mem: { l2g: 16, match: 0x40 } });
  });

  it('wraps a guard wider than match in GPTs of l2v = l2g + 24', () => {
    const b = new ImageBuilder(t);
    const p = b.allocPage();
    const va = 0xffff_ffff_ffff_f000n;
    const root = buildSpace(b, [{ va, page: p, restr: t.CAP_RESTR_NX }]);
    // The page's guard (va >> 12, 52 bits) does not fit 24 bits: one GPT of l2v 12 + 24 holds
    // its low 24 bits, the capability to it the top 24.
    expect(b.gpts.map((g) => g.hdr.l2v)).toEqual([36]);
    expect(root.info).toEqual({ mem: { l2g: 40, match: 0xffffff } });
    expect(root.hdr.type).toBe(t.CapType.GPT);
    b.check();
    expect(walkSpace(t, (o) => b.gpt(o), root, va + 5n)).toMatchObject({ page: p, offset: 5, restr: t.CAP_RESTR_NX });
    expect(walkSpace(t, (o) => b.gpt(o), root, va - 4096n)).toHaveProperty('fault');
  });

  it('refuses two pages at one address, and an unaligned one', () => {
    const b = new ImageBuilder(t);
    const p = b.allocPage();
    expect(() => buildSpace(b, [{ va: 0x1000n, page: p, restr: 0 }, { va: 0x1000n, page: p, restr: 0 }])).toThrow(/two pages at 0x1000/);
    expect(() => buildSpace(b, [{ va: 0x1001n, page: p, restr: 0 }])).toThrow(/not page-aligned/);
  });
});
