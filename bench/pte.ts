/**
 * Cases 1 and 2: x86-64 page-table entries. Decoding reads six fields (present, writable,
 * user, accessed, the frame address and NX) of 1M entries in a buffer; encoding writes 1M
 * entries from plain objects.
 */
import { Parser } from 'binary-parser';
import * as r from 'restructure';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Pte, PteView } from '../generated/ts/x86_64/x86.js';
import { bitsFieldReader, decodeBitsParts, findType, type BitsTable, type ValueTables } from '../runtime/tables.js';
import { repoRoot } from './generator.js';
import { type Case, scaled } from './harness.js';
import type { KaitaiParse } from './kaitai.js';

export const N_PTE = scaled(1_000_000);

/** x86.Pte from the decode tables `cdl gen` writes (generated/tables/x86_64.json). */
function pteTable(): BitsTable {
  const tables = JSON.parse(fs.readFileSync(path.join(repoRoot, 'generated/tables/x86_64.json'), 'utf8')) as ValueTables;
  return findType(tables, 'x86.Pte') as BitsTable;
}

/** A deterministic xorshift32 generator. */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return s >>> 0;
  };
}

export interface PteFixture {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  readonly entries: readonly Pte[];
}

/**
 * 1M entries shaped like a real page table: mostly present and accessed, runs of writable and
 * user pages, NX on data, frames scattered over 40 bits, some software bits in 9..11 and
 * 52..58; every field sometimes set and sometimes clear, as in an emulator's working set.
 */
export function pteFixture(): PteFixture {
  const next = rng(0x5eed);
  const bytes = new Uint8Array(N_PTE * 8);
  const view = new DataView(bytes.buffer);
  let frame = next() & 0xfffff;
  for (let i = 0; i < N_PTE; i++) {
    if (i % 512 === 0) frame = (next() & 0xfffff) * 0x100 + (next() & 0xff) * 0x1000000; // a new table
    frame = (frame + 1) % 2 ** 40;
    const present = i % 97 !== 0;
    const writable = (i >> 6) % 4 !== 0;
    const user = (i >> 9) % 2 === 0;
    const accessed = present && i % 13 !== 0;
    const dirty = writable && i % 5 !== 0;
    const nx = (i >> 8) % 3 !== 0;
    const soft = (i >> 10) & 7;
    const lo =
      (present ? 1 : 0) |
      (writable ? 2 : 0) |
      (user ? 4 : 0) |
      (accessed ? 0x20 : 0) |
      (dirty ? 0x40 : 0) |
      (soft << 9) |
      ((frame & 0xfffff) << 12);
    const hi = Math.floor(frame / 0x100000) | ((i & 0x7f) << 20) | (nx ? 0x80000000 : 0);
    view.setUint32(i * 8, lo >>> 0, true);
    view.setUint32(i * 8 + 4, hi >>> 0, true);
  }
  const entries: Pte[] = [];
  for (let i = 0; i < N_PTE; i++) entries.push(Pte.decodeHalves(view.getUint32(i * 8, true), view.getUint32(i * 8 + 4, true)));
  return { bytes, view, entries };
}

// Every decoder consumes the six fields as an emulator would, branching on the flags and
// using the frame; the result is a checksum all implementations must agree on.

/** What Kaitai Struct's parser of bench/kaitai/x86_pte_table.ksy gives. */
export interface KaitaiPteTable {
  readonly entries: readonly {
    readonly present: boolean;
    readonly writable: boolean;
    readonly user: boolean;
    readonly accessed: boolean;
    readonly executeDisable: boolean;
    readonly frame: number;
  }[];
}

