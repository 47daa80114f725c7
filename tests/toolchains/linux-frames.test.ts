/**
 * dsl/linux's trap frames against the targets' own headers: each frame's size and every
 * field's offset equal the C struct's, by `_Static_assert` compiled with the target's gcc
 * (glibc's <sys/user.h> on x86_64 and i386, the kernel's <asm/ptrace.h> on arm64 and
 * riscv64); and the fields hold the registers the ABI documents say.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../generator/compile.js';
import { specsBelow } from '../helpers/mutate.js';
import { candidateNames, findToolchain } from '../oracle/toolchains.js';
import { missingHeaders, skipFor } from './tools.js';

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '../..');

const FRAMES = [
  { target: 'x86_64', frame: 'X86_64UserRegs', header: 'sys/user.h', c: 'struct user_regs_struct', holds: { eflags: 'rflags', orig_rax: null, rip: 'rip' } },
  { target: 'i386', frame: 'I386UserRegs', header: 'sys/user.h', c: 'struct user_regs_struct', holds: { xcs: 'cs', orig_eax: null, eip: 'eip' } },
  { target: 'aarch64', frame: 'Aarch64UserPtRegs', header: 'asm/ptrace.h', c: 'struct user_pt_regs', holds: { regs: null, sp: 'sp', pc: 'pc' } },
  { target: 'riscv64', frame: 'Riscv64UserRegs', header: 'asm/ptrace.h', c: 'struct user_regs_struct', holds: { a0: 'x10', ra: 'x1', pc: 'pc' } },
] as const;

const files = [...specsBelow(join(ROOT, 'dsl')).keys()].map((f) => join('dsl', f));
const result = compile({ files: files.map((f) => join(ROOT, f)), targets: FRAMES.map((f) => f.target) });

describe('trap frames of dsl/linux', () => {
  it('compile', () => expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]));

  for (const f of FRAMES) {
    it(`${f.frame} is ${f.c} on ${f.target}, field by field`, (ctx) => {
      const layout = result.layouts.find((l) => l.target.name === f.target)!;
      const s = layout.structs.find((d) => d.qname === `linux.${f.frame}`)!;
      expect(s.frame?.name).toBeDefined();
      for (const [field, reg] of Object.entries(f.holds)) expect(s.fields.find((x) => x.name === field)?.holds?.name ?? null, `${f.frame}.${field}`).toBe(reg);
      const cc = findToolchain(f.target);
      if (!cc) skipFor(ctx, `no C compiler for ${f.target} (tried ${candidateNames(f.target)})`);
      const missing = missingHeaders(cc.argv, ['stddef.h', f.header]);
      if (missing) skipFor(ctx, missing);
      const asserts = [
        `_Static_assert(sizeof(${f.c}) == ${s.size}, "size");`,
        ...s.fields.map((x) => `_Static_assert(__builtin_offsetof(${f.c}, ${x.name}) == ${x.offset}, "${x.name}");`),
      ];
      const unit = `#include <stddef.h>\n#include <${f.header}>\n${asserts.join('\n')}\n`;
      const run = spawnSync(cc.argv[0], [...cc.argv.slice(1), '-std=gnu11', '-fsyntax-only', '-x', 'c', '-'], { input: unit, encoding: 'utf8' });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
    });
  }
});
