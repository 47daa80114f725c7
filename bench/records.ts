/**
 * Case 3: reading and writing every field of 100k 64-bit TSS records and 100k Coyotos Process
 * records (x86_64 layout) through the generated struct views, against hand-written DataView
 * code at literal offsets, binary-parser and restructure.
 */
import { Parser } from 'binary-parser';
import * as r from 'restructure';
import { CapHeader, CapType, CapabilityView, MemInfo, ProcessView, type Capability, type Process } from '../generated/ts/x86_64/coyotos.js';
import { Tss64View, type Tss64 } from '../generated/ts/x86_64/x86.js';
import { type Case, scaled } from './harness.js';
import type { KaitaiParse } from './kaitai.js';
import { rng } from './pte.js';

export const N_TSS = scaled(100_000);
export const N_PROC = scaled(100_000);
const TSS = 104;
const PROC = 632;
const CAPS = 38;
const DISTINCT = 1000;

export const fold = (acc: number, n: number) => (acc + n) | 0;

/**
 * 64-bit values are kept, not folded at once: on Node 20 `Number(bigint)` takes about 18 ns,
 * more than `getBigUint64` itself (about 12 ns), so folding each would time the checksum
 * rather than the accessors, and hide what they cost. `fold64` stores a value (a bigint, or a
 * number where a library gives one) in a ring of the last 4096; `seal` ends a run by folding
 * the ring into the checksum, as numbers rounded like `Number(bigint)` (what Kaitai Struct
 * gives), and emptying it. At the test suite's scale the ring holds every value read.
 */
const RING = 4096;
const ring: (bigint | number)[] = new Array<bigint | number>(RING).fill(0);
let ringAt = 0;
export function fold64(acc: number, x: bigint | number): number {
  ring[ringAt] = x;
  ringAt = (ringAt + 1) & (RING - 1);
  return acc;
}
export function seal(acc: number): number {
  for (let i = 0; i < RING; i++) {
    acc = (acc + (Number(ring[i]) | 0)) | 0;
    ring[i] = 0;
  }
  ringAt = 0;
  return acc;
}

const U64_AT = [4, 12, 20, 28, 36, 44, 52, 60, 68, 76, 84, 92] as const;
const TSS_U64 = ['rsp0', 'rsp1', 'rsp2', 'reserved1', 'ist1', 'ist2', 'ist3', 'ist4', 'ist5', 'ist6', 'ist7', 'reserved2'] as const;

function big64(next: () => number): bigint {
  return (BigInt(next()) << 32n) | BigInt(next());
}

// ---------------------------------------------------------------------------
// TSS

/** What Kaitai Struct's parser of bench/kaitai/tss64_table.ksy gives (u8 as a rounded number). */
export interface KaitaiTssTable {
  readonly records: readonly Record<(typeof TSS_U64)[number] | 'reserved0' | 'reserved3' | 'iopb', number>[];
}

