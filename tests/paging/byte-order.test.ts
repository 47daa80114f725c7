/**
 * Page walks on either byte order, and with 32-bit entries: i386's 32-bit paging (SDM Vol. 3A
 * §4.3: a page directory of 1024 PDEs, PS making a 4 MiB page, then page tables of 1024 PTEs)
 * written as a scheme for i386 and for ppc32, compiled from a spec here and walked through its
 * decode tables, in memory written in each target's byte order: the same tables give the same
 * translations and faults, by the compiled walk (bytes) and the interpreted one (a function).
 */
import { describe, expect, it } from 'vitest';
import { compile } from '../../generator/compile.js';
import { valueTables } from '../../generator/emitters/tables/index.js';
import { formatWalk, pagingScheme, walkPages, type PagingScheme, type WalkResult } from '../../runtime/paging.js';
import type { ValueTables } from '../../runtime/tables.js';

const SPEC = (target: string) => `namespace p32;
bits Pde : u32 {
  present @0; writable @1; user @2; reserved @3..6;
  tag ps @7;
  variant Table when 0 { reserved @8..11; pt @12..31 << 12; }
  variant Page4M when 1 { reserved @8..12; reserved @13..21 = 0; frame @22..31 << 22; }
}
bits Pte : u32 { present @0; writable @1; user @2; reserved @3..11; frame @12..31 << 12; }
bits Error : u32 { present @0; write @1; user @2; rsvd @3; reserved @4..31; }
paging Paging32 : ${target} {
  address 32;
  valid present;
  level Pde @22..31 table pt, page frame if ps;
  level Pte @12..21 page frame;
  allow write if writable at every level;
  allow user if user at every level;
  fault Error { present if present; write if write; user if user; rsvd if reserved; }
}
`;

function machine(target: string): { tables: ValueTables; scheme: PagingScheme } {
  const result = compile({ files: ['p32.cdl'], targets: [target], readFile: () => SPEC(target) });
  expect(result.diagnostics).toEqual([]);
  const tables = JSON.parse(JSON.stringify(valueTables(result.layouts[0]!))) as ValueTables & { machine: { paging: { [q: string]: PagingScheme } } };
  return { tables, scheme: pagingScheme(tables.machine.paging)! };
}

/** One line per outcome, without the entries' decoded names (the same on both targets). */
function outcome(r: WalkResult): string {
  return r.kind === 'translation' ? `pa 0x${r.pa.toString(16)} ${r.pageSize}` : `${r.reason} ${r.code?.word ?? r.exception}`;
}

describe('32-bit entries in either byte order', () => {
  it.each([['i386', true], ['ppc32', false]] as const)('walks %s tables', (target, le) => {
    const { tables, scheme } = machine(target);
    const bytes = new Uint8Array(0x4000);
    const dv = new DataView(bytes.buffer);
    const put = (at: number, v: number) => dv.setUint32(at, v >>> 0, le);
    // PDE 1: a table at 0x2000 whose PTE 5 maps a user read-only page; PDE 2: a 4 MiB page at
    // 0xc0000000, writable, supervisor only.
    put(0x1000 + 4, 0x2000 | 0x7);
    put(0x1000 + 8, 0xc0000000 | 0x80 | 0x3);
    put(0x2000 + 5 * 4, 0x12345000 | 0x5);
    // PDE 3: a 4 MiB page with a reserved bit (13) set.
    put(0x1000 + 12, 0x2000 | 0x80 | 0x1);
    const walk = (va: bigint, access: 'read' | 'write', mode: 'user' | 'supervisor') =>
      [bytes, (at: number, n: number) => bytes.subarray(at, at + n)].map((memory) => outcome(walkPages(tables, scheme, memory, 0x1000, { va, access, mode })));
    const both = (va: bigint, access: 'read' | 'write', mode: 'user' | 'supervisor') => {
      const [compiled, interpreted] = walk(va, access, mode);
      expect(interpreted).toBe(compiled);
      return compiled;
    };
    expect(both(0x405abcn, 'read', 'user')).toBe('pa 0x12345abc 4096');
    expect(both(0x405abcn, 'write', 'user')).toBe('protection 7');
    expect(both(0x405abcn, 'write', 'supervisor')).toBe('protection 3');
    expect(both(0x8abcden, 'read', 'supervisor')).toBe('pa 0xc00abcde 4194304');
    expect(both(0x8abcden, 'read', 'user')).toBe('protection 5');
    expect(both(0xc00000n, 'read', 'supervisor')).toBe('reserved 9');
    expect(both(0x400000n + 0x6000n, 'read', 'user')).toBe('not-present 4');
    expect(both(0x1_0000_0000n, 'read', 'user')).toBe('non-canonical 4');
    expect(formatWalk(walkPages(tables, scheme, bytes, 0x1000, { va: 0x405abcn }))).toBe(
      `0x405abc -> 0x12345abc 4K user=r-x supervisor=r-x via Pde[1]@0x1004=0x2007 Pte[5]@0x2014=0x12345005`,
    );
  });
});
