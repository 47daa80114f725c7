/**
 * Namespaces are named by the user, files by the emitters: a namespace called like a file an
 * emitter writes itself (`index`, Rust's `lib`) or differing from another only in case (`self`
 * and `Self`, one file where the file system ignores case) still gets a file of its own, and
 * the outputs still compile.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../generator/compile.js';
import { collect, type GeneratedFile } from '../../generator/emitters/emitter.js';
import { emitters } from '../../generator/emitters/registry.js';
import { CC_FLAGS, findToolchain } from '../oracle/toolchains.js';
import { findRustc, skipFor } from '../toolchains/tools.js';

const NAMESPACES = ['index', 'lib', 'main', 'mod', 'self', 'Self', 'SELF'];

async function outputs(): Promise<GeneratedFile[]> {
  const sources = new Map(NAMESPACES.map((ns) => [`${ns}.cdl`, `namespace ${ns};\nconst K_${ns} = 1;\nbits B_${ns} : u8 { f @0..7; }\nstruct S_${ns} { a: u8; b: B_${ns}; }\n`]));
  const result = compile({ files: [...sources.keys()], targets: ['x86_64'], configs: [null], readFile: (p) => sources.get(p)! });
  expect(result.diagnostics).toEqual([]);
  const files: GeneratedFile[] = [];
  for (const e of emitters.values()) files.push(...(await collect(e.emit({ layouts: result.layouts, specs: [...sources.keys()] }))));
  return files;
}

describe('namespaces named like files', () => {
  it('get files of their own, distinct even where case is ignored', async () => {
    const paths = (await outputs()).map((f) => f.path.toLowerCase());
    expect(new Set(paths).size).toBe(paths.length);
  });

  it('give C headers that gcc compiles together, each with its own include guard', async (ctx) => {
    const cc = findToolchain('x86_64');
    if (!cc) skipFor(ctx, 'no C compiler for x86_64');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdl-nsfiles-'));
    try {
      const headers = (await outputs()).filter((f) => f.path.startsWith('c/'));
      for (const f of headers) {
        fs.mkdirSync(path.dirname(path.join(dir, f.path)), { recursive: true });
        fs.writeFileSync(path.join(dir, f.path), f.contents);
      }
      const guards = headers.map((f) => /#ifndef (\w+)/.exec(f.contents)![1]);
      expect(new Set(guards).size).toBe(guards.length);
      // Every header once: a shared guard would leave one namespace's declarations out.
      const unit = [...headers.map((f) => `#include "${path.join(dir, f.path)}"`), ...NAMESPACES.map((ns) => `int use_${ns.toLowerCase()}_${ns.length}_${ns === ns.toUpperCase() ? 'u' : ns[0] === 'S' ? 'c' : 'l'}(S_${ns} *s) { return s->a; }`)].join('\n');
      const run = spawnSync(cc.argv[0], [...cc.argv.slice(1), '-Wall', '-Wextra', '-Werror', ...CC_FLAGS], { input: unit, encoding: 'utf8' });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('give a Rust crate that rustc compiles with -D warnings', async (ctx) => {
    const rustc = findRustc();
    if (!rustc) skipFor(ctx, 'no rustc');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdl-nsrust-'));
    try {
      for (const f of (await outputs()).filter((x) => x.path.startsWith('rust/'))) {
        fs.mkdirSync(path.dirname(path.join(dir, f.path)), { recursive: true });
        fs.writeFileSync(path.join(dir, f.path), f.contents);
      }
      const run = spawnSync(rustc, ['--edition', '2021', '--crate-type', 'lib', '-D', 'warnings', '--emit=metadata', '--crate-name', 'cdl', '-o', path.join(dir, 'out.rmeta'), path.join(dir, 'rust/x86_64/lib.rs')], { encoding: 'utf8' });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
