/**
 * A target's instruction sets as plain data, in the shapes of runtime/instructions.ts: the
 * formats (each field's bits and how it prints), the patterns (format, mask and match, the
 * values a field never holds, the syntax), the decision tree over them (instruction-tree.ts),
 * the rule that gives an unknown word's length, and the CSR names the formats print. The
 * tables emitter writes it beside the target's other machine data; the runtime interprets it,
 * with no code generated per pattern.
 */
import type * as ir from '../ir.js';
import { type Data, DataObject } from './machine-data.js';
import { decodeTree, type DecodeTree, lengthRule } from './instruction-tree.js';

const obj = (...entries: (readonly [string, Data] | null)[]) => new DataObject(...entries);

/** The sections of the machine data for the target's instructions; none if it has no instruction sets. */
export function instructionSections(layout: ir.Layout): (readonly [string, DataObject])[] {
  const patterns = layout.machine.instructionSets.flatMap((s) => s.patterns);
  if (patterns.length === 0) return [];
  const formats = [...new Set(patterns.map((p) => p.format))];
  const csrSets = [...new Set(formats.flatMap((f) => f.fields.flatMap((x) => (x.operand.kind === 'csr' ? x.operand.sets : []))))];
  const rule = lengthRule(patterns);
  return [
    ['instructionFormats', new DataObject(...formats.map((f) => [f.qname, formatData(f)] as const))],
    ['instructions', new DataObject(...patterns.map((p) => [p.name, patternData(p)] as const))],
    ['instructionDecoder', obj(['length', obj(['at', rule.at], ['bits', rule.bits], ['lengths', rule.lengths])], ['tree', treeData(decodeTree(patterns))])],
    ['csrNames', new DataObject(...csrSets.map((s) => [s.qname, new DataObject(...s.registers.map((r) => [String(r.number), r.name] as const))] as const))],
  ];
}

function formatData(f: ir.InstructionFormat): DataObject {
  return obj(
    ['length', f.length],
    [
      'fields',
      f.fields.map((x) =>
        obj(
          ['name', x.name],
          x.constant === null ? ['ranges', x.ranges.map((r) => [r.lo, r.hi])] : ['value', x.constant],
          x.shift ? ['shift', x.shift] : null,
          x.signed ? ['signed', true] : null,
          ['operand', operandData(x.operand)],
        ),
      ),
    ],
  );
}

function operandData(o: ir.OperandKind): Data {
  switch (o.kind) {
    case 'int':
    case 'pcrel':
    case 'fence':
      return o.kind;
    case 'hex':
      return o.bits === null ? 'hex' : obj(['kind', 'hex'], ['bits', o.bits]);
    case 'reg':
      return obj(['kind', 'reg'], ['registers', o.set.qname], o.offset ? ['offset', o.offset] : null);
    case 'csr':
      return obj(['kind', 'csr'], ['names', o.sets.map((s) => s.qname)]);
    case 'suffix':
      return obj(['kind', 'suffix'], ['texts', o.texts]);
  }
}

function patternData(p: ir.InstructionPattern): DataObject {
  const syntax = p.syntax.map((s) => ('text' in s ? s.text : `{${s.field.name}}`)).join('');
  return obj(
    ['format', p.format.qname],
    ['mask', p.mask],
    ['match', p.match],
    p.excluded.length ? ['excluded', p.excluded.map((e) => [e.field.name, e.value])] : null,
    ['syntax', syntax],
  );
}

/** Leaves as the names of their patterns, in order. */
function treeData(t: DecodeTree): Data {
  if (Array.isArray(t)) return (t as readonly ir.InstructionPattern[]).map((p) => p.name);
  const node = t as Exclude<DecodeTree, readonly ir.InstructionPattern[]>;
  return obj(['at', node.at], ['bits', node.bits], ['next', node.next.map(treeData)]);
}
