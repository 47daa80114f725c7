/** The syntax of paging schemes: settings as runs of words, a fault block, docs, and recovery. */
import { describe, expect, it } from 'vitest';
import type { PagingDecl, PagingSetting, PagingWord } from '../../grammar/ast.js';
import { parse, parseOk } from './helpers.js';

const only = (text: string): PagingDecl => parseOk(text).decls[0] as PagingDecl;

/** A setting as its key and its words spelt back (`@21..29`, `<<`, `"#GP(0)"`). */
function spell(s: PagingSetting): unknown {
  const word = (w: PagingWord): string => {
    switch (w.kind) {
      case 'name':
        return w.name.name;
      case 'int':
        return w.value.text;
      case 'range':
        return `@${(w.range.lo as { text: string }).text}${w.range.hi ? `..${(w.range.hi as { text: string }).text}` : ''}`;
      case 'string':
        return JSON.stringify(w.value);
      default:
        return w.text;
    }
  };
  return [s.key.name, s.words.map(word).join(' '), ...(s.body ? [s.body.map(spell)] : [])];
}

describe('paging schemes', () => {
  it('read a target, settings of names, integers, ranges, strings and symbols, and a fault block', () => {
    const d = only(
      [
        'paging P : x86_64 {',
        '  address 48 canonical;',
        '  noncanonical "#GP(0)";',
        '  level Pde @21..29 table pt, page frame if ps;',
        '  level Sv39Pte @12 page ppn << 12 if r | w | x;',
        '  deny supervisor read write if u at leaf unless sum;',
        '  fault Scause64 { code = 13 if read; present if present; }',
        '}',
      ].join('\n'),
    );
    expect([d.kind, d.name.name, d.target.name]).toEqual(['PagingDecl', 'P', 'x86_64']);
    expect(d.settings.map(spell)).toEqual([
      ['address', '48 canonical'],
      ['noncanonical', '"#GP(0)"'],
      ['level', 'Pde @21..29 table pt , page frame if ps'],
      ['level', 'Sv39Pte @12 page ppn << 12 if r | w | x'],
      ['deny', 'supervisor read write if u at leaf unless sum'],
      ['fault', 'Scause64', [['code', '= 13 if read'], ['present', 'if present']]],
    ]);
  });

  it('take keywords as words, and keep doc comments on the scheme and its settings', () => {
    const d = only('/// The scheme.\npaging P : riscv64 {\n  /// Valid.\n  valid bits;\n  allow write if struct at every level;\n}');
    expect([d.doc, d.settings[0]!.doc]).toEqual(['The scheme.', 'Valid.']);
    expect(d.settings.map(spell)).toEqual([
      ['valid', 'bits'],
      ['allow', 'write if struct at every level'],
    ]);
  });

  it("make 'paging' a keyword, which a declaration cannot be named", () => {
    expect(parse('const paging = 1;').errors).toEqual(["1:7: expected a name after 'const', found keyword 'paging'"]);
  });

  it('recover from a broken setting and report it once, keeping the rest', () => {
    const { file, errors } = parse('paging P : x86_64 {\n  level E @12..20 page frame );\n  valid present;\n}\nconst X = 1;');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBe("2:30: expected paging setting, found ')'");
    expect(file.decls.map((d) => d.name.name)).toEqual(['P', 'X']);
    expect((file.decls[0] as PagingDecl).settings.map((s) => s.key.name)).toContain('valid');
  });

  it('report a missing target and a missing brace', () => {
    expect(parse('paging P { valid v; }').errors[0]).toMatch(/^1:10: expected ':'/);
    expect(parse('paging P : x86_64 valid v;').errors[0]).toMatch(/^1:19: expected '\{'/);
  });
});
