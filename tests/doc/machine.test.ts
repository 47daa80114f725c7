/**
 * The machine declarations on the site of dsl/: what each section says is checked against
 * what `cdl gen` wrote to generated/tables (the numbers and registers a tool reads) or against
 * the architecture's own encoding, not against the code that made the page.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../generator/cli/project.js';
import { siteFiles } from '../../generator/doc/site.js';
import { ROOT } from '../cli/harness.js';

interface GeneratedTables {
  readonly machine: {
    readonly registers: Record<string, { readonly registers: readonly { readonly name: string; readonly bits: number; readonly aliases: readonly string[] }[] }>;
    readonly syscalls: Record<string, Record<string, { readonly name: string }>>;
  };
}

/** What the tables emitter wrote for a target (generated/, committed). */
function generated(target: string): GeneratedTables {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'generated', 'tables', `${target}.json`), 'utf8')) as GeneratedTables;
}

/** The number of call `name` on `abi` in a target's generated tables. */
function numberOf(target: string, abi: string, name: string): string {
  const calls = generated(target).machine.syscalls[abi]!;
  return Object.entries(calls).find(([, c]) => c.name === name)![0];
}

/** Text of some HTML: tags dropped, entities of the pages' escaping undone. */
function text(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();
}

describe('machine declarations on the site of dsl/', () => {
  const project = loadProject(path.join(ROOT, 'cdl.config.json'));
  const files = new Map([...siteFiles({ layouts: project.result!.layouts, specs: project.specs, runtimeScript: '' })].map((f) => [f.path, f.contents]));
  const sectionOf = (ns: string, name: string) => new RegExp(`<section class="decl (\\w+)" id="decl-${name}"[\\s\\S]*?</section>`).exec(files.get(`ns/${ns}.html`)!)!;
  /** A table row by its id: its cells' text, header cell first. */
  const row = (html: string, id: string) => {
    const tr = new RegExp(`<tr id="${id.replace(/\./g, '\\.')}">([\\s\\S]*?)</tr>`).exec(html);
    return tr ? [...tr[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((m) => m[1]!) : null;
  };

  it("lists a register set's registers, with their widths and ABI names, as the generated tables do", () => {
    const [html, kind] = sectionOf('linux', 'Riscv64Regs');
    expect(kind).toBe('registers');
    const regs = generated('riscv64').machine.registers['linux.Riscv64Regs']!.registers;
    // x0..x31 and pc, each a row of the table, no other.
    expect(regs.length).toBe(33);
    expect(html.match(/<tr id="decl-Riscv64Regs-/g)!.length).toBe(regs.length);
    for (const r of regs) {
      const cells = row(html, `decl-Riscv64Regs-${r.name}`)!;
      expect(text(cells[0]!)).toBe(r.name);
      expect(text(cells[2]!)).toBe(r.aliases.join(', '));
      expect(text(cells[3]!)).toBe(String(r.bits));
    }
    expect(text(row(html, 'decl-Riscv64Regs-x10')![2]!)).toBe('a0');
    // x86-64's parts of a register: eax is bits 31..0 of rax.
    expect(text(row(sectionOf('linux', 'X86_64Regs')[0], 'decl-X86_64Regs-rax')![5]!)).toContain('eax 31..0');
  });

  it("numbers each call per ABI as the generated tables do, and links the ABI's registers", () => {
    const [html, kind] = sectionOf('linux', 'Linux');
    expect(kind).toBe('syscalls');
    const write = row(html, 'decl-Linux-write')!;
    expect(text(write[0]!)).toBe('write');
    expect(text(write[1]!)).toBe('fd: fd, buf: bytes(count), count: usize');
    const cell = (abi: string) => new RegExp(`<span data-abi="${abi}">(\\d+)</span>`).exec(write.join(''))?.[1];
    expect(cell('linux.LinuxX86_64')).toBe(numberOf('x86_64', 'linux.LinuxX86_64', 'write'));
    expect(cell('linux.LinuxX86_64')).toBe('1');
    expect(cell('linux.LinuxMipsO32')).toBe(numberOf('mips32', 'linux.LinuxMipsO32', 'write'));
    expect(cell('linux.LinuxAarch64')).toBe(numberOf('aarch64', 'linux.LinuxAarch64', 'write'));
    // open is not on the asm-generic ABIs: no number there.
    const open = row(html, 'decl-Linux-open')!.join('');
    expect(open).toContain('data-abi="linux.LinuxX86_64"');
    expect(open).not.toContain('data-abi="linux.LinuxAarch64"');
    const abi = sectionOf('linux', 'LinuxX86_64')[0];
    expect(text(/<dt>arguments in<\/dt><dd>(.*?)<\/dd>/.exec(abi)![1]!)).toBe('rdi, rsi, rdx, r10, r8, r9');
    expect(abi).toContain('href="../ns/linux.html#decl-X86_64Regs-rdi"');
  });

  it('gives each paging level its entry layout, linked to its diagram', () => {
    const [html, kind] = sectionOf('x86', 'Paging4');
    expect(kind).toBe('paging');
    const levels = [...html.matchAll(/<tr><th scope="row">(\d)<\/th><td>([\d.]+)<\/td><td>(.*?)<\/td>/g)].map((m) => [m[1], m[2], text(m[3]!)]);
    expect(levels).toEqual([
      ['0', '47..39', 'x86.Pml4e'],
      ['1', '38..30', 'x86.Pdpte'],
      ['2', '29..21', 'x86.Pde'],
      ['3', '20..12', 'x86.Pte'],
    ]);
    expect(html).toContain('href="../ns/x86.html#decl-Pte"');
    expect(sectionOf('x86', 'Pte')[0]).toContain('<svg ');
  });

  it("shows each instruction's fixed bits as the ISA manual encodes it, and links its format to the format's diagram", () => {
    const [html, kind] = sectionOf('riscv', 'Rv64m');
    expect(kind).toBe('instructions');
    // MUL: funct7 0000001, funct3 000, opcode OP (0110011) (RISC-V unprivileged ISA, RV32M).
    const mul = row(html, 'decl-Rv64m-mul')!;
    expect(text(mul[1]!)).toBe('mul rd, rs1, rs2');
    expect(text(mul[2]!)).toBe('0000001··········000·····0110011');
    expect(mul[3]).toContain('href="../ns/riscv.html#decl-R"');
    const [format, formatKind] = sectionOf('riscv', 'R');
    expect(formatKind).toBe('format');
    expect(format).toContain('href="../ns/riscv.html#decl-RType"');
    expect(format).toContain('href="../ns/linux.html#decl-Riscv64Regs"');
    expect(sectionOf('riscv', 'RType')[0]).toContain('<svg ');
  });

  it('finds machine declarations, calls and instructions through the search index', () => {
    const index = JSON.parse(/^window\.CDL_SEARCH = (.*);\n$/s.exec(files.get('assets/search-index.js')!)![1]!) as [string, string, string][];
    const find = (q: string) => index.find((e) => e[0] === q);
    expect(find('linux.X86_64Regs')).toEqual(['linux.X86_64Regs', 'registers', 'ns/linux.html#decl-X86_64Regs']);
    expect(find('linux.Linux.write')).toEqual(['linux.Linux.write', 'syscall', 'ns/linux.html#decl-Linux-write']);
    expect(find('x86.Paging4')?.[1]).toBe('paging');
    expect(find('riscv.R')?.[1]).toBe('format');
    expect(find('riscv.Rv64m.mul')?.[2]).toBe('ns/riscv.html#decl-Rv64m-mul');
  });
});