export function tssCases(kaitai: KaitaiParse<KaitaiTssTable>): Case[] {
  const next = rng(0x7155);
  const bytes = new Uint8Array(N_TSS * TSS);
  for (let i = 0; i < bytes.length; i++) bytes[i] = next() & 0xff;
  const dv = new DataView(bytes.buffer);
  const values: Tss64[] = Array.from({ length: DISTINCT }, () => ({
    reserved0: next(),
    rsp0: big64(next),
    rsp1: big64(next),
    rsp2: big64(next),
    reserved1: big64(next),
    ist1: big64(next),
    ist2: big64(next),
    ist3: big64(next),
    ist4: big64(next),
    ist5: big64(next),
    ist6: big64(next),
    ist7: big64(next),
    reserved2: big64(next),
    reserved3: next() & 0xffff,
    iopb: next() & 0xffff,
  }));
  const buffer = Buffer.from(bytes.buffer);
  const tssParser = new Parser()
    .uint32le('reserved0')
    .uint64le('rsp0')
    .uint64le('rsp1')
    .uint64le('rsp2')
    .uint64le('reserved1')
    .uint64le('ist1')
    .uint64le('ist2')
    .uint64le('ist3')
    .uint64le('ist4')
    .uint64le('ist5')
    .uint64le('ist6')
    .uint64le('ist7')
    .uint64le('reserved2')
    .uint16le('reserved3')
    .uint16le('iopb');
  const tableParser = new Parser().array('records', { type: tssParser, length: N_TSS });
  // restructure has no 64-bit integers: each is two 32-bit halves.
  const rU64 = new r.Struct({ lo: r.uint32le, hi: r.uint32le });
  const rTss = new r.Struct({
    reserved0: r.uint32le,
    rsp0: rU64,
    rsp1: rU64,
    rsp2: rU64,
    reserved1: rU64,
    ist1: rU64,
    ist2: rU64,
    ist3: rU64,
    ist4: rU64,
    ist5: rU64,
    ist6: rU64,
    ist7: rU64,
    reserved2: rU64,
    reserved3: r.uint16le,
    iopb: r.uint16le,
  });
  const rTable = new r.Array(rTss, N_TSS);
  type Half = { lo: number; hi: number };
  const rValues = values.map((v) => {
    const o: Record<string, unknown> = { reserved0: v.reserved0, reserved3: v.reserved3, iopb: v.iopb };
    for (const k of TSS_U64) o[k] = { lo: Number(v[k] & 0xffffffffn), hi: Number(v[k] >> 32n) };
    return o;
  });
  const rRecords = Array.from({ length: N_TSS }, (_, i) => rValues[i % DISTINCT]);

  const out = new Uint8Array(N_TSS * TSS);
  const odv = new DataView(out.buffer);
  const expected = new Uint8Array(N_TSS * TSS);
  {
    const edv = new DataView(expected.buffer);
    for (let i = 0; i < N_TSS; i++) {
      const v = values[i % DISTINCT];
      const o = i * TSS;
      edv.setUint32(o, v.reserved0, true);
      TSS_U64.forEach((k, j) => edv.setBigUint64(o + U64_AT[j], v[k], true));
      edv.setUint16(o + 100, v.reserved3, true);
      edv.setUint16(o + 102, v.iopb, true);
    }
  }
  const outSum = () => (odv.getUint32(0, true) ^ odv.getUint32(out.length - 4, true)) >>> 0;

  const read: Case = {
    name: '3a. read all 15 fields of 100k TSS',
    ops: N_TSS,
    impls: [
      {
        name: 'hand-written DataView',
        run() {
          let acc = 0;
          for (let o = 0; o < N_TSS * TSS; o += TSS) {
            acc = fold(acc, dv.getUint32(o, true));
            acc = fold64(acc, dv.getBigUint64(o + 4, true));
            acc = fold64(acc, dv.getBigUint64(o + 12, true));
            acc = fold64(acc, dv.getBigUint64(o + 20, true));
            acc = fold64(acc, dv.getBigUint64(o + 28, true));
            acc = fold64(acc, dv.getBigUint64(o + 36, true));
            acc = fold64(acc, dv.getBigUint64(o + 44, true));
            acc = fold64(acc, dv.getBigUint64(o + 52, true));
            acc = fold64(acc, dv.getBigUint64(o + 60, true));
            acc = fold64(acc, dv.getBigUint64(o + 68, true));
            acc = fold64(acc, dv.getBigUint64(o + 76, true));
            acc = fold64(acc, dv.getBigUint64(o + 84, true));
            acc = fold64(acc, dv.getBigUint64(o + 92, true));
            acc = fold(acc, dv.getUint16(o + 100, true));
            acc = fold(acc, dv.getUint16(o + 102, true));
          }
          return seal(acc);
        },
      },
      {
        name: 'generated: Tss64View getters',
        run() {
          let acc = 0;
          const t = new Tss64View(dv);
          for (let o = 0; o < N_TSS * TSS; o += TSS) {
            t.byteOffset = o;
            acc = fold(acc, t.reserved0);
            acc = fold64(acc, t.rsp0);
            acc = fold64(acc, t.rsp1);
            acc = fold64(acc, t.rsp2);
            acc = fold64(acc, t.reserved1);
            acc = fold64(acc, t.ist1);
            acc = fold64(acc, t.ist2);
            acc = fold64(acc, t.ist3);
            acc = fold64(acc, t.ist4);
            acc = fold64(acc, t.ist5);
            acc = fold64(acc, t.ist6);
            acc = fold64(acc, t.ist7);
            acc = fold64(acc, t.reserved2);
            acc = fold(acc, t.reserved3);
            acc = fold(acc, t.iopb);
          }
          return seal(acc);
        },
      },
      {
        name: 'generated: Tss64View.read() objects',
        extra: true,
        run() {
          let acc = 0;
          const t = new Tss64View(dv);
          for (let o = 0; o < N_TSS * TSS; o += TSS) {
            t.byteOffset = o;
            const v = t.read();
            acc = fold(acc, v.reserved0);
            for (const k of TSS_U64) acc = fold64(acc, v[k]);
            acc = fold(acc, v.reserved3);
            acc = fold(acc, v.iopb);
          }
          return seal(acc);
        },
      },
      {
        name: 'binary-parser',
        library: true,
        run() {
          let acc = 0;
          const { records } = tableParser.parse(buffer) as { records: Tss64[] };
          for (const v of records) {
            acc = fold(acc, v.reserved0);
            for (const k of TSS_U64) acc = fold64(acc, v[k]);
            acc = fold(acc, v.reserved3);
            acc = fold(acc, v.iopb);
          }
          return seal(acc);
        },
      },
      {
        name: 'Kaitai Struct',
        library: true,
        run() {
          let acc = 0;
          for (const v of kaitai(bytes.buffer).records) {
            acc = fold(acc, v.reserved0);
            for (const k of TSS_U64) acc = fold64(acc, v[k]);
            acc = fold(acc, v.reserved3);
            acc = fold(acc, v.iopb);
          }
          return seal(acc);
        },
      },
      {
        name: 'restructure',
        library: true,
        run() {
          let acc = 0;
          const records = rTable.fromBuffer(buffer) as Record<string, number & Half>[];
          for (const v of records) {
            acc = fold(acc, v.reserved0);
            for (const k of TSS_U64) acc = fold64(acc, v[k].hi * 0x100000000 + v[k].lo);
            acc = fold(acc, v.reserved3);
            acc = fold(acc, v.iopb);
          }
          return seal(acc);
        },
      },
    ],
  };

  const write: Case = {
    name: '3b. write all 15 fields of 100k TSS',
    ops: N_TSS,
    verify(impl) {
      for (let i = 0; i < out.length; i++) if (out[i] !== expected[i]) throw new Error(`${impl.name}: byte ${i} differs`);
      out.fill(0);
    },
    impls: [
      {
        name: 'hand-written DataView (no checks)',
        run() {
          for (let i = 0; i < N_TSS; i++) {
            const v = values[i % DISTINCT];
            const o = i * TSS;
            odv.setUint32(o, v.reserved0, true);
            odv.setBigUint64(o + 4, v.rsp0, true);
            odv.setBigUint64(o + 12, v.rsp1, true);
            odv.setBigUint64(o + 20, v.rsp2, true);
            odv.setBigUint64(o + 28, v.reserved1, true);
            odv.setBigUint64(o + 36, v.ist1, true);
            odv.setBigUint64(o + 44, v.ist2, true);
            odv.setBigUint64(o + 52, v.ist3, true);
            odv.setBigUint64(o + 60, v.ist4, true);
            odv.setBigUint64(o + 68, v.ist5, true);
            odv.setBigUint64(o + 76, v.ist6, true);
            odv.setBigUint64(o + 84, v.ist7, true);
            odv.setBigUint64(o + 92, v.reserved2, true);
            odv.setUint16(o + 100, v.reserved3, true);
            odv.setUint16(o + 102, v.iopb, true);
          }
          return outSum();
        },
      },
      {
        name: 'generated: Tss64View setters (range-checked)',
        run() {
          const t = new Tss64View(odv);
          for (let i = 0; i < N_TSS; i++) {
            const v = values[i % DISTINCT];
            t.byteOffset = i * TSS;
            t.reserved0 = v.reserved0;
            t.rsp0 = v.rsp0;
            t.rsp1 = v.rsp1;
            t.rsp2 = v.rsp2;
            t.reserved1 = v.reserved1;
            t.ist1 = v.ist1;
            t.ist2 = v.ist2;
            t.ist3 = v.ist3;
            t.ist4 = v.ist4;
            t.ist5 = v.ist5;
            t.ist6 = v.ist6;
            t.ist7 = v.ist7;
            t.reserved2 = v.reserved2;
            t.reserved3 = v.reserved3;
            t.iopb = v.iopb;
          }
          return outSum();
        },
      },
      {
        // What the range checks cost: the hand-written code with the checks the setters make.
        name: 'hand-written DataView + the same range checks',
        reference: true,
        run() {
          for (let i = 0; i < N_TSS; i++) {
            const v = values[i % DISTINCT];
            const o = i * TSS;
            if (v.reserved0 >>> 0 !== v.reserved0) throw new RangeError('u32');
            odv.setUint32(o, v.reserved0, true);
            odv.setBigUint64(o + 4, u64(v.rsp0), true);
            odv.setBigUint64(o + 12, u64(v.rsp1), true);
            odv.setBigUint64(o + 20, u64(v.rsp2), true);
            odv.setBigUint64(o + 28, u64(v.reserved1), true);
            odv.setBigUint64(o + 36, u64(v.ist1), true);
            odv.setBigUint64(o + 44, u64(v.ist2), true);
            odv.setBigUint64(o + 52, u64(v.ist3), true);
            odv.setBigUint64(o + 60, u64(v.ist4), true);
            odv.setBigUint64(o + 68, u64(v.ist5), true);
            odv.setBigUint64(o + 76, u64(v.ist6), true);
            odv.setBigUint64(o + 84, u64(v.ist7), true);
            odv.setBigUint64(o + 92, u64(v.reserved2), true);
            if ((v.reserved3 & 0xffff) !== v.reserved3 || (v.iopb & 0xffff) !== v.iopb) throw new RangeError('u16');
            odv.setUint16(o + 100, v.reserved3, true);
            odv.setUint16(o + 102, v.iopb, true);
          }
          return outSum();
        },
      },
      {
        name: 'generated: Tss64View.write(object) (range-checked)',
        extra: true,
        run() {
          const t = new Tss64View(odv);
          for (let i = 0; i < N_TSS; i++) {
            t.byteOffset = i * TSS;
            t.write(values[i % DISTINCT]);
          }
          return outSum();
        },
      },
      {
        name: 'restructure',
        library: true,
        run() {
          out.set(rTable.toBuffer(rRecords));
          return outSum();
        },
      },
    ],
  };
  return [read, write];
}

