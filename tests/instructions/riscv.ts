/**
 * What the RISC-V instruction tests share: the riscv64 machine's instruction decoder, loaded
 * from generated/tables as a tool would; the mnemonics of RV64I, M, A, Zicsr, Zifencei and C
 * written out from the manual (an independent list, so that a pattern missing from the specs
 * is noticed); random operands for a pattern; and objdump's lines, read.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findMachine, loadMachine, type MachineIndex } from '../../runtime/machines.js';
import type { InstructionDecoder, InstructionPattern } from '../../runtime/instructions.js';
import { ROOT } from '../ts/oracle.js';

const TABLES = path.join(ROOT, 'generated/tables');

export async function riscv64Decoder(): Promise<InstructionDecoder> {
  const index = JSON.parse(fs.readFileSync(path.join(TABLES, 'index.json'), 'utf8')) as MachineIndex;
  const machine = await loadMachine(findMachine(index, { target: 'riscv64' })!, (f) => JSON.parse(fs.readFileSync(path.join(TABLES, f), 'utf8')));
  if (!machine.instructions) throw new Error('the riscv64 tables hold no instructions');
  return machine.instructions;
}

const words = (s: string) => s.trim().split(/\s+/);

/**
 * Every instruction of the extensions, RV64 forms (Vol. I: chapter 2 and 5, RV64I; 7, M; 8, A;
 * 9, Zicsr; 3, Zifencei; 16, C without F and D), and what binutils decodes in their encoding
 * space beside them: unimp and c.unimp (illegal by definition), and the RV128 shifts by 0,
 * which are HINTs on RV64 (c.slli64, c.srli64, c.srai64).
 */
export const EXTENSION_MNEMONICS: ReadonlySet<string> = new Set([
  ...words(`lui auipc jal jalr beq bne blt bge bltu bgeu lb lh lw ld lbu lhu lwu sb sh sw sd
    addi slti sltiu xori ori andi slli srli srai add sub sll slt sltu xor srl sra or and
    addiw slliw srliw sraiw addw subw sllw srlw sraw fence fence.tso ecall ebreak`),
  ...words('mul mulh mulhsu mulhu div divu rem remu mulw divw divuw remw remuw'),
  ...['w', 'd'].flatMap((w) => words('lr sc amoswap amoadd amoxor amoand amoor amomin amomax amominu amomaxu').map((op) => `${op}.${w}`)),
  ...words('csrrw csrrs csrrc csrrwi csrrsi csrrci unimp fence.i'),
  ...words(`c.addi4spn c.lw c.ld c.sw c.sd c.addi c.addiw c.li c.addi16sp c.lui c.srli c.srai c.andi
    c.sub c.xor c.or c.and c.subw c.addw c.j c.beqz c.bnez c.slli c.lwsp c.ldsp c.jr c.mv c.ebreak
    c.jalr c.add c.swsp c.sdsp c.unimp c.slli64 c.srli64 c.srai64`),
]);

/** objdump's mnemonic without the ordering suffix A adds (`amoadd.w.aqrl` is amoadd.w). */
export function baseMnemonic(mnemonic: string): string {
  return mnemonic.replace(/\.(aq|rl|aqrl)$/, '');
}

/**
 * Random field values for one instance of a pattern: in range, a multiple of the field's
 * step, none the pattern excludes; fixed and constant fields left out. A fence set is never
 * empty: GNU as has no spelling for one.
 */
export function randomFields(p: InstructionPattern, random: () => number): Record<string, number> {
  const fields: Record<string, number> = {};
  const excluded = p.table.excluded ?? [];
  for (const f of p.fields) {
    if (f.mask === 0 || ((p.mask & f.mask) >>> 0) === f.mask) continue;
    const low = f.table.operand === 'fence' ? 1 : f.min;
    for (;;) {
      const steps = Math.floor((f.max - low) / f.step) + 1;
      // Edges half the time: the extremes are where encodings go wrong.
      const r = random();
      const k = r < 0.1 ? 0 : r < 0.2 ? steps - 1 : Math.floor(random() * steps);
      const v = low + k * f.step;
      if (excluded.some(([name, x]) => name === f.name && x === v)) continue;
      fields[f.name] = v;
      break;
    }
  }
  return fields;
}

/** One instruction line of `objdump -d`: its address, word, mnemonic and operands. */
export interface ObjdumpLine {
  readonly address: number;
  /** The instruction's value as objdump shows it (2 or 4 bytes). */
  readonly word: number;
  readonly length: number;
  readonly mnemonic: string;
  readonly operands: string;
}

/**
 * The instruction lines of objdump's output. Operands are normalised only in what is not the
 * instruction: the space after commas, the `<symbol+offset>` after a branch target, and the
 * `# comment` objdump adds when it knows a register's value.
 */
export function objdumpLines(text: string): ObjdumpLine[] {
  const out: ObjdumpLine[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*([0-9a-f]+):\t([0-9a-f]+)\s*\t(\S+)\s*(.*)$/.exec(line);
    if (!m) continue;
    out.push({ address: parseInt(m[1], 16), word: parseInt(m[2], 16), length: m[2].length / 2, mnemonic: m[3], operands: normaliseOperands(m[4].replace(/\s+#.*$/, '').replace(/\s*<[^>]*>$/, '')) });
  }
  return out;
}

export function normaliseOperands(s: string): string {
  return s.trim().replace(/,\s+/g, ',');
}

/** CDL's line split the same way: the mnemonic, and the operands with no space after commas. */
export function splitLine(text: string): { mnemonic: string; operands: string } {
  const i = text.indexOf(' ');
  return i < 0 ? { mnemonic: text, operands: '' } : { mnemonic: text.slice(0, i), operands: normaliseOperands(text.slice(i + 1)) };
}
