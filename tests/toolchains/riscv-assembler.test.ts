/**
 * Every RISC-V instruction pattern of the specs against GNU binutils: an assembly file made
 * from the decode tables (each pattern with random operands, printed by CDL with numeric
 * register names and relative branch targets) is assembled with
 * `as -march=rv64imac_zicsr_zifencei -mpriv-spec=1.12` (the privileged version whose CSR names
 * dsl/riscv/csr-names.cdl lists) and disassembled with `objdump -d -z -M no-aliases,numeric`.
 * Each word is the one CDL encoded, CDL decodes it as the same instruction and prints what
 * objdump prints, and encoding what it decoded gives the word back.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../helpers/random.js';
import { EXTENSION_MNEMONICS, objdumpLines, randomFields, riscv64Decoder, splitLine } from '../instructions/riscv.js';
import { skipFor } from './tools.js';

const AS = 'riscv64-linux-gnu-as';
const OBJDUMP = 'riscv64-linux-gnu-objdump';
const PER_PATTERN = 40;

function has(tool: string): boolean {
  return spawnSync(tool, ['--version'], { encoding: 'utf8' }).status === 0;
}

describe('RISC-V instructions against GNU as and objdump', () => {
  it('the specs hold every instruction of RV64I, M, A, Zicsr, Zifencei and C, and nothing else', async () => {
    const decoder = await riscv64Decoder();
    expect(new Set(decoder.patterns.map((p) => p.name))).toEqual(EXTENSION_MNEMONICS);
  });

  it('assemble, disassemble and decode alike, with random operands', async (ctx) => {
    if (!has(AS) || !has(OBJDUMP)) skipFor(ctx, `no ${AS} or ${OBJDUMP} (Debian: binutils-riscv64-linux-gnu)`);
    const decoder = await riscv64Decoder();
    const random = mulberry32(19);
    const expected: { name: string; word: number; text: string }[] = [];
    for (const p of decoder.patterns) {
      for (let i = 0; i < PER_PATTERN; i++) {
        const word = decoder.encode(p.name, randomFields(p, random));
        const insn = decoder.decodeWord(word, p.length)!;
        expected.push({ name: p.name, word, text: decoder.format(insn, { numeric: true }) });
      }
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdl-riscv-'));
    try {
      // No relaxation: branch offsets stay as written, not relocations for the linker. And no
      // compression, which would turn `add` into `c.add`, except where CDL wrote a c. instruction.
      const source = expected.map((e) => `\t.option ${decoder.pattern(e.name)!.length === 2 ? 'rvc' : 'norvc'}\n\t${e.text}\n`).join('');
      fs.writeFileSync(path.join(dir, 'all.s'), `.option norelax\n${source}`);
      const as = spawnSync(AS, ['-march=rv64imac_zicsr_zifencei', '-mpriv-spec=1.12', '-o', path.join(dir, 'all.o'), path.join(dir, 'all.s')], { encoding: 'utf8' });
      expect(as.stderr.split('\n').filter((l) => /Error/.test(l)).slice(0, 10)).toEqual([]);
      expect(as.status).toBe(0);
      const dump = spawnSync(OBJDUMP, ['-d', '-z', '-M', 'no-aliases,numeric', path.join(dir, 'all.o')], { encoding: 'utf8', maxBuffer: 1 << 28 });
      expect(dump.status).toBe(0);
      const lines = objdumpLines(dump.stdout);
      expect(lines.length).toBe(expected.length);
      const wrong: string[] = [];
      lines.forEach((line, i) => {
        const e = expected[i];
        const insn = decoder.decodeWord(line.word, line.length);
        const text = insn ? splitLine(decoder.format(insn, { pc: line.address, numeric: true })) : null;
        const problems = [
          line.word !== e.word && `as made 0x${line.word.toString(16)} of '${e.text}', CDL encoded 0x${e.word.toString(16)}`,
          !insn && 'CDL decodes nothing',
          insn && insn.name !== e.name && `CDL decodes ${insn.name}`,
          text && (text.mnemonic !== line.mnemonic || text.operands !== line.operands) && `CDL prints '${text.mnemonic} ${text.operands}'`,
          insn && decoder.encode(insn.name, insn.fields) !== line.word && 'encode(decode(w)) is not w',
        ].filter(Boolean);
        if (problems.length) wrong.push(`${e.name} ${line.mnemonic} ${line.operands}: ${problems.join('; ')}`);
      });
      expect(wrong.slice(0, 20)).toEqual([]);
    } finally {
      if (!process.env.CDL_KEEP) fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