export function decodeCase(f: PteFixture, kaitai: KaitaiParse<KaitaiPteTable>): Case {
  const dv = f.view;
  const entryParser = new Parser().uint32le('lo').uint32le('hi');
  const tableParser = new Parser().array('entries', { type: entryParser, length: N_PTE });
  const rEntry = new r.Struct({ lo: r.uint32le, hi: r.uint32le });
  const rTable = new r.Array(rEntry, N_PTE);
  const buffer = Buffer.from(f.bytes.buffer, f.bytes.byteOffset, f.bytes.byteLength);
  const table = pteTable();
  const [present, writable, user, accessed, executeDisable, frame] = ['present', 'writable', 'user', 'accessed', 'executeDisable', 'frame'].map((f) => bitsFieldReader(table, f)!);
  return {
    name: '1. decode 6 fields of 1M x86-64 PTEs',
    ops: N_PTE,
    impls: [
      {
        name: 'hand-written DataView, shift and mask',
        run() {
          let acc = 0;
          for (let o = 0; o < N_PTE * 8; o += 8) {
            const lo = dv.getUint32(o, true);
            const hi = dv.getUint32(o + 4, true);
            const frame = ((lo & 0xfffff000) >>> 0) + (hi & 0xfffff) * 0x100000000;
            if ((lo & 1) !== 0) acc += 1;
            if ((lo & 2) !== 0) acc += 2;
            if ((lo & 4) !== 0) acc += 4;
            if ((lo & 0x20) !== 0) acc += 8;
            if (hi >>> 31 !== 0) acc += 16;
            acc = (acc + ((frame / 4096) & 0xffff)) | 0;
          }
          return acc;
        },
      },
      {
        name: 'generated: Pte.field(lo, hi)',
        run() {
          let acc = 0;
          for (let o = 0; o < N_PTE * 8; o += 8) {
            const lo = dv.getUint32(o, true);
            const hi = dv.getUint32(o + 4, true);
            if (Pte.present(lo, hi)) acc += 1;
            if (Pte.writable(lo, hi)) acc += 2;
            if (Pte.user(lo, hi)) acc += 4;
            if (Pte.accessed(lo, hi)) acc += 8;
            if (Pte.executeDisable(lo, hi)) acc += 16;
            acc = (acc + ((Pte.frame(lo, hi) / 4096) & 0xffff)) | 0;
          }
          return acc;
        },
      },
      {
        name: 'generated: PteView getters',
        extra: true,
        run() {
          let acc = 0;
          const pte = new PteView(dv);
          for (let o = 0; o < N_PTE * 8; o += 8) {
            pte.byteOffset = o;
            if (pte.present) acc += 1;
            if (pte.writable) acc += 2;
            if (pte.user) acc += 4;
            if (pte.accessed) acc += 8;
            if (pte.executeDisable) acc += 16;
            acc = (acc + ((pte.frame / 4096) & 0xffff)) | 0;
          }
          return acc;
        },
      },
      {
        name: 'generated: Pte.decodeHalves (all 14 fields)',
        extra: true,
        run() {
          let acc = 0;
          for (let o = 0; o < N_PTE * 8; o += 8) {
            const e = Pte.decodeHalves(dv.getUint32(o, true), dv.getUint32(o + 4, true));
            if (e.present) acc += 1;
            if (e.writable) acc += 2;
            if (e.user) acc += 4;
            if (e.accessed) acc += 8;
            if (e.executeDisable) acc += 16;
            acc = (acc + ((e.frame / 4096) & 0xffff)) | 0;
          }
          return acc;
        },
      },
      {
        // runtime/tables.ts: the six fields read from the plain-data tables, a reader per field.
        name: 'decode tables: bitsFieldReader (6 fields)',
        run() {
          let acc = 0;
          for (let o = 0; o < N_PTE * 8; o += 8) {
            const lo = dv.getUint32(o, true);
            const hi = dv.getUint32(o + 4, true);
            if (present(lo, hi)) acc += 1;
            if (writable(lo, hi)) acc += 2;
            if (user(lo, hi)) acc += 4;
            if (accessed(lo, hi)) acc += 8;
            if (executeDisable(lo, hi)) acc += 16;
            acc = (acc + (((frame(lo, hi) as number) / 4096) & 0xffff)) | 0;
          }
          return acc;
        },
      },
      {
        // runtime/tables.ts: the same decode from the plain-data tables, no code generated per type.
        name: 'decode tables: decodeBitsParts (all 14)',
        extra: true,
        run() {
          let acc = 0;
          const parts = [0, 0];
          for (let o = 0; o < N_PTE * 8; o += 8) {
            parts[0] = dv.getUint32(o, true);
            parts[1] = dv.getUint32(o + 4, true);
            const e = decodeBitsParts(table, parts).fields;
            if (e['present']) acc += 1;
            if (e['writable']) acc += 2;
            if (e['user']) acc += 4;
            if (e['accessed']) acc += 8;
            if (e['executeDisable']) acc += 16;
            acc = (acc + (((e['frame'] as number) / 4096) & 0xffff)) | 0;
          }
          return acc;
        },
      },
      {
        name: 'binary-parser (words) + shift and mask',
        library: true,
        run() {
          let acc = 0;
          const { entries } = tableParser.parse(buffer) as { entries: { lo: number; hi: number }[] };
          for (const { lo, hi } of entries) {
            const frame = ((lo & 0xfffff000) >>> 0) + (hi & 0xfffff) * 0x100000000;
            if ((lo & 1) !== 0) acc += 1;
            if ((lo & 2) !== 0) acc += 2;
            if ((lo & 4) !== 0) acc += 4;
            if ((lo & 0x20) !== 0) acc += 8;
            if (hi >>> 31 !== 0) acc += 16;
            acc = (acc + ((frame / 4096) & 0xffff)) | 0;
          }
          return acc;
        },
      },
      {
        name: 'Kaitai Struct (bit fields)',
        library: true,
        run() {
          let acc = 0;
          const { entries } = kaitai(f.bytes.buffer as ArrayBuffer);
          for (const e of entries) {
            if (e.present) acc += 1;
            if (e.writable) acc += 2;
            if (e.user) acc += 4;
            if (e.accessed) acc += 8;
            if (e.executeDisable) acc += 16;
            acc = (acc + ((e.frame / 4096) & 0xffff)) | 0;
          }
          return acc;
        },
      },
      {
        name: 'restructure (words) + shift and mask',
        library: true,
        run() {
          let acc = 0;
          const entries = rTable.fromBuffer(buffer) as { lo: number; hi: number }[];
          for (const { lo, hi } of entries) {
            const frame = ((lo & 0xfffff000) >>> 0) + (hi & 0xfffff) * 0x100000000;
            if ((lo & 1) !== 0) acc += 1;
            if ((lo & 2) !== 0) acc += 2;
            if ((lo & 4) !== 0) acc += 4;
            if ((lo & 0x20) !== 0) acc += 8;
            if (hi >>> 31 !== 0) acc += 16;
            acc = (acc + ((frame / 4096) & 0xffff)) | 0;
          }
          return acc;
        },
      },
    ],
  };
}

