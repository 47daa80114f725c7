/**
 * The machine declarations' sections of the site: register sets, syscall ABIs and tables,
 * system register spaces, paging schemes, instruction formats and sets. They do not depend on
 * a data model, and a layout sees only its own target's (`Layout.machine`), so the site
 * gathers them from every layout (the same objects wherever they appear) and shows each once,
 * in its namespace's page, after the data declarations. Everything they name (a register set,
 * a bit layout, an enum, a format) is a link to its section; registers, calls and patterns
 * have ids of their own, so that an ABI's registers and the search box reach them.
 */
import type * as ir from '../ir.js';
import { spellSyscallType } from '../emitters/common/syscall-types.js';
import { unreachable } from '../util/unreachable.js';
import { bitRange, docHtml, esc, memberAnchor, memberHref } from './html.js';
import { declLink, qnameLink } from './tables.js';

/** What a section's heading calls each kind. */
export const MACHINE_KIND_TITLE: { readonly [K in ir.MachineDecl['kind']]: string } = {
  registers: 'register set',
  abi: 'syscall ABI',
  syscalls: 'syscall table',
  sysregs: 'system registers',
  paging: 'paging scheme',
  format: 'instruction format',
  instructions: 'instruction set',
};

/**
 * Every machine declaration of the project, once, in spec order (file, then line). Formats are
 * reached through the patterns that use them: the IR lists them nowhere else.
 */
export function machineDecls(layouts: readonly ir.Layout[]): ir.MachineDecl[] {
  const found = new Map<string, ir.MachineDecl>();
  const add = (d: ir.MachineDecl) => {
    if (!found.has(d.qname)) found.set(d.qname, d);
  };
  for (const l of layouts) {
    const m = l.machine;
    [...m.registerSets, ...m.abis, ...m.syscallTables, ...m.sysregs, ...m.paging].forEach(add);
    for (const s of m.instructionSets) {
      add(s);
      for (const p of s.patterns) add(p.format);
    }
  }
  return [...found.values()].sort((a, b) => compareSources(a.source, b.source));
}

/** `file:line` positions, by file and then by line as a number. */
function compareSources(a: string, b: string): number {
  const [fa, la] = splitSource(a);
  const [fb, lb] = splitSource(b);
  return fa < fb ? -1 : fa > fb ? 1 : la - lb;
}

function splitSource(s: string): [string, number] {
  const colon = s.lastIndexOf(':');
  const line = Number(s.slice(colon + 1));
  return colon < 0 || !Number.isFinite(line) ? [s, 0] : [s.slice(0, colon), line];
}

/** Search entries ([qname, kind, href]) for the calls of a syscall table and the patterns of an instruction set. */
export function memberSearchEntries(d: ir.MachineDecl): [string, string, string][] {
  const href = (member: string) => memberHref(d.namespace, d.name, member, '');
  if (d.kind === 'syscalls') return d.calls.map((c) => [`${d.qname}.${c.name}`, 'syscall', href(c.name)]);
  if (d.kind === 'instructions') return d.patterns.map((p) => [`${d.qname}.${p.name}`, 'instruction', href(p.name)]);
  return [];
}

/** The body of a machine declaration's section. */
export function machineBody(d: ir.MachineDecl, root: string): string {
  switch (d.kind) {
    case 'registers':
      return registerSetHtml(d, root);
    case 'abi':
      return abiHtml(d, root);
    case 'syscalls':
      return syscallTableHtml(d, root);
    case 'sysregs':
      return sysregsHtml(d, root);
    case 'paging':
      return pagingHtml(d, root);
    case 'format':
      return formatHtml(d, root);
    case 'instructions':
      return instructionSetHtml(d, root);
    default:
      return unreachable(d);
  }
}

/** A table: a header row, then rows of cells already HTML (the first a row header). */
function table(cls: string, head: readonly string[], rows: readonly { readonly id?: string; readonly cells: readonly string[] }[]): string {
  return [
    `<table class="${cls}">`,
    `<thead><tr>${head.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead>`,
    '<tbody>',
    ...rows.map((r) => `<tr${r.id ? ` id="${esc(r.id)}"` : ''}>${r.cells.map((c, i) => (i === 0 ? `<th scope="row">${c}</th>` : `<td>${c}</td>`)).join('')}</tr>`),
    '</tbody>',
    '</table>',
  ].join('\n');
}

/** A list of facts: term, then its description (HTML). */
function facts(items: readonly (readonly [string, string])[]): string {
  return `<dl class="facts">${items.map(([t, d]) => `<dt>${esc(t)}</dt><dd>${d}</dd>`).join('')}</dl>`;
}

function code(text: string): string {
  return `<code>${esc(text)}</code>`;
}

/** A register, linked to its row in its set's table. */
function registerLink(set: ir.RegisterSet, r: ir.Register, root: string): string {
  return `<a class="reg" href="${esc(memberHref(set.namespace, set.name, r.name, root))}">${esc(r.name)}</a>`;
}

