/**
 * generated/ts is current (what the emitter makes of dsl/ with cdl.config.json) and
 * type-checks, with the runtime, under strict settings: `tsc --strict --noEmit` plus
 * noUncheckedIndexedAccess, exactOptionalPropertyTypes, noUnused*, verbatimModuleSyntax.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tsEmitter } from '../../generator/emitters/ts/index.js';
import { loadProject } from '../../generator/cli/project.js';
import { ROOT } from './oracle.js';
import { collect } from '../../generator/emitters/emitter.js';

describe('generated/ts', () => {
  it('is what the emitter produces for dsl/ (else run `cdl gen`)', async () => {
    const { config, result, specs } = loadProject(path.join(ROOT, 'cdl.config.json'));
    const files = await collect(tsEmitter.emit({ layouts: result!.layouts, specs, runtime: config!.runtime }));
    const stale = files.filter((f) => {
      const p = path.join(config!.output, f.path);
      return !fs.existsSync(p) || fs.readFileSync(p, 'utf8') !== f.contents;
    });
    expect(stale.map((f) => f.path)).toEqual([]);
  }, 120_000);

  it('type-checks with the runtime under strict settings', () => {
    const tsc = path.join(ROOT, 'node_modules/typescript/bin/tsc');
    let output = '';
    try {
      execFileSync(process.execPath, [tsc, '-p', path.join(ROOT, 'tests/ts/tsconfig.generated.json')], { encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      output = String((e as { stdout?: string }).stdout ?? e);
    }
    expect(output).toBe('');
  }, 180_000);
});
