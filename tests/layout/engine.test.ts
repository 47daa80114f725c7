import { describe, expect, it } from 'vitest';
import { compileSources, layoutOf, messages, offsets, struct } from '../helpers/compile.js';

describe('struct layout', () => {
  const spec = `
    struct S { a: u8; b: u64; c: u16; }
    struct P packed { a: u8; b: u64; c: u16; }
    struct W { a: u8; p: ptr; n: usize; w: uword; }
  `;

  it('places fields at their natural alignment and rounds the size up', () => {
    const s = struct(layoutOf(spec, 'x86_64'), 'S');
    expect(offsets(s)).toEqual({ a: 0, b: 8, c: 16 });
    expect([s.size, s.align]).toEqual([24, 8]);
  });

  it('aligns u64 to 4 on i386 only', () => {
    const i386 = struct(layoutOf(spec, 'i386'), 'S');
    expect(offsets(i386)).toEqual({ a: 0, b: 4, c: 12 });
    expect([i386.size, i386.align]).toEqual([16, 4]);
    const mips = struct(layoutOf(spec, 'mips32'), 'S');
    expect([mips.size, mips.align]).toEqual([24, 8]);
  });

  it('packs without padding', () => {
    const p = struct(layoutOf(spec), 'P');
    expect(offsets(p)).toEqual({ a: 0, b: 1, c: 9 });
    expect([p.size, p.align]).toEqual([11, 1]);
  });

  it('sizes target-dependent types per target', () => {
    expect(offsets(struct(layoutOf(spec, 'x86_64'), 'W'))).toEqual({ a: 0, p: 8, n: 16, w: 24 });
    expect(offsets(struct(layoutOf(spec, 'riscv32'), 'W'))).toEqual({ a: 0, p: 4, n: 8, w: 12 });
  });

  it('honours align(N) on fields and structs', () => {
    const l = layoutOf(`
      struct A align(16) { x: u8; }
      struct B { x: u8; y: u32 align(8); z: A; }
    `);
    expect([struct(l, 'A').size, struct(l, 'A').align]).toEqual([16, 16]);
    expect(offsets(struct(l, 'B'))).toEqual({ x: 0, y: 8, z: 16 });
    expect(struct(l, 'B').size).toBe(32);
  });

  it('accepts explicit offsets that skip bytes and checks them', () => {
    const l = layoutOf('struct T packed { a: u32; b: u64 @4; c: u16 @102; }');
    expect(offsets(struct(l, 'T'))).toEqual({ a: 0, b: 4, c: 102 });
    expect(struct(l, 'T').size).toBe(104);
    const bad = compileSources({ 's.cdl': 'struct T { a: u32; b: u64 @4; c: u8 @2; }' }, { targets: ['x86_64'] });
    expect(messages(bad, 'error')).toEqual([
      "s.cdl:1:28: error: 'b' at offset 4 breaks its 8-byte alignment on x86_64",
      "s.cdl:1:38: error: 'c' at offset 2 overlaps the previous member, which ends at 12",
    ]);
  });

  it('lays out arrays, nested structs, enums and bit layouts', () => {
    const l = layoutOf(`
      enum E : u6 { A, B }
      bits W : u32 { x @0..31; }
      bits D : u64[2] { lo @0..63; hi @64..127; }
      struct In { a: u16; b: u8; }
      struct Out { e: E; w: W; arr: In[3]; d: D; }
    `);
    expect(offsets(struct(l, 'Out'))).toEqual({ e: 0, w: 4, arr: 8, d: 24 });
    expect(struct(l, 'Out').fields.map((f) => f.size)).toEqual([1, 4, 12, 16]);
    expect(struct(l, 'Out').size).toBe(40);
  });

  it('records the image-end marker and per-config members', () => {
    const spec2 = `
      config kernel;
      struct Obj { a: u32; image_end; if kernel { p: ptr; } if i386 { r: u32[4]; } }
    `;
    const base = struct(layoutOf(spec2, 'x86_64'), 'Obj');
    expect([base.imageEnd, base.size]).toEqual([4, 4]);
    const kernel = struct(layoutOf(spec2, 'x86_64', 'kernel'), 'Obj');
    expect([offsets(kernel), kernel.size]).toEqual([{ a: 0, p: 8 }, 16]);
    const i386 = struct(layoutOf(spec2, 'i386'), 'Obj');
    expect([offsets(i386), i386.size]).toEqual([{ a: 0, r: 4 }, 20]);
  });

  it('lays out unions and the kernel form of a capability', () => {
    const cap = `
      config kernel;
      enum T : u6 { Null, Obj }
      bits H : u32 { type: T @0..5; swizzled @6; rest @7..31; }
      struct Prepared { ot: ptr; hdr: ptr; }
      union Payload : T { oid: u64 when Obj; if kernel { prepared: Prepared; } }
      struct Cap { hdr: H; info: u32; payload: Payload by hdr.type; }
    `;
    expect(struct(layoutOf(cap, 'x86_64'), 'Cap').size).toBe(16);
    expect(struct(layoutOf(cap, 'x86_64', 'kernel'), 'Cap').size).toBe(24);
    expect(struct(layoutOf(cap, 'i386', 'kernel'), 'Cap').size).toBe(16);
    const l = layoutOf(cap, 'x86_64');
    expect(l.unions[0].members.map((m) => [m.name, m.when])).toEqual([['oid', [1n]]]);
    expect(struct(l, 'Cap').fields[2].selector?.path).toEqual(['hdr', 'type']);
  });

  it('evaluates sizeof, alignof and offsetof per target', () => {
    const spec3 = `
      struct S { a: u8; b: u64; }
      const SZ = sizeof(S);
      const AL = alignof(S);
      const OFF = offsetof(S, b);
      const WORDS = SZ / 4;
    `;
    const values = (t: string) => Object.fromEntries(layoutOf(spec3, t).constants.map((c) => [c.name, c.value]));
    expect(values('x86_64')).toEqual({ SZ: 16n, AL: 8n, OFF: 8n, WORDS: 4n });
    expect(values('i386')).toEqual({ SZ: 12n, AL: 4n, OFF: 4n, WORDS: 3n });
  });

  it('orders declarations dependencies first and freezes the IR', () => {
    const l = layoutOf('struct Outer { i: Inner; } struct Inner { x: u8; }');
    expect(l.decls.map((d) => d.name)).toEqual(['Inner', 'Outer']);
    expect(Object.isFrozen(l.structs[0])).toBe(true);
    expect(() => (l.byName as Map<string, unknown>).set('x', 1)).toThrow(/immutable/);
  });

  it('reports a struct that contains itself', () => {
    const r = compileSources({ 's.cdl': 'struct A { b: B; }\nstruct B { a: A[2]; }' }, { targets: ['x86_64'] });
    expect(messages(r, 'error').some((m) => /contains itself/.test(m))).toBe(true);
  });

  it('enforces input limits with errors', () => {
    const r = compileSources({ 's.cdl': 'struct A { x: u8[0x7fffffff]; }' }, { targets: ['x86_64'] });
    expect(messages(r, 'error')).toEqual(['s.cdl:1:18: error: an array has 1 to 16777216 elements, not 2147483647']);
    const big = compileSources({ 's.cdl': 'struct B { x: u64[0x1000000]; }\nstruct A { b: B[16]; }' }, { targets: ['x86_64'] });
    expect(messages(big, 'error')[0]).toMatch(/objects are limited/);
  });
});