// ---------------------------------------------------------------------------
// Process

const INFO_PROT = new Set([CapType.Entry]);
const INFO_MEM = new Set([CapType.GPT, CapType.Page, CapType.CapPage, CapType.Window, CapType.LocalWindow]);
const PAYLOAD = new Set([
  CapType.Endpoint,
  CapType.Page,
  CapType.CapPage,
  CapType.GPT,
  CapType.Process,
  CapType.AppNotice,
  CapType.Entry,
  CapType.Window,
  CapType.LocalWindow,
]);
const CAP_TYPES = Object.values(CapType).filter((v): v is CapType => typeof v === 'number');

export function randomCap(next: () => number): Capability {
  const type = CAP_TYPES[next() % CAP_TYPES.length];
  const hdr = { type, swizzled: (next() & 1) === 1, restr: next() & 0x1f, allocCount: next() & 0xfffff };
  const info: Capability['info'] = INFO_PROT.has(type)
    ? { protPayload: next() }
    : INFO_MEM.has(type)
      ? { mem: { l2g: next() & 0x7f, match: next() & 0xffffff, reserved7: 0 } }
      : null;
  const payload: Capability['payload'] = !PAYLOAD.has(type)
    ? null
    : type === CapType.Window || type === CapType.LocalWindow
      ? { offset: big64(next) }
      : { oid: big64(next) };
  return { hdr, info, payload };
}

