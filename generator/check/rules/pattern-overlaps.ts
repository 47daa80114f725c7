/**
 * Across the instruction sets of a target, which one decoder serves: pattern names are unique,
 * and no word matches two patterns unless they are in one group, which orders them. Two
 * patterns are apart when a bit both fix differs, or when one fixes a field to a value the
 * other excludes (`c.addi16sp` has rd=2, `c.lui` rd!=2). Patterns of different lengths are
 * compared on the bits of the shorter.
 */
import type * as ast from '../../../grammar/ast.js';
import type { Diagnostics } from '../../../grammar/diagnostics.js';
import type * as ir from '../../ir.js';
import { fieldMask, valueIn } from '../../lower/operand-bits.js';

/** Where each pattern's name was written. */
export type PatternSpans = Map<ir.InstructionPattern, ast.Span>;

export function checkPatternOverlaps(sets: readonly ir.InstructionSet[], spans: PatternSpans, diags: Diagnostics): void {
  const byTarget = new Map<string, ir.InstructionPattern[]>();
  for (const s of sets) byTarget.set(s.target, [...(byTarget.get(s.target) ?? []), ...s.patterns]);
  for (const patterns of byTarget.values()) {
    const names = new Map<string, ir.InstructionPattern>();
    for (const p of patterns) {
      const first = names.get(p.name);
      if (first) diags.error(spans.get(p)!, `instruction pattern '${p.name}' is already declared for this target`, [{ message: 'first declared here', span: spans.get(first)! }]);
      else names.set(p.name, p);
    }
    for (let i = 0; i < patterns.length; i++) {
      for (let j = i + 1; j < patterns.length; j++) {
        const [p, q] = [patterns[i], patterns[j]];
        if (p.group !== null && p.group === q.group) continue;
        if (!overlap(p, q)) continue;
        diags.error(spans.get(q)!, `'${q.name}' overlaps '${p.name}': some word matches both; exclude a value (field!=v), or put them in a group, in the order to try them`, [
          { message: `'${p.name}' is declared here`, span: spans.get(p)! },
        ]);
      }
    }
  }
}

/** Whether a word can match both patterns. */
export function overlap(p: ir.InstructionPattern, q: ir.InstructionPattern): boolean {
  const common = Math.min(p.format.length, q.format.length) * 8;
  const bits = common >= 32 ? 0xffffffff : 2 ** common - 1;
  if (((p.match ^ q.match) & p.mask & q.mask & bits) !== 0) return false;
  return !excludes(p, q) && !excludes(q, p);
}

/** Whether `p`'s fixed bits give one of `q`'s fields a value `q` excludes. */
function excludes(p: ir.InstructionPattern, q: ir.InstructionPattern): boolean {
  return q.excluded.some(({ field, value }) => {
    const m = fieldMask(field);
    return (p.mask & m) === m && valueIn(field, p.match) === value;
  });
}