export function encodeCase(f: PteFixture): Case {
  const out = new Uint8Array(N_PTE * 8);
  const dv = new DataView(out.buffer);
  const entries = f.entries;
  /** A cheap checksum of the output (the full comparison is `verify`). */
  const check = () => {
    const n = out.length;
    return (dv.getUint32(n - 8, true) ^ dv.getUint32(n - 4, true) ^ dv.getUint32(0, true)) >>> 0;
  };
  return {
    name: '2. encode 1M x86-64 PTEs from objects',
    ops: N_PTE,
    verify(impl) {
      for (let i = 0; i < out.length; i++) {
        if (out[i] !== f.bytes[i]) throw new Error(`${impl.name}: byte ${i} is ${out[i]}, not ${f.bytes[i]}`);
      }
      out.fill(0);
    },
    impls: [
      {
        name: 'hand-written DataView, shift and or (no checks)',
        run() {
          for (let i = 0; i < N_PTE; i++) {
            const e = entries[i];
            const lo =
              (e.present ? 1 : 0) |
              (e.writable ? 2 : 0) |
              (e.user ? 4 : 0) |
              (e.writeThrough ? 8 : 0) |
              (e.cacheDisable ? 0x10 : 0) |
              (e.accessed ? 0x20 : 0) |
              (e.dirty ? 0x40 : 0) |
              (e.pat ? 0x80 : 0) |
              (e.global ? 0x100 : 0) |
              ((e.reserved9_11 ?? 0) << 9) |
              (e.frame & 0xfffff000);
            const hi =
              ((e.frame / 0x100000000) & 0xfffff) |
              ((e.reserved52_58 ?? 0) << 20) |
              (e.protKey << 27) |
              (e.executeDisable ? 0x80000000 : 0);
            dv.setUint32(i * 8, lo >>> 0, true);
            dv.setUint32(i * 8 + 4, hi >>> 0, true);
          }
          return check();
        },
      },
      {
        name: 'generated: Pte.encodeHalves (range-checked)',
        run() {
          const halves = [0, 0];
          for (let i = 0; i < N_PTE; i++) {
            Pte.encodeHalves(entries[i], halves);
            dv.setUint32(i * 8, halves[0], true);
            dv.setUint32(i * 8 + 4, halves[1], true);
          }
          return check();
        },
      },
      {
        name: 'generated: PteView.write (range-checked)',
        extra: true,
        run() {
          const pte = new PteView(dv);
          for (let i = 0; i < N_PTE; i++) {
            pte.byteOffset = i * 8;
            pte.write(entries[i]);
          }
          return check();
        },
      },
    ],
  };
}
