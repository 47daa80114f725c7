/**
 * A hand-written RISC-V decoder for the benchmark's baseline: RV64I, M, A, Zicsr, Zifencei and
 * C, as one would write it without CDL, a `switch` on the opcode and then on funct3/funct7
 * (and quadrant and funct3 for the compressed instructions). It does the work the table-driven
 * decoder does: it names the instruction (by the same name) and extracts every operand field,
 * sign-extended and scaled, into an object; null for a word it does not know. It rejects what
 * the specs exclude (rd=0 for c.lwsp, a shift by 0 for c.slli, ...), so both agree on every word.
 */

export interface Decoded {
  readonly name: string;
  readonly length: number;
  readonly [field: string]: number | string;
}

const rdOf = (w: number) => (w >>> 7) & 31;
const rs1Of = (w: number) => (w >>> 15) & 31;
const rs2Of = (w: number) => (w >>> 20) & 31;
const immI = (w: number) => w >> 20;
const immS = (w: number) => ((w >> 25) << 5) | ((w >>> 7) & 31);
const immB = (w: number) => ((w >> 31) << 12) | (((w >>> 7) & 1) << 11) | (((w >>> 25) & 63) << 5) | (((w >>> 8) & 15) << 1);
const immJ = (w: number) => ((w >> 31) << 20) | (((w >>> 12) & 255) << 12) | (((w >>> 20) & 1) << 11) | (((w >>> 21) & 1023) << 1);

const R = (name: string, w: number): Decoded => ({ name, length: 4, rd: rdOf(w), rs1: rs1Of(w), rs2: rs2Of(w) });
const I = (name: string, w: number): Decoded => ({ name, length: 4, rd: rdOf(w), rs1: rs1Of(w), imm: immI(w) });

const BRANCH = ['beq', 'bne', '', '', 'blt', 'bge', 'bltu', 'bgeu'];
const LOAD = ['lb', 'lh', 'lw', 'ld', 'lbu', 'lhu', 'lwu', ''];
const STORE = ['sb', 'sh', 'sw', 'sd', '', '', '', ''];
const OPIMM = ['addi', '', 'slti', 'sltiu', 'xori', '', 'ori', 'andi'];
const OP = ['add', 'sll', 'slt', 'sltu', 'xor', 'srl', 'or', 'and'];
const MULDIV = ['mul', 'mulh', 'mulhsu', 'mulhu', 'div', 'divu', 'rem', 'remu'];
const MULDIVW = ['mulw', '', '', '', 'divw', 'divuw', 'remw', 'remuw'];
const CSR = ['', 'csrrw', 'csrrs', 'csrrc', '', 'csrrwi', 'csrrsi', 'csrrci'];
const AMO: Record<number, string> = { 0x00: 'amoadd', 0x01: 'amoswap', 0x04: 'amoxor', 0x08: 'amoor', 0x0c: 'amoand', 0x10: 'amomin', 0x14: 'amomax', 0x18: 'amominu', 0x1c: 'amomaxu' };