function randomProcess(next: () => number): Process {
  return {
    runState: next() % 3,
    flags: next() & 0x7f,
    notices: next(),
    faultCode: next() & 0xff,
    faultInfo: big64(next),
    schedule: randomCap(next),
    addrSpace: randomCap(next),
    brand: randomCap(next),
    cohort: randomCap(next),
    ioSpace: randomCap(next),
    handler: randomCap(next),
    capReg: Array.from({ length: 32 }, () => randomCap(next)),
  };
}

function capsOf(p: Process): Capability[] {
  return [p.schedule, p.addrSpace, p.brand, p.cohort, p.ioSpace, p.handler, ...p.capReg];
}

/** Hand-written: writes one capability at `o`. */
export function writeCap(dv: DataView, o: number, c: Capability): void {
  const h = c.hdr;
  dv.setUint32(o, (h.type | (h.swizzled ? 0x40 : 0) | (h.restr << 7) | (h.allocCount << 12)) >>> 0, true);
  const info = c.info;
  if (info !== null) {
    if ('protPayload' in info) dv.setUint32(o + 4, info.protPayload, true);
    else dv.setUint32(o + 4, (info.mem.l2g | (info.mem.match << 8)) >>> 0, true);
  }
  const p = c.payload;
  if (p !== null) {
    if ('oid' in p) dv.setBigUint64(o + 8, p.oid, true);
    else if ('offset' in p) dv.setBigUint64(o + 8, p.offset, true);
  }
}

