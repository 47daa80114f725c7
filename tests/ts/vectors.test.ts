/** Known values from the manuals, decoded and encoded by the generated TypeScript. */
import { describe, expect, it } from 'vitest';
import { FieldRangeError, TagError } from '../../runtime/index.js';
import { commonModule, targetModule } from './generated.js';

const x86 = await commonModule('x86');
const riscv = await commonModule('riscv');
const coyotos = await commonModule('coyotos');
const x86_64 = await targetModule('x86_64', 'x86');

const bytes = (...b: number[]) => new Uint8Array(b);
const hex = (s: string) => new Uint8Array(s.split(/\s+/).filter(Boolean).map((x) => parseInt(x, 16)));

describe('x86-64 page-table entry 0x8000000012345067 (SDM Vol. 3A, Table 4-20)', () => {
  const fields = {
    present: true,
    writable: true,
    user: true,
    writeThrough: false,
    cacheDisable: false,
    accessed: true,
    dirty: true,
    pat: false,
    global: false,
    frame: 0x12345000,
    protKey: 0,
    executeDisable: true,
  };

  it('decodes from a bigint and from halves', () => {
    expect(x86.Pte.decode(0x8000000012345067n)).toEqual({ ...fields, reserved9_11: 0, reserved52_58: 0 });
    expect(x86.Pte.decodeHalves(0x12345067, 0x80000000)).toMatchObject(fields);
    const [lo, hi] = [0x12345067, 0x80000000];
    expect([x86.Pte.present(lo, hi), x86.Pte.frame(lo, hi), x86.Pte.executeDisable(lo, hi)]).toEqual([true, 0x12345000, true]);
    expect(typeof x86.Pte.frame(lo, hi)).toBe('number');
  });

  it('encodes back, and sets fields in place', () => {
    expect(x86.Pte.encode(fields)).toBe(0x8000000012345067n);
    const out = [0, 0];
    x86.Pte.encodeHalves(fields, out);
    expect(out).toEqual([0x12345067, 0x80000000]);
    x86.Pte.setFrame(out, 0xfffff_ffff_f000);
    expect(x86.Pte.frame(out[0], out[1])).toBe(0xfffff_ffff_f000);
    expect(x86.Pte.present(out[0], out[1])).toBe(true);
  });

  it('refuses frames that are not page-aligned or beyond 52 bits', () => {
    expect(() => x86.Pte.encode({ ...fields, frame: 0x12345001 })).toThrow(/Pte\.frame: 0x12345001 is out of range \(allowed: a multiple of 0x1000 from 0 to 0xffffffffff000\)/);
    expect(() => x86.Pte.encode({ ...fields, frame: 2 ** 52 })).toThrow(FieldRangeError);
    expect(() => x86.Pte.setProtKey([0, 0], 16)).toThrow(/Pte\.protKey: 16 is out of range \(allowed: an integer from 0 to 15\)/);
  });

  it('is read and written in place by PteView', () => {
    const buf = new Uint8Array(16);
    const pte = new x86_64.PteView(buf, 8);
    pte.write(fields);
    expect(buf).toEqual(hex('00 00 00 00 00 00 00 00  67 50 34 12 00 00 00 80'));
    pte.accessed = false;
    pte.frame = 0x1000;
    expect(buf.slice(8)).toEqual(hex('47 10 00 00 00 00 00 80'));
  });
});

describe('Linux x86-64 kernel code segment descriptor 0x00af9b000000ffff (SDM Vol. 3A, Figure 3-8)', () => {
  const desc = { limit: 0xfffff, base: 0, type: 0xb, s: true, dpl: 0, p: true, avl: false, l: true, db: false, g: true };
  it('decodes the split limit and base', () => {
    expect(x86.SegmentDescriptor.decode(0x00af9b000000ffffn)).toEqual(desc);
    expect(x86.SegmentDescriptor.encode(desc)).toBe(0x00af9b000000ffffn);
  });
  it('assembles and scatters split fields in spec order', () => {
    const d = x86.SegmentDescriptor.encode({ ...desc, base: 0x12345678, limit: 0xabcde });
    // base 23:0 in bits 16..39, 31:24 in bits 56..63; limit 15:0 in bits 0..15, 19:16 in 48..51.
    expect(d).toBe(0x12aa9b345678bcden);
    expect(x86.SegmentDescriptor.decode(d)).toMatchObject({ base: 0x12345678, limit: 0xabcde });
  });
});

