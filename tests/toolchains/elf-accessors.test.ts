/**
 * The generated accessors of byte_order(runtime) on real ELF files of both orders and classes:
 * each target's gcc links a small static program (x86_64, i386, aarch64 little-endian; ppc32,
 * s390x, mips32 big-endian), and a program built from generated/ reads every file's header and
 * program headers through the accessors, given the order the file's EI_DATA says, and prints
 * them. Its output must be what binutils' readelf -h and -l print for those files:
 *
 * - in C (generated/c/<target>/elf_.h), built with each of those six targets' gcc (-Wall
 *   -Wextra -Werror) and run natively or under qemu-user: big- and little-endian readers each
 *   read files of their own order and of the other;
 * - in Rust (generated/rust/x86_64/elf.rs), on the host, with `ByteOrder::Big`/`Little`.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { candidateNames, findToolchain } from '../oracle/toolchains.js';
import { ROOT } from '../ts/oracle.js';
import { findRustc, missingLibc, mustRun, runForTarget, skipFor } from './tools.js';

const TARGETS = ['x86_64', 'i386', 'aarch64', 'ppc32', 's390x', 'mips32'];

/** A program of text, data and bss, so that it has several segments. */
const SOURCE = 'int data = 5;\nint bss;\nvoid _start(void) { for (;;) bss += data; }\n';

/** readelf's names of the types the files hold. */
const SEGMENT_TYPES: Readonly<Record<string, number>> = {
  LOAD: 1,
  DYNAMIC: 2,
  INTERP: 3,
  NOTE: 4,
  PHDR: 6,
  TLS: 7,
  GNU_EH_FRAME: 0x6474e550,
  GNU_STACK: 0x6474e551,
  GNU_RELRO: 0x6474e552,
  GNU_PROPERTY: 0x6474e553,
  REGINFO: 0x70000000, // PT_MIPS_REGINFO
  ABIFLAGS: 0x70000003, // PT_MIPS_ABIFLAGS
};
const FILE_TYPES: Readonly<Record<string, number>> = { REL: 1, EXEC: 2, DYN: 3 };

interface ElfFile {
  readonly target: string;
  /** The bytes up to the end of the program header table. */
  readonly bytes: Uint8Array;
  /** What readelf says, in the programs' format. */
  readonly expected: string;
}

let OUT = '';
const FILES: ElfFile[] = [];
const MISSING: string[] = [];

function num(text: string): bigint {
  return BigInt(text.replace(/,$/, ''));
}

/** readelf -hlW, in the format the programs print: a line for the header, one per segment. */
function readelf(file: string, target: string): { expected: string; end: number } {
  const run = spawnSync('readelf', ['-hlW', file], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`readelf ${file}: ${run.stderr}`);
  const field = (label: string): bigint => {
    const m = new RegExp(`^\\s*${label}:\\s+(\\S+)`, 'm').exec(run.stdout);
    if (!m) throw new Error(`readelf ${file}: no '${label}'`);
    return label === 'Type' ? BigInt(FILE_TYPES[m[1]]) : num(m[1]);
  };
  const header = [
    'Type',
    'Version',
    'Entry point address',
    'Start of program headers',
    'Start of section headers',
    'Flags',
    'Size of this header',
    'Size of program headers',
    'Number of program headers',
    'Size of section headers',
    'Number of section headers',
    'Section header string table index',
  ].map(field);
  // `  LOAD  0x000000 0x00010000 0x00010000 0x0011c 0x0011c R E 0x10000`
  const segments = [...run.stdout.matchAll(/^ {2}(\w+)\s+(0x[0-9a-f]+) (0x[0-9a-f]+) (0x[0-9a-f]+) (0x[0-9a-f]+) (0x[0-9a-f]+) (.{3}) (0x[0-9a-f]+)$/gm)].map((m) => {
    const type = SEGMENT_TYPES[m[1]];
    if (type === undefined) throw new Error(`${target}: readelf names a segment type this test does not know: ${m[1]}`);
    const flags = (m[7].includes('R') ? 4 : 0) | (m[7].includes('W') ? 2 : 0) | (m[7].includes('E') ? 1 : 0);
    return [BigInt(type), ...[2, 3, 4, 5, 6].map((k) => num(m[k])), BigInt(flags), num(m[8])];
  });
  expect(segments.length, `${target}: readelf -l`).toBe(Number(header[8]));
  const hex = (xs: bigint[]) => xs.map((x) => x.toString(16)).join(' ');
  const lines = [`${target} ${hex(header)}`, ...segments.map((s) => `  ${hex(s)}`)];
  return { expected: lines.join('\n') + '\n', end: Number(header[3] + header[7] * header[8]) };
}

