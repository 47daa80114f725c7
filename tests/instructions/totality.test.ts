/**
 * Totality: the decoder and the disassembler never throw, whatever they are given. One million
 * random 32-bit words (with a random count of real bytes) through decodeWord and format, random
 * byte strings through decode and disassemble, and values that are not words at all.
 */
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../helpers/random.js';
import { riscv64Decoder } from './riscv.js';

const d = await riscv64Decoder();

describe('the instruction decoder is total', () => {
  it('decodes and prints a million random words without throwing', () => {
    const random = mulberry32(1);
    let known = 0;
    for (let i = 0; i < 1_000_000; i++) {
      const w = Math.floor(random() * 2 ** 32);
      const insn = d.decodeWord(w, 1 + (i & 3));
      if (insn) {
        known++;
        expect(typeof d.format(insn, { pc: w, numeric: (i & 1) === 0 })).toBe('string');
      }
    }
    // Most 32-bit words are some instruction of these extensions; most are not compressed ones.
    expect(known).toBeGreaterThan(100_000);
  }, 60_000);

  it('disassembles random byte strings without throwing, covering every byte', () => {
    const random = mulberry32(2);
    for (let i = 0; i < 2_000; i++) {
      const bytes = new Uint8Array(Math.floor(random() * 64));
      for (let j = 0; j < bytes.length; j++) bytes[j] = Math.floor(random() * 256);
      const lines = [...d.disassemble(bytes, { pc: BigInt(Math.floor(random() * 2 ** 53)) * 4096n })];
      expect(lines.reduce((n, l) => n + l.length, 0)).toBe(bytes.length);
      for (let at = 0; at <= bytes.length + 1; at++) d.decode(bytes, at);
    }
  });

  it('takes anything that is not a word or bytes as unknown', () => {
    for (const w of [-1, 2 ** 32, 1.5, NaN, Infinity, '0x13', null, undefined, 10n, {}]) expect(d.decodeWord(w as never)).toBeNull();
    for (const b of [null, undefined, 'abc', [0x13, 0, 0, 0], new Uint16Array(4)]) {
      expect(d.decode(b as never)).toBeNull();
      expect([...d.disassemble(b as never)]).toEqual([]);
    }
    expect(d.decode(new Uint8Array([0x13, 0, 0, 0]), -1)).toBeNull();
    // A pc that is no address prints branch targets relative to the instruction.
    const beq = new Uint8Array([0xe3, 0x0e, 0xb5, 0xfe]);
    for (const pc of [1.5, NaN, -Infinity, '0x10', 2 ** 60]) expect([...d.disassemble(beq, { pc: pc as never })][0]!.text).toBe('beq a0, a1, .-4');
    expect([...d.disassemble(beq, { pc: -4n })][0]!.text).toBe('beq a0, a1, fffffffffffffff8');
    expect([...d.disassemble(beq, { pc: null as never })][0]!.text).toBe('beq a0, a1, fffffffffffffffc'); // no pc: address 0
    expect(d.decode(new Uint8Array([0x13, 0, 0, 0]), 0.5)).toBeNull();
  });
});
