/**
 * Real code: every instruction of the `.text` of the RISC-V C library against objdump. Where
 * objdump prints an instruction of RV64I, M, A, Zicsr, Zifencei or C, CDL prints the same
 * (mnemonic and operands, numeric register names, branch targets as addresses) and encodes it
 * back to the same word; where objdump prints anything else (F and D instructions, data it
 * cannot decode), CDL decodes nothing, never another instruction. objdump runs once; the
 * comparison is a loop over its lines.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { baseMnemonic, EXTENSION_MNEMONICS, objdumpLines, riscv64Decoder, splitLine } from '../instructions/riscv.js';
import { skipFor } from './tools.js';

const LIBC = '/usr/riscv64-linux-gnu/lib/libc.so.6';
const OBJDUMP = 'riscv64-linux-gnu-objdump';

describe('the RISC-V C library', () => {
  it('disassembles as objdump does, instruction by instruction', async (ctx) => {
    if (!fs.existsSync(LIBC)) skipFor(ctx, `no ${LIBC} (Debian: libc6-riscv64-cross)`);
    const dump = spawnSync(OBJDUMP, ['-d', '-z', '-j', '.text', '-M', 'no-aliases,numeric', LIBC], { encoding: 'utf8', maxBuffer: 1 << 30 });
    if (dump.error || dump.status !== 0) skipFor(ctx, `${OBJDUMP} did not run (Debian: binutils-riscv64-linux-gnu)`);
    const decoder = await riscv64Decoder();
    const lines = objdumpLines(dump.stdout);
    expect(lines.length).toBeGreaterThan(100_000);
    let ours = 0;
    const wrong: string[] = [];
    for (const line of lines) {
      const insn = decoder.decodeWord(line.word, line.length);
      const expected = EXTENSION_MNEMONICS.has(baseMnemonic(line.mnemonic));
      let problem: string | null = null;
      if (!expected) {
        if (insn) problem = `CDL decodes ${decoder.format(insn, { pc: line.address, numeric: true })}`;
      } else {
        ours++;
        const text = insn && splitLine(decoder.format(insn, { pc: line.address, numeric: true }));
        if (!insn || !text) problem = 'CDL decodes nothing';
        else if (text.mnemonic !== line.mnemonic || text.operands !== line.operands) problem = `CDL prints ${text.mnemonic} ${text.operands}`;
        else if (insn.length !== line.length || decoder.encode(insn.name, insn.fields) !== line.word) problem = 'encode(decode(w)) is not w';
      }
      if (problem) wrong.push(`${line.address.toString(16)}: ${line.word.toString(16)} ${line.mnemonic} ${line.operands}: ${problem}`);
    }
    expect(wrong.slice(0, 20)).toEqual([]);
    // Nearly all of the library is integer code of these extensions.
    expect(ours / lines.length).toBeGreaterThan(0.99);
  }, 120_000);
});
