/**
 * Page walks through page tables built by hand: every page size of x86-64 4- and 5-level
 * paging and of Sv39 and Sv48 translates to the right physical address, size and rights; and
 * each kind of fault (not present, write to a read-only page, user access to a supervisor
 * page, execute from a no-execute page, a reserved bit, a non-canonical address, a misaligned
 * superpage, a non-leaf at the last level) gives the architecture's own fault information,
 * whose bits and codes are spelt out here from the manuals.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Machine } from '../../runtime/machines.js';
import type { ValueTables } from '../../runtime/tables.js';
import { ROOT } from '../ts/oracle.js';
import { formatWalk, pagingScheme, walkPages, type PageFault, type PagingScheme, type Translation, type WalkRequest, type WalkResult } from '../../runtime/paging.js';
import { canonical, machineOf, Memory, RV, schemeOf, X86 } from './machines.js';

/** The x86-64 page-fault error code's bits (SDM Vol. 3A §4.7, Figure 4-12). */
const PF = { P: 1n, W: 2n, U: 4n, RSVD: 8n, ID: 0x10n } as const;

function translation(r: WalkResult): Translation {
  if (r.kind !== 'translation') throw new Error(`expected a translation, got ${formatWalk(r)}`);
  return r;
}

function fault(r: WalkResult): PageFault {
  if (r.kind !== 'fault') throw new Error(`expected a fault, got ${formatWalk(r)}`);
  return r;
}

