import { describe, expect, it } from 'vitest';
import type { StructDecl } from '../../grammar/index.js';
import { int, onlyDecl, parse } from './helpers.js';

function literal(text: string): unknown {
  return (onlyDecl(`const X = ${text};`) as { value: unknown }).value;
}

describe('integer literals', () => {
  it.each([
    ['4096', 4096n],
    ['0', 0n],
    ['0xffff_ffff', 0xffff_ffffn],
    ['0xDEAD_beef', 0xdeadbeefn],
    ['0b1010', 10n],
    ['0b1111_0000', 240n],
    ['0o17', 15n],
    ['1_000_000', 1_000_000n],
    ['0xffff_ffff_ffff_ffff', 2n ** 64n - 1n],
    ['18446744073709551615', 2n ** 64n - 1n],
    ['9999999999999999999', 9999999999999999999n],
    ['10000000000000000000', 10n ** 19n],
    ['7', 7n],
  ])('reads %s', (text, value) => {
    expect(literal(text)).toEqual(int(value, text));
  });

  it.each([
    ['18446744073709551616', 'integer literal does not fit in 64 bits'],
    ['0x1_0000_0000_0000_0000', 'integer literal does not fit in 64 bits'],
    ['0x', "missing digits after '0x'"],
    ['0x_ff', "'_' must separate digits in integer literal '0x_ff'"],
    ['1_', "'_' must separate digits in integer literal '1_'"],
    ['1__0', "'_' must separate digits in integer literal '1__0'"],
    ['0b102', "invalid digit '2' in binary literal '0b102'"],
    ['0o8', "invalid digit '8' in octal literal '0o8'"],
    ['0xfg', "invalid digit 'g' in hexadecimal literal '0xfg'"],
    ['12ab', "invalid digit 'a' in decimal literal '12ab'"],
    ['017', "leading zero in decimal literal '017'; octal literals start with 0o"],
    ['00', "leading zero in decimal literal '00'; octal literals start with 0o"],
    ['99999999999999999999', 'integer literal does not fit in 64 bits'],
  ])('rejects %s', (text, message) => {
    expect(parse(`const X = ${text};`).errors).toEqual([`1:11: ${message}`]);
  });

  it('does not read a number before .. as a fraction', () => {
    expect(parse('bits B : u8 { a @0..7; }').errors).toEqual([]);
  });
});

describe('strings', () => {
  it('reports unterminated strings and unknown escapes once', () => {
    expect(parse('import "a.cdl\nconst X = 1;').errors).toEqual(['1:8: unterminated string']);
    expect(parse('import "a\\n";').errors).toEqual([
      `1:8: unknown escape '\\n' in string (only \\" and \\\\ are allowed)`,
    ]);
  });
});

describe('other characters', () => {
  it('reports each run of unexpected characters once, without follow-on errors', () => {
    expect(parse('const X = 1 # 2;\nconst é = 3;\nconst Y = 1; $$$').errors).toEqual([
      '1:13: unexpected character "#"',
      '2:7: name "é" is not ASCII: names are made of ASCII letters, digits and \'_\'',
      '3:14: unexpected characters "$$$"',
    ]);
  });

  it('reports a name with letters outside ASCII once, as the whole name', () => {
    expect(parse('const été_2 = 1;\nconst B = Aé + 𝐀x;').errors).toEqual([
      '1:7: name "été_2" is not ASCII: names are made of ASCII letters, digits and \'_\'',
      '2:11: name "Aé" is not ASCII: names are made of ASCII letters, digits and \'_\'',
      '2:16: name "𝐀x" is not ASCII: names are made of ASCII letters, digits and \'_\'',
    ]);
  });

  it('keeps keywords and identifiers apart', () => {
    expect(onlyDecl('const structure = aligned;')).toMatchObject({
      name: { name: 'structure' },
      value: { kind: 'NameExpr', path: [{ name: 'aligned' }] },
    });
    expect(onlyDecl('const image_ends = alignof(u8);')).toMatchObject({
      name: { name: 'image_ends' },
      value: { kind: 'AlignofExpr' },
    });
  });
});

describe('doc comments', () => {
  it('attaches consecutive /// lines to the declaration that follows', () => {
    const { file, errors } = parse(`
      /// File documentation, dropped with the namespace.
      namespace n;

      /// Page size.
      ///
      ///  Indented line.
      // a plain comment in between is ignored
      ///No space.
      const PAGE = 4096;
      //// four slashes are a plain comment
      const B = 1; /// documents the next declaration
      config c;
      /// dangling: nothing follows`);
    // A doc that documents nothing is a warning where it is.
    expect(errors).toEqual(['14:7: this doc comment documents nothing: `///` belongs right before a declaration or member (use `//` for a plain comment)']);
    expect(file.decls.map((d) => d.doc)).toEqual([
      'Page size.\n\n Indented line.\nNo space.',
      null,
      'documents the next declaration',
    ]);
  });

  it('attaches docs to members, and warns of those before what takes none', () => {
    const { file, errors } = parse(`
      enum E : u8 {
        /// first
        A,
        /// an alias
        @alias B = 0,
      }
      bits Bits : u8 {
        /// field
        a @0;
        /// reserved
        reserved @1;
        /// tag
        tag t @2;
        /// variant
        variant V when 0 { /// inner
          b @3; }
      }
      struct S {
        /// field
        a: u8;
        /// padding
        pad 3;
        /// a doc before if is dropped
        if c { b: u8; }
        /// trailing doc at the end of a body
      }`);
    expect(errors).toEqual([
      '24:9: this doc comment documents nothing: `///` belongs right before a declaration or member (use `//` for a plain comment)',
      '26:9: this doc comment documents nothing: `///` belongs right before a declaration or member (use `//` for a plain comment)',
    ]);
    expect(file.decls).toMatchObject([
      { members: [{ doc: 'first' }, { doc: 'an alias' }] },
      {
        members: [
          { doc: 'field' },
          { doc: 'reserved' },
          { doc: 'tag' },
          { doc: 'variant', members: [{ doc: 'inner' }] },
        ],
      },
      { members: [{ doc: 'field' }, { doc: 'padding' }, { kind: 'IfMember' }] },
    ]);
  });
});

describe('spans', () => {
  it('covers whole declarations and identifiers, with 1-based lines and columns', () => {
    const text = 'const A = 1;\n\n  struct S {\n    a: u8;\n  }\n';
    const { file } = parse(text);
    const [constant, struct] = file.decls;
    expect(constant.span).toEqual({ file: 'test.cdl', start: 0, end: 12, line: 1, column: 1 });
    expect(text.slice(struct.span.start, struct.span.end)).toBe('struct S {\n    a: u8;\n  }');
    expect(struct.span).toMatchObject({ line: 3, column: 3 });
    expect(struct.name.span).toMatchObject({ start: 23, end: 24, line: 3, column: 10 });
    const member = (struct as StructDecl).members[0];
    expect(text.slice(member.span.start, member.span.end)).toBe('a: u8;');
    expect(file.span).toMatchObject({ start: 0, end: text.length });
  });
});