beforeAll(() => {
  OUT = fs.mkdtempSync(path.join(os.tmpdir(), 'cdl-elf-accessors-'));
  const src = path.join(OUT, 'p.c');
  fs.writeFileSync(src, SOURCE);
  for (const target of TARGETS) {
    const cc = findToolchain(target);
    if (!cc) {
      MISSING.push(`no C compiler for ${target} (tried ${candidateNames(target)})`);
      continue;
    }
    const file = path.join(OUT, `${target}.elf`);
    mustRun([...cc.argv, '-static', '-nostdlib', '-Wl,-e,_start', '-O1', src, '-o', file], { what: `linking the ${target} program`, quiet: true });
    const { expected, end } = readelf(file, target);
    FILES.push({ target, bytes: fs.readFileSync(file).subarray(0, end), expected });
  }
}, 120_000);

afterAll(() => {
  if (OUT) fs.rmSync(OUT, { recursive: true, force: true });
});

/** The fields the programs print, in readelf's order. */
const HEADER = ['e_type', 'e_version', 'e_entry', 'e_phoff', 'e_shoff', 'e_flags', 'e_ehsize', 'e_phentsize', 'e_phnum', 'e_shentsize', 'e_shnum', 'e_shstrndx'];
const SEGMENT = ['p_type', 'p_offset', 'p_vaddr', 'p_paddr', 'p_filesz', 'p_memsz', 'p_flags', 'p_align'];

const want = (): string => FILES.map((f) => f.expected).join('');

function cProgram(): string {
  const show = (bits: 32 | 64) => {
    const h = `Elf${bits}Ehdr`;
    const p = `Elf${bits}Phdr`;
    const get = (s: string, f: string, v: string) => `(unsigned long long)${s}_get_${f}(&${v}, be)`;
    return [
      `static void show${bits}(const char *name, const unsigned char *b, int be)`,
      '{',
      `  ${h} h;`,
      `  ${p} p;`,
      '  memcpy(&h, b, sizeof h);',
      `  printf("%s${' %llx'.repeat(HEADER.length)}\\n", name, ${HEADER.map((f) => get(h, f, 'h')).join(', ')});`,
      `  for (unsigned k = 0; k < ${h}_get_e_phnum(&h, be); k++) {`,
      `    memcpy(&p, b + ${h}_get_e_phoff(&h, be) + k * ${h}_get_e_phentsize(&h, be), sizeof p);`,
      `    printf(" ${' %llx'.repeat(SEGMENT.length)}\\n", ${SEGMENT.map((f) => get(p, f, 'p')).join(', ')});`,
      '  }',
      '}',
    ];
  };
  return [
    '#include <stdio.h>',
    '#include <string.h>',
    '#include "elf_.h"',
    ...FILES.map((f) => `static const unsigned char elf_${f.target}[] = { ${[...f.bytes].join(', ')} };`),
    ...show(32),
    ...show(64),
    'static void show(const char *name, const unsigned char *b)',
    '{',
    // The order is the file's, as its identification says; bytes need none.
    '  Elf32Ehdr id;',
    '  memcpy(&id, b, sizeof id);',
    '  int be = Elf32Ehdr_get_e_ident(&id, EI_DATA) == ELF_DATA_MSB;',
    '  if (Elf32Ehdr_get_e_ident(&id, EI_CLASS) == ELF_CLASS_ELF64) show64(name, b, be);',
    '  else show32(name, b, be);',
    '}',
    'int main(void)',
    '{',
    ...FILES.map((f) => `  show("${f.target}", elf_${f.target});`),
    '  return 0;',
    '}',
    '',
  ].join('\n');
}

