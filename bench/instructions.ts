/**
 * Case 4: instruction decode of the RISC-V C library's `.text` (hundreds of thousands of
 * instructions, mostly compressed): the decode tables (runtime/instructions.ts, the tree
 * compiled to code on first use, and walked as data) against a hand-written `switch` decoder
 * for the same instructions (bench/riscv-switch.ts), each naming the instruction and extracting
 * its operands; then disassembly to text against Capstone (@alexaltea/capstone-js, Capstone 5
 * built to WebAssembly: the maintained JavaScript disassembler with RISC-V; no pure-JS RISC-V
 * disassembler is published on npm). Every implementation steps over the same bytes (the
 * checksum); the decoders also agree on every name and field (checked after warm-up, untimed).
 * Without the library (Debian: libc6-riscv64-cross) the case is skipped, with the reason.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import MCapstone from '@alexaltea/capstone-js';
import { readElf, sectionBytes } from '../runtime/elf.js';
import { InstructionDecoder } from '../runtime/instructions.js';
import { findMachine, loadMachine, type MachineIndex } from '../runtime/machines.js';
import { type Case, type Impl, scaled } from './harness.js';
import { repoRoot } from './generator.js';
import { decodeRiscv } from './riscv-switch.js';

const LIBC = '/usr/riscv64-linux-gnu/lib/libc.so.6';
const TABLES = path.join(repoRoot, 'generated/tables');

type Fields = { readonly [K in 'rd' | 'rs1' | 'rs2' | 'imm' | 'shamt' | 'csr' | 'uimm' | 'pred' | 'succ' | 'aqrl']?: number };

/**
 * The fields both decoders give, folded with the name into one number, as a consumer reads
 * them: by name, each a property read (absent ones are 0).
 */
function fold(hash: number, name: string, f: Fields): number {
  const code = name.length * 256 + name.charCodeAt(name.length - 1);
  return (hash * 31 + code + (f.rd ?? 0) * 3 + (f.rs1 ?? 0) * 5 + (f.rs2 ?? 0) * 7 + (f.imm ?? 0) * 11 + (f.shamt ?? 0) * 13 + (f.csr ?? 0) * 17 + (f.uimm ?? 0) * 19 + (f.pred ?? 0) * 23 + (f.succ ?? 0) * 29 + (f.aqrl ?? 0) * 37) | 0;
}

export async function instructionCases(): Promise<Case[]> {
  if (!fs.existsSync(LIBC)) {
    console.warn(`bench: skipping case 4 (RISC-V decode): no ${LIBC} (Debian: libc6-riscv64-cross)`);
    return [];
  }
  const file = new Uint8Array(fs.readFileSync(LIBC));
  const text = sectionBytes(file, readElf(file), '.text')!.bytes;
  const bytes = text.subarray(0, Math.min(text.length, scaled(text.length)));
  const index = JSON.parse(fs.readFileSync(path.join(TABLES, 'index.json'), 'utf8')) as MachineIndex;
  const machine = await loadMachine(findMachine(index, { target: 'riscv64' })!, (f) => JSON.parse(fs.readFileSync(path.join(TABLES, f), 'utf8')));
  const compiled = machine.instructions!;
  const walked = new InstructionDecoder(compiled.tables, { compile: false });
  const n = bytes.length;
  const wordAt = (o: number) => (o + 4 <= n ? bytes[o] | (bytes[o + 1] << 8) | (bytes[o + 2] << 16) | (bytes[o + 3] << 24) : o + 2 <= n ? bytes[o] | (bytes[o + 1] << 8) : bytes[o]);
  const lengthOf = (o: number) => Math.min((bytes[o] & 3) === 3 ? 4 : 2, n - o);
  let count = 0;
  for (let o = 0; o < n; o += compiled.decode(bytes, o)?.length ?? lengthOf(o)) count++;

  // Timed: decode every instruction and fold its name and length. Each decoder has built the
  // object with every field by then (neither function is small enough to be inlined, so
  // nothing is left unbuilt); reading ten fields of thirty shapes would time the reads, not the
  // decode. Checked, untimed, after the warm-up: every name and field agrees (`agreement`).
  const withTables = (d: InstructionDecoder, full: boolean): number => {
    let hash = 0;
    let o = 0;
    while (o < n) {
      const insn = d.decode(bytes, o);
      if (insn) {
        hash = full ? fold(hash, insn.name, insn.fields as Fields) : (hash * 31 + insn.name.length + insn.length) | 0;
        o += insn.length;
      } else o += lengthOf(o);
    }
    return hash;
  };
  const byHand = (full: boolean): number => {
    let hash = 0;
    let o = 0;
    while (o < n) {
      const insn = decodeRiscv(wordAt(o), Math.min(4, n - o));
      if (insn) {
        hash = full ? fold(hash, insn.name, insn as unknown as Fields) : (hash * 31 + insn.name.length + insn.length) | 0;
        o += insn.length;
      } else o += lengthOf(o);
    }
    return hash;
  };
  const hand: Impl = { name: 'hand-written switch decoder', run: () => byHand(false) };
  const agreement = new Map<Impl, () => number>([[hand, () => byHand(true)]]);
  const tables = (name: string, d: InstructionDecoder, extra = false): Impl => {
    const impl = { name, extra, run: () => withTables(d, false) };
    agreement.set(impl, () => withTables(d, true));
    return impl;
  };
  let sink = 0;
  const cs = await MCapstone();
  const capstone = new cs.Capstone(cs.ARCH_RISCV, cs.MODE_RISCV64 | cs.MODE_RISCVC);
  const decodeCase: Case = {
    name: `6a. decode the RISC-V libc .text (${count} instructions)`,
    ops: count,
    impls: [hand, tables('decode tables: decode (tree compiled)', compiled), tables('decode tables: decode (tree walked as data)', walked, true)],
    verify(impl) {
      if (agreement.get(impl)!() !== agreement.get(hand)!()) throw new Error(`${impl.name} decodes other instructions or fields than the hand-written decoder`);
    },
  };
  const textCase: Case = {
    name: `6b. disassemble the RISC-V libc .text to text (${count} instructions)`,
    ops: count,
    impls: [
      {
        name: 'decode tables: decode and format',
        run() {
          let o = 0;
          for (const line of compiled.disassemble(bytes, { pc: 0x268c0 })) {
            sink += line.text.length;
            o += line.length;
          }
          return o;
        },
      },
      {
        name: 'decode tables: decode and format (numeric names)',
        run() {
          let o = 0;
          for (const line of compiled.disassemble(bytes, { pc: 0x268c0, numeric: true })) {
            sink += line.text.length;
            o += line.length;
          }
          return o;
        },
      },
      {
        name: 'Capstone 5 (WebAssembly): disasm',
        library: true,
        run() {
          let o = 0;
          while (o < n) {
            // In blocks: Capstone stops at a word it does not know, which is then stepped over.
            const block = bytes.subarray(o, Math.min(n, o + 4096));
            let used = 0;
            for (const i of capstone.disasm(block, 0x268c0 + o)) {
              sink += i.mnemonic.length + i.op_str.length;
              used += i.size;
            }
            o += used > 0 ? used : lengthOf(o);
          }
          return o;
        },
      },
    ],
  };
  return [decodeCase, textCase];
}
