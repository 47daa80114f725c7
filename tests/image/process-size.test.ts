/**
 * The Process record an image stores is the common part gcc computes from the generated C
 * header: offsetof(Process, capReg) + sizeof capReg, for i386 (where the register set follows
 * it) and x86_64, equal to the TypeScript view's IMAGE_END and to what the image holds per
 * process. A compile-time assertion, so gcc itself is the judge; skipped with a printed reason
 * without the compilers.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as i386 from '../../generated/ts/i386/coyotos.js';
import * as x86_64 from '../../generated/ts/x86_64/coyotos.js';
import { processImageSize } from '../../runtime/coyotos/index.js';
import { skipFor } from '../toolchains/tools.js';
import { COMPILERS } from './programs.js';

const MODULES = { i386, x86_64 } as const;

describe.each(COMPILERS.filter((c) => c.target in MODULES))('the stored Process on $target', (c) => {
  it('is the common size gcc computes, and what the view reports', (ctx) => {
    const t = MODULES[c.target as keyof typeof MODULES];
    const size = processImageSize(t);
    expect(size).toBe(t.ProcessView.IMAGE_END);
    const dir = mkdtempSync(join(tmpdir(), 'cdl-process-size-'));
    const src = join(dir, 'size.c');
    const header = resolve(import.meta.dirname, `../../generated/c/${c.target}/coyotos.h`);
    writeFileSync(
      src,
      [
        `#include <stddef.h>`,
        `#include "${header}"`,
        `_Static_assert(offsetof(Process, capReg) + sizeof(((Process *)0)->capReg) == ${size}, "stored size");`,
        `_Static_assert(sizeof(Process) == ${t.ProcessView.SIZE}, "full size");`,
        `_Static_assert(PROCESS_IMAGE_END_OFFSET == ${size}, "image_end");`,
        '',
      ].join('\n'),
    );
    const run = spawnSync(c.argv[0]!, [...c.argv.slice(1), '-std=c11', '-c', '-o', join(dir, 'size.o'), src], { encoding: 'utf8' });
    if (run.error) return skipFor(ctx, `${c.argv[0]} is not installed`);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