function rustProgram(): string {
  const show = (bits: 32 | 64) => {
    return `fn show${bits}(name: &str, b: &[u8], order: ByteOrder) {
    let h: Elf${bits}Ehdr = read(b);
    println!("{}${' {:x}'.repeat(HEADER.length)}", name, ${HEADER.map((f) => `h.${f}(order)`).join(', ')});
    for k in 0..h.e_phnum(order) as usize {
        let p: Elf${bits}Phdr = read(&b[h.e_phoff(order) as usize + k * h.e_phentsize(order) as usize..]);
        println!(" ${' {:x}'.repeat(SEGMENT.length)}", ${SEGMENT.map((f) => `p.${f}(order)`).join(', ')});
    }
}
`;
  };
  return `#![allow(dead_code)]
#[path = ${JSON.stringify(path.join(ROOT, 'generated/rust/x86_64/elf.rs'))}]
mod elf;
use elf::*;

fn read<T: Copy>(b: &[u8]) -> T {
    assert!(b.len() >= core::mem::size_of::<T>());
    // Safety: the headers are plain integers; read_unaligned, as bytes are aligned to 1.
    unsafe { core::ptr::read_unaligned(b.as_ptr() as *const T) }
}

${show(32)}
${show(64)}
fn main() {
${FILES.map((f) => `    let elf_${f.target}: &[u8] = &[${[...f.bytes].join(', ')}];`).join('\n')}
    for (name, b) in [${FILES.map((f) => `("${f.target}", elf_${f.target})`).join(', ')}] {
        // The order is the file's, as its identification says; bytes need none.
        let id: Elf32Ehdr = read(b);
        let order = if id.e_ident(EI_DATA as usize) == ElfData::Msb as u8 { ByteOrder::Big } else { ByteOrder::Little };
        if id.e_ident(EI_CLASS as usize) == ElfClass::Elf64 as u8 {
            show64(name, b, order);
        } else {
            show32(name, b, order);
        }
    }
}
`;
}

describe('the accessors of byte_order(runtime) read ELF files of either order as readelf does', () => {
  it('has files of both orders and classes', (ctx) => {
    if (MISSING.length) skipFor(ctx, MISSING.join('; '));
    expect(FILES.length).toBe(TARGETS.length);
  });

  it.for(TARGETS)('in C on %s', (target, ctx) => {
    const cc = findToolchain(target);
    if (!cc) return skipFor(ctx, `no C compiler for ${target} (tried ${candidateNames(target)})`);
    const libc = missingLibc(cc.argv);
    if (libc) return skipFor(ctx, libc);
    const dir = path.join(OUT, 'c', target);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'main.c'), cProgram());
    const bin = path.join(dir, 'main');
    mustRun([...cc.argv, '-std=gnu11', '-O1', '-Wall', '-Wextra', '-Werror', '-static', `-I${path.join(ROOT, 'generated/c', target)}`, path.join(dir, 'main.c'), '-o', bin], { what: `building the ${target} reader`, quiet: true });
    const run = runForTarget(target, bin);
    if (run.kind === 'missing') return skipFor(ctx, run.reason);
    if (run.kind === 'failed') expect.fail(run.reason);
    expect(run.stdout).toBe(want());
  });

  it('in Rust on the host (x86_64)', (ctx) => {
    const rustc = findRustc();
    if (!rustc) return skipFor(ctx, 'no rustc on PATH or in ~/.cargo/bin');
    if (process.arch !== 'x64') return skipFor(ctx, 'the host is not x86_64', false);
    const dir = path.join(OUT, 'rust');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'main.rs'), rustProgram());
    mustRun([rustc, '--edition', '2021', '-D', 'warnings', '-o', path.join(dir, 'main'), path.join(dir, 'main.rs')], { what: 'building the Rust reader', quiet: true });
    const run = runForTarget('x86_64', path.join(dir, 'main'));
    if (run.kind !== 'ok') expect.fail(run.reason);
    expect(run.stdout).toBe(want());
  }, 120_000);
});
