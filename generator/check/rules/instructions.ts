/**
 * Instruction sets: patterns over formats, in the manner of QEMU's decodetree. A pattern fixes
 * some fields (`opcode=0x13`), excludes values of others (`rd!=0`, as the RISC-V manual
 * reserves them or gives them to another instruction), and gives its assembly syntax, with
 * `{field}` for each operand. Its fixed bits are its mask and match. Every bit of the word is
 * fixed or shown by the syntax, so that a disassembly says all the word says and encoding a
 * decoded instruction gives the word back. Overlaps between patterns are checked across the
 * target's sets (pattern-overlaps.ts).
 */
import type * as ast from '../../../grammar/ast.js';
import type * as ir from '../../ir.js';
import { fieldMask, ones, placeValue, valueRange } from '../../lower/operand-bits.js';
import type { Symbol } from '../../program/symbols.js';
import type { CheckContext } from '../context.js';
import { declHeader, describeBits, knownTarget, sourceOf } from './common.js';
import type { PatternSpans } from './pattern-overlaps.js';

export function checkInstructions(symbol: Symbol<ast.InstructionsDecl>, ctx: CheckContext, spans: PatternSpans): ir.InstructionSet {
  const decl = symbol.decl;
  const target = decl.target.name;
  knownTarget(decl.target, ctx);
  const names = new Map<string, ast.Span>();
  const patterns: ir.InstructionPattern[] = [];
  const wrongTarget = new Set<ir.InstructionFormat>();
  const add = (m: ast.PatternMember, group: string | null): void => {
    const name = m.name.map((n) => n.name).join('.');
    const first = names.get(name);
    if (first) {
      ctx.diags.error(m.name[0].span, `duplicate instruction pattern '${name}' in '${symbol.name}'`, [{ message: 'first declared here', span: first }]);
      return;
    }
    names.set(name, m.name[0].span);
    const format = formatOf(m, symbol.file, ctx);
    if (!format) return;
    const foreign = format.fields.find((f) => f.operand.kind === 'reg' && f.operand.set.target !== target);
    if (foreign?.operand.kind === 'reg') {
      if (!wrongTarget.has(format)) ctx.diags.error(m.format[0].span, `format '${format.name}' prints registers of '${foreign.operand.set.target}', not of '${target}'`);
      wrongTarget.add(format);
      return;
    }
    const p = pattern(m, name, format, group, symbol.file, ctx);
    if (p) {
      patterns.push(p);
      spans.set(p, m.name[0].span);
    }
  };
  decl.members.forEach((m, i) => {
    if (m.kind === 'PatternMember') return add(m, null);
    if (m.patterns.length < 2) ctx.diags.warning(m.span, 'a group orders overlapping patterns: it needs two or more');
    for (const p of m.patterns) add(p, `${symbol.qname}/${i}`);
  });
  return { kind: 'instructions', ...declHeader(symbol, ctx.cName(symbol)), target, patterns };
}

function formatOf(m: ast.PatternMember, file: ast.File, ctx: CheckContext): ir.InstructionFormat | null {
  const found = ctx.table.lookup(m.format, file, 'instruction format');
  if (!found) return null;
  if (found.decl.kind !== 'FormatDecl') {
    ctx.diags.error(m.format[0].span, `'${found.name}' is a ${found.decl.kind === 'BitsDecl' ? 'bit layout: an instruction names a format, which gives the layout its operands' : 'not an instruction format'}`);
    return null;
  }
  return ctx.formatOf(found as Symbol<ast.FormatDecl>);
}

