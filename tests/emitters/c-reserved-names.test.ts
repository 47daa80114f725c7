/**
 * Names a C header spells itself, or gets from <stdint.h>: a spec may use them for anything (a
 * constant named like the header's include guard, a struct named INT8_MAX), and the header must
 * still compile warning-free, with the spec's names escaped. So must names the C library's
 * headers spell, and a namespace named like a standard header. (tests/toolchains/hostile-names
 * tries such names in every role, at random.)
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../generator/compile.js';
import { collect } from '../../generator/emitters/emitter.js';
import { emitters } from '../../generator/emitters/registry.js';
import { CC_FLAGS, findToolchain } from '../oracle/toolchains.js';
import { skipFor } from '../toolchains/tools.js';

const SPEC = [
  'namespace t;',
  'const CDL_T_H = 5;',
  'const CDL_SHARED_T_U_H = 6;',
  'const CDL_ASSERT = 7;',
  'enum SIZE_MAX : u8 { INTPTR_MAX = 1, UINT8_MAX }',
  'bits UINT32_C : u32 { INT64_MIN @0..7; rest @8..31; }',
  'struct INT8_MAX { UINT16_MAX: u8; w: UINT32_C; k: SIZE_MAX; }',
  '',
].join('\n');

describe('C names that the header or <stdint.h> already spell', () => {
  it('are escaped, and the header compiles with gcc -Wall -Wextra -Werror', async (ctx) => {
    const cc = findToolchain('x86_64');
    if (!cc) skipFor(ctx, 'no C compiler for x86_64');
    const result = compile({ files: ['t.cdl'], targets: ['x86_64'], readFile: () => SPEC });
    expect(result.diagnostics).toEqual([]);
    const files = await collect(emitters.get('c')!.emit({ layouts: result.layouts, specs: ['t.cdl'] }));
    const header = files.find((f) => f.path === 'c/x86_64/t.h')!.contents;
    expect(header).toMatch(/^#define CDL_T_H_ +5$/m);
    expect(header).toContain('typedef struct INT8_MAX_ INT8_MAX_;');
    const run = spawnSync(cc.argv[0], [...cc.argv.slice(1), '-Wall', '-Wextra', '-Werror', ...CC_FLAGS], { input: header, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});

const LIBRARY_SPEC = [
  'namespace errno;',
  'const EINTR = 3;',
  'const printf = 4;',
  'struct FILE { errno: u32; stdin: u8; and: u8; }',
  'bits time_t : u32 { EOF @0..7; NULL @8..31; }',
  '',
].join('\n');

describe('names the C standard library spells', () => {
  it('are escaped, and a namespace named like a standard header gets another file name', async (ctx) => {
    const cc = findToolchain('x86_64');
    if (!cc) skipFor(ctx, 'no C compiler for x86_64');
    const result = compile({ files: ['e.cdl'], targets: ['x86_64'], readFile: () => LIBRARY_SPEC });
    expect(result.diagnostics).toEqual([]);
    const files = await collect(emitters.get('c')!.emit({ layouts: result.layouts, specs: ['e.cdl'] }));
    expect(files.map((f) => f.path)).toEqual(['c/x86_64/errno_.h']);
    const header = files[0].contents;
    expect(header).toMatch(/^#define EINTR_ +3$/m);
    expect(header).toMatch(/^#define printf_ +4$/m);
    expect(header).toContain('uint32_t errno_;');
    expect(header).toContain('typedef struct FILE_ FILE_;');
    // Found through -I, as a kernel includes it, beside the library's own headers.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdl-c-library-'));
    try {
      fs.writeFileSync(path.join(dir, files[0].path.split('/').pop()!), header);
      const unit = '#include <errno.h>\n#include <stdio.h>\n#include <iso646.h>\n#include <time.h>\n#include <errno_.h>\nint f(void) { return errno; }\n';
      const run = spawnSync(cc.argv[0], [...cc.argv.slice(1), '-std=c11', '-Wall', '-Wextra', '-Werror', '-fsyntax-only', '-I', dir, '-x', 'c', '-'], { input: unit, encoding: 'utf8' });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
