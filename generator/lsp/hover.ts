/**
 * Hover: what a name means, in Markdown. The declaration's doc comment, then the facts the
 * layouts computed, per target: sizes, alignments and offsets from `compile()`'s layouts, a
 * bit field's ranges, masks and values from the bit facts (lower/bits.ts) that the C, Rust
 * and TypeScript outputs print. Targets that agree are shown on one line, so that the common
 * case (every target alike) is one line and a difference stands out.
 */
import type * as ir from '../ir.js';
import { bitFacts, rangeText, type FieldFacts } from '../lower/bits.js';
import { describe } from '../program/symbols.js';
import type { Analysis } from './analysis.js';
import type { Target } from './references.js';

export function hoverText(analysis: Analysis, target: Target): string {
  const { symbol } = target;
  const lines: string[] = [];
  const doc = target.kind === 'decl' ? symbol.decl.doc : target.member.doc;
  lines.push('```cdl', heading(target), '```');
  if (doc) lines.push('', doc);
  // While the program has errors (as it has while one types), the layouts computed despite
  // them still describe the declarations that are whole: shown, and said to be provisional.
  const { ok, provisionalLayouts } = analysis.result;
  const facts = perLayout(provisionalLayouts, (layout) => layoutFacts(layout, target));
  if (facts.length > 0) lines.push('', ...facts);
  if (facts.length > 0 && !ok) lines.push('', '_The program has errors: these figures may change once they are fixed._');
  return lines.join('\n');
}

function heading(target: Target): string {
  const { symbol } = target;
  switch (target.kind) {
    case 'decl':
      return `${describe(symbol.decl.kind)} ${symbol.qname}`;
    case 'enum-member':
      return `enum member ${symbol.qname}.${target.member.name.name}`;
    case 'field':
      return `${symbol.decl.kind === 'UnionDecl' ? 'union member' : 'field'} ${symbol.qname}.${target.member.name.name}`;
    case 'bit-field':
      return `${target.member.kind === 'TagField' ? 'tag' : 'bit field'} ${symbol.qname}.${target.variant ? `${target.variant}.` : ''}${target.member.name.name}`;
  }
}

/** `- **x86_64, aarch64**: text` for each distinct text, in the layouts' order. */
function perLayout(layouts: readonly ir.Layout[], text: (l: ir.Layout) => string | null): string[] {
  const groups = new Map<string, string[]>();
  for (const l of layouts) {
    const t = text(l);
    if (t === null) continue;
    const label = l.config === null ? l.target.name : `${l.target.name} (${l.config})`;
    const g = groups.get(t);
    if (g) g.push(label);
    else groups.set(t, [label]);
  }
  // Many layouts alike (eight targets, two configurations) are named as one, not listed.
  const all = (labels: string[]): boolean => labels.length === layouts.length && labels.length > 2;
  return [...groups].map(([t, labels]) => `- **${all(labels) ? 'all targets' : labels.join(', ')}**: ${t}`);
}

function layoutFacts(layout: ir.Layout, target: Target): string | null {
  const qname = target.symbol.qname;
  const decl = layout.byName.get(qname);
  switch (target.kind) {
    case 'decl': {
      if (decl) return declFacts(decl);
      const alias = layout.aliasByName.get(qname);
      return alias ? `size ${alias.type.size}, alignment ${alias.type.align}` : null;
    }
    case 'enum-member': {
      const m = decl?.kind === 'enum' ? decl.members.find((x) => x.name === target.member.name.name) : undefined;
      return m ? `value ${hex(m.value)}` : null;
    }
    case 'field': {
      const name = target.member.name.name;
      if (decl?.kind === 'struct') {
        const f = decl.fields.find((x) => x.name === name);
        return f ? `offset ${f.offset}, size ${f.size}, alignment ${f.align}` : null;
      }
      if (decl?.kind === 'union') {
        const m = decl.members.find((x) => x.name === name);
        return m ? `offset 0, size ${m.size}, alignment ${m.align}` : null;
      }
      return null;
    }
    case 'bit-field': {
      if (decl?.kind !== 'bits') return null;
      const facts = bitFacts(decl);
      const f = facts.fields.find((x) => x.field.name === target.member.name.name && (x.variant?.name ?? null) === target.variant);
      return f ? bitFieldFacts(decl, f) : null;
    }
  }
}

function declFacts(decl: ir.Decl): string {
  switch (decl.kind) {
    case 'const':
      return `value ${hex(decl.value)}`;
    case 'enum':
      return `${decl.signed ? 'i' : 'u'}${decl.width}, stored in ${decl.storageBits / 8} byte${decl.storageBits === 8 ? '' : 's'} in a struct`;
    case 'bits':
      return `size ${decl.size}, alignment ${decl.align}, ${decl.width} bits`;
    case 'struct': {
      const fields = decl.fields.map((f) => `\`${f.name}\` @${f.offset}`).join(', ');
      return `size ${decl.size}, alignment ${decl.align}${fields ? `; ${fields}` : ''}`;
    }
    case 'union':
      return `size ${decl.size}, alignment ${decl.align}`;
  }
}

/** `bits 12..51 (<< 12), mask 0x000ffffffffff000, an integer from 0 to ...`. */
function bitFieldFacts(bits: ir.Bits, f: FieldFacts): string {
  const ranges = f.field.ranges.map((r) => (r.lo === r.hi ? `${r.lo}` : `${r.lo}..${r.hi}`)).join(', ');
  const digits = bits.wordBits / 4;
  const masks = new Map<number, bigint>();
  for (const p of f.parts) masks.set(p.word, (masks.get(p.word) ?? 0n) | p.mask);
  const mask = [...masks]
    .sort((a, b) => a[0] - b[0])
    .map(([w, m]) => `${bits.words > 1 ? `word ${w} ` : ''}mask 0x${m.toString(16).padStart(digits, '0')}`)
    .join(', ');
  const shift = f.field.shift ? ` << ${f.field.shift}` : '';
  const values = f.field.type.kind === 'bool' ? 'a flag' : f.field.type.kind === 'enum' ? `enum ${f.field.type.decl.qname}` : rangeText(f.range);
  return `bit${ranges.includes('.') || ranges.includes(',') ? 's' : ''} ${ranges}${shift}, ${mask}; ${values}`;
}

function hex(v: bigint): string {
  return v < 0n ? `-0x${(-v).toString(16)} (${v})` : v < 10n ? `${v}` : `0x${v.toString(16)} (${v})`;
}
