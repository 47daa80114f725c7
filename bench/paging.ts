/**
 * Case 4: page walks. 100k virtual addresses translated through x86-64 4-level page tables in
 * a memory image, by the table-driven walker (runtime/paging.ts, the scheme x86.Paging4 of the
 * decode tables) and by a walker written by hand for x86-64 as a kernel tool would write it.
 * Both give, per address, the physical address, the page size, the rights in user and in
 * supervisor mode and the entries visited, or the page-fault error code; the checksum folds
 * them all in, so neither can skip work.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pagingScheme, walkPages, type PagingScheme } from '../runtime/paging.js';
import type { ValueTables } from '../runtime/tables.js';
import { repoRoot } from './generator.js';
import { type Case, scaled } from './harness.js';
import { rng } from './pte.js';

export const N_WALKS = scaled(100_000);

const P = 1, RW = 2, US = 4, PS = 0x80;

interface WalkFixture {
  readonly bytes: Uint8Array;
  readonly vas: readonly bigint[];
  readonly root: number;
}

/**
 * 512 page tables of 4 KiB pages, some 2 MiB and 1 GiB pages, under one PML4, with rights
 * varying by table; the addresses fall mostly on mapped pages, some on holes and some are
 * non-canonical, as a debugger's lookups do.
 */
function walkFixture(): WalkFixture {
  const next = rng(0xfa17);
  const pages = 8 + 512 + 16;
  const bytes = new Uint8Array(pages * 4096);
  const view = new DataView(bytes.buffer);
  const put = (at: number, lo: number, hi = 0) => {
    view.setUint32(at, lo >>> 0, true);
    view.setUint32(at + 4, hi >>> 0, true);
  };
  const root = 0x1000;
  // PML4 entries 0..3 -> PDPTs at pages 2..5; each PDPT's entries 0..3 -> PDs at pages 6..
  let page = 2;
  let pt = 24;
  const vas: bigint[] = [];
  for (let i4 = 0; i4 < 4; i4++) {
    const pdpt = page++;
    put(root + i4 * 8, (pdpt << 12) | P | RW | US);
    for (let i3 = 0; i3 < 4; i3++) {
      if (i3 === 3) {
        // A 1 GiB page, read-only for supervisor only, some with NX.
        put(pdpt * 4096 + i3 * 8, (0x40000000 * ((i4 + 1) & 3)) | P | PS, i4 & 1 ? 0x80000000 : 0);
        continue;
      }
      const pd = page++;
      put(pdpt * 4096 + i3 * 8, (pd << 12) | P | RW | (i3 === 2 ? 0 : US));
      for (let i2 = 0; i2 < 32; i2++) {
        if (i2 % 8 === 7) {
          put(pd * 4096 + i2 * 8, ((next() & 0x3ff) << 21) | P | RW | US | PS, next() & 0xf);
          continue;
        }
        const t = pt++ % pages;
        put(pd * 4096 + i2 * 8, (t << 12) | P | RW | US, i2 % 5 === 0 ? 0x80000000 : 0);
        for (let i1 = 0; i1 < 512; i1 += 1 + (next() & 3)) put(t * 4096 + i1 * 8, ((next() & 0xfffff) << 12) | P | (i1 & 1 ? RW : 0) | (i1 & 2 ? US : 0) | 0x60, next() & 0xff);
      }
    }
  }
  for (let i = 0; i < N_WALKS; i++) {
    const r = next() % 100;
    const va = (BigInt(next() & 3) << 39n) | (BigInt(next() & 3) << 30n) | (BigInt(next() & 31) << 21n) | (BigInt(next() & 511) << 12n) | BigInt(next() & 0xfff);
    vas.push(r < 2 ? va | 0x0000_8000_0000_0000n : r < 5 ? va | (1n << 38n) : va);
  }
  return { bytes, vas, root };
}

/** The rights an x86-64 walk grants, as a bit set (user rwx in bits 0..2, supervisor in 3..5). */
function rights(rw: boolean, us: boolean, nx: boolean): number {
  const x = nx ? 0 : 4;
  return (us ? 1 | (rw ? 2 : 0) | x : 0) | ((1 | (rw ? 2 : 0) | x) << 3);
}

