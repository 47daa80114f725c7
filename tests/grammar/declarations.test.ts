import { describe, expect, it } from 'vitest';
import { bin, id, int, named, onlyDecl, parseOk, range, ref, shape } from './helpers.js';

const field = (name: string, type: unknown, extra: object = {}) => ({
  kind: 'FieldMember',
  name: id(name),
  doc: null,
  type,
  offset: null,
  align: null,
  selector: null,
  when: [],
  holds: null,
  ...extra,
});
const bitField = (name: string, ranges: unknown[], extra: object = {}) => ({
  kind: 'BitField',
  name: id(name),
  doc: null,
  type: null,
  ranges,
  shift: null,
  ...extra,
});

describe('files', () => {
  it('reads the namespace and imports before the declarations', () => {
    const file = parseOk(
      'namespace x86;\nimport "x86/common.cdl";\nimport "a\\"b\\\\c";\nconst A = 1;',
    );
    expect(shape(file.namespace)).toEqual(id('x86'));
    expect(file.imports.map((i) => i.path)).toEqual(['x86/common.cdl', 'a"b\\c']);
    expect(file.decls).toHaveLength(1);
    expect(file.path).toBe('test.cdl');
  });

  it('allows an empty file and a file without namespace', () => {
    expect(shape(parseOk(''))).toEqual({
      kind: 'File',
      path: 'test.cdl',
      namespace: null,
      imports: [],
      decls: [],
    });
    expect(parseOk('// nothing but a comment\n').decls).toEqual([]);
  });
});

describe('constants and aliases', () => {
  it('parses constants with and without a type', () => {
    expect(onlyDecl('const PAGE_SHIFT = 12;')).toEqual({
      kind: 'ConstDecl',
      name: id('PAGE_SHIFT'),
      doc: null,
      type: null,
      value: int(12),
    });
    expect(onlyDecl('const M: u64 = ~(PAGE_SIZE - 1);')).toMatchObject({
      type: named('u64'),
      value: { kind: 'UnaryExpr', op: '~', operand: bin('-', ref('PAGE_SIZE'), int(1)) },
    });
  });

  it('parses type aliases, arrays and pointers', () => {
    expect(onlyDecl('type Oid = u64;')).toEqual({
      kind: 'TypeAliasDecl',
      name: id('Oid'),
      doc: null,
      type: named('u64'),
    });
    expect(onlyDecl('type M = u8[4][2];')).toMatchObject({
      type: {
        kind: 'ArrayType',
        element: { kind: 'ArrayType', element: named('u8'), length: int(4) },
        length: int(2),
      },
    });
    expect(onlyDecl('type Q = coyotos.Oid;')).toMatchObject({ type: named('coyotos', 'Oid') });
    expect(onlyDecl('type P = ptr;')).toMatchObject({
      type: { kind: 'PointerType', pointee: null },
    });
    expect(onlyDecl('type PP = ptr<ptr<Page>>[2];')).toMatchObject({
      type: {
        kind: 'ArrayType',
        element: { kind: 'PointerType', pointee: { kind: 'PointerType', pointee: named('Page') } },
        length: int(2),
      },
    });
  });

  it('parses configurations and targets', () => {
    expect(onlyDecl('config kernel;')).toEqual({
      kind: 'ConfigDecl',
      name: id('kernel'),
      doc: null,
    });
    expect(
      onlyDecl('target m68k { endian big; word 32; align u16 2; align ptr 2; flat; }'),
    ).toEqual({
      kind: 'TargetDecl',
      name: id('m68k'),
      doc: null,
      settings: [
        { kind: 'TargetSetting', key: id('endian'), args: [ref('big')] },
        { kind: 'TargetSetting', key: id('word'), args: [int(32)] },
        { kind: 'TargetSetting', key: id('align'), args: [ref('u16'), int(2)] },
        { kind: 'TargetSetting', key: id('align'), args: [ref('ptr'), int(2)] },
        { kind: 'TargetSetting', key: id('flat'), args: [] },
      ],
    });
  });
});

