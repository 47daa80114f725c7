/**
 * Instruction formats: a one-word bit layout of 16 or 32 bits without variants (the word is
 * the instruction; its container is the instruction's length), and for the fields that do not
 * print as decimal numbers, an operand kind from the runtime's fixed vocabulary
 * (ir.OperandKind): `int`, `hex [bits]`, `reg Set [+ n]`, `pcrel`, `csr Set...`, `fence`,
 * `suffix "text"`. Each field is given a kind once; a register field's every value names a
 * register of its set.
 */
import type * as ast from '../../../grammar/ast.js';
import type * as ir from '../../ir.js';
import type { Symbol } from '../../program/symbols.js';
import type { CheckContext } from '../context.js';
import type { BitsShape } from '../../lower/bits.js';
import { declHeader } from './common.js';

const KINDS = ['int', 'hex', 'reg', 'pcrel', 'csr', 'fence', 'suffix'] as const;
type KindName = (typeof KINDS)[number];
/** How each kind is written, for messages. */
const USAGE: Readonly<Record<KindName, string>> = {
  int: 'int',
  hex: 'hex or hex BITS',
  reg: 'reg REGISTERS or reg REGISTERS + N',
  pcrel: 'pcrel',
  csr: 'csr SYSREGS, ...',
  fence: 'fence',
  suffix: 'suffix "TEXT" (one bit) or suffix "TEXT0", "TEXT1", ... (a text per value)',
};

export function checkFormat(symbol: Symbol<ast.FormatDecl>, ctx: CheckContext): ir.InstructionFormat | null {
  const decl = symbol.decl;
  const layout = ctx.table.resolveType(decl.bits, symbol.file);
  if (!layout) return null;
  if (layout.kind !== 'decl' || layout.symbol.decl.kind !== 'BitsDecl') {
    ctx.diags.error(decl.bits.span, `an instruction format is a bit layout; '${decl.bits.path.map((p) => p.name).join('.')}' is not`);
    return null;
  }
  const shape = ctx.bitsOf(layout.symbol as Symbol<ast.BitsDecl>);
  if (!shape) return null;
  if (shape.words !== 1 || (shape.width !== 16 && shape.width !== 32)) {
    ctx.diags.error(decl.bits.span, `an instruction format's layout is one u16 or u32 word (the instruction); '${shape.name}' is ${shape.words > 1 ? `${shape.words} words` : `${shape.width} bits`}`);
    return null;
  }
  if (shape.tag || shape.variants.length > 0) {
    ctx.diags.error(decl.bits.span, `'${shape.name}' has variants: an instruction format's fields are the same in every instruction (write a format per shape)`);
    return null;
  }
  const kinds = new Map<string, { kind: ir.OperandKind; span: ast.Span }>();
  const constants: ir.OperandField[] = [];
  for (const m of decl.operands) {
    const kind = operandKind(m, ctx, symbol.file);
    if (m.value) {
      const c = constantOperands(m, kind, shape, symbol.file, ctx);
      constants.push(...c);
      continue;
    }
    for (const f of m.fields) {
      const field = shape.fields.find((x) => x.name === f.name);
      if (!field) {
        ctx.diags.error(f.span, `'${shape.name}' has no field '${f.name}'`);
        continue;
      }
      const first = kinds.get(f.name);
      if (first) {
        ctx.diags.error(f.span, `'${f.name}' has its operand kind given twice`, [{ message: 'first given here', span: first.span }]);
        continue;
      }
      if (!kind) continue;
      if (kind.kind === 'suffix' && kind.texts.length !== 2 ** field.valueWidth) ctx.diags.error(f.span, `'${f.name}' has ${2 ** field.valueWidth} values but ${kind.texts.length} suffixes`);
      else if (kind.kind === 'fence' && field.valueWidth !== 4) ctx.diags.error(f.span, `a fence set is 4 bits (i, o, r, w); '${f.name}' has ${field.valueWidth}`);
      else if (kind.kind === 'reg') {
        const top = (field.signed ? 2 ** (field.valueWidth - 1) : 2 ** field.valueWidth) - 1 + kind.offset;
        if (field.signed || field.shift !== 0 || top >= kind.set.registers.length) {
          ctx.diags.error(f.span, `'${f.name}' holds values up to ${top}${kind.offset ? ` (with + ${kind.offset})` : ''}, but '${kind.set.name}' has registers 0 to ${kind.set.registers.length - 1}`);
        }
      }
      kinds.set(f.name, { kind, span: f.span });
    }
  }
  const fields = shape.fields.map((f): ir.OperandField => ({
    name: f.name,
    ranges: f.ranges,
    shift: f.shift,
    signed: f.signed,
    valueWidth: f.valueWidth,
    constant: null,
    operand: kinds.get(f.name)?.kind ?? { kind: 'int' },
  }));
  fields.push(...constants);
  let fixedMask = 0;
  let fixedMatch = 0;
  for (const r of shape.reserved) {
    if (r.value === null) continue;
    const ones = r.range.hi - r.range.lo === 31 ? 0xffffffff : 2 ** (r.range.hi - r.range.lo + 1) - 1;
    fixedMask = (fixedMask | (ones << r.range.lo)) >>> 0;
    fixedMatch = (fixedMatch | (Number(r.value) << r.range.lo)) >>> 0;
  }
  return { kind: 'format', ...declHeader(symbol, ctx.cName(symbol)), bits: shape.qname, length: shape.width / 8, fields, fixedMask, fixedMatch };
}

