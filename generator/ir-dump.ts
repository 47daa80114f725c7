/**
 * A readable dump of one layout: what the front end made of a spec on one target, one line a
 * declaration and one a member, with every number final. The golden files
 * (tests/golden/<feature>/ir.<target>.txt) are these dumps, so that a reader sees a construct
 * between its spec and its outputs, and a change to the IR shows as a diff.
 */
import type * as ir from './ir.js';
import { spellSyscallType } from './emitters/common/syscall-types.js';
import { unreachable } from './util/unreachable.js';

export function dumpLayout(layout: ir.Layout): string {
  const t = layout.target;
  const out = [
    `# ${t.name}, ${layout.config === null ? 'default configuration' : `configuration ${layout.config}`}: ` +
      `${t.endian}-endian, word ${t.wordBits}, pointer ${t.pointerBits}, ` +
      `align u16 ${t.align.u16} u32 ${t.align.u32} u64 ${t.align.u64} ptr ${t.align.ptr}`,
  ];
  for (const a of layout.aliases) out.push(`alias ${a.qname} = ${typeText(a.type)}`);
  for (const d of layout.decls) out.push(...declLines(d, t));
  out.push(...machineLines(layout.machine));
  return `${out.join('\n')}\n`;
}

function machineLines(m: ir.Machine): string[] {
  const out: string[] = [];
  for (const s of m.registerSets) {
    out.push(`registers ${s.qname} : ${s.target}, pc ${s.pc?.name ?? 'none'}, sp ${s.sp?.name ?? 'none'}`);
    for (const r of s.registers) {
      const subs = r.subs.map((x) => `${x.name} @${x.lo}..${x.hi}`).join(', ');
      out.push(`  ${r.index} ${r.name}: ${r.bitLayout ?? `u${r.bits}`} ${r.class}${r.aliases.length ? `, alias ${r.aliases.join(', ')}` : ''}${subs ? `, ${subs}` : ''}`);
    }
  }
  for (const a of m.abis) {
    const slot = (s: ir.ArgSlot): string => (s.kind === 'register' ? s.register.name : `stack ${s.offset}`);
    const error = a.error.kind === 'negative' ? `negative ${a.error.max}` : `flag ${a.error.register.name}${a.error.bit !== null ? ` @${a.error.bit}` : ''}`;
    out.push(
      `abi ${a.qname} : ${a.registers.qname} (${a.target}), trap ${JSON.stringify(a.trap)}, number ${a.number.name}, ` +
        `args ${a.args.map(slot).join(' ')}, result ${a.results.map((r) => r.name).join(' ')}, error ${error}` +
        `${a.clobbers.length ? `, clobbers ${a.clobbers.map((r) => r.name).join(' ')}` : ''}${a.errno ? `, errno ${a.errno.qname}` : ''}` +
        `${a.uses.map((u) => `, use ${spellUse(u.specific)} for ${spellUse(u.generic)}`).join('')}`,
    );
  }
  for (const s of m.sysregs) {
    out.push(`sysregs ${s.qname} : ${s.target} ${s.space}`);
    for (const r of s.registers) {
      const access = r.access.map((a) => `${a.field} ${a.access}`).join(', ');
      out.push(`  ${r.name} 0x${r.number.toString(16)} : ${r.bits ?? `u${r.width}`}${r.reset !== null ? `, reset 0x${r.reset.toString(16)}` : ''}${access ? `, ${access}` : ''}`);
    }
  }
  for (const p of m.paging) {
    const address = (a: ir.PagingAddress | null, what: string) => (a ? [`${what} ${a.field}${a.shift ? ` << ${a.shift}` : ''}`] : []);
    out.push(`paging ${p.qname} : ${p.target}, address ${p.addressBits}${p.canonical ? ' canonical' : ''}${p.noncanonical ? ` (else ${p.noncanonical})` : ''}, valid ${p.valid}`);
    p.levels.forEach((l, i) => out.push(`  level ${i} ${l.entry} @${l.lo}..${l.hi}: ${[...address(l.table, 'table'), ...address(l.page, 'page')].join(', ')}${l.leafWhen.length ? ` if ${l.leafWhen.join(' | ')}` : ''}`));
    for (const r of p.rules) out.push(`  ${r.effect} ${[...r.modes, ...r.accesses].join(' ') || 'all'} if ${r.field} at ${r.scope === 'leaf' ? 'leaf' : `${r.scope} level`}${r.unless ? ` unless ${r.unless}` : ''}`);
    for (const r of p.reserved) out.push(`  reserved ${r.field} without ${r.without}`);
    out.push(`  fault ${p.fault.bits}: ${p.fault.fields.map((f) => `${f.field}=${f.value} if ${f.when}`).join(', ')}`);
  }
  for (const s of m.instructionSets) {
    out.push(`instructions ${s.qname} : ${s.target}`);
    for (const p of s.patterns) {
      const hex = (v: number) => `0x${v.toString(16)}`;
      const excluded = p.excluded.map((e) => `, ${e.field.name}!=${e.value}`).join('');
      const syntax = p.syntax.map((x) => ('text' in x ? x.text : `{${x.field.name}}`)).join('');
      out.push(`  ${p.name} : ${p.format.qname} (${p.format.length} bytes), mask ${hex(p.mask)} match ${hex(p.match)}${excluded}${p.group ? `, group ${p.group}` : ''} ${JSON.stringify(syntax)}`);
    }
  }
  for (const t of m.syscallTables) {
    out.push(`syscalls ${t.qname}`);
    for (const c of t.calls) {
      const params = c.params.map((p) => `${p.name}: ${p.out ? 'out ' : ''}${syscallType(p.type, c)}`).join(', ');
      const numbers = c.numbers.filter((n) => m.abis.includes(n.abi)).map((n) => `${n.abi.name} ${n.number}`);
      out.push(`  ${c.name}(${params}) -> ${c.result ? syscallType(c.result, c) : 'noreturn'}${numbers.length ? ` = ${numbers.join(', ')}` : ''}`);
    }
  }
  return out;
}

