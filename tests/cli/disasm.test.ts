/**
 * `cdl disasm`: the `.text` of an ELF file, or raw bytes at an address, one instruction a line
 * through the project's decode tables; unknown words as data. Any file that cannot be read, is
 * not ELF, is truncated or names another machine is a clear `cdl: error:` (exit 1), a bad
 * command line a usage error (exit 2), never a stack trace. The ELF reader itself is checked on
 * every prefix of a file and on both classes and byte orders.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../generator/cli/main.js';
import { ElfError, readElf, sectionBytes } from '../../runtime/elf.js';
import { makeElf } from '../instructions/elf.js';
import { ROOT, STACK_LINE, type Run } from './harness.js';

const PROJECT = path.join(ROOT, 'cdl.config.json');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdl-disasm-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// addi a0, a0, 1; c.jr ra; fadd.s (F: not in the specs); beq a0, a1, -6 (back to the c.jr).
const CODE = new Uint8Array([0x13, 0x05, 0x15, 0x00, 0x82, 0x80, 0x53, 0x00, 0x00, 0x00, 0xe3, 0x0d, 0xb5, 0xfe]);

function file(name: string, bytes: Uint8Array): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, bytes);
  return p;
}

async function disasm(args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(['disasm', '--config', PROJECT, ...args], { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  expect(stderr).not.toMatch(STACK_LINE);
  return { code, stdout, stderr };
}

describe('cdl disasm', () => {
  const elf = file('code.so', makeElf(CODE, { address: 0x10000n }));

  it(".text of an ELF file: address, the instruction's bits, the instruction; the target from the header", async () => {
    const r = await disasm([elf]);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toBe(
      ['   10000:  00150513  addi a0, a0, 1', '   10004:  8082      c.jr ra', '   10006:  00000053  .4byte 0x53  # unknown', '   1000a:  feb50de3  beq a0, a1, 10004', ''].join('\n'),
    );
  }, 60_000);

  it('numeric register names; raw bytes at an address', async () => {
    expect((await disasm(['--target', 'riscv64', '--numeric', elf])).stdout.split('\n')[0]).toBe('   10000:  00150513  addi x10, x10, 1');
    const raw = file('code.bin', CODE.subarray(0, 7));
    const r = await disasm(['--raw', '--target', 'riscv64', '--address', '0x8000_0000', raw]);
    expect(r.stdout).toBe(['80000000:  00150513  addi a0, a0, 1', '80000004:  8082      c.jr ra', '80000006:  53        .byte 0x53  # unknown', ''].join('\n'));
  }, 60_000);

  it('refuses what it cannot read, with the reason', async () => {
    const fifo = path.join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const cases: [string, RegExp][] = [
      [path.join(dir, 'missing'), /cannot read '.*missing': no such file/],
      [dir, /cannot read '.*': it is a directory/],
      [fifo, /cannot read '.*fifo': it is not a regular file \(a FIFO, a device or a socket\)/],
      ['/dev/zero', /cannot read '\/dev\/zero': it is not a regular file .*/],
      [file('empty', new Uint8Array(0)), /'.*empty': not an ELF file \(it does not start with \\x7fELF\) \(for raw bytes, pass --raw\)/],
      [file('garbage', new Uint8Array(200).fill(0x41)), /'.*garbage': not an ELF file .*/],
      [file('short-header', makeElf(CODE).subarray(0, 40)), /'.*short-header': truncated: the ELF header ends at byte 64, beyond the file's 40 .*/],
      [file('short-sections', makeElf(CODE).subarray(0, 100)), /'.*short-sections': truncated: the section header table \(4 headers at 100\) ends at byte 356, beyond the file's 100 .*/],
    ];
    for (const [f, message] of cases) {
      const r = await disasm(['--target', 'riscv64', f]);
      expect([r.code, r.stdout]).toEqual([1, '']);
      expect(r.stderr).toMatch(new RegExp(`^cdl: error: ${message.source}\\n$`));
    }
  }, 60_000);

  it('refuses a file of another machine, a missing section, and a target with no instructions', async () => {
    const arm = file('arm.so', makeElf(CODE, { machine: 183 }));
    expect((await disasm(['--target', 'riscv64', arm])).stderr).toBe(`cdl: error: '${arm}' is for ELF machine 183, 64-bit, little-endian, not for riscv64\n`);
    expect((await disasm(['--target', 'riscv64', '--section', '.data', elf])).stderr).toBe(`cdl: error: '${elf}' has no section '.data'\n`);
    const x86 = file('x86.so', makeElf(CODE, { machine: 62 }));
    expect(await disasm(['--target', 'x86_64', x86])).toMatchObject({ code: 1, stderr: "cdl: error: the specs give 'x86_64' no instructions\n" });
    const odd = file('odd.so', makeElf(CODE, { machine: 0x4242 }));
    expect((await disasm([odd])).stderr).toMatch(/^cdl: error: no target of .*cdl\.config\.json is ELF machine 16962, 64-bit, little-endian: give --target\n$/);
  }, 60_000);

  it('usage errors: no file, raw bytes without a target, an address without --raw, a bad address', async () => {
    for (const args of [[], ['--raw', elf], ['--address', '0x10', elf], ['--raw', '--target', 'riscv64', '--address', 'ten', elf], [elf, elf]]) {
      const r = await disasm(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^cdl: .*\nusage:/);
    }
  });
});

describe('the ELF reader', () => {
  it('reads both classes and byte orders', () => {
    for (const wide of [true, false]) {
      for (const littleEndian of [true, false]) {
        const bytes = makeElf(CODE, { wide, littleEndian, machine: 8, address: 0x400000n });
        const elf = readElf(bytes);
        expect(elf.identity).toEqual({ machine: 8, class: wide ? 64 : 32, littleEndian });
        expect(elf.sections.map((s) => s.name)).toEqual(['', '.text', '.bss', '.shstrtab']);
        const text = sectionBytes(bytes, elf, '.text')!;
        expect([text.section.address, [...text.bytes]]).toEqual([0x400000n, [...CODE]]);
        expect(sectionBytes(bytes, elf, '.bss')!.bytes.length).toBe(0);
      }
    }
  });

  it('throws an ElfError, never anything else, on every prefix of a file and on corrupted bytes', () => {
    const bytes = makeElf(CODE);
    for (let n = 0; n < bytes.length; n++) expect(() => readElf(bytes.subarray(0, n))).toThrow(ElfError);
    for (let i = 0; i < bytes.length; i++) {
      for (const x of [0x00, 0xff, 0x7f]) {
        const bad = bytes.slice();
        bad[i] = x;
        try {
          readElf(bad);
        } catch (e) {
          expect(e).toBeInstanceOf(ElfError);
        }
      }
    }
  });
});