function writeProcess(dv: DataView, o: number, p: Process): void {
  dv.setUint8(o, p.runState);
  dv.setUint16(o + 2, p.flags, true);
  dv.setUint32(o + 4, p.notices, true);
  dv.setUint32(o + 8, p.faultCode, true);
  dv.setBigUint64(o + 16, p.faultInfo, true);
  writeCap(dv, o + 24, p.schedule);
  writeCap(dv, o + 40, p.addrSpace);
  writeCap(dv, o + 56, p.brand);
  writeCap(dv, o + 72, p.cohort);
  writeCap(dv, o + 88, p.ioSpace);
  writeCap(dv, o + 104, p.handler);
  for (let j = 0; j < 32; j++) writeCap(dv, o + 120 + 16 * j, p.capReg[j]);
}

/** The members a capability type selects, hand-written as switches (see `readCap`). */
function infoOf(type: number): 'protPayload' | 'mem' | null {
  switch (type) {
    case 0x3f:
      return 'protPayload';
    case 0x23:
    case 0x21:
    case 0x22:
    case 0x01:
    case 0x02:
      return 'mem';
    default:
      return null;
  }
}

function payloadOf(type: number): 'oid' | 'offset' | null {
  switch (type) {
    case 0x20:
    case 0x21:
    case 0x22:
    case 0x23:
    case 0x24:
    case 0x25:
    case 0x3f:
      return 'oid';
    case 0x01:
    case 0x02:
      return 'offset';
    default:
      return null;
  }
}

/** A checked unsigned 64-bit value, as a hand-written writer that checks would do it. */
function u64(x: bigint): bigint {
  if (typeof x !== 'bigint' || x < 0n || x > 0xffffffffffffffffn) throw new RangeError('u64');
  return x;
}

/** Hand-written with the checks the generated writer makes: ranges, flags, union members. */
function writeCapChecked(dv: DataView, o: number, c: Capability): void {
  const h = c.hdr;
  if ((h.type & 0x3f) !== h.type || (h.restr & 0x1f) !== h.restr || (h.allocCount & 0xfffff) !== h.allocCount) throw new RangeError('hdr');
  if (h.swizzled !== true && h.swizzled !== false) throw new RangeError('swizzled');
  dv.setUint32(o, (h.type | (h.swizzled ? 0x40 : 0) | (h.restr << 7) | (h.allocCount << 12)) >>> 0, true);
  const info = c.info;
  const wantInfo = infoOf(h.type);
  if (info === null) {
    if (wantInfo !== null) throw new RangeError('info');
  } else if ('protPayload' in info) {
    if (wantInfo !== 'protPayload' || info.protPayload >>> 0 !== info.protPayload) throw new RangeError('protPayload');
    dv.setUint32(o + 4, info.protPayload, true);
  } else {
    const m = info.mem;
    if (wantInfo !== 'mem' || (m.l2g & 0x7f) !== m.l2g || (m.match & 0xffffff) !== m.match) throw new RangeError('mem');
    dv.setUint32(o + 4, (m.l2g | (m.match << 8)) >>> 0, true);
  }
  const p = c.payload;
  const want = payloadOf(h.type);
  if (p === null) {
    if (want !== null) throw new RangeError('payload');
  } else if ('oid' in p) {
    if (want !== 'oid') throw new RangeError('oid');
    dv.setBigUint64(o + 8, u64(p.oid), true);
  } else {
    if (want !== 'offset') throw new RangeError('offset');
    dv.setBigUint64(o + 8, u64(p.offset), true);
  }
}

function writeProcessChecked(dv: DataView, o: number, p: Process): void {
  if ((p.runState & 0xff) !== p.runState || (p.flags & 0xffff) !== p.flags || p.notices >>> 0 !== p.notices || p.faultCode >>> 0 !== p.faultCode)
    throw new RangeError('process');
  dv.setUint8(o, p.runState);
  dv.setUint16(o + 2, p.flags, true);
  dv.setUint32(o + 4, p.notices, true);
  dv.setUint32(o + 8, p.faultCode, true);
  dv.setBigUint64(o + 16, u64(p.faultInfo), true);
  writeCapChecked(dv, o + 24, p.schedule);
  writeCapChecked(dv, o + 40, p.addrSpace);
  writeCapChecked(dv, o + 56, p.brand);
  writeCapChecked(dv, o + 72, p.cohort);
  writeCapChecked(dv, o + 88, p.ioSpace);
  writeCapChecked(dv, o + 104, p.handler);
  if (p.capReg.length !== 32) throw new RangeError('capReg');
  for (let j = 0; j < 32; j++) writeCapChecked(dv, o + 120 + 16 * j, p.capReg[j]);
}

