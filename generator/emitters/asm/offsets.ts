/**
 * The GNU as emitter: `asm/<target>[-<config>]/<namespace>.inc`, the numbers of the C header
 * (constants, enum members, sizes, alignments, offsets, shifts, widths, masks) as `.equ`
 * symbols, with the same names and values, for `.S` and `.s` files on that target:
 *
 *     .include "coyotos.inc"
 *     movq  PROCESS_FAULT_INFO_OFFSET(%rdi), %rax
 *
 * Comments are `/* *\/`, which GNU as accepts on every target and cpp strips from `.S`
 * files. Values carry no C suffixes; GNU as evaluates them in 64 bits, on 32-bit targets too.
 */
import type * as ir from '../../ir.js';
import { fileStems } from '../common/file-stems.js';
import { type EmitContext, keptWithOnce, type RenderedTable } from '../context.js';
import { type ConstItem, fieldItems, fieldSignature, layoutDir, layoutTitle, type NamespacePlan, NUMBERS_NAMES, planOnce, renderedNumbers } from '../common/numbers.js';
import { wrap } from '../common/wrap.js';
import { asmLiteral } from '../common/c-literals.js';
import { blockComment, commentLines } from '../common/comments.js';
import { declHeading } from '../common/headings.js';
import { banner, byDataModel, namespaceSpecs, type Emitter, type GeneratedFile } from '../emitter.js';
import { render } from './templates.js';
import { emitSyscallStubs } from './syscall-stubs.js';
import { C_MACHINE_NAMES, type MachineNames, planCMachine } from '../common/machine.js';

export const asmEmitter: Emitter = {
  name: 'asm',
  description: 'GNU as includes per target: the C header\'s constants, offsets, sizes, shifts and masks as .equ; system-call stubs',
  shares: [planOnce('c'), C_MACHINE_NAMES, ...NUMBERS_NAMES],
  *emit({ layouts, specs, context }) {
    // A namespace's numbers are the same on the layouts of a data model with the same facts.
    for (const group of byDataModel(layouts)) {
      const bodies = context?.rendered<readonly string[]>('asm include body') ?? new Map<string, readonly string[]>();
      for (const layout of group) yield* renderAsmIncludes(layout, specs, context, bodies);
    }
    yield* emitSyscallStubs(layouts, specs, context);
  },
};

export function renderAsmIncludes(layout: ir.Layout, specs: readonly string[], context?: EmitContext, bodies: RenderedTable<readonly string[]> = new Map()): GeneratedFile[] {
  const { namespaces, machine } = planCMachine(layout, context);
  const files = fileStems(namespaces.map((ns) => ns.namespace), []);
  // The machine's numbers have the C header's names (common/machine.ts).
  // A file's text is its body framed for the layout: kept with the body across runs.
  const texts = context?.keptWith<readonly string[], string>('asm include file') ?? null;
  return namespaces.map((ns) => {
    const body = renderedNumbers(layout, ns, context, bodies, 'asm declarations', (each) => includeBlocks(ns, each));
    const path = `asm/${layoutDir(layout)}/${files.get(ns.namespace)}.inc`;
    const rows = machineRows(machine, ns.namespace);
    const frame = JSON.stringify([path, layoutTitle(layout), namespaceSpecs(layout, [ns.namespace], specs), rows]);
    return { path, contents: keptWithOnce(texts, body, frame, () => renderInclude(layout, ns, specs, [...body, ...rows])) };
  });
}

/** A block comment: `/* one line *\/` or a starred block. */
const asmComment = (lines: readonly string[]): string[] => blockComment(lines, '/*');

const docOf = (doc: string | null): string[] => (doc ? commentLines(doc) : []);

type Row = { readonly kind: 'equ'; readonly name: string; readonly value: string } | { readonly kind: 'text'; readonly text: string };

function equs(rows: readonly Row[]): string {
  const width = Math.max(0, ...rows.map((r) => (r.kind === 'equ' ? r.name.length + 1 : 0)));
  return rows.map((r) => (r.kind === 'equ' ? `.equ ${`${r.name},`.padEnd(width)} ${r.value}` : r.text)).join('\n');
}

