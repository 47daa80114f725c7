/**
 * The test programs: a static `-nostdlib` C program with code, read-only data, data and a
 * `.bss` of several pages, compiled for each target by its gcc, with `readelf -l` and
 * `objcopy -O binary` to say what its memory must hold, independently of CDL's ELF reader.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PROGRAM = `
static const char message[] = "hello from a Coyotos image";
int counter = 42;
long table[300] = { 1, 2, 3, [299] = 0x1234 };
char scratch[3 * 4096 + 100];
void _start(void) {
  for (unsigned i = 0; i < sizeof scratch; i++) scratch[i] = message[i % sizeof message] + counter + (char)table[i % 300];
  for (;;) { }
}
`;

export interface Compiler {
  readonly target: string;
  readonly argv: readonly string[];
  readonly objcopy: string;
}

export const COMPILERS: readonly Compiler[] = [
  { target: 'x86_64', argv: ['gcc', '-m64'], objcopy: 'objcopy' },
  { target: 'i386', argv: ['i686-linux-gnu-gcc'], objcopy: 'objcopy' },
  { target: 'riscv64', argv: ['riscv64-linux-gnu-gcc'], objcopy: 'riscv64-linux-gnu-objcopy' },
];

/** Compiles PROGRAM; the ELF file's path, or why it cannot be. */
export function compile(c: Compiler): { path: string } | { missing: string } {
  const dir = mkdtempSync(join(tmpdir(), `cdl-image-${c.target}-`));
  const src = join(dir, 'prog.c');
  writeFileSync(src, PROGRAM);
  const out = join(dir, 'prog');
  const run = spawnSync(c.argv[0]!, [...c.argv.slice(1), '-static', '-nostdlib', '-O1', '-fno-pie', '-no-pie', '-o', out, src], { encoding: 'utf8' });
  if (run.error) return { missing: `${c.argv[0]} is not installed` };
  if (run.status !== 0) return { missing: `${c.argv.join(' ')} failed: ${run.stderr.slice(0, 500)}` };
  return { path: out };
}

export interface LoadSegment {
  readonly offset: number;
  readonly vaddr: bigint;
  readonly filesz: number;
  readonly memsz: bigint;
  readonly flags: string;
}

/** The entry point and PT_LOAD segments as `readelf -lW` prints them. */
export function readelfSegments(path: string): { entry: bigint; loads: LoadSegment[] } {
  const text = spawnSync('readelf', ['-lW', path], { encoding: 'utf8' }).stdout;
  const entry = BigInt(/Entry point (0x[0-9a-f]+)/.exec(text)![1]!);
  const loads: LoadSegment[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*LOAD\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)\s+0x[0-9a-f]+\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)\s+([RWE ]+?)\s+0x[0-9a-f]+\s*$/.exec(line);
    if (m) loads.push({ offset: Number(m[1]), vaddr: BigInt(m[2]!), filesz: Number(m[3]), memsz: BigInt(m[4]!), flags: m[5]! });
  }
  return { entry, loads };
}

/** `objcopy -O binary`'s image of the program and the address its first byte has (the lowest loaded section's). */
export function objcopyImage(c: Compiler, path: string): { base: bigint; bytes: Uint8Array } {
  const bin = `${path}.bin`;
  const run = spawnSync(c.objcopy, ['-O', 'binary', path, bin], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`objcopy failed: ${run.stderr}`);
  const sections = spawnSync('readelf', ['-SW', path], { encoding: 'utf8' }).stdout;
  let base: bigint | null = null;
  for (const line of sections.split('\n')) {
    // [Nr] Name Type Address Off Size ES Flg ...: loaded sections have A and are not NOBITS.
    const m = /^\s*\[\s*\d+\]\s+\S+\s+(\S+)\s+([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)\s+[0-9a-f]+\s+(\S*A\S*)\s/.exec(line);
    if (m && m[1] !== 'NOBITS' && BigInt(`0x${m[3]}`) > 0n) {
      const a = BigInt(`0x${m[2]}`);
      if (base === null || a < base) base = a;
    }
  }
  return { base: base!, bytes: readFileSync(bin) };
}
