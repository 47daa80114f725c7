import { describe, expect, it } from 'vitest';
import { compileSources, layoutOf, messages } from '../helpers/compile.js';

const value = (expr: string, prelude = ''): bigint => {
  const c = layoutOf(`${prelude}\nconst X = ${expr};`).constants.find((k) => k.name === 'X');
  if (!c) throw new Error('no X');
  return c.value;
};

const errorsOf = (source: string): string[] => messages(compileSources({ 'e.cdl': source }, { targets: ['x86_64'] }), 'error');

describe('constant expressions', () => {
  it('reads every literal form', () => {
    expect(value('0x1000')).toBe(4096n);
    expect(value('0b1010_1010')).toBe(0xaan);
    expect(value('0o17')).toBe(15n);
    expect(value('1_000_000')).toBe(1000000n);
    expect(value('0xffff_ffff_ffff_ffff')).toBe((1n << 64n) - 1n);
  });

  it('follows C-like precedence, loosest first: | ^ & shifts additive multiplicative unary', () => {
    expect(value('1 | 2 ^ 3 & 4 << 1 + 2 * 3')).toBe(1n | (2n ^ (3n & (4n << (1n + 2n * 3n)))));
    expect(value('-(1 << 4) + 20')).toBe(4n);
    expect(value('10 - 3 - 2')).toBe(5n);
    expect(value('-7 / 2')).toBe(-3n);
    expect(value('-7 % 2')).toBe(-1n);
  });

  it('computes bitwise operations on 64-bit patterns', () => {
    expect(value('~0')).toBe((1n << 64n) - 1n);
    expect(value('~(4096 - 1)')).toBe(0xffff_ffff_ffff_f000n);
    expect(value('-1 & 0xff')).toBe(0xffn);
    expect(value('-(1 << 63)')).toBe(-(1n << 63n));
  });

  it('references constants, enum members, booleans and sizes', () => {
    expect(value('PAGE * 2', 'const PAGE = 4096;')).toBe(8192n);
    expect(value('E.B + 1', 'enum E : u4 { A = 3, B }')).toBe(5n);
    expect(value('true + true + false')).toBe(2n);
    expect(value('sizeof(u64[3]) + alignof(u16)')).toBe(26n);
  });

  it('reports overflow, division by zero, bad shifts and cycles', () => {
    expect(errorsOf('const A = 0xffff_ffff_ffff_ffff + 1;')).toEqual([
      'e.cdl:1:11: error: value 18446744073709551616 overflows 64 bits (allowed: -2^63 to 2^64-1)',
    ]);
    expect(errorsOf('const A = 1 / (2 - 2);')).toEqual(['e.cdl:1:16: error: division by zero']);
    expect(errorsOf('const A = 1 << 64;')).toEqual(['e.cdl:1:16: error: shift by 64: the amount must be 0 to 63']);
    expect(errorsOf('const A = B;\nconst B = A;')[0]).toMatch(/defined in terms of itself/);
    expect(errorsOf('const A: u8 = 256;')).toEqual(['e.cdl:1:15: error: value 256 does not fit in u8 (0 to 255)']);
  });

  it('requires bit positions to be the same on every target', () => {
    expect(errorsOf('const N = sizeof(usize);\nbits B : u64 { x @0..N; reserved @(N + 1)..63; }')).toEqual([
      'e.cdl:2:22: error: this value must be the same on every target, but it depends on sizeof',
      'e.cdl:2:36: error: this value must be the same on every target, but it depends on sizeof',
    ]);
  });
});