describe('64-bit IDT gate (SDM Vol. 3A, Figure 6-8)', () => {
  const gate = { offset: 0xffffffff81a01234n, selector: 0x10, ist: 0, type: x86.SystemType.InterruptGate, dpl: 0, p: true };
  const word = (0x00000000ffffffffn << 64n) | 0x81a08e0000101234n;

  it('splits the handler address over its three offset fields', () => {
    expect(x86.IdtGate.encode(gate)).toBe(word);
    expect(x86.IdtGate.decode(word)).toEqual({ ...gate, reserved96_127: 0 });
    const w = [0x00101234, 0x81a08e00, 0xffffffff, 0];
    expect(x86.IdtGate.offset(w[0], w[1], w[2], w[3])).toBe(0xffffffff81a01234n);
    expect(x86.IdtGate.decodeWords(...w)).toMatchObject(gate);
  });

  it('is 16 bytes in memory, little-endian', () => {
    const buf = new Uint8Array(16);
    new x86_64.IdtGateView(buf).write(gate);
    expect(buf).toEqual(hex('34 12 10 00 00 8e a0 81  ff ff ff ff 00 00 00 00'));
    const view = new x86_64.IdtGateView(buf);
    expect([view.offset, view.type, view.p]).toEqual([0xffffffff81a01234n, 14, true]);
    view.offset = 0x1122334455667788n;
    expect(buf).toEqual(hex('88 77 10 00 00 8e 66 55  44 33 22 11 00 00 00 00'));
  });

  it('reports a wrong type and bits that must be zero', () => {
    expect(x86.IdtGate.validate(word | (1n << 44n))).toEqual(['IdtGate: bit 44 must be 0, not 1']);
    expect(x86.IdtGate.validate(word & ~(0xfn << 40n) | (8n << 40n))).toEqual(['IdtGate.type: 8 is not a SystemType']);
  });
});

describe('RISC-V Sv39 page-table entry (privileged spec, Sv39)', () => {
  it('decodes a leaf for physical address 0x80200000 with V R W X A D', () => {
    expect(riscv.Sv39Pte.decode(0x200800cfn)).toEqual({
      v: true, r: true, w: true, x: true, u: false, g: false, a: true, d: true,
      rsw: 0, ppn: 0x80200, pbmt: riscv.Sv39Pbmt.Pma, n: false,
    });
  });
  it('encodes the PBMT enum and the NAPOT bit in the upper half', () => {
    const pte = { v: true, r: true, w: false, x: false, u: true, g: false, a: true, d: false, rsw: 2, ppn: 0xfffffffffff, pbmt: riscv.Sv39Pbmt.Io, n: true };
    const w = riscv.Sv39Pte.encode(pte);
    expect(w).toBe((1n << 63n) | (2n << 61n) | (0xfffffffffffn << 10n) | (2n << 8n) | 0x53n);
    expect(riscv.Sv39Pte.pbmt(Number(w & 0xffffffffn), Number(w >> 32n))).toBe(riscv.Sv39Pbmt.Io);
    expect(riscv.Sv39Pte.validate(w | (1n << 54n))).toEqual(['Sv39Pte: bits 54..60 must be 0, not 1']);
  });
});

