/**
 * `cdl walk`: virtual addresses translated through the page tables of a memory image, one
 * line each; a fault in the architecture's words; and every way the command can be misused
 * (a missing, unreadable, special or huge image, a bad address, an unknown scheme, a target
 * without one) is a clear `cdl: error:` and exit 1, or a usage error and exit 2, never a
 * stack trace.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../generator/cli/main.js';
import { ROOT, STACK_LINE, type Run } from './harness.js';

const PROJECT = path.join(ROOT, 'cdl.config.json');

async function walk(args: string[], stdin = ''): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(['walk', '--config', PROJECT, ...args], { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), stdin: async () => stdin });
  expect(stderr).not.toMatch(STACK_LINE);
  return { code, stdout, stderr };
}

/** x86-64 entries (SDM Vol. 3A §4.5): P, R/W, U/S, PS. */
const P = 1n, RW = 2n, US = 4n, PS = 0x80n;

/** An image with 4-level tables at `base`: 0x7f8000001000 maps a 4 KiB page, 0x7f8000200000 a read-only 2 MiB page. */
function image(file: string, base: number, size: number): void {
  const fd = fs.openSync(file, 'w');
  try {
    fs.ftruncateSync(fd, size);
    const put = (at: number, word: bigint) => {
      const b = Buffer.alloc(8);
      b.writeBigUInt64LE(word);
      fs.writeSync(fd, b, 0, 8, base + at);
    };
    const b = BigInt(base);
    put(0x0000 + 255 * 8, (b + 0x1000n) | P | RW | US);
    put(0x1000, (b + 0x2000n) | P | RW | US);
    put(0x2000, (b + 0x3000n) | P | RW | US);
    put(0x3008, 0x12345000n | P | RW | US);
    put(0x2008, 0x40000000n | P | US | PS);
  } finally {
    fs.closeSync(fd);
  }
}

describe('cdl walk', () => {
  let dir: string;
  let mem: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdl-walk-'));
    mem = path.join(dir, 'mem.img');
    image(mem, 0x1000, 0x10000);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints each translation with its size, rights and entries, and each fault decoded', async () => {
    const r = await walk(['--target', 'x86_64', '--root', '0x1000', '--mode', 'user', '--access', 'write', mem, '0x7f8000001abc', '0x7f8000212345', '0x1000', '0xffff0000_00000000']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')).toEqual([
      '0x7f8000001abc -> 0x12345abc 4K user=rwx supervisor=rwx via Pml4e[255]@0x17f8=0x2007 Pdpte[0]@0x2000=0x3007 Pde[0]@0x3000=0x4007 Pte[1]@0x4008=0x12345007',
      '0x7f8000212345: page fault 0x7 PageFaultError{present write user} (protection at level 2) via Pml4e[255]@0x17f8=0x2007 Pdpte[0]@0x2000=0x3007 Pde[1]@0x3008=0x40000085',
      '0x1000: page fault 0x6 PageFaultError{write user} (not-present at level 0) via Pml4e[0]@0x1000=0x0',
      '0xffff000000000000: #GP(0) (non-canonical)',
      '',
    ]);
  });

  it('takes a scheme by name, the target default otherwise, and addresses from standard input', async () => {
    const r = await walk(['--target', 'x86_64', '--scheme', 'Paging5', '--root', '0x1000', mem], '0x7f8000001abc\n');
    expect(r.stdout).toBe('0x7f8000001abc: page fault 0x0 PageFaultError{} (not-present at level 0) via Pml5e[0]@0x1000=0x0\n');
    const rv = await walk(['--target', 'riscv64', '--root', '0x1000', '--access', 'execute', mem, '0x1000']);
    expect(rv.stdout).toBe('0x1000: page fault 0xc Scause64{code=12} (not-present at level 0) via Sv39Pte[0]@0x1000=0x0\n');
    const sv48 = await walk(['--target', 'riscv64', '--scheme', 'riscv.Sv48', '--root', '0x1000', mem, '0x1000']);
    expect(sv48.stdout).toMatch(/^0x1000: page fault 0xd Scause64\{code=13\} \(not-present at level 0\) via Sv39Pte\[0\]@0x1000=0x0\n$/);
  });

  it('reads a huge image only where the walk goes', async () => {
    // A sparse 8 GiB file whose tables lie above 4 GiB.
    const big = path.join(dir, 'big.img');
    image(big, 0x1_4000_0000, 8 * 2 ** 30);
    const r = await walk(['--target', 'x86_64', '--root', '0x140000000', big, '0x7f8000001000']);
    expect(r.stdout).toMatch(/^0x7f8000001000 -> 0x12345000 4K /);
  });

  it('refuses what is not a memory image, clearly', async () => {
    const fifo = path.join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const cases: [string, RegExp][] = [
      [path.join(dir, 'missing.img'), /no such file/],
      [dir, /it is a directory/],
      [fifo, /not a regular file/],
      ['/dev/zero', /not a regular file/],
    ];
    for (const [file, why] of cases) {
      const r = await walk(['--target', 'x86_64', '--root', '0', file, '0x1000']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^cdl: error: cannot read the memory image '.*': /);
      expect(r.stderr).toMatch(why);
    }
  });

  it('reports bad addresses, unknown schemes and targets without paging', async () => {
    const bad = await walk(['--target', 'x86_64', '--root', '0x1000', mem, 'twelve', '0x1_0000_0000_0000_0000', '0x1000']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe("cdl: error: 'twelve' is not a 64-bit virtual address\ncdl: error: '0x1_0000_0000_0000_0000' is not a 64-bit virtual address\n");
    expect(bad.stdout).toMatch(/^0x1000: page fault/);
    const scheme = await walk(['--target', 'x86_64', '--scheme', 'Sv39', '--root', '0', mem, '0']);
    expect([scheme.code, scheme.stderr]).toEqual([1, "cdl: error: no paging scheme 'Sv39' for x86_64 (its schemes: x86.Paging4, x86.Paging5)\n"]);
    const none = await walk(['--target', 'i386', '--root', '0', mem, '0']);
    expect([none.code, none.stderr]).toEqual([1, 'cdl: error: the specs give no paging scheme for i386\n']);
    const root = await walk(['--target', 'x86_64', '--root', 'x', mem, '0']);
    expect([root.code, root.stderr]).toEqual([1, "cdl: error: 'x' is not a physical address\n"]);
  });

  it('gives usage errors for missing or wrong options', async () => {
    for (const [args, message] of [
      [[mem, '0'], /^cdl: cdl walk needs --root ADDRESS/],
      [['--root', '0'], /^cdl: cdl walk needs a MEMORY-FILE/],
      [['--root', '0', '--access', 'fetch', mem], /^cdl: --access is one of read, write, execute, not 'fetch'/],
      [['--root', '0', '--mode', 'kernel', mem], /^cdl: --mode is one of supervisor, user, not 'kernel'/],
      [['--root', '0', '--bogus', mem], /^cdl: cdl walk has no option '--bogus'; its options are --target TARGET, --scheme NAME, --root ADDRESS/],
    ] as const) {
      const r = await walk([...args]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toMatch(/usage:/);
    }
  });
});

describe('cdl walk --help', () => {
  it('shows its options from the command table', async () => {
    let stdout = '';
    const code = await main(['walk', '--help'], { stdout: (t) => void (stdout += t), stderr: () => {} });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^usage: cdl walk \[--target TARGET\] \[--scheme NAME\] --root ADDRESS/);
    expect(stdout).toMatch(/--option NAME +an option the scheme's rules name \(RISC-V: sum\) \(may be repeated\)/);
  });
});