describe('enums', () => {
  it('parses members, values, @alias and a trailing comma', () => {
    expect(onlyDecl('enum CapType : u6 { Null = 0x00, Window, @alias Entry = 0x3f, }')).toEqual({
      kind: 'EnumDecl',
      name: id('CapType'),
      doc: null,
      base: named('u6'),
      members: [
        { kind: 'EnumMember', name: id('Null'), doc: null, value: int(0, '0x00'), alias: false },
        { kind: 'EnumMember', name: id('Window'), doc: null, value: null, alias: false },
        { kind: 'EnumMember', name: id('Entry'), doc: null, value: int(63, '0x3f'), alias: true },
      ],
    });
  });

  it('allows an empty enum and no trailing comma', () => {
    expect(onlyDecl('enum E : u8 {}')).toMatchObject({ members: [] });
    expect(onlyDecl('enum E : i8 { A = -1, B }')).toMatchObject({
      members: [{ name: id('A') }, { name: id('B') }],
    });
  });
});

describe('bit layouts', () => {
  it('parses fields, split ranges, types and shifts', () => {
    const decl = onlyDecl(`
      bits Pte : u64 {
        limit   @0..15, @48..51;
        p       @0;
        frame: u52 @12..51 << 12;
        low @(PAGE_SHIFT)..FOO;
      }`);
    expect(decl).toEqual({
      kind: 'BitsDecl',
      name: id('Pte'),
      doc: null,
      container: named('u64'),
      cBitfields: false,
      byteOrder: null,
      members: [
        bitField('limit', [range(int(0), int(15)), range(int(48), int(51))]),
        bitField('p', [range(int(0))]),
        bitField('frame', [range(int(12), int(51))], { type: named('u52'), shift: int(12) }),
        bitField('low', [range(ref('PAGE_SHIFT'), ref('FOO'))]),
      ],
    });
  });

  it('parses reserved bits, tags and variants', () => {
    const decl = onlyDecl(`
      bits Pde : u64[2] {
        reserved @1, @3..4;
        reserved @5 = 0;
        tag ps: PageKind @7;
        variant Table when 0 { addr @12..51; }
        variant Page2M when Big, Huge {
          reserved @8;
          frame @21..51 << 21;
        }
      }`);
    expect(decl).toMatchObject({
      container: { kind: 'ArrayType', element: named('u64'), length: int(2) },
      members: [
        {
          kind: 'ReservedBits',
          doc: null,
          ranges: [range(int(1)), range(int(3), int(4))],
          value: null,
        },
        { kind: 'ReservedBits', ranges: [range(int(5))], value: int(0) },
        {
          kind: 'TagField',
          name: id('ps'),
          doc: null,
          type: named('PageKind'),
          ranges: [range(int(7))],
        },
        {
          kind: 'Variant',
          name: id('Table'),
          doc: null,
          when: [int(0)],
          members: [bitField('addr', [range(int(12), int(51))])],
        },
        {
          kind: 'Variant',
          name: id('Page2M'),
          when: [ref('Big'), ref('Huge')],
          members: [
            { kind: 'ReservedBits' },
            bitField('frame', [range(int(21), int(51))], { shift: int(21) }),
          ],
        },
      ],
    });
  });

  it('parses C bit-field layouts: members with a type and no position', () => {
    const decl = onlyDecl(`
      bits CapHeader : u32 c_bitfields {
        type: CapType;
        swizzled: bool;
        reserved: u5 = 0;
        allocCount: u20;
      }`);
    expect(decl).toMatchObject({
      kind: 'BitsDecl',
      container: named('u32'),
      cBitfields: true,
      members: [
        bitField('type', [], { type: named('CapType') }),
        bitField('swizzled', [], { type: named('bool') }),
        { kind: 'ReservedBits', type: named('u5'), ranges: [], value: int(0) },
        bitField('allocCount', [], { type: named('u20') }),
      ],
    });
  });

  it('accepts keywords as field names unless they start a member', () => {
    const decl = onlyDecl('bits S : u64 { type @40..43; align: u2 @0..1; }');
    expect(decl).toMatchObject({
      members: [
        bitField('type', [range(int(40), int(43))]),
        { name: id('align'), type: named('u2') },
      ],
    });
  });
});