describe('x86-64 page walks', () => {
  let x86: Machine;
  let paging4: PagingScheme;
  let paging5: PagingScheme;
  beforeAll(async () => {
    x86 = await machineOf('x86_64');
    paging4 = schemeOf(x86, 'Paging4');
    paging5 = schemeOf(x86, 'Paging5');
  });

  // Tables at 0x1000 (PML4), 0x2000 (PDPT), 0x3000 (PD), 0x4000 (PT); a PML5 at 0x5000 for 5-level.
  const ALL = X86.P | X86.RW | X86.US;
  function tables(): Memory {
    const m = new Memory(0x10000);
    // 0x0000_7f80_0000_0000 and up: PML4 index 255, PDPT index 0, PD index 0, PT index 1 -> a 4 KiB page.
    m.putIndexed(0x1000, 0x7f8000000000n, 39, 0x2000n | ALL);
    m.putIndexed(0x2000, 0x7f8000000000n, 30, 0x3000n | ALL);
    m.putIndexed(0x3000, 0x7f8000000000n, 21, 0x4000n | ALL);
    m.putIndexed(0x4000, 0x7f8000001000n, 12, 0x12345000n | ALL | X86.A | X86.D);
    // PD index 1: a 2 MiB page at 0x4000_0000.
    m.putIndexed(0x3000, 0x7f8000200000n, 21, 0x40000000n | ALL | X86.PS);
    // PDPT index 1: a 1 GiB page at 0x1_c000_0000, read-only.
    m.putIndexed(0x2000, 0x7f8040000000n, 30, 0x1c0000000n | X86.P | X86.US | X86.PS);
    // The 5-level root: PML5 index 0 -> the PML4.
    m.put(0x5000, 0x1000n | ALL);
    return m;
  }

  it.each([
    ['4 KiB', 0x7f8000001abcn, 0x12345abcn, 4096n, 3],
    ['2 MiB', 0x7f8000212345n, 0x40012345n, 2n ** 21n, 2],
    ['1 GiB', 0x7f8041234567n, 0x1c1234567n, 2n ** 30n, 1],
  ])('translates through a %s page, 4-level and 5-level', (_size, va, pa, size, level) => {
    const m = tables();
    for (const [scheme, root, levels] of [[paging4, 0x1000, 0], [paging5, 0x5000, 1]] as const) {
      const t = translation(walkPages(x86.tables, scheme, m.bytes, root, { va, access: 'read', mode: 'user' }));
      expect(t.pa).toBe(pa);
      expect(t.pageSize).toBe(size);
      expect(t.level).toBe(level + levels);
      expect(t.entries.map((e) => e.entry.type)).toEqual([...(levels ? ['Pml5e'] : []), 'Pml4e', 'Pdpte', 'Pde', 'Pte'].slice(0, level + levels + 1));
      expect(t.entries[0]!.address).toBe(root + (levels ? 0 : 255 * 8));
    }
  });

  it('gives the rights every level allows', () => {
    const m = tables();
    const rw = translation(walkPages(x86.tables, paging4, m.bytes, 0x1000, { va: 0x7f8000001000n }));
    expect(rw.permissions).toEqual({ user: { read: true, write: true, execute: true }, supervisor: { read: true, write: true, execute: true } });
    const ro = translation(walkPages(x86.tables, paging4, m.bytes, 0x1000, { va: 0x7f8040000000n }));
    expect(ro.permissions.user).toEqual({ read: true, write: false, execute: true });
  });

  it('faults with the error code the SDM gives', () => {
    const m = tables();
    // Not present: PML4 index 0 is empty.
    const walk = (va: bigint, r: Omit<WalkRequest, 'va'>, memory = m) => fault(walkPages(x86.tables, paging4, memory.bytes, 0x1000, { va, ...r }));
    const np = walk(0x1000n, { access: 'write', mode: 'user' });
    expect([np.reason, np.level, np.code!.word]).toEqual(['not-present', 0, PF.W | PF.U]);
    expect(np.text).toBe('PageFaultError{write user}');
    // A write to the read-only 1 GiB page, in user and in supervisor mode (CR0.WP = 1).
    expect(walk(0x7f8040000000n, { access: 'write', mode: 'user' }).code!.word).toBe(PF.P | PF.W | PF.U);
    expect(walk(0x7f8040000000n, { access: 'write', mode: 'supervisor' }).code!.word).toBe(PF.P | PF.W);
    // A supervisor page: U/S clear in the PDPTE only (one level suffices).
    const sup = tables();
    sup.putIndexed(0x2000, 0x7f8000000000n, 30, 0x3000n | X86.P | X86.RW);
    const us = walk(0x7f8000001000n, { access: 'read', mode: 'user' }, sup);
    expect([us.reason, us.level, us.code!.word]).toEqual(['protection', 3, PF.P | PF.U]);
    expect(translation(walkPages(x86.tables, paging4, sup.bytes, 0x1000, { va: 0x7f8000001000n, mode: 'supervisor' })).pa).toBe(0x12345000n);
    // No-execute in the PML4E forbids execution below it.
    const nx = tables();
    nx.putIndexed(0x1000, 0x7f8000000000n, 39, 0x2000n | ALL | X86.NX);
    expect(walk(0x7f8000001000n, { access: 'execute', mode: 'user' }, nx).code!.word).toBe(PF.P | PF.U | PF.ID);
    expect(translation(walkPages(x86.tables, paging4, nx.bytes, 0x1000, { va: 0x7f8000001000n, access: 'write' })).permissions.supervisor).toEqual({ read: true, write: true, execute: false });
    // Reserved bits: PS in a PML4E, and bit 13 of a 1 GiB page (must be 0).
    const rsvd = tables();
    rsvd.putIndexed(0x1000, 0x7f8000000000n, 39, 0x2000n | ALL | X86.PS);
    const r1 = walk(0x7f8000001000n, { access: 'read', mode: 'supervisor' }, rsvd);
    expect([r1.reason, r1.level, r1.code!.word]).toEqual(['reserved', 0, PF.P | PF.RSVD]);
    const rsvd2 = tables();
    rsvd2.putIndexed(0x2000, 0x7f8040000000n, 30, 0x1c0000000n | 0x2000n | X86.P | X86.US | X86.PS);
    expect(walk(0x7f8040000000n, { access: 'execute', mode: 'user' }, rsvd2).code!.word).toBe(PF.P | PF.RSVD | PF.U | PF.ID);
  });

  it('raises #GP for a non-canonical address, at each width', () => {
    const m = tables();
    for (const [scheme, va] of [[paging4, 0x0000800000000000n], [paging4, 0xffff000000000000n], [paging5, 0x0100000000000000n]] as const) {
      const f = fault(walkPages(x86.tables, scheme, m.bytes, 0x1000, { va }));
      expect([f.reason, f.exception, f.code, f.level]).toEqual(['non-canonical', '#GP(0)', null, null]);
    }
    // Canonical in 5-level paging, beyond 48 bits: walked (PML5 index 1 is empty).
    expect(fault(walkPages(x86.tables, paging5, m.bytes, 0x5000, { va: 0x0001000000000000n })).reason).toBe('not-present');
    // The top half is canonical.
    expect(fault(walkPages(x86.tables, paging4, m.bytes, 0x1000, { va: canonical(0x800000000000n, 48) })).reason).toBe('not-present');
  });

  it('reports an entry outside the memory image as such', () => {
    const m = tables();
    m.putIndexed(0x4000, 0x7f8000002000n, 12, 0x12345000n | ALL);
    m.putIndexed(0x3000, 0x7f8000400000n, 21, 0x7fff0000n | ALL);
    const f = fault(walkPages(x86.tables, paging4, m.bytes, 0x1000, { va: 0x7f8000400000n }));
    expect([f.reason, f.level, f.code]).toEqual(['outside-memory', 3, null]);
    expect(f.text).toBe('bus error: the Pte at 0x7fff0000 is outside the memory image');
  });

  it('reads memory through a function, for an image too large to hold', () => {
    const m = tables();
    const reads: number[] = [];
    const memory = (address: number, length: number) => (reads.push(address), m.bytes.subarray(address, address + length));
    expect(translation(walkPages(x86.tables, paging4, memory, 0x1000, { va: 0x7f8000001234n })).pa).toBe(0x12345234n);
    expect(reads).toEqual([0x1000 + 255 * 8, 0x2000, 0x3000, 0x4008]);
  });
});