/**
 * Hand-written: folds every field of the capability at `o`. Every reader here, hand-written or
 * not, tests the flag as a condition, as an emulator does with a flag (and as case 1 does).
 */
function readCap(dv: DataView, o: number, acc: number): number {
  const h = dv.getUint32(o, true);
  const type = h & 0x3f;
  acc = fold(acc, type + ((h >>> 7) & 0x1f) + (h >>> 12));
  if ((h & 0x40) !== 0) acc = fold(acc, 1);
  switch (type) {
    case 0x3f:
      acc = fold(acc, dv.getUint32(o + 4, true));
      break;
    case 0x23:
    case 0x21:
    case 0x22:
    case 0x01:
    case 0x02: {
      const w = dv.getUint32(o + 4, true);
      acc = fold(acc, (w & 0x7f) + (w >>> 8));
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
    case 0x01:
    case 0x02:
      acc = fold64(acc, dv.getBigUint64(o + 8, true));
  }
  return acc;
}

/** Generated views: folds every field of a capability. */
function readCapView(c: CapabilityView, acc: number): number {
  const h = c.hdr;
  acc = fold(acc, h.type + h.restr + h.allocCount);
  if (h.swizzled) acc = fold(acc, 1);
  const info = c.info;
  switch (info.selected) {
    case 'protPayload':
      acc = fold(acc, info.protPayload);
      break;
    case 'mem': {
      const m = info.mem;
      acc = fold(acc, m.l2g + m.match);
      break;
    }
  }
  const p = c.payload;
  switch (p.selected) {
    case 'oid':
      acc = fold64(acc, p.oid);
      break;
    case 'offset':
      acc = fold64(acc, p.offset);
      break;
  }
  return acc;
}

/** Generated views for the structure, the companions to decode each bit-layout word once. */
function readCapRaw(c: CapabilityView, acc: number): number {
  const h = c.hdr.raw;
  acc = fold(acc, CapHeader.type(h) + CapHeader.restr(h) + CapHeader.allocCount(h));
  if (CapHeader.swizzled(h)) acc = fold(acc, 1);
  const info = c.info;
  switch (info.selected) {
    case 'protPayload':
      acc = fold(acc, info.protPayload);
      break;
    case 'mem': {
      const w = info.mem.raw;
      acc = fold(acc, MemInfo.l2g(w) + MemInfo.match(w));
      break;
    }
  }
  const p = c.payload;
  switch (p.selected) {
    case 'oid':
      acc = fold64(acc, p.oid);
      break;
    case 'offset':
      acc = fold64(acc, p.offset);
      break;
  }
  return acc;
}

/** Folds a plain capability (from read(), or a library's words). */
export function readCapValue(c: Capability, acc: number): number {
  acc = fold(acc, c.hdr.type + c.hdr.restr + c.hdr.allocCount);
  if (c.hdr.swizzled) acc = fold(acc, 1);
  const info = c.info;
  if (info !== null) acc = fold(acc, 'protPayload' in info ? info.protPayload : info.mem.l2g + info.mem.match);
  const p = c.payload;
  if (p !== null) acc = fold64(acc, 'oid' in p ? p.oid : 'offset' in p ? p.offset : 0n);
  return acc;
}

/** Folds a capability given as its words (libraries). */
function readCapWords(hdr: number, info: number, payload: bigint | number, acc: number): number {
  const type = hdr & 0x3f;
  acc = fold(acc, type + ((hdr >>> 7) & 0x1f) + (hdr >>> 12));
  if ((hdr & 0x40) !== 0) acc = fold(acc, 1);
  if (type === 0x3f) acc = fold(acc, info);
  else if (type === 0x23 || type === 0x21 || type === 0x22 || type === 1 || type === 2) acc = fold(acc, (info & 0x7f) + (info >>> 8));
  if (PAYLOAD.has(type)) acc = fold64(acc, payload);
  return acc;
}

/** What Kaitai Struct's parser of bench/kaitai/process_table.ksy gives (u8 as a rounded number). */
export interface KaitaiProcessTable {
  readonly records: readonly {
    readonly runState: number;
    readonly flags: number;
    readonly notices: number;
    readonly faultCode: number;
    readonly faultInfo: number;
    readonly caps: readonly {
      readonly type: number;
      readonly swizzled: boolean;
      readonly restr: number;
      readonly allocCount: number;
      readonly info: number | { readonly l2g: number; readonly match: number };
      readonly payload: number;
    }[];
  }[];
}

export function processCases(kaitai: KaitaiParse<KaitaiProcessTable>): Case[] {
  const next = rng(0x9c0c);
  const values = Array.from({ length: DISTINCT }, () => randomProcess(next));
  const bytes = new Uint8Array(N_PROC * PROC);
  const dv = new DataView(bytes.buffer);
  for (let i = 0; i < N_PROC; i++) writeProcess(dv, i * PROC, values[(i * 7) % DISTINCT]);
  const buffer = Buffer.from(bytes.buffer);

  const capParser = new Parser().uint32le('hdr').uint32le('info').uint64le('payload');
  const procParser = new Parser()
    .uint8('runState')
    .skip(1)
    .uint16le('flags')
    .uint32le('notices')
    .uint32le('faultCode')
    .skip(4)
    .uint64le('faultInfo')
    .array('caps', { type: capParser, length: CAPS });
  const tableParser = new Parser().array('records', { type: procParser, length: N_PROC });
  const rCap = new r.Struct({ hdr: r.uint32le, info: r.uint32le, lo: r.uint32le, hi: r.uint32le });
  const rProc = new r.Struct({
    runState: r.uint8,
    pad0: new r.Reserved(r.uint8),
    flags: r.uint16le,
    notices: r.uint32le,
    faultCode: r.uint32le,
    pad1: new r.Reserved(r.uint32le),
    faultLo: r.uint32le,
    faultHi: r.uint32le,
    caps: new r.Array(rCap, CAPS),
  });
  const rTable = new r.Array(rProc, N_PROC);
  type RCap = { hdr: number; info: number; lo: number; hi: number };
  const toR = (p: Process) => {
    const src = new Uint8Array(PROC);
    writeProcess(new DataView(src.buffer), 0, p);
    return (rProc as unknown as { fromBuffer(b: Uint8Array): unknown }).fromBuffer(src);
  };
  const rValues = values.map(toR);
  const rRecords = Array.from({ length: N_PROC }, (_, i) => rValues[(i * 7) % DISTINCT]);

  const out = new Uint8Array(N_PROC * PROC);
  const odv = new DataView(out.buffer);
  const outSum = () => (odv.getUint32(0, true) ^ odv.getUint32(out.length - 4, true)) >>> 0;

  const read: Case = {
    name: '3c. read all fields of 100k Process (38 capabilities each)',
    ops: N_PROC,
    impls: [
      {
        name: 'hand-written DataView',
        run() {
          let acc = 0;
          for (let o = 0; o < N_PROC * PROC; o += PROC) {
            acc = fold(acc, dv.getUint8(o) + dv.getUint16(o + 2, true) + dv.getUint32(o + 4, true) + dv.getUint32(o + 8, true));
            acc = fold64(acc, dv.getBigUint64(o + 16, true));
            for (let k = 0; k < 6; k++) acc = readCap(dv, o + 24 + 16 * k, acc);
            for (let j = 0; j < 32; j++) acc = readCap(dv, o + 120 + 16 * j, acc);
          }
          return seal(acc);
        },
      },
      {
        name: 'generated: ProcessView, raw words + companion decoders',
        run() {
          let acc = 0;
          const p = new ProcessView(dv);
          for (let o = 0; o < N_PROC * PROC; o += PROC) {
            p.byteOffset = o;
            acc = fold(acc, p.runState + p.flags + p.notices + p.faultCode);
            acc = fold64(acc, p.faultInfo);
            acc = readCapRaw(p.schedule, acc);
            acc = readCapRaw(p.addrSpace, acc);
            acc = readCapRaw(p.brand, acc);
            acc = readCapRaw(p.cohort, acc);
            acc = readCapRaw(p.ioSpace, acc);
            acc = readCapRaw(p.handler, acc);
            for (let j = 0; j < 32; j++) acc = readCapRaw(p.capRegAt(j), acc);
          }
          return seal(acc);
        },
      },
      {
        name: 'generated: ProcessView, a getter per bit field',
        extra: true,
        run() {
          let acc = 0;
          const p = new ProcessView(dv);
          for (let o = 0; o < N_PROC * PROC; o += PROC) {
            p.byteOffset = o;
            acc = fold(acc, p.runState + p.flags + p.notices + p.faultCode);
            acc = fold64(acc, p.faultInfo);
            acc = readCapView(p.schedule, acc);
            acc = readCapView(p.addrSpace, acc);
            acc = readCapView(p.brand, acc);
            acc = readCapView(p.cohort, acc);
            acc = readCapView(p.ioSpace, acc);
            acc = readCapView(p.handler, acc);
            for (let j = 0; j < 32; j++) acc = readCapView(p.capRegAt(j), acc);
          }
          return seal(acc);
        },
      },
      {
        name: 'generated: ProcessView.read() objects',
        extra: true,
        run() {
          let acc = 0;
          const p = new ProcessView(dv);
          for (let o = 0; o < N_PROC * PROC; o += PROC) {
            p.byteOffset = o;
            const v = p.read();
            acc = fold(acc, v.runState + v.flags + v.notices + v.faultCode);
            acc = fold64(acc, v.faultInfo);
            for (const c of capsOf(v)) acc = readCapValue(c, acc);
          }
          return seal(acc);
        },
      },
      {
        name: 'binary-parser (words) + shift and mask',
        library: true,
        run() {
          let acc = 0;
          type P = {
            runState: number;
            flags: number;
            notices: number;
            faultCode: number;
            faultInfo: bigint;
            caps: { hdr: number; info: number; payload: bigint }[];
          };
          const { records } = tableParser.parse(buffer) as { records: P[] };
          for (const v of records) {
            acc = fold(acc, v.runState + v.flags + v.notices + v.faultCode);
            acc = fold64(acc, v.faultInfo);
            for (const c of v.caps) acc = readCapWords(c.hdr, c.info, c.payload, acc);
          }
          return seal(acc);
        },
      },
      {
        name: 'Kaitai Struct (bit fields, switch on the type)',
        library: true,
        run() {
          let acc = 0;
          for (const v of kaitai(bytes.buffer).records) {
            acc = fold(acc, v.runState + v.flags + v.notices + v.faultCode);
            acc = fold64(acc, v.faultInfo);
            for (const c of v.caps) {
              acc = fold(acc, c.type + c.restr + c.allocCount);
              if (c.swizzled) acc = fold(acc, 1);
              const info = c.info;
              if (c.type === 0x3f) acc = fold(acc, info as number);
              else if (typeof info === 'object') acc = fold(acc, info.l2g + info.match);
              if (PAYLOAD.has(c.type)) acc = fold64(acc, c.payload);
            }
          }
          return seal(acc);
        },
      },
      {
        name: 'restructure (words) + shift and mask',
        library: true,
        run() {
          let acc = 0;
          type P = { runState: number; flags: number; notices: number; faultCode: number; faultLo: number; faultHi: number; caps: RCap[] };
          const records = rTable.fromBuffer(buffer) as P[];
          for (const v of records) {
            acc = fold(acc, v.runState + v.flags + v.notices + v.faultCode);
            acc = fold64(acc, v.faultHi * 0x100000000 + v.faultLo);
            for (const c of v.caps) acc = readCapWords(c.hdr, c.info, c.hi * 0x100000000 + c.lo, acc);
          }
          return seal(acc);
        },
      },
    ],
  };

  const write: Case = {
    name: '3d. write all fields of 100k Process (38 capabilities each)',
    ops: N_PROC,
    verify(impl) {
      for (let i = 0; i < out.length; i++) if (out[i] !== bytes[i]) throw new Error(`${impl.name}: byte ${i} differs`);
      out.fill(0);
    },
    impls: [
      {
        name: 'hand-written DataView (no checks)',
        run() {
          for (let i = 0; i < N_PROC; i++) writeProcess(odv, i * PROC, values[(i * 7) % DISTINCT]);
          return outSum();
        },
      },
      {
        // What the checks cost: the hand-written code with the checks the generated writer makes.
        name: 'hand-written DataView + the same checks',
        reference: true,
        run() {
          for (let i = 0; i < N_PROC; i++) writeProcessChecked(odv, i * PROC, values[(i * 7) % DISTINCT]);
          return outSum();
        },
      },
      {
        name: 'generated: ProcessView.write(object) (range-checked)',
        run() {
          const p = new ProcessView(odv);
          for (let i = 0; i < N_PROC; i++) {
            p.byteOffset = i * PROC;
            p.write(values[(i * 7) % DISTINCT]);
          }
          return outSum();
        },
      },
      {
        name: 'restructure (words)',
        library: true,
        run() {
          out.set(rTable.toBuffer(rRecords));
          return outSum();
        },
      },
    ],
  };
  return [read, write];
}