/** The instruction in `w` (32 bits, the first byte lowest) of which `available` bytes are real; null if unknown. */
export function decodeRiscv(w: number, available: number): Decoded | null {
  if ((w & 3) !== 3) return available >= 2 ? decodeCompressed(w & 0xffff) : null;
  if (available < 4) return null;
  const f3 = (w >>> 12) & 7;
  const f7 = w >>> 25;
  switch (w & 0x7f) {
    case 0x37:
      return { name: 'lui', length: 4, rd: rdOf(w), imm: w >>> 12 };
    case 0x17:
      return { name: 'auipc', length: 4, rd: rdOf(w), imm: w >>> 12 };
    case 0x6f:
      return { name: 'jal', length: 4, rd: rdOf(w), imm: immJ(w) };
    case 0x67:
      return f3 === 0 ? I('jalr', w) : null;
    case 0x63:
      return BRANCH[f3] ? { name: BRANCH[f3], length: 4, rs1: rs1Of(w), rs2: rs2Of(w), imm: immB(w) } : null;
    case 0x03:
      return LOAD[f3] ? I(LOAD[f3], w) : null;
    case 0x23:
      return STORE[f3] ? { name: STORE[f3], length: 4, rs1: rs1Of(w), rs2: rs2Of(w), imm: immS(w) } : null;
    case 0x13: {
      if (OPIMM[f3]) return I(OPIMM[f3], w);
      const f6 = w >>> 26;
      const shift = (name: string): Decoded => ({ name, length: 4, rd: rdOf(w), rs1: rs1Of(w), shamt: (w >>> 20) & 63 });
      if (f3 === 1) return f6 === 0 ? shift('slli') : null;
      return f6 === 0 ? shift('srli') : f6 === 0x10 ? shift('srai') : null;
    }
    case 0x1b: {
      const shift = (name: string): Decoded => ({ name, length: 4, rd: rdOf(w), rs1: rs1Of(w), shamt: (w >>> 20) & 31 });
      if (f3 === 0) return I('addiw', w);
      if (f3 === 1) return f7 === 0 ? shift('slliw') : null;
      if (f3 === 5) return f7 === 0 ? shift('srliw') : f7 === 0x20 ? shift('sraiw') : null;
      return null;
    }
    case 0x33:
      if (f7 === 0) return R(OP[f3], w);
      if (f7 === 1) return R(MULDIV[f3], w);
      if (f7 === 0x20) return f3 === 0 ? R('sub', w) : f3 === 5 ? R('sra', w) : null;
      return null;
    case 0x3b:
      if (f7 === 0) return f3 === 0 ? R('addw', w) : f3 === 1 ? R('sllw', w) : f3 === 5 ? R('srlw', w) : null;
      if (f7 === 1) return MULDIVW[f3] ? R(MULDIVW[f3], w) : null;
      if (f7 === 0x20) return f3 === 0 ? R('subw', w) : f3 === 5 ? R('sraw', w) : null;
      return null;
    case 0x0f:
      if (f3 === 1) return w === 0x0000100f ? { name: 'fence.i', length: 4 } : null;
      if (f3 !== 0 || (w & 0x000f8f80) !== 0) return null;
      if (w >>> 28 === 8) return (w & 0x0ff00000) === 0x03300000 ? { name: 'fence.tso', length: 4, pred: 3, succ: 3 } : null;
      return w >>> 28 === 0 ? { name: 'fence', length: 4, pred: (w >>> 24) & 15, succ: (w >>> 20) & 15 } : null;
    case 0x73: {
      if (f3 === 0) return w === 0x00000073 ? { name: 'ecall', length: 4, imm: 0 } : w === 0x00100073 ? { name: 'ebreak', length: 4, imm: 1 } : null;
      if (w === 0xc0001073 - 0x100000000) return { name: 'unimp', length: 4, csr: 0xc00 };
      if (!CSR[f3]) return null;
      return f3 < 4 ? { name: CSR[f3], length: 4, rd: rdOf(w), rs1: rs1Of(w), csr: w >>> 20 } : { name: CSR[f3], length: 4, rd: rdOf(w), uimm: rs1Of(w), csr: w >>> 20 };
    }
    case 0x2f: {
      if (f3 !== 2 && f3 !== 3) return null;
      const f5 = w >>> 27;
      const size = f3 === 2 ? '.w' : '.d';
      if (f5 === 2) return rs2Of(w) === 0 ? { name: `lr${size}`, length: 4, rd: rdOf(w), rs1: rs1Of(w), aqrl: (w >>> 25) & 3 } : null;
      const op = f5 === 3 ? 'sc' : AMO[f5];
      return op ? { name: op + size, length: 4, rd: rdOf(w), rs1: rs1Of(w), rs2: rs2Of(w), aqrl: (w >>> 25) & 3 } : null;
    }
    default:
      return null;
  }
}

const C = (name: string, fields: Record<string, number>): Decoded => ({ name, length: 2, ...fields });