describe('references the layout resolves', () => {
  const spec = `
    enum Kind : u6 { A = 1, B = 2 }
    type K = Kind;
    bits Hdr : u32 { kind: Kind @0..5; n @6..31; }
    struct Inner { pad 4; h: Hdr; }
    union Body : K { a: u32 when A; b: u16 when B; }
    union Num : u16 { x: u8 when 1; }
    struct S {
      constructor: u8;
      aligned: u16 align(8);
      inner: Inner;
      body: Body by inner.h.kind;
      k: u16;
      num: Num by k;
    }
  `;

  it('records align(N) on the field itself, whatever its name', () => {
    const s = struct(layoutOf(spec), 'S');
    expect(s.fields.map((f) => [f.name, f.explicitAlign])).toEqual([
      ['constructor', null], ['aligned', 8], ['inner', null], ['body', null], ['k', null], ['num', null],
    ]);
  });

  it('resolves a selector to the fields it goes through and the bit field it ends at', () => {
    const layout = layoutOf(spec);
    const s = struct(layout, 'S');
    const body = s.fields.find((f) => f.name === 'body')!.selector!;
    expect(body.fields).toEqual([s.fields[2], (layout.byName.get('spec.Inner') as typeof s).fields[0]]);
    expect(body.offset).toBe(12 + 4); // inner at 12 (after `aligned` at 8), h at 4 in it
    expect(body.bitField?.bits).toBe(layout.byName.get('spec.Hdr'));
    expect(body.bitField?.field.name).toBe('kind');
    const num = s.fields.find((f) => f.name === 'num')!.selector!;
    expect([num.fields, num.offset, num.bitField]).toEqual([[s.fields[4]], s.fields[4].offset, null]);
  });

  it("resolves a union's discriminant through aliases to an enum or an integer type", () => {
    const layout = layoutOf(spec);
    const body = layout.unions.find((u) => u.name === 'Body')!;
    expect(body.discriminantType).toMatchObject({ kind: 'enum', qname: 'spec.Kind', alias: 'spec.K' });
    expect(layout.unions.find((u) => u.name === 'Num')!.discriminantType).toMatchObject({ kind: 'int', bits: 16, signed: false });
  });

  it('reports a selector whose field an `if` leaves out, naming the targets', () => {
    const r = compileSources(
      { 's.cdl': 'union U : u8 { x: u8 when 1; }\nstruct S {\n  if x86_64 { k: u8; }\n  u: U by k;\n}' },
      { targets: ['x86_64', 'i386'] },
    );
    expect(messages(r, 'error')).toEqual(["s.cdl:4:11: error: selector 'k' names no field of 'S' on i386"]);
  });
});
