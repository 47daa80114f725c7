/**
 * The walker against an independent model, on random page tables: for x86-64 4- and 5-level
 * paging and for Sv39 and Sv48, a simple walker written here from the manuals (bit positions,
 * reserved bits, how rights combine: nothing from the decode tables) and the table-driven
 * walker agree on the physical address and page size of every translation and on the fault
 * word of every fault, over random memories of page tables (entries present or not, random
 * rights, large pages, reserved bits, pointers in and out of memory) and random addresses and
 * accesses, through the compiled walk (memory as bytes) and the interpreted one (memory read
 * through a function) alike. And totality: random bytes as memory, random roots and addresses, and malformed
 * arguments never make the walker throw.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Machine } from '../../runtime/machines.js';
import { formatWalk, walkPages, type PagingAccess, type PagingMode, type PagingScheme, type WalkResult } from '../../runtime/paging.js';
import { mulberry32 } from '../helpers/random.js';
import { machineOf, schemeOf } from './machines.js';

/** What the model says: a translation, a fault word, #GP, or an entry outside memory. */
type Outcome = { pa: bigint; size: bigint } | { code: bigint } | { gp: true } | { outside: true };

const PAGES = 48;
const MEMORY = PAGES * 4096;

/** x86-64 paging as the SDM describes it (§4.5 to §4.7), with CR0.WP = 1 and NXE = 1. */
function x86Model(mem: DataView, root: number, va: bigint, levels: 4 | 5, access: PagingAccess, mode: PagingMode): Outcome {
  const bits = levels === 4 ? 48 : 57;
  if (BigInt.asUintN(64, BigInt.asIntN(bits, va)) !== va) return { gp: true };
  const pf = (present: boolean, rsvd: boolean): Outcome => ({ code: (present ? 1n : 0n) | (access === 'write' ? 2n : 0n) | (mode === 'user' ? 4n : 0n) | (rsvd ? 8n : 0n) | (access === 'execute' ? 0x10n : 0n) });
  let table = BigInt(root);
  let rw = true;
  let us = true;
  let nx = false;
  for (let l = levels - 1; l >= 0; l--) {
    const shift = BigInt(12 + 9 * l);
    const at = table + ((va >> shift) & 511n) * 8n;
    if (at + 8n > BigInt(mem.byteLength)) return { outside: true };
    const e = mem.getBigUint64(Number(at), true);
    if ((e & 1n) === 0n) return pf(false, false);
    // PS is bit 7 above the PT (where bit 7 is PAT); it must be 0 in a PML4E and a PML5E.
    const ps = l > 0 && ((e >> 7n) & 1n) === 1n;
    if (ps && l >= 3) return pf(true, true);
    // A large page's address bits below its size, from bit 13 (bit 12 is PAT), must be 0.
    if (ps && (e & ((1n << shift) - 1n) & ~0x1fffn) !== 0n) return pf(true, true);
    rw &&= (e & 2n) !== 0n;
    us &&= (e & 4n) !== 0n;
    nx ||= e >> 63n === 1n;
    const address = e & 0x000ffffffffff000n;
    if (l === 0 || ps) {
      if ((access === 'write' && !rw) || (mode === 'user' && !us) || (access === 'execute' && nx)) return pf(true, false);
      const size = 1n << shift;
      return { pa: (address & ~(size - 1n)) | (va & (size - 1n)), size };
    }
    table = address;
  }
  throw new Error('unreachable');
}

/** Sv39 and Sv48 as the privileged spec's algorithm gives them (§4.3.2), supervisor SUM as given. */
function rvModel(mem: DataView, root: number, va: bigint, levels: 3 | 4, access: PagingAccess, mode: PagingMode, sum: boolean): Outcome {
  const pf: Outcome = { code: access === 'execute' ? 12n : access === 'read' ? 13n : 15n };
  const bits = 12 + 9 * levels;
  if (BigInt.asUintN(64, BigInt.asIntN(bits, va)) !== va) return pf;
  let a = BigInt(root);
  for (let i = levels - 1; i >= 0; i--) {
    const at = a + ((va >> BigInt(12 + 9 * i)) & 511n) * 8n;
    if (at + 8n > BigInt(mem.byteLength)) return { outside: true };
    const pte = mem.getBigUint64(Number(at), true);
    const [v, r, w, x, u] = [0n, 1n, 2n, 3n, 4n].map((b) => ((pte >> b) & 1n) === 1n) as [boolean, boolean, boolean, boolean, boolean];
    if (!v || (!r && w)) return pf;
    if (((pte >> 54n) & 0x7fn) !== 0n) return pf;
    const ppn = (pte >> 10n) & ((1n << 44n) - 1n);
    if (!r && !x) {
      if (i === 0) return pf;
      a = ppn << 12n;
      continue;
    }
    const ok = (access === 'read' ? r : access === 'write' ? w : x) && (mode === 'user' ? u : !u || (access !== 'execute' && sum));
    if (!ok) return pf;
    if ((ppn & ((1n << BigInt(9 * i)) - 1n)) !== 0n) return pf;
    const size = 1n << BigInt(12 + 9 * i);
    return { pa: (ppn << 12n) | (va & (size - 1n)), size };
  }
  throw new Error('unreachable');
}