function pattern(m: ast.PatternMember, name: string, format: ir.InstructionFormat, group: string | null, file: ast.File, ctx: CheckContext): ir.InstructionPattern | null {
  let ok = true;
  let mask = format.fixedMask;
  let match = format.fixedMatch;
  const fixed = new Map<string, ast.Span>();
  const excluded: { field: ir.OperandField; value: number }[] = [];
  for (const c of m.constraints) {
    const field = format.fields.find((f) => f.name === c.field.name);
    if (!field) {
      ctx.diags.error(c.field.span, `format '${format.name}' has no field '${c.field.name}' (it has ${format.fields.map((f) => f.name).join(', ')})`);
      ok = false;
      continue;
    }
    const value = ctx.evaluator.evaluate(c.value, file);
    if (value === null) {
      ok = false;
      continue;
    }
    const bits = placeValue(field, value);
    if (bits === null) {
      const { min, max } = valueRange(field);
      ctx.diags.error(c.value.span, `'${field.name}' cannot hold ${value}: its values are ${min} to ${max}${field.shift ? `, multiples of ${2 ** field.shift}` : ''}`);
      ok = false;
      continue;
    }
    if (c.op === '!=') {
      excluded.push({ field, value: Number(value) });
      continue;
    }
    const first = fixed.get(field.name);
    if (first) {
      ctx.diags.error(c.field.span, `'${field.name}' is fixed twice`, [{ message: 'first fixed here', span: first }]);
      ok = false;
      continue;
    }
    fixed.set(field.name, c.field.span);
    mask = (mask | fieldMask(field)) >>> 0;
    match = (match | bits) >>> 0;
  }
  if (!m.syntax) {
    ctx.diags.error(m.span, `'${name}' needs its assembly syntax: a string such as "${name} {field}, ..."`);
    return null;
  }
  const syntax = parseSyntax(m.syntax, format, ctx);
  if (!ok || !syntax) return null;
  // Every bit is fixed or shown: else two words would print alike, and encoding would lose one.
  let shown = mask;
  for (const part of syntax) if ('field' in part) shown = (shown | fieldMask(part.field)) >>> 0;
  const free = (ones(format.length * 8) & ~shown) >>> 0;
  if (free !== 0) {
    const fields = format.fields.filter((f) => (fieldMask(f) & free) !== 0).map((f) => `'${f.name}'`);
    const what = fields.length > 0 ? `field${fields.length > 1 ? 's' : ''} ${fields.join(', ')}` : describeRuns(free);
    ctx.diags.error(m.name[0].span, `'${name}' leaves ${what} neither fixed nor shown: fix ${fields.length === 1 ? 'it' : 'them'} (${fields.length > 0 ? `${fields[0].slice(1, -1)}=0` : 'with a reserved value in the layout'}) or show ${fields.length === 1 ? 'it' : 'them'} in the syntax`);
    return null;
  }
  return { name, doc: m.doc, format, mask, match, excluded, syntax, group, source: sourceOf(m.span) };
}

/** `"addi {rd}, {rs1}, {imm}"` as text and fields; null if it names a field the format lacks or has a stray brace (reported). */
function parseSyntax(s: { readonly text: string; readonly span: ast.Span }, format: ir.InstructionFormat, ctx: CheckContext): ir.SyntaxPart[] | null {
  const parts: ir.SyntaxPart[] = [];
  // The position of a piece inside the literal, when it has no escapes to shift it.
  const at = (index: number, length: number): ast.Span =>
    s.span.end - s.span.start === s.text.length + 2 ? { ...s.span, start: s.span.start + 1 + index, end: s.span.start + 1 + index + length, column: s.span.column + 1 + index } : s.span;
  let ok = true;
  let last = 0;
  for (const m of s.text.matchAll(/\{([^{}]*)\}|[{}]/g)) {
    if (m.index > last) parts.push({ text: s.text.slice(last, m.index) });
    last = m.index + m[0].length;
    if (m[1] === undefined) {
      ctx.diags.error(at(m.index, 1), `stray '${m[0]}' in the syntax: an operand is written {field}`);
      ok = false;
      continue;
    }
    const field = format.fields.find((f) => f.name === m[1]);
    if (!field) {
      ctx.diags.error(at(m.index, m[0].length), `the syntax names '${m[1]}', which format '${format.name}' does not have (it has ${format.fields.map((f) => f.name).join(', ')})`);
      ok = false;
      continue;
    }
    parts.push({ field });
  }
  if (last < s.text.length) parts.push({ text: s.text.slice(last) });
  if (ok && !/^[^\s{}]*[A-Za-z0-9_.]/.test(s.text)) {
    ctx.diags.error(s.span, 'the syntax starts with the mnemonic');
    return null;
  }
  return ok ? parts : null;
}

/** `bits 7..11 and 20..24`, for the bits of a mask. */
function describeRuns(mask: number): string {
  const runs: string[] = [];
  for (let b = 0; b < 32; b++) {
    if (((mask >>> b) & 1) === 0) continue;
    let e = b;
    while (e + 1 < 32 && ((mask >>> (e + 1)) & 1) === 1) e++;
    runs.push(describeBits(b, e).replace(/^bits? /, ''));
    b = e;
  }
  return `${runs.length === 1 && !runs[0].includes('..') ? 'bit' : 'bits'} ${runs.join(' and ')}`;
}