function decodeCompressed(h: number): Decoded | null {
  const f3 = h >>> 13;
  const rd = (h >>> 7) & 31;
  const rs2 = (h >>> 2) & 31;
  const rdp = ((h >>> 2) & 7) + 8;
  const rs1p = ((h >>> 7) & 7) + 8;
  const imm6 = (((h >>> 12) & 1) << 5) | ((h >>> 2) & 31);
  const simm6 = (imm6 << 26) >> 26;
  const uimmW = (((h >>> 6) & 1) << 2) | (((h >>> 10) & 7) << 3) | (((h >>> 5) & 1) << 6);
  const uimmD = (((h >>> 10) & 7) << 3) | (((h >>> 5) & 3) << 6);
  switch (h & 3) {
    case 0:
      switch (f3) {
        case 0: {
          // Its rd' field holds x8 (its bits are 0), as the format reads it.
          if (h === 0) return { name: 'c.unimp', length: 2, rd: 8, imm: 0 };
          const imm = (((h >>> 6) & 1) << 2) | (((h >>> 5) & 1) << 3) | (((h >>> 11) & 3) << 4) | (((h >>> 7) & 15) << 6);
          return imm === 0 ? null : { name: 'c.addi4spn', length: 2, rd: rdp, imm };
        }
        case 2:
          return { name: 'c.lw', length: 2, rd: rdp, rs1: rs1p, imm: uimmW };
        case 3:
          return { name: 'c.ld', length: 2, rd: rdp, rs1: rs1p, imm: uimmD };
        case 6:
          return { name: 'c.sw', length: 2, rs2: rdp, rs1: rs1p, imm: uimmW };
        case 7:
          return { name: 'c.sd', length: 2, rs2: rdp, rs1: rs1p, imm: uimmD };
        default:
          return null;
      }
    case 1:
      switch (f3) {
        case 0:
          return { name: 'c.addi', length: 2, rd, imm: simm6 };
        case 1:
          return rd === 0 ? null : { name: 'c.addiw', length: 2, rd, imm: simm6 };
        case 2:
          return { name: 'c.li', length: 2, rd, imm: simm6 };
        case 3:
          if (rd === 2) {
            const imm = (((h >>> 6) & 1) << 4) | (((h >>> 2) & 1) << 5) | (((h >>> 5) & 1) << 6) | (((h >>> 3) & 3) << 7) | (((h >>> 12) & 1) << 9);
            return { name: 'c.addi16sp', length: 2, rd, imm: (imm << 22) >> 22 };
          }
          return simm6 === 0 ? null : { name: 'c.lui', length: 2, rd, imm: simm6 };
        case 4: {
          const f2 = (h >>> 10) & 3;
          const rdq = rs1p;
          if (f2 === 0) return imm6 === 0 ? C('c.srli64', { rd: rdq }) : C('c.srli', { rd: rdq, shamt: imm6 });
          if (f2 === 1) return imm6 === 0 ? C('c.srai64', { rd: rdq }) : C('c.srai', { rd: rdq, shamt: imm6 });
          if (f2 === 2) return { name: 'c.andi', length: 2, rd: rdq, imm: simm6 };
          const op = ((h >>> 12) & 1) * 4 + ((h >>> 5) & 3);
          const name = ['c.sub', 'c.xor', 'c.or', 'c.and', 'c.subw', 'c.addw', '', ''][op];
          return name ? { name, length: 2, rd: rdq, rs2: rdp } : null;
        }
        case 5: {
          const imm = (((h >>> 3) & 7) << 1) | (((h >>> 11) & 1) << 4) | (((h >>> 2) & 1) << 5) | (((h >>> 7) & 1) << 6) | (((h >>> 6) & 1) << 7) | (((h >>> 9) & 3) << 8) | (((h >>> 8) & 1) << 10) | (((h >>> 12) & 1) << 11);
          return { name: 'c.j', length: 2, imm: (imm << 20) >> 20 };
        }
        default: {
          const imm = (((h >>> 3) & 3) << 1) | (((h >>> 10) & 3) << 3) | (((h >>> 2) & 1) << 5) | (((h >>> 5) & 3) << 6) | (((h >>> 12) & 1) << 8);
          return { name: f3 === 6 ? 'c.beqz' : 'c.bnez', length: 2, rs1: rs1p, imm: (imm << 23) >> 23 };
        }
      }
    default:
      switch (f3) {
        case 0:
          return imm6 === 0 ? C('c.slli64', { rd }) : C('c.slli', { rd, shamt: imm6 });
        case 2:
          return rd === 0 ? null : { name: 'c.lwsp', length: 2, rd, imm: (((h >>> 4) & 7) << 2) | (((h >>> 12) & 1) << 5) | (((h >>> 2) & 3) << 6) };
        case 3:
          return rd === 0 ? null : { name: 'c.ldsp', length: 2, rd, imm: (((h >>> 5) & 3) << 3) | (((h >>> 12) & 1) << 5) | (((h >>> 2) & 7) << 6) };
        case 4:
          if (((h >>> 12) & 1) === 0) return rs2 === 0 ? (rd === 0 ? null : { name: 'c.jr', length: 2, rd }) : { name: 'c.mv', length: 2, rd, rs2 };
          if (rs2 !== 0) return { name: 'c.add', length: 2, rd, rs2 };
          return rd === 0 ? { name: 'c.ebreak', length: 2 } : { name: 'c.jalr', length: 2, rd };
        case 6:
          return { name: 'c.swsp', length: 2, rs2, imm: (((h >>> 9) & 15) << 2) | (((h >>> 7) & 3) << 6) };
        case 7:
          return { name: 'c.sdsp', length: 2, rs2, imm: (((h >>> 10) & 7) << 3) | (((h >>> 7) & 7) << 6) };
        default:
          return null;
      }
  }
}