/** As a spec spells it, enums and flags marked as such. */
function syscallType(t: ir.SyscallType, call: ir.Syscall): string {
  const text = spellSyscallType(t, call);
  return t.kind === 'enum' ? `enum ${text}` : t.kind === 'flags' ? `flags ${text}` : text;
}

function declLines(d: ir.Decl, t: ir.Target): string[] {
  switch (d.kind) {
    case 'const':
      return [`const ${d.qname}${d.type ? `: ${d.type}` : ''} = ${d.value}`];
    case 'enum':
      return [
        `enum ${d.qname} : ${d.signed ? 'i' : 'u'}${d.width} (stored in u${d.storageBits})`,
        ...d.members.map((m) => `  ${m.name} = ${m.value}`),
      ];
    case 'bits':
      return [
        `bits ${d.qname} : u${d.wordBits}${d.words > 1 ? `[${d.words}]` : ''}, ${d.size} bytes, align ${d.align}${d.cBitfields ? ', C bit-fields' : ''}${d.byteOrder ? `, ${d.byteOrder}-endian` : ''}`,
        ...(d.tag ? [`  tag ${bitField(d.tag)}`] : []),
        ...d.fields.map((f) => `  ${bitField(f)}`),
        ...d.reserved.map((r) => `  ${reserved(r)}`),
        ...d.variants.flatMap((v) => [
          `  variant ${v.name} when ${v.when.join(', ')}`,
          ...v.fields.map((f) => `    ${bitField(f)}`),
          ...v.reserved.map((r) => `    ${reserved(r)}`),
        ]),
      ];
    case 'struct':
      return [
        `struct ${d.qname} : ${d.size} bytes, align ${d.align}` +
          `${d.packed ? ', packed' : ''}${d.explicitAlign !== null ? `, align(${d.explicitAlign})` : ''}` +
          `${d.imageEnd !== null ? `, image_end at ${d.imageEnd}` : ''}${d.frame ? `, frame ${d.frame.qname}` : ''}` +
          `${d.byteOrder ? `, byte_order(${d.byteOrder})` : ''}`,
        ...d.members.map((m) => (m.kind === 'pad' ? `  @${m.offset} pad ${m.size}` : `  @${m.offset} ${field(m, t)}`)),
      ];
    case 'union':
      return [
        `union ${d.qname} : ${d.size} bytes, align ${d.align}` +
          `${d.explicitAlign !== null ? `, align(${d.explicitAlign})` : ''}` +
          `${d.discriminantType ? `, chosen by ${typeText(d.discriminantType)}` : ''}`,
        ...d.members.map((m) => `  ${m.name}: ${typeText(m.type)}, align ${m.align}${m.when.length ? `, when ${m.when.join(', ')}` : ''}`),
      ];
    default:
      return unreachable(d);
  }
}

function field(f: ir.Field, t: ir.Target): string {
  const parts = [`${f.name}: ${typeText(f.type)}, ${f.size} bytes, align ${f.align}`];
  if (f.explicitAlign !== null) parts.push(`align(${f.explicitAlign})`);
  if (f.selector) {
    const s = f.selector;
    const end = s.bitField ? `, bit field ${s.bitField.bits.qname}.${s.bitField.field.name}` : '';
    parts.push(`by ${s.path.join('.')} (at ${s.offset}${end})`);
  }
  if (f.holds) parts.push(`holds ${f.holds.name}`);
  // Only where it is not the target's, so that a dump without byte_order reads as before.
  if (f.byteOrder !== t.endian) parts.push(f.byteOrder === 'runtime' ? 'runtime order' : `${f.byteOrder}-endian`);
  return parts.join(', ');
}

function bitField(f: ir.BitField): string {
  const ranges = f.ranges.map((r) => (r.lo === r.hi ? `@${r.lo}` : `@${r.lo}..${r.hi}`)).join(', ');
  const type = f.type.kind === 'enum' ? f.type.decl.qname : f.type.kind;
  return `${f.name} ${ranges}${f.shift ? ` << ${f.shift}` : ''}: ${type}, ${f.valueWidth} bits${f.signed ? ', signed' : ''}`;
}

function reserved(r: ir.ReservedBits): string {
  const at = r.range.lo === r.range.hi ? `@${r.range.lo}` : `@${r.range.lo}..${r.range.hi}`;
  return `reserved ${at}${r.value !== null ? ` = ${r.value}` : ''}`;
}

function typeText(t: ir.Type): string {
  const alias = t.alias ? ` (as ${t.alias})` : '';
  switch (t.kind) {
    case 'int':
      return `${t.spelling}${t.spelling !== `${t.signed ? 'i' : 'u'}${t.bits}` ? ` (${t.signed ? 'i' : 'u'}${t.bits})` : ''}${alias}`;
    case 'bool':
      return `bool${alias}`;
    case 'pointer':
      return `${t.pointee ? `ptr<${t.pointee.qname}>` : 'ptr'} (${t.size} bytes)${alias}`;
    case 'array':
      return `${typeText(t.element)}[${t.length}]${alias}`;
    case 'enum':
    case 'bits':
    case 'struct':
    case 'union':
      return `${t.kind} ${t.qname}${alias}`;
    default:
      return unreachable(t);
  }
}

/** An enum's or bit layout's qname, in a `use`. */
function spellUse(t: ir.SyscallTypeUse['generic']): string {
  return t.kind === 'enum' ? t.decl.qname : t.bits;
}
