/**
 * The fields of an instruction through the tables: each field's mask and range from its bit
 * ranges, shift, sign and register offset; a value placed into the word and read back out; and
 * the code that reads all of a format's fields at once, for the compiled decoder
 * (instruction-tree.ts). Values are JS numbers: instructions are at most 32 bits.
 */
import type { InstructionField, OperandFieldTable } from './instructions.js';

/** The offset a register field's value has over its stored number (RISC-V's x8+n), else 0. */
function offsetOf(t: OperandFieldTable): number {
  return typeof t.operand === 'object' && t.operand.kind === 'reg' ? (t.operand.offset ?? 0) : 0;
}

export function fieldOf(t: OperandFieldTable): InstructionField {
  const ranges = t.ranges ?? [];
  let mask = 0;
  let stored = 0;
  for (const [lo, hi] of ranges) {
    mask = (mask | ((hi - lo === 31 ? 0xffffffff : 2 ** (hi - lo + 1) - 1) << lo)) >>> 0;
    stored += hi - lo + 1;
  }
  const shift = t.shift ?? 0;
  const step = 2 ** shift;
  const offset = offsetOf(t);
  if (t.value !== undefined) return { name: t.name, mask: 0, min: t.value, max: t.value, step: 1, table: t };
  const [lo, hi] = t.signed ? [-(2 ** (stored - 1)), 2 ** (stored - 1) - 1] : [0, 2 ** stored - 1];
  return { name: t.name, mask, min: lo * step + offset, max: hi * step + offset, step, table: t };
}

/** The word bits of value `v` of field `f` (in range). */
export function place(f: InstructionField, v: number): number {
  const t = f.table;
  const offset = offsetOf(t);
  let stored = (v - offset) / 2 ** (t.shift ?? 0);
  let word = 0;
  for (const [lo, hi] of t.ranges ?? []) {
    const width = hi - lo + 1;
    const part = ((stored % 2 ** width) + 2 ** width) % 2 ** width;
    word = (word | (part << lo)) >>> 0;
    stored = Math.floor(stored / 2 ** width);
  }
  return word;
}

/** The value of field `f` in `word` (interpreted: for encode's checks and the fallback). */
export function readField(f: InstructionField, word: number): number {
  const t = f.table;
  if (t.value !== undefined) return t.value;
  let stored = 0;
  let at = 0;
  for (const [lo, hi] of t.ranges ?? []) {
    const width = hi - lo + 1;
    stored += ((word >>> lo) & (width >= 32 ? 0xffffffff : 2 ** width - 1)) * 2 ** at;
    at += width;
  }
  if (t.signed && stored >= 2 ** (at - 1)) stored -= 2 ** at;
  return stored * 2 ** (t.shift ?? 0) + offsetOf(t);
}

/**
 * An object literal reading every field of a format from the word `w`, as code: shifts and
 * masks; null when a field is wider than 31 bits (none is in RISC-V), which is then read as
 * data.
 */
export function fieldsCode(fields: readonly InstructionField[]): string | null {
  const exprs: string[] = [];
  for (const f of fields) {
    const t = f.table;
    if (t.value !== undefined) {
      exprs.push(`${JSON.stringify(f.name)}: ${t.value}`);
      continue;
    }
    const ranges = t.ranges ?? [];
    const stored = ranges.reduce((n, [lo, hi]) => n + hi - lo + 1, 0);
    const shift = t.shift ?? 0;
    if (stored + shift > 31 && !(stored === 32 && shift === 0 && !t.signed)) return null;
    let at = shift;
    const parts = ranges.map(([lo, hi]) => {
      const part = `(((w >>> ${lo}) & ${2 ** (hi - lo + 1) - 1}) << ${at})`;
      at += hi - lo + 1;
      return part;
    });
    let e = parts.join(' | ') || '0';
    if (t.signed) e = `((${e}) << ${32 - at}) >> ${32 - at}`;
    if (stored === 32) e = `(${e}) >>> 0`;
    const offset = offsetOf(t);
    if (offset) e = `(${e}) + ${offset}`;
    exprs.push(`${JSON.stringify(f.name)}: ${e}`);
  }
  return `{ ${exprs.join(', ')} }`;
}

/** What a field holds, for an error: `-2048 to 2047`, `a multiple of 2 from ...`, `a register number from 8 to 15`. */
export function describeField(f: InstructionField): string {
  const o = f.table.operand;
  const range = f.step > 1 ? `a multiple of ${f.step} from ${f.min} to ${f.max}` : `${f.min} to ${f.max}`;
  return typeof o === 'object' && o.kind === 'reg' ? `a register number from ${f.min} to ${f.max}` : range;
}
