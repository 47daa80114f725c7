/**
 * Case 4: the decode tables (runtime/tables.ts, plain data and one interpreter for every type)
 * against the generated TypeScript on what a debugger reads most: 1M Coyotos capabilities
 * (x86_64 layout) read from memory into objects, the header's bit fields decoded and the info
 * and payload words picked by the header's type.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CapabilityView, type Capability } from '../generated/ts/x86_64/coyotos.js';
import { readValue, valueReader, type DecodedBits, type MemoryValue, type ValueTables } from '../runtime/tables.js';
import { repoRoot } from './generator.js';
import { type Case, scaled } from './harness.js';
import { rng } from './pte.js';
import { fold, fold64, randomCap, readCapValue, seal, writeCap } from './records.js';

export const N_CAP = scaled(1_000_000);
const CAP = 16;
const DISTINCT = 1000;

type TableCap = { readonly hdr: DecodedBits; readonly info: { member: string; value: MemoryValue } | null; readonly payload: { member: string; value: MemoryValue } | null };

/** Folds a capability as the tables read it (bit layouts as decoded values, unions as `{member, value}`). */
function readCapTable(c: TableCap, acc: number): number {
  const h = c.hdr.fields;
  acc = fold(acc, (h['type'] as number) + (h['restr'] as number) + (h['allocCount'] as number));
  if (h['swizzled']) acc = fold(acc, 1);
  const info = c.info;
  if (info !== null) {
    if (info.member === 'protPayload') acc = fold(acc, info.value as number);
    else {
      const m = (info.value as DecodedBits).fields;
      acc = fold(acc, (m['l2g'] as number) + (m['match'] as number));
    }
  }
  if (c.payload !== null) acc = fold64(acc, c.payload.value as bigint);
  return acc;
}

/** Hand-written: one capability read into the object the generated view gives. */
function readCapObject(dv: DataView, o: number): Capability {
  const h = dv.getUint32(o, true);
  const type = h & 0x3f;
  const hdr = { type, swizzled: (h & 0x40) !== 0, restr: (h >>> 7) & 0x1f, allocCount: h >>> 12 };
  let info: Capability['info'] = null;
  let payload: Capability['payload'] = null;
  switch (type) {
    case 0x3f:
      info = { protPayload: dv.getUint32(o + 4, true) };
      break;
    case 0x23:
    case 0x21:
    case 0x22:
    case 0x01:
    case 0x02: {
      const w = dv.getUint32(o + 4, true);
      info = { mem: { l2g: w & 0x7f, reserved7: (w >>> 7) & 1, match: w >>> 8 } };
      break;
    }
  }
  switch (type) {
    case 0x20:
    case 0x21:
    case 0x22:
    case 0x23:
    case 0x24:
    case 0x25:
    case 0x3f:
      payload = { oid: dv.getBigUint64(o + 8, true) };
      break;
    case 0x01:
    case 0x02:
      payload = { offset: dv.getBigUint64(o + 8, true) };
      break;
  }
  return { hdr, info, payload } as Capability;
}

export function tablesCases(): Case[] {
  const tables = JSON.parse(fs.readFileSync(path.join(repoRoot, 'generated/tables/x86_64.json'), 'utf8')) as ValueTables;
  const next = rng(0xcab5);
  const values = Array.from({ length: DISTINCT }, () => randomCap(next));
  const bytes = new Uint8Array(N_CAP * CAP);
  const dv = new DataView(bytes.buffer);
  for (let i = 0; i < N_CAP; i++) writeCap(dv, i * CAP, values[(i * 7) % DISTINCT]!);
  const read = valueReader(tables, 'coyotos.Capability');
  return [
    {
      name: '4. read 1M Coyotos capabilities into objects',
      ops: N_CAP,
      impls: [
        {
          name: 'hand-written DataView, switch on the type',
          run() {
            let acc = 0;
            for (let o = 0; o < N_CAP * CAP; o += CAP) acc = readCapValue(readCapObject(dv, o), acc);
            return seal(acc);
          },
        },
        {
          name: 'generated: CapabilityView.readAt',
          run() {
            let acc = 0;
            for (let o = 0; o < N_CAP * CAP; o += CAP) acc = readCapValue(CapabilityView.readAt(dv, o), acc);
            return seal(acc);
          },
        },
        {
          name: 'decode tables: valueReader(Capability)',
          extra: true,
          run() {
            let acc = 0;
            for (let o = 0; o < N_CAP * CAP; o += CAP) acc = readCapTable(read(dv, o) as TableCap, acc);
            return seal(acc);
          },
        },
        {
          name: 'decode tables: readValue(tables, Capability)',
          extra: true,
          run() {
            let acc = 0;
            for (let o = 0; o < N_CAP * CAP; o += CAP) acc = readCapTable(readValue(tables, 'coyotos.Capability', dv, o) as TableCap, acc);
            return seal(acc);
          },
        },
      ],
    },
  ];
}