describe('structures and unions', () => {
  it('parses fields with offsets, alignments, selectors and conditions', () => {
    const decl = onlyDecl(`
      struct Tss64 packed align(16) {
        reserved: u32;
        rsp0: u64 @4;
        magic: u8[8];
        bankVecOID: Oid align(8);
        pad 1;
        image_end;
        payload: CapPayload by hdr.type;
        q: ptr<u8> @8 align(8) by a.b when X, Y;
      }`);
    expect(decl).toEqual({
      kind: 'StructDecl',
      name: id('Tss64'),
      doc: null,
      packed: true,
      align: int(16),
      byteOrder: null,
      frame: null,
      members: [
        field('reserved', named('u32')),
        field('rsp0', named('u64'), { offset: int(4) }),
        field('magic', { kind: 'ArrayType', element: named('u8'), length: int(8) }),
        field('bankVecOID', named('Oid'), { align: int(8) }),
        { kind: 'PadMember', doc: null, size: int(1) },
        { kind: 'ImageEndMember' },
        field('payload', named('CapPayload'), { selector: [id('hdr'), id('type')] }),
        field(
          'q',
          { kind: 'PointerType', pointee: named('u8') },
          {
            offset: int(8),
            align: int(8),
            selector: [id('a'), id('b')],
            when: [ref('X'), ref('Y')],
          },
        ),
      ],
    });
  });

  it('parses byte_order(...) on structs and bit layouts, after packed, align(N) and c_bitfields', () => {
    expect(onlyDecl('struct H packed align(4) byte_order(big) frame R { a: u8; }')).toMatchObject({
      packed: true,
      align: int(4),
      byteOrder: { kind: 'ByteOrder', order: id('big') },
      frame: [id('R')],
    });
    expect(onlyDecl('struct E byte_order(runtime) { a: u8; }')).toMatchObject({ byteOrder: { order: id('runtime') } });
    expect(onlyDecl('bits B : u16[2] c_bitfields byte_order(little) { a: u32; }')).toMatchObject({ cBitfields: true, byteOrder: { order: id('little') } });
    // A word only where an attribute is expected: free as a name elsewhere.
    expect(onlyDecl('struct byte_order { byte_order: u8; }')).toMatchObject({ name: id('byte_order'), byteOrder: null });
  });

  it('parses conditional blocks', () => {
    const decl = onlyDecl(`
      struct P {
        if i386 { regs: I386Regs; } else { regs: Regs64; pad 4; }
        if !kernel { if x86_64 { a: u8; } }
      }`);
    expect(decl).toMatchObject({
      packed: false,
      align: null,
      members: [
        {
          kind: 'IfMember',
          condition: id('i386'),
          negated: false,
          then: [field('regs', named('I386Regs'))],
          otherwise: [field('regs', named('Regs64')), { kind: 'PadMember' }],
        },
        {
          kind: 'IfMember',
          condition: id('kernel'),
          negated: true,
          then: [
            {
              kind: 'IfMember',
              condition: id('x86_64'),
              then: [field('a', named('u8'))],
              otherwise: [],
            },
          ],
          otherwise: [],
        },
      ],
    });
  });

  it('parses unions with and without a discriminant', () => {
    expect(
      onlyDecl(`
        union CapPayload : CapType align(8) {
          oid: Oid when Endpoint, Page;
          if kernel { prepared: PreparedCap; }
        }`),
    ).toMatchObject({
      kind: 'UnionDecl',
      discriminant: named('CapType'),
      align: int(8),
      members: [
        field('oid', named('Oid'), { when: [ref('Endpoint'), ref('Page')] }),
        { kind: 'IfMember' },
      ],
    });
    expect(onlyDecl('union U { a: u8; b: u32; }')).toMatchObject({
      discriminant: null,
      align: null,
    });
  });
});

describe('the README example', () => {
  it('parses every declaration of the language reference', () => {
    const file = parseOk(`
      /// x86-64 paging structures.
      namespace x86;
      import "x86/common.cdl";
      const PAGE_SHIFT = 12;
      const PAGE_SIZE  = 1 << PAGE_SHIFT;
      const WORDS = sizeof(Process) / 4;
      enum CapType : u6 { Null = 0x00, Window, Entry = 0x3f, }
      bits SegmentDescriptor : u64 {
        limit @0..15, @48..51; base @16..39, @56..63; type @40..43; s @44;
      }
      struct Process { runState: RunState; pad 1; capReg: Capability[32]; image_end; if i386 { regs: I386Regs; } }
      union CapPayload : CapType { oid: Oid when Endpoint; }
      config kernel;
      target m68k { endian big; word 32; pointer 32; align u16 2; }
    `);
    expect(file.decls.map((d) => d.kind)).toEqual([
      'ConstDecl',
      'ConstDecl',
      'ConstDecl',
      'EnumDecl',
      'BitsDecl',
      'StructDecl',
      'UnionDecl',
      'ConfigDecl',
      'TargetDecl',
    ]);
  });
});