/** `sp: reg Riscv64Regs = 2;`: operands of a fixed value that no field holds; none if malformed (reported). */
function constantOperands(m: ast.OperandMember, kind: ir.OperandKind | null, shape: BitsShape, file: ast.File, ctx: CheckContext): ir.OperandField[] {
  const value = ctx.evaluator.evaluate(m.value!, file);
  if (value === null || !kind) return [];
  if (value < 0n || value > 0xffffffffn) {
    ctx.diags.error(m.value!.span, `a constant operand is 0 to 0xffffffff, not ${value}`);
    return [];
  }
  if (kind.kind === 'reg' && value >= BigInt(kind.set.registers.length)) {
    ctx.diags.error(m.value!.span, `'${kind.set.name}' has registers 0 to ${kind.set.registers.length - 1}, not ${value}`);
    return [];
  }
  const out: ir.OperandField[] = [];
  for (const f of m.fields) {
    if (shape.fields.some((x) => x.name === f.name)) {
      ctx.diags.error(f.span, `'${f.name}' is a field of '${shape.name}': a constant operand is one no field holds`);
      continue;
    }
    out.push({ name: f.name, ranges: [], constant: Number(value), shift: 0, signed: false, valueWidth: 0, operand: kind });
  }
  return out;
}

/** The kind `m` gives; null if it is unknown or malformed (reported). */
function operandKind(m: ast.OperandMember, ctx: CheckContext, file: ast.File): ir.OperandKind | null {
  const name = KINDS.find((k) => k === m.operand.name);
  if (!name) {
    ctx.diags.error(m.operand.span, `unknown operand kind '${m.operand.name}' (known: ${KINDS.join(', ')})`);
    return null;
  }
  const args = m.args;
  const malformed = (): null => {
    ctx.diags.error(args[0]?.kind === 'int' ? args[0].value.span : (args[0]?.span ?? m.operand.span), `'${name}' is written ${USAGE[name]}`);
    return null;
  };
  switch (name) {
    case 'int':
    case 'pcrel':
    case 'fence':
      return args.length === 0 ? { kind: name } : malformed();
    case 'hex': {
      if (args.length === 0) return { kind: 'hex', bits: null };
      const [bits] = args;
      if (args.length !== 1 || bits.kind !== 'int') return malformed();
      if (bits.value.value < 1n || bits.value.value > 32n) {
        ctx.diags.error(bits.value.span, `a hex operand prints 1 to 32 bits, not ${bits.value.value}`);
        return null;
      }
      return { kind: 'hex', bits: Number(bits.value.value) };
    }
    case 'suffix': {
      const texts = args.flatMap((a) => (a.kind === 'string' ? [a.value] : []));
      if (texts.length !== args.length || texts.length === 0) return malformed();
      return { kind: 'suffix', texts: texts.length === 1 ? ['', texts[0]] : texts };
    }
    case 'reg': {
      const [set, plus, offset] = args;
      if (set?.kind !== 'name' || !(args.length === 1 || (args.length === 3 && plus.kind === 'plus' && offset.kind === 'int'))) return malformed();
      const found = ctx.table.lookup(set.path, file, 'register set');
      if (!found) return null;
      if (found.decl.kind !== 'RegistersDecl') {
        ctx.diags.error(set.span, `'${found.name}' is not a register set`);
        return null;
      }
      const registers = ctx.registerSetOf(found as Symbol<ast.RegistersDecl>);
      return registers ? { kind: 'reg', set: registers, offset: offset?.kind === 'int' ? Number(offset.value.value) : 0 } : null;
    }
    case 'csr': {
      if (args.length === 0 || args.some((a) => a.kind !== 'name')) return malformed();
      const sets: ir.SysregSet[] = [];
      for (const a of args) {
        if (a.kind !== 'name') continue;
        const found = ctx.table.lookup(a.path, file, 'register set');
        if (!found) return null;
        if (found.decl.kind !== 'SysregsDecl' || found.decl.space.name !== 'csr') {
          ctx.diags.error(a.span, `'${found.name}' is not a set of CSRs (a 'sysregs' declaration of space 'csr')`);
          return null;
        }
        const set = ctx.sysregsOf(found as Symbol<ast.SysregsDecl>);
        if (!set) return null;
        sets.push(set);
      }
      return { kind: 'csr', sets };
    }
  }
}
