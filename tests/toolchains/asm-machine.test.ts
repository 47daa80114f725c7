/**
 * The machine's numbers in the GNU as includes: on every target, each syscall number of the
 * target's ABIs and each register number in generated/asm/<target>/*.inc has the value
 * the IR (proven against the kernel headers by linux-syscalls.test.ts) gives, checked by the
 * target's assembler with `.if`/`.error`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../generator/compile.js';
import { planMachineNames } from '../../generator/emitters/common/machine.js';
import { planConstants } from '../../generator/emitters/common/numbers.js';
import { specsBelow } from '../helpers/mutate.js';
import { BUILTIN_TARGETS, candidateNames, findToolchain } from '../oracle/toolchains.js';
import { skipFor } from './tools.js';

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '../..');
const files = [...specsBelow(join(ROOT, 'dsl')).keys()].map((f) => join(ROOT, 'dsl', f));
const result = compile({ files, targets: BUILTIN_TARGETS });

describe('machine numbers in the GNU as includes', () => {
  for (const target of BUILTIN_TARGETS) {
    it(`hold the IR's numbers on ${target}`, (ctx) => {
      const layout = result.layouts.find((l) => l.target.name === target)!;
      const names = planMachineNames(layout, planConstants(layout, 'c'));
      const checks: string[] = [];
      for (const t of names.tables) for (const c of t.calls) checks.push(`.if ${c.macro} != ${c.number}`, `.error "${c.macro}"`, '.endif');
      for (const r of names.registers) for (const reg of r.registers) for (const m of reg.macros) checks.push(`.if ${m.macro} != ${reg.register.index}`, `.error "${m.macro}"`, '.endif');
      expect(checks.length).toBeGreaterThan(3 * 40);
      const cc = findToolchain(target);
      if (!cc) skipFor(ctx, `no C compiler for ${target} (tried ${candidateNames(target)})`);
      const dir = mkdtempSync(join(tmpdir(), 'cdl-asm-machine-'));
      try {
        const file = join(dir, 'check.S');
        const incs = readdirSync(join(ROOT, 'generated/asm', target)).filter((f) => f.endsWith('.inc'));
        writeFileSync(file, `${incs.map((f) => `.include "${join(ROOT, 'generated/asm', target, f)}"`).join('\n')}\n${checks.join('\n')}\n`);
        const run = spawnSync(cc.argv[0], [...cc.argv.slice(1), '-c', '-o', join(dir, 'check.o'), file], { encoding: 'utf8' });
        expect(run.stderr).toBe('');
        expect(run.status).toBe(0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