describe('RISC-V Sv39 and Sv48 page walks', () => {
  let rv: Machine;
  let sv39: PagingScheme;
  let sv48: PagingScheme;
  beforeAll(async () => {
    rv = await machineOf('riscv64');
    sv39 = schemeOf(rv, 'Sv39');
    sv48 = schemeOf(rv, 'Sv48');
  });
  /** A PTE pointing at physical address `pa`: PPN in bits 10..53. */
  const pte = (pa: bigint, flags: bigint) => ((pa >> 12n) << 10n) | flags;
  const CAUSE = { fetch: 12n, load: 13n, store: 15n } as const;
  const LEAF = RV.V | RV.R | RV.W | RV.X | RV.A | RV.D;

  // Sv39 root at 0x1000, level-1 table at 0x2000, level-0 table at 0x3000; Sv48 root at 0x4000 -> 0x1000.
  function tables(): Memory {
    const m = new Memory(0x10000);
    m.putIndexed(0x1000, 0n, 30, pte(0x2000n, RV.V));
    m.putIndexed(0x2000, 0n, 21, pte(0x3000n, RV.V));
    m.putIndexed(0x3000, 0x5000n, 12, pte(0x87654000n, LEAF | RV.U));
    m.putIndexed(0x2000, 0x200000n, 21, pte(0x80200000n, LEAF));
    m.putIndexed(0x1000, 0x40000000n, 30, pte(0xc0000000n, RV.V | RV.R | RV.A));
    m.put(0x4000, pte(0x1000n, RV.V));
    // Sv48 index 1: a 512 GiB terapage at 512 GiB.
    m.putIndexed(0x4000, 0x8000000000n, 39, pte(0x8000000000n, LEAF | RV.U));
    return m;
  }

  it.each([
    ['4 KiB', 0x5123n, 0x87654123n, 4096n],
    ['2 MiB megapage', 0x254321n, 0x80254321n, 2n ** 21n],
    ['1 GiB gigapage', 0x7654_3210n, 0xf6543210n, 2n ** 30n],
  ])('translates through a %s, Sv39 and Sv48', (_size, va, pa, size) => {
    const m = tables();
    for (const [scheme, root] of [[sv39, 0x1000], [sv48, 0x4000]] as const) {
      const t = translation(walkPages(rv.tables, scheme, m.bytes, root, { va, access: 'read', mode: 'supervisor', options: ['sum'] }));
      expect([t.pa, t.pageSize]).toEqual([pa, size]);
    }
  });

  it('translates through a 512 GiB Sv48 page, which Sv39 cannot address', () => {
    const m = tables();
    const t = translation(walkPages(rv.tables, sv48, m.bytes, 0x4000, { va: 0x80_1234_5678n, access: 'write', mode: 'user' }));
    expect([t.pa, t.pageSize, t.level]).toEqual([0x80_1234_5678n, 2n ** 39n, 0]);
    expect(fault(walkPages(rv.tables, sv39, m.bytes, 0x1000, { va: 0x80_1234_5678n })).reason).toBe('non-canonical');
  });

  it('lets the leaf alone decide, and keeps supervisor mode off user pages unless SUM', () => {
    const m = tables();
    const walk = (va: bigint, r: Omit<WalkRequest, 'va'>) => walkPages(rv.tables, sv39, m.bytes, 0x1000, { va, ...r });
    const user = translation(walk(0x5000n, { mode: 'user' }));
    expect(user.permissions).toEqual({ user: { read: true, write: true, execute: true }, supervisor: { read: false, write: false, execute: false } });
    const cause = (r: WalkResult) => [fault(r).reason, fault(r).code!.fields['code']];
    expect(cause(walk(0x5000n, { access: 'read', mode: 'supervisor' }))).toEqual(['protection', CAUSE.load]);
    expect(translation(walk(0x5000n, { access: 'write', mode: 'supervisor', options: ['sum'] })).pa).toBe(0x87654000n);
    expect(cause(walk(0x5000n, { access: 'execute', mode: 'supervisor', options: ['sum'] }))).toEqual(['protection', CAUSE.fetch]);
    // The gigapage is read-only and for supervisor mode.
    expect(cause(walk(0x40000000n, { access: 'write', mode: 'supervisor' }))).toEqual(['protection', CAUSE.store]);
    expect(cause(walk(0x40000000n, { access: 'execute', mode: 'supervisor' }))).toEqual(['protection', CAUSE.fetch]);
    expect(cause(walk(0x40000000n, { access: 'read', mode: 'user' }))).toEqual(['protection', CAUSE.load]);
    expect(fault(walk(0x40000000n, { access: 'read', mode: 'user' })).text).toBe('Scause64{code=13}');
  });

  it('faults on invalid, reserved, misaligned and last-level non-leaf entries', () => {
    const walk = (m: Memory, va: bigint, access: 'read' | 'write' | 'execute' = 'read') => fault(walkPages(rv.tables, sv39, m.bytes, 0x1000, { va, access, mode: 'supervisor' }));
    const what = (f: PageFault) => [f.reason, f.level, f.code!.fields['code']];
    expect(what(walk(tables(), 0x3000n, 'write'))).toEqual(['not-present', 2, CAUSE.store]);
    // W without R.
    const wr = tables();
    wr.putIndexed(0x2000, 0x200000n, 21, pte(0x80200000n, RV.V | RV.W));
    expect(what(walk(wr, 0x200000n))).toEqual(['reserved', 1, CAUSE.load]);
    // Bits 54..60 are reserved and must be zero.
    const high = tables();
    high.putIndexed(0x2000, 0x200000n, 21, pte(0x80200000n, LEAF) | (1n << 54n));
    expect(what(walk(high, 0x200000n, 'execute'))).toEqual(['reserved', 1, CAUSE.fetch]);
    // A megapage whose PPN[0] is not zero.
    const mis = tables();
    mis.putIndexed(0x2000, 0x200000n, 21, pte(0x80201000n, LEAF));
    expect(what(walk(mis, 0x200000n))).toEqual(['misaligned', 1, CAUSE.load]);
    // A non-leaf at the last level.
    const nl = tables();
    nl.putIndexed(0x3000, 0x5000n, 12, pte(0x87654000n, RV.V));
    expect(what(walk(nl, 0x5000n))).toEqual(['not-leaf', 2, CAUSE.load]);
    // A non-canonical address is a page fault on RISC-V.
    const nc = walk(tables(), 0x40_0000_0000n, 'write');
    expect([nc.reason, nc.exception, nc.code!.fields['code']]).toEqual(['non-canonical', null, CAUSE.store]);
  });
});

