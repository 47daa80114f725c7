import { describe, expect, it } from 'vitest';
import { parse } from './helpers.js';

describe('limits', () => {
  it('refuses a file over the size limit without parsing it', () => {
    const { file, errors } = parse('const X = 1;\n'.repeat(100), { maxFileBytes: 1000 });
    expect(errors).toEqual(['1:1: file is too large: 1300 bytes (the limit is 1000)']);
    expect(file.decls).toEqual([]);
  });

  it('counts the size in UTF-8 bytes', () => {
    expect(parse('// é\n', { maxFileBytes: 5 }).errors).toHaveLength(1);
    expect(parse('// é\n', { maxFileBytes: 6 }).errors).toHaveLength(0);
  });

  it('reports 100,000 open parentheses quickly', () => {
    const started = performance.now();
    const { errors } = parse('('.repeat(100_000));
    expect(errors).toEqual(['1:65: nesting is deeper than 64 levels']);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('limits every kind of nesting', () => {
    const deep = (open: string, close: string, inner: string, n: number) =>
      open.repeat(n) + inner + close.repeat(n);
    const limits = { maxNesting: 8 };
    expect(parse(`const X = ${deep('(', ')', '1', 8)};`, limits).errors).toEqual([]);
    expect(parse(`const X = ${deep('(', ')', '1', 9)};`, limits).errors).toEqual([
      '1:19: nesting is deeper than 8 levels',
    ]);
    expect(parse(`type T = ${deep('ptr<', '>', 'u8', 9)};`, limits).errors).toHaveLength(1);
    expect(parse(`struct S { ${deep('if c { ', '}', 'a: u8;', 8)} }`, limits).errors).toHaveLength(
      1,
    );
    expect(parse(`type T = u8[${deep('sizeof(u8[', '])', '1', 5)}];`, limits).errors).toHaveLength(
      1,
    );
  });

  it('does not take the halves of >> for closers of ptr<', () => {
    const level = 'ptr<u8[1 >> 1 + (';
    const text = `type T = ${level.repeat(40)}`;
    // Three openers a level: the 65th is the `[` of the 22nd level.
    const column = 'type T = '.length + 21 * level.length + level.indexOf('[') + 1;
    expect(parse(text).errors).toEqual([`1:${column}: nesting is deeper than 64 levels`]);
  });

  it('stops listing errors after 100 of a kind', () => {
    const syntax = parse('const = 1;\n'.repeat(300)).errors;
    expect(syntax).toHaveLength(101);
    expect(syntax.slice(99)).toEqual([
      "100:7: expected a name after 'const', found '='",
      '100:7: too many syntax errors; the rest of the file is not parsed',
    ]);
    const lexical = parse('# '.repeat(300)).errors;
    expect(lexical).toHaveLength(101);
    expect(lexical[100]).toBe('1:201: too many lexical errors; 200 more not shown');
  });

  it('parses long flat inputs without recursion', () => {
    const { errors } = parse(`const X = ${'-~'.repeat(50_000)}1 ${'+ 1 '.repeat(50_000)};`);
    expect(errors).toEqual([]);
  });
});