/**
 * The hand-written walker: x86-64 4-level paging for a supervisor read, with reserved-bit
 * checks (PS in the PML4E, the large pages' bits 13..20 or 13..29), rights combined over the
 * levels, and the entries visited kept; the error code of a fault.
 */
function handWalk(view: DataView, root: number, va: bigint, visited: number[]): { pa: bigint; size: number; rights: number } | { code: number } | null {
  visited.length = 0;
  const top = va >> 47n;
  if (top !== 0n && top !== 0x1ffffn) return null;
  const lo = Number(va & 0xffffffffn);
  const hi = Number((va >> 32n) & 0xffffn);
  let table = root;
  let rw = true;
  let us = true;
  let nx = false;
  for (let level = 3; level >= 0; level--) {
    const shift = 12 + 9 * level;
    const index = shift >= 32 ? (hi >>> (shift - 32)) & 511 : shift === 30 ? ((lo >>> 30) | (hi << 2)) & 511 : (lo >>> shift) & 511;
    const at = table + index * 8;
    if (at + 8 > view.byteLength) return { code: 1 };
    const elo = view.getUint32(at, true);
    const ehi = view.getUint32(at + 4, true);
    visited.push(at, elo, ehi);
    if ((elo & P) === 0) return { code: 0 };
    const ps = level > 0 && (elo & PS) !== 0;
    if ((level === 3 && (elo & PS) !== 0) || (ps && level === 2 && (elo & 0x3fffe000) !== 0) || (ps && level === 1 && (elo & 0x1fe000) !== 0)) return { code: 9 };
    rw &&= (elo & RW) !== 0;
    us &&= (elo & US) !== 0;
    nx ||= ehi >>> 31 === 1;
    const address = (elo & 0xfffff000) >>> 0;
    const high = ehi & 0xfffff;
    if (level === 0 || ps) {
      const size = 2 ** shift;
      const frame = (BigInt(high) << 32n) | BigInt(address);
      return { pa: frame | (va & BigInt(size - 1)), size, rights: rights(rw, us, nx) };
    }
    table = high * 2 ** 32 + address;
  }
  return null;
}

export function walkCases(): Case[] {
  const f = walkFixture();
  const view = new DataView(f.bytes.buffer);
  const tables = JSON.parse(fs.readFileSync(path.join(repoRoot, 'generated/tables/x86_64.json'), 'utf8')) as ValueTables & { machine: { paging: { [q: string]: PagingScheme } } };
  const scheme = pagingScheme(tables.machine.paging, 'Paging4')!;
  const mix = (sum: number, v: number) => (Math.imul(sum, 31) + v) >>> 0;
  const hand = () => {
    let sum = 0;
    const visited: number[] = [];
    for (const va of f.vas) {
      const r = handWalk(view, f.root, va, visited);
      if (r === null) sum = mix(sum, 0xdead);
      else if ('code' in r) sum = mix(sum, r.code === 1 ? 0xbad : r.code);
      else sum = mix(mix(mix(sum, Number(r.pa & 0xffffffffn)), r.size % 0xffffffff), r.rights);
      for (let i = 0; i < visited.length; i += 3) sum = mix(sum, visited[i]! ^ visited[i + 1]!);
    }
    return sum;
  };
  const tableDriven = () => {
    let sum = 0;
    for (const va of f.vas) {
      const r = walkPages(tables, scheme, f.bytes, f.root, { va });
      if (r.kind === 'translation') {
        const p = r.permissions;
        const bits = (x: typeof p.user) => (x.read ? 1 : 0) | (x.write ? 2 : 0) | (x.execute ? 4 : 0);
        sum = mix(mix(mix(sum, Number(r.pa & 0xffffffffn)), Number(r.pageSize) % 0xffffffff), bits(p.user) | (bits(p.supervisor) << 3));
      } else if (r.reason === 'non-canonical') sum = mix(sum, 0xdead);
      else if (r.reason === 'outside-memory') sum = mix(sum, 0xbad);
      else sum = mix(sum, Number(r.code!.word));
      for (const e of r.entries) sum = mix(sum, e.address ^ e.parts[0]!);
    }
    return sum;
  };
  return [{ name: `5. walk ${N_WALKS} x86-64 virtual addresses through page tables`, ops: N_WALKS, impls: [{ name: 'hand-written walker', run: hand }, { name: 'table-driven walkPages', run: tableDriven }] }];
}