describe('schemes of 30-bit addresses (the golden spec tests/golden/paging)', () => {
  const load = (target: string) => JSON.parse(fs.readFileSync(path.join(ROOT, `tests/golden/paging/out/tables/${target}.json`), 'utf8')) as ValueTables & { machine: { paging: { [q: string]: PagingScheme } } };

  it('zero-extends without canonical, and walks a tagged entry by its variant', () => {
    const tables = load('x86_64');
    const small = pagingScheme(tables.machine.paging)!;
    const m = new Memory(0x4000);
    // Dir index 1: a 2 MiB page at 0x600000; index 2: a table at 0x2000 whose entry 3 maps 0x7000.
    m.put(0x1000 + 8, 0x600000n | 0x80n | 7n);
    m.put(0x1000 + 16, 0x2000n | 7n);
    m.put(0x2000 + 24, 0x7000n | 5n);
    const walk = (va: bigint, access: 'read' | 'write' = 'read') => walkPages(tables, small, m.bytes, 0x1000, { va, access, mode: 'user' });
    expect(translation(walk(0x212345n))).toMatchObject({ pa: 0x612345n, pageSize: 2n ** 21n, level: 0 });
    expect(translation(walk(0x403abcn))).toMatchObject({ pa: 0x7abcn, pageSize: 4096n, level: 1 });
    expect(fault(walk(0x403abcn, 'write')).code!.word).toBe(7n);
    // Bit 30 and above must be zero: no sign extension.
    expect(fault(walk(0x40000000n)).exception).toBe('#GP(0)');
    expect(fault(walk(0xffffffffc0000000n)).exception).toBe('#GP(0)');
    // The Large variant's bits 13..20 must be zero; the Table variant has none there.
    m.put(0x1000 + 8, 0x600000n | 0x2000n | 0x80n | 7n);
    expect(fault(walk(0x212345n)).code!.word).toBe(0xdn);
  });

  it('sign-extends a canonical 30-bit address', () => {
    const tables = load('riscv64');
    const tiny = pagingScheme(tables.machine.paging)!;
    const m = new Memory(0x4000);
    // Index 511 (bits 21..29 all set): a megapage at 0x200000, user read-write.
    m.put(0x1000 + 511 * 8, ((0x200000n >> 12n) << 10n) | 0x17n);
    const walk = (va: bigint) => walkPages(tables, tiny, m.bytes, 0x1000, { va, mode: 'user' });
    expect(translation(walk(0xffffffffffe01234n))).toMatchObject({ pa: 0x201234n, pageSize: 2n ** 21n });
    // Bit 29 set but the bits above clear: not canonical, a load page fault.
    const f = fault(walk(0x3fe01234n));
    expect([f.reason, f.code!.fields['code']]).toEqual(['non-canonical', 13n]);
  });
});

describe('a memory function that walks again before it returns', () => {
  it('leaves the outer walk its own result', async () => {
    const x86 = await machineOf('x86_64');
    const scheme = schemeOf(x86, 'Paging4');
    const m = new Memory(0x10000);
    m.putIndexed(0x1000, 0x7f8000000000n, 39, 0x2000n | 7n);
    m.putIndexed(0x2000, 0x7f8000000000n, 30, 0x3000n | 7n);
    m.putIndexed(0x3000, 0x7f8000000000n, 21, 0x40000000n | 0x87n);
    let inner: WalkResult | null = null;
    let reads = 0;
    const memory = (at: number, n: number) => {
      // While the outer walk reads its leaf, an inner walk stops at level 0.
      if (++reads === 3) inner = walkPages(x86.tables, scheme, m.bytes, 0x1000, { va: 0x1000n });
      return m.bytes.subarray(at, at + n);
    };
    const outer = translation(walkPages(x86.tables, scheme, memory, 0x1000, { va: 0x7f8000012345n }));
    expect([outer.pa, outer.pageSize, outer.level]).toEqual([0x40012345n, 2n ** 21n, 2]);
    expect(fault(inner!).level).toBe(0);
  });
});
