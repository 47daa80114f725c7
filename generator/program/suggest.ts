/**
 * "Did you mean" for a name that names nothing: the declared name (or primitive type) the
 * writer most likely meant. A name differing only in case wins; then C's spelling of a
 * primitive (`uint64_t`, `int32`, `size_t`); then the nearest name by edits, if it is near
 * enough that the suggestion helps rather than puzzles.
 */
import { editDistance } from '../../grammar/messages.js';

/** C and Rust spellings of CDL's primitives. */
const C_PRIMITIVES: ReadonlyMap<string, string> = new Map<string, string>([
  ...[8, 16, 32, 64].flatMap((n): [string, string][] => [
    [`uint${n}_t`, `u${n}`],
    [`uint${n}`, `u${n}`],
    [`int${n}_t`, `i${n}`],
    [`int${n}`, `i${n}`],
  ]),
  ['size_t', 'usize'],
  ['ssize_t', 'isize'],
  ['uintptr_t', 'uptr'],
  ['_Bool', 'bool'],
  ['boolean', 'bool'],
]);

/** ` (did you mean 'X'?)`, or '' when no candidate is close. */
export function didYouMeanName(name: string, candidates: Iterable<string>, types: boolean): string {
  const hit = nearest(name, candidates, types);
  return hit === null ? '' : ` (did you mean '${hit}'?)`;
}

function nearest(name: string, candidates: Iterable<string>, types: boolean): string | null {
  const all = [...new Set(candidates)].sort();
  const folded = all.find((c) => c.toLowerCase() === name.toLowerCase());
  if (folded !== undefined) return folded;
  if (types && C_PRIMITIVES.has(name)) return C_PRIMITIVES.get(name)!;
  // At most one edit in four, and two at the most: `Capabilty` for `Capability`, not `x` for `y`.
  const allowed = Math.min(2, Math.floor(name.length / 4));
  let best: string | null = null;
  let bestDistance = allowed + 1;
  for (const c of all) {
    if (Math.abs(c.length - name.length) > allowed) continue;
    const d = editDistance(name, c);
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best;
}