function registerSetHtml(s: ir.RegisterSet, root: string): string {
  const rows = s.registers.map((r) => ({
    id: memberAnchor(s.name, r.name),
    cells: [
      esc(r.name),
      esc(String(r.index)),
      r.aliases.map(code).join(', '),
      esc(String(r.bits)),
      esc(r.class),
      r.subs.map((x) => `${code(x.name)} ${bitRange(x.lo, x.hi)}`).join(', '),
      r.bitLayout ? qnameLink(r.bitLayout, root) : '',
      `<span class="doc">${docHtml(r.doc)}</span>`,
    ],
  }));
  return [
    facts([
      ['target', code(s.target)],
      ['program counter', s.pc ? code(s.pc.name) : 'none'],
      ['stack pointer', s.sp ? code(s.sp.name) : 'none'],
    ]),
    table('register-table', ['register', 'number', 'ABI names', 'bits', 'class', 'parts', 'bit layout', 'doc'], rows),
  ].join('\n');
}

function abiHtml(a: ir.SyscallAbi, root: string): string {
  const reg = (r: ir.Register) => registerLink(a.registers, r, root);
  const slot = (s: ir.ArgSlot) => (s.kind === 'register' ? reg(s.register) : `stack +${s.offset}`);
  const error =
    a.error.kind === 'negative'
      ? `a result from -${a.error.max} to -1 is minus an error number`
      : `${reg(a.error.register)}${a.error.bit !== null ? ` bit ${a.error.bit}` : ''} set: the result is an error number`;
  const spell = (t: ir.SyscallAbi['uses'][number]['generic']) => (t.kind === 'enum' ? declLink(t.decl, root) : qnameLink(t.bits, root));
  return facts([
    ['target', code(a.target)],
    ['registers', declLink(a.registers, root)],
    ['trap', code(a.trap)],
    ['call number in', reg(a.number)],
    ['arguments in', a.args.map(slot).join(', ')],
    ['results in', a.results.map(reg).join(', ')],
    ['errors', error],
    ...(a.clobbers.length ? [['also destroys', a.clobbers.map(reg).join(', ')] as const] : []),
    ...(a.errno ? [['error numbers', declLink(a.errno, root)] as const] : []),
    ...a.uses.map((u) => ['uses', `${spell(u.specific)} for ${spell(u.generic)}`] as const),
  ]);
}

/** A syscall's argument or result type, as the spec spells it, with what it names linked. */
function syscallTypeHtml(t: ir.SyscallType, call: ir.Syscall, root: string): string {
  if (t.kind === 'enum') return declLink(t.decl, root);
  if (t.kind === 'flags') return qnameLink(t.bits, root);
  if (t.kind === 'pointer' && t.pointee) return `ptr&lt;${qnameLink(t.pointee, root)}&gt;`;
  return esc(spellSyscallType(t, call));
}

/** Calls with their arguments and result, and a column per ABI that numbers any of them. */
function syscallTableHtml(t: ir.SyscallTable, root: string): string {
  const abis = [...new Set(t.calls.flatMap((c) => c.numbers.map((n) => n.abi)))];
  const rows = t.calls.map((c) => ({
    id: memberAnchor(t.name, c.name),
    cells: [
      esc(c.name),
      c.params.map((p) => `${esc(p.name)}: ${p.out ? 'out ' : ''}${syscallTypeHtml(p.type, c, root)}`).join(', '),
      c.result ? syscallTypeHtml(c.result, c, root) : 'noreturn',
      // Numbers in decimal, as <asm/unistd.h> and the manuals write them.
      ...abis.map((a) => {
        const n = c.numbers.find((x) => x.abi === a);
        return n ? `<span data-abi="${esc(a.qname)}">${n.number}</span>` : '—';
      }),
      `<span class="doc">${docHtml(c.doc)}</span>`,
    ],
  }));
  const head = ['call', 'arguments', 'result', ...abis.map((a) => `${a.name} (${a.target})`), 'doc'];
  return [
    `<p class="abis">Numbers on: ${abis.map((a) => `${declLink(a, root)} (${esc(a.target)})`).join(', ') || 'no ABI'}; —: not on that ABI.</p>`,
    table('syscall-table', head, rows),
  ].join('\n');
}

function sysregsHtml(s: ir.SysregSet, root: string): string {
  const rows = s.registers.map((r) => ({
    id: memberAnchor(s.name, r.name),
    cells: [
      esc(r.name),
      code(`0x${r.number.toString(16)}`),
      esc(String(r.width)),
      r.bits ? qnameLink(r.bits, root) : '',
      r.reset !== null ? code(`0x${r.reset.toString(16)}`) : '',
      r.access.map((a) => `${code(a.field)} ${esc(a.access)}`).join(', '),
      `<span class="doc">${docHtml(r.doc)}</span>`,
    ],
  }));
  return [facts([['target', code(s.target)], ['reached by', code(s.space)]]), table('sysreg-table', ['register', 'number', 'bits', 'bit layout', 'reset', 'access', 'doc'], rows)].join('\n');
}