function outcome(r: WalkResult): Outcome {
  if (r.kind === 'translation') return { pa: r.pa, size: r.pageSize };
  if (r.reason === 'outside-memory') return { outside: true };
  if (r.exception === '#GP(0)') return { gp: true };
  return { code: r.code!.word };
}

/** A random word, 32 bits at a time. */
function randomWord(random: () => number): bigint {
  return (BigInt(Math.floor(random() * 2 ** 32)) << 32n) | BigInt(Math.floor(random() * 2 ** 32));
}

/** Page tables of random entries: mostly present, pointing at pages of the memory, with random rights and sizes. */
function randomTables(random: () => number, entry: (page: bigint) => bigint): Uint8Array {
  const bytes = new Uint8Array(MEMORY);
  const dv = new DataView(bytes.buffer);
  for (let i = 0; i < MEMORY / 8; i++) dv.setBigUint64(i * 8, entry(BigInt(Math.floor(random() * (PAGES + 2)))), true);
  return bytes;
}

function x86Entry(random: () => number): (page: bigint) => bigint {
  const bit = (p: number, b: bigint) => (random() < p ? b : 0n);
  return (page) => {
    // A large page's frame is aligned (or not, when the reserved bits below it are set).
    const frame = random() < 0.5 ? page << 12n : random() < 0.5 ? (page << 21n) & 0xfffffffff000n : page << 30n;
    return frame | bit(0.85, 1n) | bit(0.8, 2n) | bit(0.8, 4n) | bit(0.25, 0x80n) | bit(0.1, 1n << 63n) | bit(0.05, 1n << 13n) | bit(0.3, 0x60n) | bit(0.1, 1n << 55n);
  };
}

function rvEntry(random: () => number): (page: bigint) => bigint {
  const bit = (p: number, b: bigint) => (random() < p ? b : 0n);
  return (page) => {
    const ppn = random() < 0.6 ? page : random() < 0.5 ? page << 9n : page << 18n;
    return (ppn << 10n) | bit(0.85, 1n) | bit(0.3, 2n) | bit(0.3, 4n) | bit(0.2, 8n) | bit(0.5, 0x10n) | bit(0.3, 0xc0n) | bit(0.03, 1n << 56n) | bit(0.1, 3n << 8n);
  };
}

/** An address whose indices fall on the tables' entries, sometimes not canonical. */
function randomVa(random: () => number, bits: number): bigint {
  const va = randomWord(random);
  return random() < 0.05 ? va : BigInt.asUintN(64, BigInt.asIntN(bits, va));
}

const ACCESSES: readonly PagingAccess[] = ['read', 'write', 'execute'];

