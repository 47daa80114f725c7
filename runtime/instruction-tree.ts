/**
 * The decision tree of the tables (computed by generator/lower/instruction-tree.ts) run over
 * a word: compiled once into one function of nested `switch`es whose leaves test the patterns
 * in order and build the instruction, as a hand-written decoder would be; or walked as data
 * where code cannot be made.
 */
import { fieldsCode } from './instruction-fields.js';
import type { DecodeNode, Instruction, InstructionPattern } from './instructions.js';

/** A word (as a signed 32-bit integer) and its count of real bytes to the instruction, or null. */
export type Decode = (word: number, available: number) => Instruction | null;

/** Per pattern, the field bits and values it excludes: `[mask, bits]`. */
export type Excluded = readonly (readonly (readonly [number, number])[])[];

/** The test a word passes to be pattern i, as code: its fixed bits, its length, the values it excludes. */
function testCode(p: InstructionPattern, excluded: readonly (readonly [number, number])[]): string {
  const tests = [`(w & ${p.mask | 0}) === ${p.match | 0}`, `available >= ${p.length}`];
  for (const [m, b] of excluded) tests.push(`(w & ${m | 0}) !== ${b | 0}`);
  return tests.join(' && ');
}

/**
 * The tree as one function of nested `switch`es whose leaves test the patterns in order and
 * build the instruction, its fields read by shifts and masks (as a hand-written decoder would);
 * a pattern with a field too wide for that is built by `slow`.
 */
export function compileTree(
  tree: DecodeNode,
  patterns: readonly InstructionPattern[],
  excluded: Excluded,
  index: ReadonlyMap<string, number>,
  slow: (i: number, w: number) => Instruction,
): Decode {
  const build = (i: number): string => {
    const p = patterns[i]!;
    const fields = fieldsCode(p.fields);
    if (fields === null) return `slow(${i}, w)`;
    const word = p.length >= 4 ? 'w >>> 0' : `w & ${2 ** (p.length * 8) - 1}`;
    return `{ pattern: P[${i}], name: ${JSON.stringify(p.name)}, length: ${p.length}, word: ${word}, fields: ${fields} }`;
  };
  const code = (node: DecodeNode, indent: string): string => {
    if (Array.isArray(node)) {
      const leaf = node as readonly string[];
      return `${leaf.map((name) => {
        const i = index.get(name);
        if (i === undefined) throw new RangeError(`the decode tree names an instruction '${name}' the tables do not hold`);
        return `${indent}if (${testCode(patterns[i]!, excluded[i] ?? [])}) return ${build(i)};\n`;
      }).join('')}${indent}return null;\n`;
    }
    const n = node as Exclude<DecodeNode, readonly string[]>;
    const cases = n.next.map((child, v) => `${indent}case ${v}: {\n${code(child, `${indent}  `)}${indent}}\n`).join('');
    return `${indent}switch ((w >>> ${n.at}) & ${2 ** n.bits - 1}) {\n${cases}${indent}}\n${indent}return null;\n`;
  };
  const make = new Function('P', 'slow', `return function decode(w, available) {\n${code(tree, '  ')}};`) as (p: readonly InstructionPattern[], s: typeof slow) => Decode;
  return make(patterns, slow);
}

export function walkTree(tree: DecodeNode, w: number, available: number, patterns: readonly InstructionPattern[], excluded: Excluded, index: ReadonlyMap<string, number>): number {
  let node = tree;
  while (!Array.isArray(node)) {
    const n = node as Exclude<DecodeNode, readonly string[]>;
    node = n.next[(w >>> n.at) & (2 ** n.bits - 1)] ?? [];
  }
  for (const name of node as readonly string[]) {
    const i = index.get(name);
    if (i === undefined) continue;
    const p = patterns[i]!;
    if ((w & p.mask) !== (p.match | 0) || available < p.length) continue;
    if ((excluded[i] ?? []).some(([m, b]) => (w & m) === (b | 0))) continue;
    return i;
  }
  return -1;
}
