/**
 * System register accessors in C, compiled by the targets' gcc: dsl/x86's MSRs and control
 * registers on x86_64 and dsl/riscv's CSRs on riscv64 and riscv32 read and write with the
 * instruction the space needs (`rdmsr`/`wrmsr` with the number in ECX, `mov` to and from
 * `crN`, `csrr`/`csrw` by address), warning-free.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { candidateNames, findToolchain } from '../oracle/toolchains.js';
import { skipFor } from './tools.js';

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '../..');

const CASES = [
  {
    target: 'x86_64',
    header: 'x86.h',
    body: 'Msrs_write_lstar(Msrs_read_lstar() + 1); Msrs_write_efer(Msrs_read_efer()); ControlRegs_write_cr3(ControlRegs_read_cr3()); return (int)ControlRegs_read_cr0();',
    expect: [/\brdmsr\b/, /\bwrmsr\b/, /\$-1073741694|\$0xc0000082|\$3221225602/i, /%cr3/, /%cr0/],
  },
  {
    target: 'riscv64',
    header: 'riscv.h',
    body: 'Csrs64_write_stvec(Csrs64_read_stvec() + 4); Csrs64_write_satp(Csrs64_read_satp()); return (int)Csrs64_read_scause();',
    expect: [/csrr\s+\w+,\s*(0x105|261|stvec)/, /csrw\s+(0x105|261|stvec)/, /csrr\s+\w+,\s*(0x180|384|satp)/, /csrr\s+\w+,\s*(0x142|322|scause)/],
  },
  {
    target: 'riscv32',
    header: 'riscv.h',
    body: 'Csrs32_write_sepc(Csrs32_read_sepc() + 4); return (int)Csrs32_read_satp();',
    expect: [/csrr\s+\w+,\s*(0x141|321|sepc)/, /csrw\s+(0x141|321|sepc)/, /csrr\s+\w+,\s*(0x180|384|satp)/],
  },
];

describe('system register accessors', () => {
  for (const c of CASES) {
    it(`compile to the ${c.target} instructions, warning-free`, (ctx) => {
      const cc = findToolchain(c.target);
      if (!cc) skipFor(ctx, `no C compiler for ${c.target} (tried ${candidateNames(c.target)})`);
      const unit = `#include "${c.header}"\nint f(void);\nint f(void) { ${c.body} }\n`;
      const dir = join(ROOT, 'generated/c', c.target);
      const run = spawnSync(cc.argv[0], [...cc.argv.slice(1), '-std=c11', '-O2', '-Wall', '-Wextra', '-Werror', '-ffreestanding', '-I', dir, '-S', '-o', '-', '-x', 'c', '-'], { input: unit, encoding: 'utf8' });
      expect(run.stderr).toBe('');
      for (const re of c.expect) expect(run.stdout).toMatch(re);
    });
  }
});
