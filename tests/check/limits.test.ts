/**
 * Input limits: oversized or pathologically nested input is an error with a position, never
 * a stack overflow, an out-of-memory or a hang.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../grammar/index.js';
import { compileSources, messages } from '../helpers/compile.js';

function errorsOf(source: string, targets = ['x86_64', 'i386']): string[] {
  let result: ReturnType<typeof compileSources> | undefined;
  expect(() => {
    result = compileSources({ 's.cdl': source }, { targets });
  }).not.toThrow();
  expect(result!.ok).toBe(false);
  expect(result!.layouts).toEqual([]);
  return messages(result!, 'error');
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('input limits', () => {
  it('refuses a file larger than the limit, unparsed', () => {
    const big = `const A = 1;\n${'/'.repeat(DEFAULT_LIMITS.maxFileBytes)}\n`;
    expect(errorsOf(big)).toEqual([
      `s.cdl:1:1: error: file is too large: ${big.length} bytes (the limit is ${DEFAULT_LIMITS.maxFileBytes})`,
    ]);
  });

  it('refuses brackets nested deeper than the limit, whatever the brackets', () => {
    const deep = 10_000;
    expect(errorsOf(`const A = ${'('.repeat(deep)}1${')'.repeat(deep)};`)).toEqual([
      's.cdl:1:75: error: nesting is deeper than 64 levels',
    ]);
    expect(errorsOf(`struct S { a: u8${'['.repeat(deep)}1${']'.repeat(deep)}; }`)).toEqual([
      's.cdl:1:80: error: nesting is deeper than 64 levels',
    ]);
    expect(errorsOf(`struct S { p: ${'ptr<'.repeat(deep)}u8${'>'.repeat(deep)}; }`)).toEqual([
      's.cdl:1:270: error: nesting is deeper than 64 levels',
    ]);
    expect(errorsOf(`struct S ${'{'.repeat(deep)}`)).toEqual(['s.cdl:1:74: error: nesting is deeper than 64 levels']);
  });

  it('refuses arrays too long and objects too large, without allocating them', () => {
    expect(errorsOf('struct S { a: u8[0xffff_ffff_ffff_ffff]; }')).toEqual([
      's.cdl:1:18: error: an array has 1 to 16777216 elements, not 18446744073709551615',
    ]);
    expect(errorsOf('struct S { a: u64[1 << 24][1 << 24]; }')).toEqual([
      's.cdl:1:15: error: this array is 2251799813685248 bytes; objects are limited to 1073741824 bytes',
    ]);
    expect(errorsOf('struct S { a: u8; pad 0x7fff_ffff; }')).toEqual([
      's.cdl:1:23: error: padding is 1 to 1073741824 bytes, not 2147483647',
    ]);
  });

  it('refuses more than 16 array dimensions', () => {
    expect(errorsOf(`struct S { a: u8${'[1]'.repeat(20_000)}; }`)).toEqual([
      's.cdl:1:65: error: an array type has at most 16 dimensions',
    ]);
  });

  // Each of these once overflowed the stack (chains are flat in the text, so the nesting
  // limit does not see them).
  it('refuses operator chains too long to evaluate', () => {
    expect(errorsOf(`const A = ${range(20_000).map(() => '1').join(' + ')};`)).toEqual([
      's.cdl:1:11: error: expression is too deeply nested: more than 1000 levels of operators and constants',
    ]);
    expect(errorsOf(`const A = ${'-'.repeat(20_000)}1;`)).toEqual([
      's.cdl:1:1011: error: expression is too deeply nested: more than 1000 levels of operators and constants',
    ]);
  });

  it('refuses chains of constants too long to evaluate', () => {
    const n = 5_000;
    const spec = `${range(n).map((i) => `const C${i} = C${i + 1} + 1;`).join('\n')}\nconst C${n} = 0;`;
    const errors = errorsOf(spec);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => e.endsWith('expression is too deeply nested: more than 1000 levels of operators and constants'))).toBe(true);
  });

  it('refuses structs and aliases nested too deeply', () => {
    const n = 2_000;
    const structs = `${range(n).map((i) => `struct S${i} { a: S${i + 1}; }`).join('\n')}\nstruct S${n} { a: u8; }`;
    const errors = errorsOf(structs);
    expect(errors[0]).toBe(
      "s.cdl:257:8: error: 'S256' is nested too deeply: more than 256 levels of structs, unions and type aliases",
    );
    const aliases = `${range(n).map((i) => `type T${i} = T${i + 1};`).join('\n')}\ntype T${n} = u8;`;
    expect(errorsOf(aliases)[0]).toMatch(/is nested too deeply: more than 256 levels/);
  });

  it('evaluates a large enum in linear time', () => {
    const spec = `enum E : u64 { ${range(40_000).map((i) => `M${i}`).join(', ')} }`;
    const started = Date.now();
    const result = compileSources({ 's.cdl': spec }, { targets: ['x86_64'] });
    expect(result.ok).toBe(true);
    expect(result.layouts[0].enums[0].members).toHaveLength(40_000);
    // It took 17 s when each member re-walked the ones before it.
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
