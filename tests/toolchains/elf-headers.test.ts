/**
 * dsl/elf against each target's own <elf.h> (glibc's, in the cross compiler's sysroot): every
 * header's size and every field's offset equal the C struct's (Elf32_Ehdr, Elf64_Phdr...),
 * and every constant and enum member equals the macro of its name (EI_DATA, ELFDATA2MSB,
 * ET_EXEC, PT_LOAD, PF_X), by `_Static_assert` compiled with the target's gcc.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../generator/compile.js';
import type * as ir from '../../generator/ir.js';
import { candidateNames, findToolchain } from '../oracle/toolchains.js';
import { missingHeaders, skipFor } from './tools.js';

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '../..');
const TARGETS = ['x86_64', 'i386', 'aarch64', 'ppc32', 's390x', 'mips32'];
const result = compile({ files: [join(ROOT, 'dsl/elf/elf.cdl')], targets: TARGETS });

/** The C struct each header mirrors. */
const STRUCTS: Readonly<Record<string, string>> = { Elf32Ehdr: 'Elf32_Ehdr', Elf64Ehdr: 'Elf64_Ehdr', Elf32Phdr: 'Elf32_Phdr', Elf64Phdr: 'Elf64_Phdr' };

/** The macro prefix of each enum's members, and the spellings <elf.h> uses where a member's name is not its macro's. */
const ENUMS: Readonly<Record<string, { prefix: string; names?: Readonly<Record<string, string>> }>> = {
  ElfClass: { prefix: 'ELFCLASS', names: { Elf32: '32', Elf64: '64' } },
  ElfData: { prefix: 'ELFDATA', names: { Lsb: '2LSB', Msb: '2MSB' } },
  ElfType: { prefix: 'ET_' },
  SegmentType: { prefix: 'PT_' },
};

/** `GnuEhFrame` to `GNU_EH_FRAME`. */
function macroCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

function asserts(layout: ir.Layout): string[] {
  const out: string[] = [];
  for (const s of layout.structs) {
    const c = STRUCTS[s.name];
    expect(c, s.name).toBeDefined();
    out.push(`_Static_assert(sizeof(${c}) == ${s.size}, "${c}: size");`);
    for (const f of s.fields) out.push(`_Static_assert(offsetof(${c}, ${f.name}) == ${f.offset}, "${c}.${f.name}");`);
  }
  for (const k of layout.constants) out.push(`_Static_assert(${k.name} == ${k.value}, "${k.name}");`);
  for (const e of layout.enums) {
    const spell = ENUMS[e.name];
    expect(spell, e.name).toBeDefined();
    for (const m of e.members) {
      const macro = `${spell.prefix}${spell.names?.[m.name] ?? macroCase(m.name)}`;
      // Newer types (PT_GNU_PROPERTY) may postdate a target's glibc.
      out.push(`#ifdef ${macro}`, `_Static_assert(${macro} == ${m.value}, "${macro}");`, '#else', `#warning "no ${macro}"`, '#endif');
    }
  }
  return out;
}

describe('dsl/elf against <elf.h>', () => {
  it('compiles', () => expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]));

  it.for(TARGETS)('is <elf.h> on %s, field by field and constant by constant', (target, ctx) => {
    const layout = result.layouts.find((l) => l.target.name === target)!;
    // Every header reads in a given order: the layout is the same whichever.
    expect(layout.structs.every((s) => s.byteOrder === 'runtime')).toBe(true);
    const cc = findToolchain(target);
    if (!cc) return skipFor(ctx, `no C compiler for ${target} (tried ${candidateNames(target)})`);
    const missing = missingHeaders(cc.argv, ['stddef.h', 'elf.h']);
    if (missing) return skipFor(ctx, missing);
    const unit = ['#include <stddef.h>', '#include <elf.h>', ...asserts(layout), ''].join('\n');
    const run = spawnSync(cc.argv[0], [...cc.argv.slice(1), '-std=gnu11', '-fsyntax-only', '-x', 'c', '-'], { input: unit, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
