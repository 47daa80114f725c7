import { describe, expect, it } from 'vitest';
import { parse } from './helpers.js';

const DECLARATION = 'a declaration (const, type, enum, bits, struct, union, config, target, registers, abi, syscalls, sysregs, paging, format or instructions)';

describe('syntax errors', () => {
  it('reports every broken declaration once and keeps the others', () => {
    const { file, errors } = parse(
      [
        'const A = 1',
        'struct S { a: u32; }',
        'const B = ;',
        'enum E : u8 { X = 1 Y = 2 }',
        'bits R : u32 { limit 0..15; }',
        'const C = 3;',
        'struct T pakced { }',
        'type U = u8',
      ].join('\n'),
    );
    expect(errors).toEqual([
      "1:12: expected ';' after constant declaration, found keyword 'struct'",
      "3:11: expected an expression, found ';'",
      "4:21: expected ',' or '}' after enum member, found 'Y'",
      "5:22: expected a bit range like @3 or @0..11, found '0'",
      "7:10: expected '{' in struct declaration, found 'pakced' (did you mean 'packed'?)",
      "8:12: expected ';' after type alias, found end of file",
    ]);
    expect(file.decls.map((d) => d.name.name)).toEqual(['S', 'R', 'C']);
  });

  it('recovers per member inside bodies', () => {
    const { file, errors } = parse(
      [
        'struct S {',
        '  a: u32',
        '  b u8;',
        '  c: u8 @;',
        '  ;;',
        '  d: u8;',
        '}',
        'bits B : u8 { reserved; tag ; ok @1; }',
      ].join('\n'),
    );
    expect(errors).toEqual([
      "2:9: expected ';' after field declaration, found 'b'",
      "4:10: expected an expression, found ';'",
      "5:3: expected a field or '}', found ';'",
      "8:29: expected a name after 'tag', found ';'",
    ]);
    // `reserved;` parses (as an unnamed C bit-field would); the checker says what it lacks.
    expect(file.decls).toMatchObject([
      { members: [{ name: { name: 'd' } }] },
      { members: [{ kind: 'ReservedBits', ranges: [] }, { name: { name: 'ok' } }] },
    ]);
  });

  it('takes a declaration keyword as the end of an unclosed body', () => {
    const { file, errors } = parse('struct A { a: u32;\nstruct B { b: u32; }');
    expect(errors).toEqual([
      "2:1: expected '}' at the end of struct declaration, found keyword 'struct'",
    ]);
    expect(file.decls.map((d) => d.name.name)).toEqual(['B']);
  });

  it('reports what cannot start a declaration, once per run', () => {
    expect(parse('strcut Foo { a: u8; }\nconst X = 1;').errors).toEqual([
      "1:1: unknown keyword 'strcut' (did you mean 'struct'?)",
    ]);
    expect(parse('widget Foo { }').errors).toEqual([
      `1:1: unknown keyword 'widget'; expected ${DECLARATION}`,
    ]);
    expect(parse('foo: u32;\n}\nconst X = 1;\n}').errors).toEqual([
      `1:1: expected ${DECLARATION}, found 'foo'`,
      `4:1: expected ${DECLARATION}, found '}'`,
    ]);
  });

  it('explains misplaced namespaces, imports and attributes', () => {
    expect(parse('const X = 1;\nimport "a.cdl";').errors).toEqual([
      '2:1: imports must come before declarations',
    ]);
    expect(parse('import "a.cdl";\nnamespace n;').errors).toEqual([
      '2:1: the namespace must come before imports and declarations',
    ]);
    expect(parse('namespace a;\nnamespace b;').errors).toEqual([
      '2:1: a file has at most one namespace',
    ]);
    expect(parse('enum E : u8 { @foo A }').errors).toEqual([
      "1:15: unknown attribute '@foo'; only @alias is allowed here",
    ]);
  });

  it('words common mistakes in the terms of the language', () => {
    const cases: [string, string][] = [
      ['struct S { a: u8 }', "1:17: expected ';' after field declaration, found '}'"],
      [
        'struct S { a: u8 @4 allign(8); }',
        "1:20: expected ';' after field declaration, found 'allign' (did you mean 'align'?)",
      ],
      ['struct S { a u8; }', "1:14: expected ':' in field declaration, found 'u8'"],
      ['struct S { a: ; }', "1:15: expected a type, found ';'"],
      ['struct type { }', "1:8: expected a name after 'struct', found keyword 'type'"],
      ['struct S { if x { a: u8; } else }', "1:33: expected '{' in if block, found '}'"],
      ['const X = (1 + 2;', "1:17: expected ')' in parenthesized expression, found ';'"],
      ['const X = sizeof u8;', "1:18: expected '(' in sizeof, found 'u8'"],
      ['type T = ptr<u8;', "1:16: expected '>' in pointer type, found ';'"],
      ['type T = u8[4;', "1:14: expected ']' in array type, found ';'"],
      ['enum E : u8 { ; }', "1:15: expected an enum member or '}', found ';'"],
      ['enum E { A }', "1:8: expected ':' in enum declaration, found '{'"],
      ['bits B : u8 { variant V { } }', "1:25: expected 'when' in variant, found '{'"],
      ['target t { align u8 -1; }', "1:20: expected ';' after target setting, found '-'"],
      ['import x;', "1:8: expected a string in import, found 'x'"],
      ['const X = 1', "1:12: expected ';' after constant declaration, found end of file"],
    ];
    for (const [source, error] of cases) expect(parse(source).errors, source).toEqual([error]);
  });
});