function pagingHtml(p: ir.PagingScheme, root: string): string {
  const address = (a: ir.PagingAddress | null) => (a ? code(`${a.field}${a.shift ? ` << ${a.shift}` : ''}`) : '—');
  const levels = p.levels.map((l, i) => ({
    cells: [esc(String(i)), esc(bitRange(l.lo, l.hi)), qnameLink(l.entry, root), address(l.table), address(l.page), l.leafWhen.map(code).join(' or ') || (l.page ? 'always' : '—')],
  }));
  const rule = (r: ir.PagingRule) =>
    `<li><code>${esc(`${r.effect} ${[...r.modes, ...r.accesses].join(' ') || 'every access'} if ${r.field} ${r.scope === 'leaf' ? 'at the leaf' : `at ${r.scope} level`}${r.unless ? ` unless ${r.unless}` : ''}`)}</code></li>`;
  return [
    facts([
      ['target', code(p.target)],
      ['address bits', esc(String(p.addressBits))],
      ['canonical', p.canonical ? `yes${p.noncanonical ? `; a non-canonical address raises ${code(p.noncanonical)}` : ''}` : 'no'],
      ['valid when', code(p.valid)],
      ['page fault reports', `${qnameLink(p.fault.bits, root)}: ${p.fault.fields.map((f) => code(`${f.field} = ${f.value} if ${f.when}`)).join(', ')}`],
    ]),
    table('paging-levels', ['level', 'address bits', 'entry', 'next table', 'page', 'leaf when'], levels),
    p.rules.length ? `<p>Access rules:</p>\n<ul class="rules">${p.rules.map(rule).join('')}</ul>` : '',
    p.reserved.length ? `<p>Reserved entries: ${p.reserved.map((r) => code(`${r.field} without ${r.without}`)).join(', ')}.</p>` : '',
  ]
    .filter((s) => s !== '')
    .join('\n');
}

/** How an operand prints, with the register or system register sets it names linked. */
function operandHtml(o: ir.OperandKind, root: string): string {
  switch (o.kind) {
    case 'int':
    case 'pcrel':
    case 'fence':
      return esc(o.kind);
    case 'hex':
      return esc(o.bits === null ? 'hex' : `hex (${o.bits} bits)`);
    case 'reg':
      return `reg ${declLink(o.set, root)}${o.offset ? ` + ${o.offset}` : ''}`;
    case 'csr':
      return `csr ${o.sets.map((s) => declLink(s, root)).join(', ')}`;
    case 'suffix':
      return `suffix ${o.texts.map((t) => code(JSON.stringify(t))).join(' ')}`;
    default:
      return unreachable(o);
  }
}

/** A word's fixed bits, most significant first: `0`/`1` where fixed, `·` where an operand goes. */
export function fixedBits(mask: number, match: number, bits: number): string {
  let out = '';
  for (let i = bits - 1; i >= 0; i--) out += (mask >>> i) & 1 ? String((match >>> i) & 1) : '·';
  return out;
}

function formatHtml(f: ir.InstructionFormat, root: string): string {
  const rows = f.fields.map((o) => ({
    cells: [
      esc(o.name),
      o.constant !== null ? `= ${o.constant}` : o.ranges.map((r) => bitRange(r.lo, r.hi)).join(', '),
      o.shift ? `&lt;&lt; ${o.shift}` : '',
      o.signed ? 'signed' : '',
      operandHtml(o.operand, root),
    ],
  }));
  return [
    facts([
      ['bit layout (its diagram)', qnameLink(f.bits, root)],
      ['length', `${f.length} bytes`],
      ...(f.fixedMask ? [['always', code(fixedBits(f.fixedMask, f.fixedMatch, f.length * 8))] as const] : []),
    ]),
    table('operand-table', ['operand', 'bits', 'shift', 'sign', 'prints as'], rows),
  ].join('\n');
}

function instructionSetHtml(s: ir.InstructionSet, root: string): string {
  const syntax = (p: ir.InstructionPattern) => p.syntax.map((x) => ('text' in x ? esc(x.text) : `<var>${esc(x.field.name)}</var>`)).join('');
  const rows = s.patterns.map((p) => ({
    id: memberAnchor(s.name, p.name),
    cells: [
      esc(p.name),
      `<code>${syntax(p)}</code>`,
      `<code class="fixed">${esc(fixedBits(p.mask, p.match, p.format.length * 8))}</code>`,
      declLink(p.format, root),
      p.excluded.map((e) => code(`${e.field.name} != ${e.value}`)).join(', '),
      `<span class="doc">${docHtml(p.doc)}</span>`,
    ],
  }));
  return [
    facts([['target', code(s.target)]]),
    table('pattern-table', ['instruction', 'syntax', 'fixed bits (MSB first; ·: an operand)', 'format', 'never', 'doc'], rows),
  ].join('\n');
}
