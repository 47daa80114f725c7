/**
 * Golden files, one directory a feature: `spec.cdl` (its `// targets:` line names the targets
 * to show, in the default and, where the spec declares it, `kernel` configuration), the IR
 * dump of each layout (`ir.<target>[.<config>].txt`), and every emitter's output (`out/`).
 * A reader opens a directory to see what a construct becomes; a change to any pass shows as a
 * diff here. `CDL_UPDATE_GOLDEN=1 npx vitest run tests/golden` rewrites them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compile } from '../../generator/compile.js';
import { emitters } from '../../generator/emitters/registry.js';
import { layoutStem } from '../../generator/emitters/emitter.js';
import { dumpLayout } from '../../generator/ir-dump.js';
import { formatDiagnostic } from '../../grammar/diagnostics.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const UPDATE = process.env.CDL_UPDATE_GOLDEN === '1';

const features = fs
  .readdirSync(HERE)
  .filter((f) => fs.statSync(path.join(HERE, f)).isDirectory())
  .sort();

/** Everything a feature's directory should hold besides its spec, by relative path. */
async function render(feature: string): Promise<Map<string, string>> {
  const dir = path.join(HERE, feature);
  const specPath = path.join(dir, 'spec.cdl');
  const spec = fs.readFileSync(specPath, 'utf8');
  const targets = /^\/\/ targets: (.*)$/m.exec(spec)?.[1].split(/[\s,]+/).filter(Boolean) ?? ['x86_64'];
  const configs = /^config kernel;/m.test(spec) ? [null, 'kernel'] : [null];
  // Compiled under its name relative to the repository, so banners are the same everywhere.
  const name = `tests/golden/${feature}/spec.cdl`;
  const result = compile({ files: [name], targets, configs, readFile: () => spec });
  if (!result.ok) throw new Error(result.diagnostics.map((d) => formatDiagnostic(d, result.sources)).join('\n'));
  const files = new Map<string, string>();
  for (const layout of result.layouts) files.set(`ir.${layoutStem(layout)}.txt`, dumpLayout(layout));
  for (const emitter of emitters.values()) {
    for await (const f of emitter.emit({ layouts: result.layouts, specs: [name] })) files.set(`out/${f.path}`, f.contents);
  }
  return files;
}

function existing(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .map((f) => f.split(path.sep).join('/'))
    .filter((f) => fs.statSync(path.join(dir, f)).isFile());
}

describe('golden files', () => {
  it('has a feature for each kind of construct', () => {
    expect(features.length).toBeGreaterThanOrEqual(6);
  });

  it.each(features)('%s', async (feature) => {
    const dir = path.join(HERE, feature);
    const want = await render(feature);
    const have = existing(dir).filter((f) => f !== 'spec.cdl');
    if (UPDATE) {
      for (const f of have) if (!want.has(f)) fs.rmSync(path.join(dir, f));
      for (const [f, text] of want) {
        fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
        fs.writeFileSync(path.join(dir, f), text);
      }
      return;
    }
    expect(have.sort(), 'the files of the golden directory (CDL_UPDATE_GOLDEN=1 rewrites them)').toEqual([...want.keys()].sort());
    for (const [f, text] of want) expect(fs.readFileSync(path.join(dir, f), 'utf8'), `${feature}/${f}`).toBe(text);
  });
});
