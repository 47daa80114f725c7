/**
 * The instruction decoder of runtime/instructions.ts on the riscv64 tables: what it prints
 * for known words (with ABI and numeric register names, pc-relative targets, CSR names, fence
 * sets, AMO suffixes), what it does with words no pattern matches and with bytes that end
 * early, how encode rejects what a field cannot hold, and that walking the tree as data gives
 * what the compiled decoder gives.
 */
import { describe, expect, it } from 'vitest';
import { FieldRangeError } from '../../runtime/errors.js';
import { InstructionDecoder } from '../../runtime/instructions.js';
import { mulberry32 } from '../helpers/random.js';
import { riscv64Decoder } from './riscv.js';

const d = await riscv64Decoder();
const text = (word: number, options = {}) => {
  const insn = d.decodeWord(word);
  return insn ? d.format(insn, options) : null;
};

describe('decoding and printing RISC-V', () => {
  it('prints registers by ABI name, or by number', () => {
    // addi a0, a0, 1 (I-type: imm=1, rs1=10, funct3=0, rd=10, opcode=0x13).
    expect(text(0x00150513)).toBe('addi a0, a0, 1');
    expect(text(0x00150513, { numeric: true })).toBe('addi x10, x10, 1');
    // ld ra, 8(sp): an offset(register) operand.
    expect(text(0x00813083)).toBe('ld ra, 8(sp)');
  });

  it('sign-extends split immediates and prints branch targets as addresses, or relative without a pc', () => {
    // beq a0, a1, -4 (B-type: imm[12|10:5]=0x7f, imm[4:1|11]=0x1d).
    const beq = 0xfeb50ee3;
    expect(d.decodeWord(beq)!.fields.imm).toBe(-4);
    expect(text(beq, { pc: 0x1000 })).toBe('beq a0, a1, ffc');
    expect(text(beq)).toBe('beq a0, a1, .-4');
    expect(text(beq, { pc: 0n })).toBe('beq a0, a1, fffffffffffffffc');
  });

  it('decodes 16-bit compressed instructions beside 32-bit ones, by their low bits', () => {
    const insn = d.decode(new Uint8Array([0x82, 0x80, 0x13, 0x05]))!;
    expect([insn.name, insn.length, d.format(insn)]).toEqual(['c.jr', 2, 'c.jr ra']);
    // c.lui a0, 0xfffe0: a negative 6-bit immediate printed as lui's 20 bits.
    expect(text(0x7501)).toBe('c.lui a0, 0xfffe0');
    // c.ldsp through the sp that no field holds.
    expect(text(0x60a2)).toBe('c.ldsp ra, 8(sp)');
  });

  it('prints CSR names, fence sets and ordering suffixes', () => {
    expect(text(0x00202573, { numeric: true })).toBe('csrrs x10, frm, x0');
    expect(text(0x12345073)).toBe('csrrwi zero, 0x123, 8');
    expect(text(0x0330000f)).toBe('fence rw, rw');
    expect(text(0x8330000f)).toBe('fence.tso');
    expect(text(0x0000000f)).toBe('fence unknown, unknown');
    expect(text(0x06b5252f)).toBe('amoadd.w.aqrl a0, a1, (a0)');
    expect(text(0xc0001073)).toBe('unimp');
  });

  it('says unknown where no pattern matches, and where the bytes end before the instruction', () => {
    expect(d.decodeWord(0x00000053)).toBeNull(); // fadd.s: F is not in the specs
    expect(d.decodeWord(0x0000)).not.toBeNull(); // c.unimp
    expect(d.decodeWord(0x8000, 2)).toBeNull(); // quadrant 0, funct3=4: reserved
    expect(d.decode(new Uint8Array([0x13, 0x05]))).toBeNull(); // half of an addi
    const lines = [...d.disassemble(new Uint8Array([0x53, 0x00, 0x00, 0x00, 0x82, 0x80, 0x13]), { pc: 0x100 })];
    expect(lines.map((l) => [l.offset, l.length, l.text])).toEqual([
      [0, 4, '.4byte 0x53'],
      [4, 2, 'c.jr ra'],
      [6, 1, '.byte 0x13'],
    ]);
  });
});

describe('encoding RISC-V', () => {
  it('gives back the word of what it decoded', () => {
    for (const w of [0x00150513, 0xfeb50ee3, 0x7501, 0x06b5252f, 0x00302573]) {
      const insn = d.decodeWord(w)!;
      expect(d.encode(insn.name, insn.fields)).toBe(insn.word);
    }
    expect([...d.encodeBytes('c.jr', { rd: 1 })]).toEqual([0x82, 0x80]);
  });

  it('rejects what a field cannot hold, naming the instruction, the field and the range', () => {
    const error = (name: string, fields: Record<string, number>) => {
      try {
        d.encode(name, fields);
      } catch (e) {
        expect(e).toBeInstanceOf(FieldRangeError);
        return (e as Error).message;
      }
      return 'no error';
    };
    expect(error('addi', { rd: 32, rs1: 1, imm: 0 })).toBe('addi.rd: 32 is out of range (allowed: a register number from 0 to 31)');
    expect(error('addi', { rd: 1, rs1: 1, imm: 2048 })).toBe('addi.imm: 0x800 is out of range (allowed: -2048 to 2047)');
    expect(error('beq', { rs1: 1, rs2: 2, imm: 3 })).toBe('beq.imm: 3 is out of range (allowed: a multiple of 2 from -4096 to 4094)');
    expect(error('c.lw', { rd: 5, rs1: 8, imm: 0 })).toBe('c.lw.rd: 5 is out of range (allowed: a register number from 8 to 15)');
    expect(error('c.lui', { rd: 2, imm: 1 })).toBe('c.lui.rd: 2 is out of range (allowed: a register number from 0 to 31, except 2)');
    expect(error('addi', { rd: 1, rs1: 1 })).toBe('addi.imm: undefined is out of range (allowed: -2048 to 2047)');
    expect(error('addi', { rd: 1, rs1: 1, imm: 0, opcode: 0x33 })).toBe('addi.opcode: 51 is out of range (allowed: 19 (fixed in addi))');
    expect(error('addi', { rd: 1, rs1: 1, imm: 0, nope: 1 })).toMatch(/^addi\.nope: 1 is out of range \(allowed: no such field; addi has opcode, rd, funct3, rs1, imm\)$/);
    expect(() => d.encode('fadd.s', {})).toThrow(RangeError);
  });
});

describe('the decoder walked as data', () => {
  it('decodes 200,000 random words as the compiled one does', () => {
    const tables = d.tables;
    const walked = new InstructionDecoder(tables, { compile: false });
    const random = mulberry32(7);
    for (let i = 0; i < 200_000; i++) {
      const w = Math.floor(random() * 2 ** 32);
      const available = 1 + Math.floor(random() * 4);
      const a = d.decodeWord(w, available);
      const b = walked.decodeWord(w, available);
      if (a?.name !== b?.name || JSON.stringify(a?.fields) !== JSON.stringify(b?.fields)) expect([w, available, b]).toEqual([w, available, a]);
    }
  });
});
