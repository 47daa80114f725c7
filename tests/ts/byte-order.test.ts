/**
 * Views of a stated byte order, without a C compiler (tests/toolchains/byte-order.test.ts holds
 * them to gcc): a fixed-order struct or bit layout writes the same bytes from the module of a
 * little-endian and of a big-endian target, in its order; a view of runtime order writes in the
 * order it was given (the target's without one), gives it to its nested views, and keeps a
 * fixed-order bit layout in its own; the decode tables agree.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tsEmitter } from '../../generator/emitters/ts/index.js';
import { valueTables } from '../../generator/emitters/tables/index.js';
import { collect } from '../../generator/emitters/emitter.js';
import { readValue } from '../../runtime/tables.js';
import { compileSources } from '../helpers/compile.js';
import { runtimeFor } from '../helpers/runtime.js';
import { ROOT } from './oracle.js';
import { canonMine, canonTs, stringify } from '../tables/canon.js';

const SPEC = fs.readFileSync(path.join(ROOT, 'tests/golden/byte-order/spec.cdl'), 'utf8');
const result = compileSources({ 'wire.cdl': SPEC }, { targets: ['x86_64', 's390x'], configs: [null] });
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Module = Record<string, any>;
const modules = new Map<string, Module>();
let OUT = '';

beforeAll(async () => {
  OUT = fs.mkdtempSync(path.join(os.tmpdir(), 'cdl-ts-byte-order-'));
  for (const f of await collect(tsEmitter.emit({ layouts: result.layouts, specs: ['wire.cdl'], runtime: runtimeFor(OUT) }))) {
    fs.mkdirSync(path.dirname(path.join(OUT, f.path)), { recursive: true });
    fs.writeFileSync(path.join(OUT, f.path), f.contents);
  }
  for (const t of ['x86_64', 's390x']) modules.set(t, (await import(/* @vite-ignore */ path.join(OUT, 'ts', t, 'wire.ts'))) as Module);
}, 60_000);

afterAll(() => {
  if (OUT) fs.rmSync(OUT, { recursive: true, force: true });
});

const IP = { versionIhl: 0x45, tos: 0, totalLength: 0x1234, id: 0xabcd, fragment: { offset: 0x102, moreFragments: true, dontFragment: false }, ttl: 64, protocol: 17, checksum: 0xbeef, source: 0xc0a80001, destination: 0x08080808 };
const NOTE = { nameSize: 0x01020304, descSize: 5, type: 6 };
const HEADER = { ident: [1, 2, 3, 4], kind: 0x0102, entry: 0x1122334455667788n, notes: [NOTE, NOTE], command: { io: true, memory: false, busMaster: true }, sizes: [-2, 7] };

describe('views of a stated byte order', () => {
  it('write a fixed-order struct in its order, the same bytes on targets of either order', () => {
    const images = ['x86_64', 's390x'].map((t) => {
      const m = modules.get(t)!;
      const bytes = new Uint8Array(m.Ip4HeaderView.SIZE);
      new m.Ip4HeaderView(bytes).write(IP);
      expect(new m.Ip4HeaderView(bytes).read()).toMatchObject(IP);
      return bytes;
    });
    expect(images[0]).toEqual(images[1]);
    const dv = new DataView(images[0].buffer);
    // Big-endian whatever the target: RFC 791's bytes.
    expect([images[0][2], images[0][3]]).toEqual([0x12, 0x34]);
    expect(dv.getUint32(12, false)).toBe(IP.source);
    // The flags word: dontFragment (bit 14) clear, moreFragments (bit 13) set, offset 0x102.
    expect(dv.getUint16(6, false)).toBe((1 << 13) | 0x102);
  });

  it('keep a fixed-order bit layout in its order inside a struct of the target order', () => {
    for (const t of ['x86_64', 's390x']) {
      const m = modules.get(t)!;
      const bytes = new Uint8Array(m.DeviceView.SIZE);
      const view = new m.DeviceView(bytes);
      view.vendor = 0x8086;
      view.command.write({ io: false, memory: true, busMaster: true });
      view.serial.write({ low: 0x0102030405060708n, high: 0x1112131415161718n });
      const dv = new DataView(bytes.buffer);
      expect(dv.getUint16(0, t === 'x86_64'), t).toBe(0x8086);
      // PCI's little-endian word: memory (bit 1) and busMaster (bit 2) in its first byte.
      expect([bytes[2], bytes[3]], t).toEqual([0x06, 0x00]);
      // Each word of the serial big-endian, word 0 (bits 0..63) first.
      expect(dv.getBigUint64(16, false), t).toBe(0x0102030405060708n);
      expect(dv.getBigUint64(24, false), t).toBe(0x1112131415161718n);
      expect(view.serial.read(), t).toMatchObject({ low: 0x0102030405060708n, high: 0x1112131415161718n });
    }
  });

  it('give a runtime-order view the order it was given, and its nested views too', () => {
    for (const t of ['x86_64', 's390x']) {
      const m = modules.get(t)!;
      const targetLe = t === 'x86_64';
      const written = [undefined, true, false].map((le) => {
        const bytes = new Uint8Array(m.HeaderView.SIZE);
        const view = le === undefined ? new m.HeaderView(bytes) : new m.HeaderView(bytes, 0, { littleEndian: le });
        expect(view.littleEndian, t).toBe(le ?? targetLe);
        view.write(HEADER);
        const dv = new DataView(bytes.buffer);
        const order = le ?? targetLe;
        expect(dv.getUint16(4, order), `${t} kind`).toBe(HEADER.kind);
        expect(dv.getBigUint64(8, order), `${t} entry`).toBe(HEADER.entry);
        // The nested note of runtime order reads in its holder's order.
        expect(view.notesAt(1).littleEndian).toBe(order);
        expect(dv.getUint32(16 + 12, order)).toBe(NOTE.nameSize);
        view.notesAt(1).descSize = 0x0a0b0c0d;
        expect(dv.getUint32(16 + 12 + 4, order)).toBe(0x0a0b0c0d);
        view.notesAt(1).descSize = NOTE.descSize;
        // The PCI word keeps its own order in either.
        expect(dv.getUint16(40, true)).toBe(0b101);
        expect(m.HeaderView.readAt(dv, 0, order)).toMatchObject(HEADER);
        return { bytes, order };
      });
      // Without an order, the target's.
      expect(written[0].bytes).toEqual(written[targetLe ? 1 : 2].bytes);
      expect(written[1].bytes).not.toEqual(written[2].bytes);
      // The decode tables read each the same, given the order (and, without one, the target's).
      const tables = valueTables(result.layouts.find((l) => l.target.name === t)!);
      const same = (mine: unknown, theirs: unknown) => expect(stringify(canonMine(tables, 'wire.Header', mine as never))).toBe(stringify(canonTs(tables, 'wire.Header', theirs)));
      for (const w of written) {
        const dv = new DataView(w.bytes.buffer);
        same(readValue(tables, 'wire.Header', dv, 0, undefined, { littleEndian: w.order }), m.HeaderView.readAt(dv, 0, w.order));
      }
      const dv0 = new DataView(written[0].bytes.buffer);
      same(readValue(tables, 'wire.Header', dv0, 0), m.HeaderView.readAt(dv0, 0));
    }
  });
});
