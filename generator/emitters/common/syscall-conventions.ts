/**
 * What system-call stubs need to know of each built-in target's C calling convention (its
 * psABI): its general registers as the assembler spells them, where the C arguments are, which
 * registers a function must preserve, and how to move, load, trap and return; and the plan of
 * one stub's instructions from a syscall ABI of the spec (trap, number, argument slots, result,
 * error). The asm emitter writes the stubs (asm/syscall-stubs.ts); the C emitter declares a
 * prototype only where there is a stub (c/machine.ts).
 *
 * Arguments are words: a 64-bit integer on a 32-bit target takes two consecutive slots, in the
 * target's byte order, aligned to an even slot on mips32 and ppc32 (as both their C convention
 * and their syscall ABIs align register pairs), so that on every target argument word k of the
 * C call is syscall slot k. A call that needs more slots than the ABI has, or an ABI this
 * cannot follow (a stack slot other than where C leaves the word, a callee-saved register the
 * target has no way to keep, a flag it cannot test), gets no stub: the reason says why.
 */
import type * as ir from '../../ir.js';
import { paramsOn } from '../../lower/syscalls.js';

/** A target's C convention and instruction spellings, as far as stubs need them. */
interface Convention {
  /** Its general registers: every name the spec may use (names and ABI aliases) to a number. */
  readonly regs: ReadonlyMap<string, number>;
  /** A register number as the assembler spells it. */
  spell(n: number): string;
  readonly wordBytes: 4 | 8;
  /** Whether a two-word argument starts at an even slot. */
  readonly alignPairs: boolean;
  /** The registers of the C arguments, in order. */
  readonly argRegs: readonly number[];
  /** Where the first C argument word beyond the registers is, from sp at entry, and the step. */
  readonly stackArgs: { readonly base: number; readonly step: number };
  /** The C return register. */
  readonly ret: number;
  /** Registers a C function must preserve. */
  readonly calleeSaved: ReadonlySet<number>;
  /** How callee-saved registers are kept: pushes (moving sp) or stores into the caller's save area. */
  readonly save: 'push' | ((n: number) => { save: string; restore: string }) | null;
  move(dst: number, src: number): string;
  /** Loads the word at `offset` from sp. */
  load(dst: number, offset: number): string;
  loadImmediate(dst: number, value: bigint): string;
  /** Pushes and pops (save: 'push'). */
  push?(n: number): string;
  pop?(n: number): string;
  /** Negates `result` if `flag` (or its bit `bit`) is set; null if the target cannot test it. */
  negateIf(flag: ir.Register, bit: number | null, result: number, label: string): string[] | null;
  readonly ret_: readonly string[];
  readonly align: string;
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

function names(list: readonly (readonly [string, number])[]): Map<string, number> {
  return new Map(list);
}

const X86_64_NAMES = ['rax', 'rcx', 'rdx', 'rbx', 'rsp', 'rbp', 'rsi', 'rdi', ...range(8).map((i) => `r${i + 8}`)];
const I386_NAMES = ['eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi'];
const RISCV_NAMES = ['zero', 'ra', 'sp', 'gp', 'tp', 't0', 't1', 't2', 's0', 's1', ...range(8).map((i) => `a${i}`), ...range(10).map((i) => `s${i + 2}`), 't3', 't4', 't5', 't6'];
const MIPS_NAMES = ['zero', 'at', 'v0', 'v1', 'a0', 'a1', 'a2', 'a3', ...range(8).map((i) => `t${i}`), ...range(8).map((i) => `s${i}`), 't8', 't9', 'k0', 'k1', 'gp', 'sp', 'fp', 'ra'];

const x86Flagless = (): null => null;

const x86_64: Convention = {
  regs: names(X86_64_NAMES.map((n, i) => [n, i])),
  spell: (n) => `%${X86_64_NAMES[n]}`,
  wordBytes: 8,
  alignPairs: false,
  argRegs: [7, 6, 2, 1, 8, 9],
  stackArgs: { base: 8, step: 8 },
  ret: 0,
  calleeSaved: new Set([3, 4, 5, 12, 13, 14, 15]),
  save: null,
  move: (d, s) => `movq\t%${X86_64_NAMES[s]}, %${X86_64_NAMES[d]}`,
  load: (d, off) => `movq\t${off}(%rsp), %${X86_64_NAMES[d]}`,
  // movl zero-extends: numbers are below 2^31.
  loadImmediate: (d, v) => (v >= 0n && v < 1n << 31n ? `movl\t$${v}, %${d < 8 ? `e${X86_64_NAMES[d].slice(1)}` : `${X86_64_NAMES[d]}d`}` : `movabsq\t$${v}, %${X86_64_NAMES[d]}`),
  negateIf: x86Flagless,
  ret_: ['ret'],
  align: '.p2align 4',
};

const i386: Convention = {
  regs: names(I386_NAMES.map((n, i) => [n, i])),
  spell: (n) => `%${I386_NAMES[n]}`,
  wordBytes: 4,
  alignPairs: false,
  argRegs: [],
  stackArgs: { base: 4, step: 4 },
  ret: 0,
  calleeSaved: new Set([3, 4, 5, 6, 7]),
  save: 'push',
  move: (d, s) => `movl\t%${I386_NAMES[s]}, %${I386_NAMES[d]}`,
  load: (d, off) => `movl\t${off}(%esp), %${I386_NAMES[d]}`,
  loadImmediate: (d, v) => `movl\t$${v}, %${I386_NAMES[d]}`,
  push: (n) => `pushl\t%${I386_NAMES[n]}`,
  pop: (n) => `popl\t%${I386_NAMES[n]}`,
  negateIf: x86Flagless,
  ret_: ['ret'],
  align: '.p2align 4',
};

const aarch64: Convention = {
  regs: names([...range(31).map((i): [string, number] => [`x${i}`, i]), ['fp', 29], ['lr', 30]]),
  spell: (n) => `x${n}`,
  wordBytes: 8,
  alignPairs: false,
  argRegs: range(8),
  stackArgs: { base: 0, step: 8 },
  ret: 0,
  calleeSaved: new Set([...range(10).map((i) => i + 19), 29, 30]),
  save: null,
  move: (d, s) => `mov\tx${d}, x${s}`,
  load: (d, off) => `ldr\tx${d}, [sp, #${off}]`,
  loadImmediate: (d, v) => (v >= 0n && v < 65536n ? `mov\tx${d}, #${v}` : `ldr\tx${d}, =${v}`),
  negateIf: () => null,
  ret_: ['ret'],
  align: '.p2align 2',
};

function riscv(wordBytes: 4 | 8): Convention {
  const load = wordBytes === 8 ? 'ld' : 'lw';
  return {
    regs: names([...RISCV_NAMES.map((n, i): [string, number] => [n, i]), ...range(32).map((i): [string, number] => [`x${i}`, i]), ['fp', 8]]),
    spell: (n) => RISCV_NAMES[n],
    wordBytes,
    alignPairs: false,
    argRegs: range(8).map((i) => i + 10),
    stackArgs: { base: 0, step: wordBytes },
    ret: 10,
    calleeSaved: new Set([2, 3, 4, 8, 9, ...range(10).map((i) => i + 18)]),
    save: null,
    move: (d, s) => `mv\t${RISCV_NAMES[d]}, ${RISCV_NAMES[s]}`,
    load: (d, off) => `${load}\t${RISCV_NAMES[d]}, ${off}(sp)`,
    loadImmediate: (d, v) => `li\t${RISCV_NAMES[d]}, ${v}`,
    negateIf: () => null,
    ret_: ['ret'],
    align: '.p2align 2',
  };
}

const ppc32: Convention = {
  regs: names([...range(32).map((i): [string, number] => [`r${i}`, i]), ['sp', 1]]),
  spell: (n) => `${n}`,
  wordBytes: 4,
  alignPairs: true,
  argRegs: range(8).map((i) => i + 3),
  stackArgs: { base: 8, step: 4 },
  ret: 3,
  calleeSaved: new Set([1, 2, ...range(18).map((i) => i + 14)]),
  save: null,
  move: (d, s) => `mr\t${d}, ${s}`,
  load: (d, off) => `lwz\t${d}, ${off}(1)`,
  loadImmediate: (d, v) => (v >= -32768n && v < 32768n ? `li\t${d}, ${v}` : `lis\t${d}, ${(v >> 16n) & 0xffffn}\n\tori\t${d}, ${d}, ${v & 0xffffn}`),
  negateIf(flag, bit, result, label) {
    // The flag is cr (read with mfcr) or a general register; r12 is a scratch register the
    // C convention lets a function change.
    const gpr = this.regs.get(flag.name) ?? flag.aliases.map((a) => this.regs.get(a)).find((n) => n !== undefined);
    const lines: string[] = [];
    let reg: number;
    if (flag.name === 'cr') {
      lines.push('mfcr\t12');
      reg = 12;
    } else if (gpr !== undefined) reg = gpr;
    else return null;
    if (bit === null) lines.push(`cmpwi\t${reg}, 0`);
    else if (bit >= 16) lines.push(`andis.\t12, ${reg}, ${1 << (bit - 16)}`);
    else lines.push(`andi.\t12, ${reg}, ${1 << bit}`);
    lines.push(`beq+\t${label}`, `neg\t${result}, ${result}`);
    return lines;
  },
  ret_: ['blr'],
  align: '.p2align 2',
};

const s390x: Convention = {
  regs: names(range(16).map((i): [string, number] => [`r${i}`, i])),
  spell: (n) => `%r${n}`,
  wordBytes: 8,
  alignPairs: false,
  argRegs: [2, 3, 4, 5, 6],
  // Past the caller's 160-byte register save area.
  stackArgs: { base: 160, step: 8 },
  ret: 2,
  calleeSaved: new Set([6, 7, 8, 9, 10, 11, 12, 13, 15]),
  // r6..r15 have their slots in the caller's register save area, at 48 + 8 * (n - 6).
  save: (n) => ({ save: `stg\t%r${n}, ${48 + 8 * (n - 6)}(%r15)`, restore: `lg\t%r${n}, ${48 + 8 * (n - 6)}(%r15)` }),
  move: (d, s) => `lgr\t%r${d}, %r${s}`,
  load: (d, off) => `lg\t%r${d}, ${off}(%r15)`,
  loadImmediate: (d, v) => (v >= -32768n && v < 32768n ? `lghi\t%r${d}, ${v}` : `lgfi\t%r${d}, ${v}`),
  negateIf: () => null,
  ret_: ['br\t%r14'],
  align: '.p2align 3',
};

const mips32: Convention = {
  regs: names([...MIPS_NAMES.map((n, i): [string, number] => [n, i]), ...range(32).map((i): [string, number] => [`r${i}`, i]), ['s8', 30]]),
  spell: (n) => `$${MIPS_NAMES[n]}`,
  wordBytes: 4,
  alignPairs: true,
  argRegs: [4, 5, 6, 7],
  // o32: the caller reserves 16 bytes for a0..a3; the fifth argument word is at 16(sp).
  stackArgs: { base: 16, step: 4 },
  ret: 2,
  calleeSaved: new Set([16, 17, 18, 19, 20, 21, 22, 23, 28, 29, 30]),
  save: null,
  move: (d, s) => `move\t$${MIPS_NAMES[d]}, $${MIPS_NAMES[s]}`,
  load: (d, off) => `lw\t$${MIPS_NAMES[d]}, ${off}($sp)`,
  loadImmediate: (d, v) => `li\t$${MIPS_NAMES[d]}, ${v}`,
  negateIf(flag, bit, result, label) {
    const reg = this.regs.get(flag.name) ?? flag.aliases.map((a) => this.regs.get(a)).find((n) => n !== undefined);
    if (reg === undefined) return null;
    const lines: string[] = [];
    let test = `$${MIPS_NAMES[reg]}`;
    if (bit !== null) {
      if (bit >= 16) lines.push(`srl\t$t9, ${test}, ${bit}`, 'andi\t$t9, $t9, 1');
      else lines.push(`andi\t$t9, ${test}, ${1 << bit}`);
      test = '$t9';
    }
    // In the assembler's default `reorder` mode it fills the delay slots itself.
    lines.push(`beqz\t${test}, ${label}`, `negu\t$${MIPS_NAMES[result]}, $${MIPS_NAMES[result]}`);
    return lines;
  },
  ret_: ['jr\t$ra'],
  align: '.p2align 2',
};

const CONVENTIONS: Readonly<Record<string, Convention>> = {
  x86_64,
  i386,
  aarch64,
  riscv64: riscv(8),
  riscv32: riscv(4),
  ppc32,
  s390x,
  mips32,
};

/** A stub's instructions, or why the generator cannot make one. */
export type StubPlan = { readonly ok: true; readonly lines: readonly string[] } | { readonly ok: false; readonly reason: string };

/** How many words a syscall type takes on a target with `wordBits`-bit words. */
function words(t: ir.SyscallType, layout: ir.Layout): number {
  const bits = (() => {
    switch (t.kind) {
      case 'int':
        return t.bits;
      case 'enum':
        return t.decl.storageBits;
      case 'flags': {
        const d = layout.byName.get(t.bits);
        return d?.kind === 'bits' ? d.wordBits * d.words : layout.target.wordBits;
      }
      default:
        return layout.target.wordBits;
    }
  })();
  return bits > layout.target.wordBits ? 2 : 1;
}

function regOf(c: Convention, r: ir.Register): number | undefined {
  for (const n of [r.name, ...r.aliases]) {
    const k = c.regs.get(n);
    if (k !== undefined) return k;
  }
  return undefined;
}

/** The instructions of the stub for `call` on `abi` (of `layout`'s target). */
export function planStub(layout: ir.Layout, abi: ir.SyscallAbi, call: ir.Syscall, number: bigint): StubPlan {
  const c = CONVENTIONS[layout.target.name];
  if (!c || !layout.target.builtin) return { ok: false, reason: `no C calling convention known for target ${layout.target.name}` };
  const fail = (reason: string): StubPlan => ({ ok: false, reason });
  // Slots: the words of the arguments, pairs aligned where the target aligns them.
  let slot = 0;
  const slots: number[] = [];
  for (const p of paramsOn(abi, call)) {
    const n = words(p.type, layout);
    if (n === 2 && c.alignPairs && slot % 2) slot++;
    for (let k = 0; k < n; k++) slots.push(slot++);
  }
  if (slot > abi.args.length) return fail(`its arguments take ${slot} words, ${abi.name} passes ${abi.args.length}`);
  const numberReg = regOf(c, abi.number);
  if (numberReg === undefined) return fail(`${abi.name}'s number register ${abi.number.name} is no general register of ${layout.target.name}`);
  const resultReg = regOf(c, abi.results[0]);
  if (resultReg === undefined) return fail(`${abi.name}'s result register ${abi.results[0].name} is no general register of ${layout.target.name}`);
  // Moves: each slot's word from where the C caller put it to where the ABI wants it.
  type Source = { kind: 'reg'; reg: number } | { kind: 'stack'; offset: number };
  const moves: { dst: number; src: Source }[] = [];
  for (const s of slots) {
    const src: Source = s < c.argRegs.length ? { kind: 'reg', reg: c.argRegs[s] } : { kind: 'stack', offset: c.stackArgs.base + c.stackArgs.step * (s - c.argRegs.length) };
    const at = abi.args[s];
    if (at.kind === 'stack') {
      // Only where the C caller left the word already: a stub writes no stack.
      if (src.kind === 'stack' && src.offset === at.offset) continue;
      return fail(`${abi.name} wants argument word ${s} at sp+${at.offset}, where C does not pass it`);
    }
    const dst = regOf(c, at.register);
    if (dst === undefined) return fail(`${abi.name}'s argument register ${at.register.name} is no general register of ${layout.target.name}`);
    if (src.kind === 'reg' && src.reg === dst) continue;
    moves.push({ dst, src });
  }
  // Order the register moves so that none overwrites a source still to be read.
  const ordered: typeof moves = [];
  const pending = [...moves];
  while (pending.length) {
    const i = pending.findIndex((m) => !pending.some((o) => o !== m && o.src.kind === 'reg' && o.src.reg === m.dst));
    if (i < 0) return fail('its argument moves form a cycle');
    ordered.push(...pending.splice(i, 1));
  }
  // The number is loaded last, after the arguments: its register must hold none of them.
  if (slots.some((s) => abi.args[s].kind === 'register' && regOf(c, (abi.args[s] as { register: ir.Register }).register) === numberReg)) {
    return fail(`${abi.name}'s number register ${abi.number.name} also holds an argument`);
  }
  // Callee-saved registers the stub or the trap change.
  const written = new Set<number>([...ordered.map((m) => m.dst), numberReg, resultReg, ...abi.results.map((r) => regOf(c, r)).filter((n): n is number => n !== undefined)]);
  for (const r of abi.clobbers) {
    const n = regOf(c, r);
    if (n !== undefined) written.add(n);
  }
  const saved = [...written].filter((n) => c.calleeSaved.has(n)).sort((a, b) => a - b);
  if (saved.length && !c.save) return fail(`it would change callee-saved ${saved.map((n) => c.spell(n)).join(', ')}`);
  const lines: string[] = [];
  const restore: string[] = [];
  let pushed = 0;
  if (c.save === 'push') {
    for (const n of saved) {
      lines.push(c.push!(n));
      restore.unshift(c.pop!(n));
    }
    pushed = saved.length * c.wordBytes;
  } else if (c.save) {
    for (const n of saved) {
      const s = c.save(n);
      lines.push(s.save);
      restore.push(s.restore);
    }
  }
  for (const m of ordered) lines.push(m.src.kind === 'reg' ? c.move(m.dst, m.src.reg) : c.load(m.dst, m.src.offset + pushed));
  lines.push(c.loadImmediate(numberReg, number), abi.trap);
  let label: string | null = null;
  if (abi.error.kind === 'flag') {
    label = '1f';
    const test = c.negateIf(abi.error.register, abi.error.bit, resultReg, label);
    if (!test) return fail(`the generator cannot test ${abi.name}'s error flag ${abi.error.register.name} on ${layout.target.name}`);
    lines.push(...test);
  }
  const tail: string[] = [];
  if (resultReg !== c.ret) tail.push(c.move(c.ret, resultReg));
  tail.push(...restore, ...c.ret_);
  if (label) tail[0] = `1:\t${tail[0]}`;
  lines.push(...tail);
  return { ok: true, lines: lines.flatMap((l) => l.split('\n')) };
}

/** The alignment directive of a target's functions. */
export function stubAlign(target: string): string {
  return CONVENTIONS[target]?.align ?? '.p2align 2';
}
