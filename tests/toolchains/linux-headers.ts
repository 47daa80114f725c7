/**
 * What a target's Linux kernel headers say, asked of the target's own compiler: the system
 * call numbers of `<asm/unistd.h>` (`__NR_read`...) and the error numbers of `<asm/errno.h>`
 * (`EAGAIN`...). The compiler chooses the header the ABI uses (mips o32's unistd_o32.h, i386's
 * unistd_32.h, rv32's view of the asm-generic table), which is why the oracle asks it rather
 * than reading the files.
 *
 * Each macro's name comes from `gcc -dM -E`; its value from expanding it with `gcc -E` (so
 * that `(__NR_Linux + 3)` on mips and `EWOULDBLOCK` = `EAGAIN` come out as numbers), then
 * evaluating the expansion, which may only hold integer literals, `+`, `-` and parentheses.
 *
 * Run directly, it prints each target's tables, from which dsl/linux's numbers were written:
 *   npx tsc --outDir /tmp/lh --module nodenext --target es2022 --types node tests/toolchains/linux-headers.ts
 *   node /tmp/lh/toolchains/linux-headers.js x86_64 i386 mips32
 */
import { spawnSync } from 'node:child_process';

function run(argv: readonly string[], args: readonly string[], input: string): string {
  const r = spawnSync(argv[0], [...argv.slice(1), ...args], { input, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.error) throw new Error(`cannot run ${argv[0]}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${[...argv, ...args].join(' ')} failed (exit ${r.status}):\n${r.stderr.slice(0, 4000)}`);
  return r.stdout;
}

/** Evaluates a preprocessed integer expression: literals, `+`, `-`, parentheses. */
export function evaluate(text: string): number | null {
  const tokens = text.match(/\d[0-9a-fA-FxXuUlL]*|[-+()]|\S+/g) ?? [];
  let i = 0;
  const literal = (t: string): number | null => {
    const m = /^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)[uUlL]*$/.exec(t);
    if (!m) return null;
    const s = m[1];
    return s.startsWith('0x') || s.startsWith('0X') ? parseInt(s, 16) : s.length > 1 && s.startsWith('0') ? parseInt(s, 8) : parseInt(s, 10);
  };
  const primary = (): number | null => {
    const t = tokens[i++];
    if (t === undefined) return null;
    if (t === '(') {
      const v = sum();
      if (tokens[i++] !== ')') return null;
      return v;
    }
    if (t === '-') {
      const v = primary();
      return v === null ? null : -v;
    }
    if (t === '+') return primary();
    return literal(t);
  };
  const sum = (): number | null => {
    let v = primary();
    while (v !== null && (tokens[i] === '+' || tokens[i] === '-')) {
      const op = tokens[i++];
      const w = primary();
      if (w === null) return null;
      v = op === '+' ? v + w : v - w;
    }
    return v;
  };
  const v = sum();
  return v !== null && i === tokens.length && Number.isSafeInteger(v) ? v : null;
}

/**
 * The integer value of every macro of `header` whose name matches `pattern` (its first group
 * is the key), as the compiler `argv` expands it; macros that are not integer expressions
 * (function-like ones, empty ones) are left out.
 */
export function integerMacros(argv: readonly string[], header: string, pattern: RegExp): Map<string, number> {
  const include = `#include <${header}>\n`;
  const names: { key: string; macro: string }[] = [];
  for (const line of run(argv, ['-dM', '-E', '-x', 'c', '-'], include).split('\n')) {
    const m = /^#define (\S+) /.exec(line);
    if (!m || m[1].includes('(')) continue;
    const key = pattern.exec(m[1]);
    if (key) names.push({ key: key[1], macro: m[1] });
  }
  names.sort((a, b) => (a.macro < b.macro ? -1 : 1));
  // One line per macro, marked so that the preprocessor's own lines can be told apart.
  const probe = include + names.map((n, k) => `cdl_value_${k} = ${n.macro}\n`).join('');
  const out = new Map<string, number>();
  for (const line of run(argv, ['-E', '-P', '-x', 'c', '-'], probe).split('\n')) {
    const m = /^cdl_value_(\d+) = (.*)$/.exec(line.trim());
    if (!m) continue;
    const value = evaluate(m[2]);
    if (value !== null) out.set(names[Number(m[1])].key, value);
  }
  return out;
}

/** Macros of `<asm/unistd.h>` that are not system calls. */
const NOT_CALLS = /^(syscalls|Linux|Linux_syscalls|O32_Linux|O32_Linux_syscalls|N32_Linux|N32_Linux_syscalls|64_Linux|64_Linux_syscalls|SYSCALL_BASE|arch_specific_syscall)$/;

/** `__NR_<name>` of `<asm/unistd.h>` by name, for the compiler `argv`. */
export function syscallNumbers(argv: readonly string[]): Map<string, number> {
  const all = integerMacros(argv, 'asm/unistd.h', /^__NR_(\w+)$/);
  for (const name of [...all.keys()]) if (NOT_CALLS.test(name)) all.delete(name);
  return all;
}

/**
 * Every `E*` macro of `<asm/errno.h>` with an integer value, by name, for the compiler `argv`
 * (mips's EMAXERRNO, the largest error number rather than an error, among them).
 */
export function errnoValues(argv: readonly string[]): Map<string, number> {
  return integerMacros(argv, 'asm/errno.h', /^(E[A-Z0-9]+)$/);
}

// `npx tsx tests/toolchains/linux-headers.ts x86_64 mips32 ...`: print the tables.
if (process.argv[1] && /linux-headers\.[jt]s$/.test(process.argv[1])) {
  const { findToolchain } = await import('../oracle/toolchains.js');
  for (const target of process.argv.slice(2)) {
    const tc = findToolchain(target);
    if (!tc) {
      console.log(`${target}: no compiler`);
      continue;
    }
    console.log(`# ${target} (${tc.argv.join(' ')})`);
    for (const [name, n] of [...syscallNumbers(tc.argv)].sort((a, b) => a[1] - b[1])) console.log(`nr ${name} ${n}`);
    for (const [name, n] of [...errnoValues(tc.argv)].sort((a, b) => a[1] - b[1])) console.log(`errno ${name} ${n}`);
  }
}
