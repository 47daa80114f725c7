/**
 * The C and Rust emitters render a namespace once for all the layouts that lay it out alike
 * (by their namespace facts, generator/layout/namespace-facts.ts), then give each layout its own frame (title, target
 * checks). Rendering every layout on its own must give the very same files: over dsl/, the
 * keyword-laden toolchain specs and random specs, on all eight targets in both configurations.
 */
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderCHeaders } from '../../generator/emitters/c/header.js';
import { emitRustCrates, renderRustCrate } from '../../generator/emitters/rust/module.js';
import { BUILTIN_TARGETS } from '../oracle/toolchains.js';
import { compileSources } from '../helpers/compile.js';
import { specsBelow } from '../helpers/mutate.js';
import { generateRandomSpecs } from '../oracle/random-structs.js';
import { ROOT } from '../ts/oracle.js';

const SETS = [
  { name: 'dsl', files: Object.fromEntries(specsBelow(path.join(ROOT, 'dsl'))), entries: null, configs: [null, 'kernel'] },
  { name: 'toolchain specs', files: Object.fromEntries(specsBelow(path.join(ROOT, 'tests/toolchains/specs'))), entries: ['match.cdl', 'int2.cdl'], configs: [null] },
  ...[1, 2, 3].map((seed) => {
    const specs = generateRandomSpecs({ seed, files: 3, structsPerFile: 6 });
    return { name: `random specs, seed ${seed}`, files: Object.fromEntries(specs.sources), entries: specs.files.map((f) => f.path), configs: [null, 'kernel'] };
  }),
];

describe.each(SETS.map((s) => [s.name, s] as const))('%s', (_name, set) => {
  const result = compileSources(set.files, { entries: set.entries ?? Object.keys(set.files), targets: [...BUILTIN_TARGETS], configs: set.configs });
  const layouts = result.layouts;
  const specs = ['spec.cdl'];

  it('compiles for every target', () => {
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(layouts.length).toBe(BUILTIN_TARGETS.length * set.configs.length);
  });

  // Every layout rendered three times over dsl/ (with its instruction formats' bit layouts): more
  // than vitest's default 5 s on a busy machine.
  it('C headers: the same with bodies shared across layouts as rendered one layout at a time', { timeout: 30_000 }, () => {
    const shared = new Map();
    for (const l of layouts) expect(renderCHeaders(l, specs, shared)).toEqual(renderCHeaders(l, specs));
    // Sharing happened: fewer bodies than headers.
    expect(shared.size).toBeLessThan(layouts.reduce((n, l) => n + renderCHeaders(l, specs).length, 0));
  });

  it('Rust modules: the same with bodies shared across layouts as rendered one crate at a time', { timeout: 30_000 }, () => {
    const alone = new Map(layouts.flatMap((l) => renderRustCrate(l, specs)).map((f) => [f.path, f.contents]));
    for (const f of emitRustCrates(layouts, specs)) {
      // lib.rs differs where a module is the default configuration's file (`#[path]`).
      if (!f.path.endsWith('/lib.rs')) expect(f.contents, f.path).toBe(alone.get(f.path));
    }
  });
});
