/**
 * The asm-offsets trick: a C file that feeds every size, alignment and offset to an inline
 * `asm` statement as an immediate operand, compiled to assembly only, so each number appears
 * in the output as `@@CDL key value@@` without linking or running anything for the target.
 * The operand is printed with plain `%0`: x86 prefixes it with `$`, which the parser drops.
 * (`%c0`, the usual spelling, is no good here: s390x prints only its low byte, signed.)
 * A known probe value guards against any such truncation on a new target.
 *
 * Keys: `ns.Type#size`, `ns.Type#align`, `ns.Type.field` (offset), `ns.Type.field#size`,
 * `ns.Type.field#align` (the field's own alignment in its struct), plus `#target.*` facts.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderCDeclarations } from '../../generator/emitters/c/declarations.js';
import type { Layout } from '../../generator/ir.js';
import { CC_FLAGS, type Toolchain } from './toolchains.js';

export type Measurements = Map<string, number>;

/** Reported by every program and expected back intact: wider than 16 bits, not a power of 2. */
const PROBE = 0x12345;

/** What the IR says, under the keys the C program reports. */
export function cdlMeasurements(layout: Layout): Measurements {
  const out: Measurements = new Map([
    ['#probe', PROBE],
    ['#target.pointerBits', layout.target.pointerBits],
    ['#target.wordBits', layout.target.wordBits],
    ['#target.bigEndian', layout.target.endian === 'big' ? 1 : 0],
  ]);
  for (const s of layout.structs) {
    out.set(`${s.qname}#size`, s.size).set(`${s.qname}#align`, s.align);
    for (const f of s.fields) {
      const key = `${s.qname}.${f.name}`;
      out.set(key, f.offset).set(`${key}#size`, f.size).set(`${key}#align`, f.align);
    }
  }
  for (const u of layout.unions) {
    out.set(`${u.qname}#size`, u.size).set(`${u.qname}#align`, u.align);
    for (const m of u.members) {
      const key = `${u.qname}.${m.name}`;
      out.set(key, 0).set(`${key}#size`, m.size).set(`${key}#align`, m.align);
    }
  }
  return out;
}

/** A statement that puts `@@CDL key value@@` in the assembly; `expr` is an integer constant. */
export function reportStatement(key: string, expr: string): string {
  return `__asm__ volatile("\\n.ascii \\"@@CDL ${key} %0@@\\"" :: "n"(${expr}));`;
}

/** One translation unit: the layout's declarations and a function reporting every number. */
export function renderOffsetsProgram(layout: Layout): string {
  const lines: string[] = [];
  const report = (key: string, expr: string): void => {
    lines.push(`  ${reportStatement(key, expr)}`);
  };
  report('#probe', String(PROBE));
  report('#target.pointerBits', '__SIZEOF_POINTER__ * 8');
  // `long` is the machine word on every built-in target (LP64 or ILP32).
  report('#target.wordBits', '__SIZEOF_LONG__ * 8');
  report('#target.bigEndian', '__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__');
  for (const agg of [...layout.structs, ...layout.unions]) {
    const t = agg.cName;
    report(`${agg.qname}#size`, `sizeof(${t})`);
    report(`${agg.qname}#align`, `_Alignof(${t})`);
    const members = agg.kind === 'struct' ? agg.fields : agg.members;
    for (const m of members) {
      const key = `${agg.qname}.${m.name}`;
      report(key, `offsetof(${t}, ${m.cName})`);
      report(`${key}#size`, `sizeof(((${t} *)0)->${m.cName})`);
      report(`${key}#align`, `__alignof__(((${t} *)0)->${m.cName})`);
    }
  }
  return [
    `/* Layout oracle: ${layout.target.name}${layout.config ? `, configuration ${layout.config}` : ''}. */`,
    '#include <stddef.h>',
    '#include <stdint.h>',
    '',
    renderCDeclarations(layout),
    'void cdl_layout_report(void) {',
    ...lines,
    '}',
    '',
  ].join('\n');
}

/** Compiles C source to assembly; any diagnostic (even a warning about an attribute) fails. */
export function compileToAsm(toolchain: Toolchain, source: string, label: string): string {
  const [cc, ...flags] = toolchain.argv;
  const run = spawnSync(cc, [...flags, ...CC_FLAGS], { input: source, encoding: 'utf8', maxBuffer: 256 << 20 });
  if (run.error) throw new Error(`${label}: cannot run ${cc}: ${run.error.message}`);
  if (run.status !== 0 || run.stderr.trim() !== '') {
    const dir = join(tmpdir(), 'cdl-oracle');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${label.replace(/[^\w.-]+/g, '_')}.c`);
    writeFileSync(file, source);
    throw new Error(`${label}: ${toolchain.argv.join(' ')} failed (source kept in ${file}):\n${run.stderr}`);
  }
  return run.stdout;
}

export function parseMarkers(asm: string): Measurements {
  const out: Measurements = new Map();
  // Drop an immediate prefix: `$8` on x86 (`#8` on some other assemblers).
  for (const m of asm.matchAll(/@@CDL (\S+) [$#]?(-?\d+)@@/g)) out.set(m[1], Number(m[2]));
  return out;
}

/** What gcc computes for the layout's C declarations. */
export function gccMeasurements(toolchain: Toolchain, layout: Layout): Measurements {
  const label = `${layout.target.name}${layout.config ? `.${layout.config}` : ''}`;
  return parseMarkers(compileToAsm(toolchain, renderOffsetsProgram(layout), label));
}

/** Every disagreement, as `x86_64 x86.Tss64.iopb: cdl 100, gcc 102`. */
export function compareMeasurements(layout: Layout, cdl: Measurements, gcc: Measurements): string[] {
  const where = `${layout.target.name}${layout.config ? `/${layout.config}` : ''}`;
  const problems: string[] = [];
  for (const [key, want] of cdl) {
    const got = gcc.get(key);
    if (got === undefined) problems.push(`${where} ${key}: cdl ${want}, gcc reported nothing`);
    else if (got !== want) problems.push(`${where} ${key}: cdl ${want}, gcc ${got}`);
  }
  return problems;
}
