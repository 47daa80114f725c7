/**
 * The decoder of a target's instruction patterns as a decision tree, computed here so that the
 * runtime only walks it (runtime/instructions.ts): each inner node switches on a run of bits
 * (`(word >>> at) & (2^bits - 1)`), and each leaf lists the few patterns still possible, in
 * the order to try them. Decode time is the tree's depth plus a leaf's length, not the number
 * of patterns.
 *
 * At each node, the bits every remaining pattern fixes are switched on first, the lowest run
 * of them (the opcode, then funct3, ...), at most {@link MAX_SWITCH_BITS} at a time; when no
 * bit is fixed by all, the run fixed by the most patterns, with those that leave it free
 * copied into every branch. A leaf keeps its patterns in priority order (a group's order), so
 * the first that matches is the answer.
 */
import type * as ir from '../ir.js';
import { ones } from './operand-bits.js';

/** A switch's table has at most 2^8 entries: the tree stays small and each step one lookup. */
const MAX_SWITCH_BITS = 8;

export type DecodeTree = { readonly at: number; readonly bits: number; readonly next: readonly DecodeTree[] } | readonly ir.InstructionPattern[];

export function decodeTree(patterns: readonly ir.InstructionPattern[]): DecodeTree {
  return build(patterns, 0, 0);
}

function build(patterns: readonly ir.InstructionPattern[], decided: number, depth: number): DecodeTree {
  if (patterns.length <= 1 || depth > 32) return patterns;
  const common = patterns.reduce((m, p) => (m & p.mask) >>> 0, ones(32) & ~decided) >>> 0;
  const run = common !== 0 ? lowestRun(common) : mostFixedRun(patterns, decided);
  if (!run) return patterns;
  const field = (ones(run.bits) << run.at) >>> 0;
  const next: DecodeTree[] = [];
  let progress = false;
  for (let v = 0; v < 2 ** run.bits; v++) {
    const bits = (v << run.at) >>> 0;
    const here = patterns.filter((p) => (p.mask & field) !== field || ((p.match & field) >>> 0) === bits);
    if (here.length < patterns.length) progress = true;
    next.push(here);
  }
  if (!progress) return patterns;
  return { at: run.at, bits: run.bits, next: next.map((here) => build(here as ir.InstructionPattern[], (decided | field) >>> 0, depth + 1)) };
}

/** The lowest run of set bits in `mask`, at most MAX_SWITCH_BITS long. */
function lowestRun(mask: number): { at: number; bits: number } {
  let at = 0;
  while (((mask >>> at) & 1) === 0) at++;
  let bits = 1;
  while (bits < MAX_SWITCH_BITS && at + bits < 32 && ((mask >>> (at + bits)) & 1) === 1) bits++;
  return { at, bits };
}

/**
 * When no bit is fixed by every pattern: the bit fixed by the most (the lowest of those), and
 * the bits next to it fixed by the same patterns; null if no bit is fixed by two or more.
 */
function mostFixedRun(patterns: readonly ir.InstructionPattern[], decided: number): { at: number; bits: number } | null {
  const fixing = (b: number): number => patterns.reduce((n, p) => n + ((p.mask >>> b) & 1), 0);
  let best = -1;
  let count = 1;
  for (let b = 0; b < 32; b++) {
    if ((decided >>> b) & 1) continue;
    const n = fixing(b);
    if (n > count) [best, count] = [b, n];
  }
  if (best < 0) return null;
  const same = (b: number): boolean => !((decided >>> b) & 1) && patterns.every((p) => ((p.mask >>> b) & 1) === ((p.mask >>> best) & 1));
  let bits = 1;
  while (bits < MAX_SWITCH_BITS && best + bits < 32 && same(best + bits)) bits++;
  return { at: best, bits };
}

/**
 * How long an instruction is, for a word no pattern matches (a disassembler must step over
 * it): the lowest run of bits every pattern fixes and, per value of it, the length of the
 * patterns with that value (the shortest if they differ or none has it). RISC-V's bits 0..1.
 */
export function lengthRule(patterns: readonly ir.InstructionPattern[]): { readonly at: number; readonly bits: number; readonly lengths: readonly number[] } {
  const shortest = Math.min(...patterns.map((p) => p.format.length));
  const common = patterns.reduce((m, p) => (m & p.mask) >>> 0, ones(32)) >>> 0;
  if (common === 0 || patterns.every((p) => p.format.length === shortest)) return { at: 0, bits: 0, lengths: [shortest] };
  const { at, bits } = lowestRun(common);
  const field = (ones(bits) << at) >>> 0;
  const lengths: number[] = [];
  for (let v = 0; v < 2 ** bits; v++) {
    const of = new Set(patterns.filter((p) => ((p.match & field) >>> 0) === ((v << at) >>> 0)).map((p) => p.format.length));
    lengths.push(of.size === 1 ? [...of][0] : shortest);
  }
  return { at, bits, lengths };
}