describe('the 64-bit TSS (SDM Vol. 3A, Figure 8-11) on x86_64', () => {
  const tss = {
    reserved0: 0, rsp0: 0xffff800000100000n, rsp1: 0n, rsp2: 0n, reserved1: 0n,
    ist1: 0xffff800000200000n, ist2: 0n, ist3: 0n, ist4: 0n, ist5: 0n, ist6: 0n, ist7: 0xffff800000300000n,
    reserved2: 0n, reserved3: 0, iopb: 104,
  };

  it('is written byte for byte at the manual offsets and read back', () => {
    expect([x86_64.Tss64View.SIZE, x86_64.Tss64View.ALIGN, x86.TSS64_SIZE]).toEqual([104, 1, 104]);
    const buf = new Uint8Array(104);
    const view = new x86_64.Tss64View(buf);
    view.write(tss);
    const expected = new Uint8Array(104);
    expected.set(hex('00 00 10 00 00 80 ff ff'), 4); // rsp0 at byte 4, unaligned
    expected.set(hex('00 00 20 00 00 80 ff ff'), 36); // ist1 at byte 36
    expected.set(hex('00 00 30 00 00 80 ff ff'), 84); // ist7 at byte 84
    expected.set(bytes(104, 0), 102); // iopb at byte 102
    expect(buf).toEqual(expected);
    expect(view.read()).toEqual(tss);
    expect(new x86_64.Tss64View(expected.buffer).rsp0).toBe(0xffff800000100000n);
  });

  it('refuses values that do not fit', () => {
    const view = new x86_64.Tss64View(new Uint8Array(104));
    expect(() => (view.iopb = 0x10000)).toThrow(/Tss64\.iopb: 0x10000 is out of range \(allowed: an integer from 0 to 0xffff\)/);
    expect(() => (view.rsp0 = 1n << 64n)).toThrow(FieldRangeError);
    expect(() => (view.rsp0 = -1n)).toThrow(RangeError);
  });
});

describe('structs on a big-endian target (ppc32)', async () => {
  const ppc = await targetModule('ppc32', 'coyotos');
  const ppcKernel = await targetModule('ppc32.kernel', 'coyotos');

  it('reads a capability from bytes laid out by hand', () => {
    // Word 0 and word 1 are C bit-fields, which ppc32's gcc allocates from the most
    // significant bit down: type 0x21 is the top six bits of 0x84200005, l2g 12 those of 0x18.
    const buf = hex(`
      84 20 00 05
      18 12 34 56
      01 02 03 04 05 06 07 08`);
    const cap = new ppc.CapabilityView(buf);
    expect(cap.read()).toEqual({
      hdr: { type: coyotos.CapType.Page, swizzled: false, restr: 2, allocCount: 5 },
      // Reserved bits are named by where they are: MemInfo's unused bit is bit 24 here.
      info: { mem: { l2g: 12, match: 0x123456, reserved24: 0 } },
      payload: { oid: 0x0102030405060708n },
    });
    expect([cap.hdr.type, cap.info.selected, cap.info.mem.match, cap.payload.selected, cap.payload.oid]).toEqual([
      coyotos.CapType.Page, 'mem', 0x123456, 'oid', 0x0102030405060708n,
    ]);
    cap.hdr.allocCount = 0xfffff;
    expect(buf.slice(0, 4)).toEqual(hex('84 2f ff ff'));
  });

  it('reads an image header whose OIDs are 8-byte aligned by align(8)', () => {
    const buf = new Uint8Array(ppc.ImageHeaderView.SIZE);
    buf.set(new TextEncoder().encode('coyimage'));
    buf.set(hex('00 00 00 01'), 12); // version
    buf.set(hex('00 00 10 00'), 20); // pgSize
    buf.set(hex('00 00 00 00 00 00 12 34'), 64); // bankVecOID
    const h = new ppc.ImageHeaderView(buf);
    expect([h.magicAt(0), h.version, h.pgSize, h.bankVecOID]).toEqual([0x63, 1, 4096, 0x1234n]);
    expect(String.fromCharCode(...h.read().magic)).toBe('coyimage');
    expect(() => h.magicAt(8)).toThrow(RangeError);
  });

  it('checks the member of a discriminated union against its selector', () => {
    const cap = new ppcKernel.CapabilityView(new Uint8Array(16));
    cap.hdr.type = coyotos.CapType.Window;
    expect(cap.payload.selected).toBe('offset');
    expect(() => cap.payload.write({ oid: 1n })).toThrow(TagError);
    expect(() => cap.payload.write(null)).toThrow(TagError);
    cap.payload.write({ offset: 7n });
    cap.payload.write({ prepared: { otEntry: 1, obHdr: 2 } }); // kernel form: no `when`, always writable
    expect(cap.payload.prepared.read()).toEqual({ otEntry: 1, obHdr: 2 });
    cap.hdr.type = coyotos.CapType.Null;
    expect(cap.read().payload).toBeNull();
    cap.payload.write(null);
  });
});