describe('the walker against an independent model', () => {
  let x86: Machine;
  let rv: Machine;
  beforeAll(async () => {
    [x86, rv] = await Promise.all([machineOf('x86_64'), machineOf('riscv64')]);
  });

  it.each([['Paging4', 4], ['Paging5', 5]] as const)('agrees on x86-64 %s', (name, levels) => {
    const scheme = schemeOf(x86, name);
    const random = mulberry32(levels * 101);
    const seen = new Set<string>();
    for (let round = 0; round < 40; round++) {
      const bytes = randomTables(random, x86Entry(random));
      const dv = new DataView(bytes.buffer);
      for (let k = 0; k < 500; k++) {
        const va = randomVa(random, levels === 4 ? 48 : 57);
        const access = ACCESSES[Math.floor(random() * 3)]!;
        const mode: PagingMode = random() < 0.5 ? 'user' : 'supervisor';
        const root = Math.floor(random() * PAGES) * 4096;
        const got = outcome(walkPages(x86.tables, scheme, bytes, root, { va, access, mode }));
        // Memory read through a function takes the interpreted walk, the bytes the compiled one.
        expect(outcome(walkPages(x86.tables, scheme, (at, n) => bytes.subarray(at, at + n), root, { va, access, mode }))).toEqual(got);
        expect(got, `${name} va 0x${va.toString(16)} ${access} ${mode} root 0x${root.toString(16)}`).toEqual(x86Model(dv, root, va, levels, access, mode));
        seen.add('pa' in got ? `page ${got.size}` : 'code' in got ? `code ${got.code}` : Object.keys(got)[0]!);
      }
    }
    // The random tables reach every page size and many fault words (the test is not vacuous).
    for (const s of ['page 4096', `page ${2 ** 21}`, `page ${2 ** 30}`, 'gp', 'outside', 'code 0', 'code 9', 'code 7', 'code 21']) expect(seen).toContain(s);
  });

  it.each([['Sv39', 3], ['Sv48', 4]] as const)('agrees on RISC-V %s', (name, levels) => {
    const scheme = schemeOf(rv, name);
    const random = mulberry32(levels * 977);
    const seen = new Set<string>();
    for (let round = 0; round < 40; round++) {
      const bytes = randomTables(random, rvEntry(random));
      const dv = new DataView(bytes.buffer);
      for (let k = 0; k < 500; k++) {
        const va = randomVa(random, 12 + 9 * levels);
        const access = ACCESSES[Math.floor(random() * 3)]!;
        const mode: PagingMode = random() < 0.5 ? 'user' : 'supervisor';
        const sum = random() < 0.5;
        const root = Math.floor(random() * PAGES) * 4096;
        const got = outcome(walkPages(rv.tables, scheme, bytes, root, { va, access, mode, options: sum ? ['sum'] : [] }));
        expect(outcome(walkPages(rv.tables, scheme, (at, n) => bytes.subarray(at, at + n), root, { va, access, mode, options: sum ? ['sum'] : [] }))).toEqual(got);
        expect(got, `${name} va 0x${va.toString(16)} ${access} ${mode} sum ${sum} root 0x${root.toString(16)}`).toEqual(rvModel(dv, root, va, levels, access, mode, sum));
        seen.add('pa' in got ? `page ${got.size}` : 'code' in got ? `code ${got.code}` : Object.keys(got)[0]!);
      }
    }
    for (const s of ['page 4096', `page ${2 ** 21}`, `page ${2 ** 30}`, 'outside', 'code 12', 'code 13', 'code 15']) expect(seen).toContain(s);
  });

  it('never throws on random bytes, roots and addresses, or on malformed arguments', () => {
    const random = mulberry32(4242);
    const schemes: [Machine, PagingScheme][] = [
      [x86, schemeOf(x86, 'Paging4')],
      [x86, schemeOf(x86, 'Paging5')],
      [rv, schemeOf(rv, 'Sv39')],
      [rv, schemeOf(rv, 'Sv48')],
    ];
    const kinds = new Set<string>();
    for (let round = 0; round < 200; round++) {
      const bytes = new Uint8Array(4096 * (1 + Math.floor(random() * 8)));
      for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random() * 256);
      for (let k = 0; k < 100; k++) {
        const [m, scheme] = schemes[Math.floor(random() * schemes.length)]!;
        const root = random() < 0.9 ? Math.floor(random() * bytes.length) & ~7 : random() < 0.5 ? -8 : 2 ** 60;
        const r = walkPages(m.tables, scheme, bytes, root, { va: randomWord(random), access: ACCESSES[Math.floor(random() * 3)]!, mode: random() < 0.5 ? 'user' : 'supervisor' });
        expect(['translation', 'fault']).toContain(r.kind);
        expect(typeof formatWalk(r)).toBe('string');
        kinds.add(r.kind === 'fault' ? r.reason : r.kind);
      }
    }
    // Random pointers mostly leave the image; the walks still stop for every other reason too.
    for (const k of ['not-present', 'reserved', 'outside-memory', 'non-canonical']) expect(kinds).toContain(k);
    // Malformed arguments are faults too.
    const [m, scheme] = schemes[0]!;
    const odd: [unknown, unknown, unknown, unknown][] = [
      [scheme, (() => { throw new Error('no'); }) as unknown, 0, { va: 1n }],
      [scheme, () => 'bytes', 0, { va: 1n }],
      [scheme, () => new Uint8Array(3), 0, { va: 1n }],
      [scheme, new Uint8Array(0), 0n, { va: 1n }],
      [scheme, new Uint8Array(64), 2n ** 70n, { va: 1n }],
      [scheme, new Uint8Array(64), Number.NaN, { va: 'x' }],
      [scheme, new Uint8Array(64), 0, null],
      [{}, new Uint8Array(64), 0, { va: 1n }],
      [null, new Uint8Array(64), 0, { va: 1n }],
      [{ levels: [{ entry: 'x86.Nope' }] }, new Uint8Array(64), 0, { va: 1n }],
    ];
    for (const [s, memory, root, request] of odd) {
      const r = walkPages(m.tables, s as PagingScheme, memory as Uint8Array, root as number, request as { va: bigint });
      expect(r.kind).toBe('fault');
      expect(typeof formatWalk(r)).toBe('string');
    }
  });
});