function itemRows(items: readonly ConstItem[], withDocs: boolean): Row[] {
  const rows: Row[] = [];
  for (const item of items) {
    if (withDocs) for (const text of asmComment(docOf(item.doc))) rows.push({ kind: 'text', text });
    if (item.sameAs) rows.push({ kind: 'text', text: `/* ${item.name}: the spec's constant of that name, ${item.value} */` });
    else rows.push({ kind: 'equ', name: item.name, value: asmLiteral(item.value, item.num) });
  }
  return rows;
}

/**
 * The machine's numbers in a namespace, for entry code in assembler: each register set's
 * register numbers, each system register set's numbers, and each syscall table's numbers on
 * the target's ABIs (`.equ LINUX_X86_64_NR_READ, 0`).
 */
function machineRows(m: MachineNames, namespace: string): string[] {
  const blocks: string[] = [];
  for (const r of m.registers) {
    if (r.set.namespace !== namespace) continue;
    const rows: Row[] = asmComment([`registers ${r.set.qname} : ${r.set.target}: each register's number`]).map((text) => ({ kind: 'text', text }));
    for (const reg of r.registers) for (const x of reg.macros) rows.push({ kind: 'equ', name: x.macro, value: `${reg.register.index}` });
    rows.push({ kind: 'equ', name: r.count, value: `${r.set.registers.length}` });
    blocks.push(equs(rows));
  }
  for (const s of m.sysregs) {
    if (s.set.namespace !== namespace) continue;
    const rows: Row[] = asmComment([`sysregs ${s.set.qname} : ${s.set.target} ${s.set.space}: each register's number`]).map((text) => ({ kind: 'text', text }));
    for (const r of s.registers) rows.push({ kind: 'equ', name: r.macro, value: `0x${r.register.number.toString(16)}` });
    blocks.push(equs(rows));
  }
  for (const t of m.tables) {
    if (t.table.namespace !== namespace) continue;
    const rows: Row[] = asmComment([`syscalls ${t.table.qname} on ${t.abi.qname}: each call's number`]).map((text) => ({ kind: 'text', text }));
    for (const c of t.calls) rows.push({ kind: 'equ', name: c.macro, value: `${c.number}` });
    blocks.push(equs(rows));
  }
  return blocks;
}

/** The `.equ` blocks of a namespace's declarations. */
function includeBlocks(ns: NamespacePlan, each: (decl: ir.Decl, render: () => string) => string = (_, render) => render()): string[] {
  const blocks: string[] = [];
  const decls = ns.decls;
  for (let i = 0; i < decls.length; i++) {
    const d = decls[i].decl;
    if (d.kind === 'const') {
      const run = [];
      while (i < decls.length && decls[i].decl.kind === 'const') run.push(decls[i++]);
      i--;
      blocks.push(equs(run.flatMap((p) => itemRows(p.items, true))));
      continue;
    }
    const plan = decls[i];
    blocks.push(
      each(d, () => {
        const rows: Row[] = asmComment([declHeading(d), ...(d.doc ? ['', ...docOf(d.doc)] : [])]).map((text) => ({ kind: 'text', text }));
        if (d.kind === 'bits') {
          const itemsOf = fieldItems(plan);
          for (const f of plan.fields) {
            const where = `${f.isTag ? 'tag ' : ''}${f.variant ? `${f.variant.name}.` : ''}${fieldSignature(f.field)}`;
            rows.push(...asmComment([where, ...docOf(f.field.doc)]).map((text): Row => ({ kind: 'text', text })));
            rows.push(...itemRows(itemsOf(f), false));
          }
          // Reserved bits with a fixed value: not a field's.
          rows.push(...itemRows(plan.items.filter((it) => it.subject.member === undefined), true));
        } else {
          rows.push(...itemRows(plan.items, d.kind === 'enum'));
        }
        return equs(rows);
      }),
    );
  }
  return blocks;
}

function renderInclude(layout: ir.Layout, ns: NamespacePlan, specs: readonly string[], blocks: readonly string[]): string {
  return render('include', {
    banner: banner(namespaceSpecs(layout, [ns.namespace], specs)).flatMap((l) => wrap(l)),
    ns: ns.namespace,
    title: layoutTitle(layout),
    dir: layoutDir(layout),
    guard: `CDL_${ns.namespace.toUpperCase()}_INC`,
    blocks,
  });
}
