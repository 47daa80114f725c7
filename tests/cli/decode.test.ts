/**
 * `cdl decode`: values of an enum or bit layout of the project's specs, one line each, on the
 * command line or from standard input; a value that does not fit, an unknown type or a bad
 * number is a clear error (exit 1), a missing TYPE a usage error (exit 2), never a stack trace.
 */
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../generator/cli/main.js';
import { parseValue } from '../../generator/cli/decode.js';
import { ROOT, STACK_LINE, type Run } from './harness.js';

const PROJECT = path.join(ROOT, 'cdl.config.json');

async function decode(args: string[], stdin = ''): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(['decode', '--config', PROJECT, ...args], { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), stdin: async () => stdin });
  expect(stderr).not.toMatch(STACK_LINE);
  return { code, stdout, stderr };
}

describe('cdl decode', () => {
  it("prints a bit layout's fields, and what validate finds", async () => {
    const r = await decode(['x86.PageFaultError', '0x7', '0b101', '0x10000']);
    expect(r.code).toBe(0);
    // Bits 16..31 are reserved and ignored: nothing to report.
    expect(r.stdout).toBe('PageFaultError{present write user}\nPageFaultError{present user}\nPageFaultError{}\n');
    // RFLAGS bit 1 is reserved as 1.
    const flags = await decode(['x86.Rflags', '0x246', '0x200']);
    expect(flags.stdout).toBe('Rflags{PF ZF IF IOPL=0}\nRflags{IF IOPL=0}\n  Rflags: bit 1 must be 1, not 0\n');
  }, 60_000);

  it('decodes a 64-bit entry, and an enum by member', async () => {
    const r = await decode(['x86.Pte', '0x8000_0000_1234_5067']);
    expect(r.stdout).toBe('Pte{present writable user accessed dirty frame=0x12345000 protKey=0 executeDisable}\n');
    expect((await decode(['CapType', '33', '62'])).stdout).toBe('CapType.Page\nCapType.CapType(62)\n');
  }, 60_000);

  it('reads values from standard input when none are given', async () => {
    const r = await decode(['coyotos.CapType'], ' 0x20\n0x21\t\n');
    expect(r.stdout).toBe('CapType.Endpoint\nCapType.Page\n');
  }, 60_000);

  it("follows the target: a c_bitfields layout's bits are where that target's compiler puts them", async () => {
    expect((await decode(['--target', 'x86_64', 'coyotos.CapHeader', '0x21'])).stdout).toMatch(/^CapHeader\{type=Page /);
    expect((await decode(['--target', 'ppc32', 'coyotos.CapHeader', '0x21'])).stdout).toMatch(/^CapHeader\{type=Null .*allocCount=33\}/);
  }, 60_000);

  it('takes a layout configuration by --configuration, and refuses one no spec declares', async () => {
    expect((await decode(['--configuration', 'kernel', 'x86.Pte', '1'])).stdout).toBe('Pte{present frame=0 protKey=0}\n');
    const r = await decode(['--configuration', 'nope', 'x86.Pte', '1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^cdl: error: unknown configuration 'nope': no spec declares 'config nope;'/);
  }, 60_000);

  it('refuses a value that does not fit, a bad number and an unknown type', async () => {
    const r = await decode(['x86.Pte', '0x1_0000_0000_0000_0000', 'twelve', '0x5']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("cdl: '0x1_0000_0000_0000_0000' is not a 64-bit value of Pte\ncdl: 'twelve' is not a 64-bit value of Pte\n");
    expect(r.stdout).toBe('Pte{present user frame=0 protKey=0}\n');
    const unknown = await decode(['x86.Ptee', '1']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^cdl: no enum or bit layout 'x86.Ptee' in the specs of .*cdl.config.json \(did you mean x86\.Pde, x86\.Pte/);
    const usage = await decode([]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/^cdl: cdl decode needs a TYPE/);
  }, 60_000);

  it('parses numbers as people write them', () => {
    expect(['7', '0x1F', '0X1f', '0o17', '0b101', '1_000', '-3', '0xffff_ffff_ffff_ffff'].map(parseValue)).toEqual([7n, 31n, 31n, 15n, 5n, 1000n, -3n, 0xffffffffffffffffn]);
    expect(['', 'x', '0x', '1__0', '_1', '1.5', '0b2', ' 1 2'].map(parseValue)).toEqual([null, null, null, null, null, null, null, null]);
  });
});
