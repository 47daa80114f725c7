/**
 * The IR's records of one kind share V8's hidden classes (generator/util/objects.ts): a bit
 * field's facts, a bit layout, a struct field with a selector, a layout. A spread with more
 * properties (`{ ...placed, size, align }`) gave each such object a class of its own under
 * Node 20, and every read of them was the slowest kind of lookup. The check runs the built
 * compiler in a child with `--allow-natives-syntax`, which has V8 compare classes
 * (`%HaveSameMap`).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../cli/harness.js';

const built = fs.existsSync(path.join(ROOT, 'dist/generator/compile.js'));
if (!built) console.log('skipping the hidden-class check: dist/ is not built (run `npm run build`)');

/** Forty bit layouts, tagged and plain, of one to three words; a struct whose union field a selector picks. */
function spec(): string {
  const lines = ['namespace hc;', 'enum Kind : u8 { a = 0, b = 1 }'];
  for (let i = 0; i < 40; i++) {
    const words = 1 + (i % 3);
    lines.push(`bits B${i} : u32${words > 1 ? `[${words}]` : ''} {`, `  x @0..${3 + (i % 5)};`, `  y @9..${12 + (i % 7)} << 4;`, `  z @20;`);
    if (words > 1) lines.push(`  w @30..33;`);
    lines.push('}');
  }
  lines.push('union U : Kind { x: u32 when a; y: u64 when b; }');
  for (let i = 0; i < 20; i++) lines.push(`struct S${i} { kind: Kind; u: U by kind; n: u${8 << (i % 3)}; }`);
  return `${lines.join('\n')}\n`;
}

/** In the child: distinct hidden classes among each kind of record, over every layout. */
const CHILD = `
const { compile } = await import(process.env.HC_COMPILE);
const { bitFacts } = await import(process.env.HC_BITS);
const text = process.env.HC_SPEC;
const r = compile({ files: ['hc.cdl'], targets: ['x86_64', 'i386', 'aarch64', 'ppc32'], configs: [null], readFile: () => text });
if (r.diagnostics.some((d) => d.severity === 'error')) throw new Error(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message).join('\\n'));
const classes = (objects) => {
  const reps = [];
  for (const o of objects) if (!reps.some((r) => %HaveSameMap(r, o))) reps.push(o);
  return reps.length;
};
const decls = r.layouts.flatMap((l) => l.decls);
const bits = [...new Set(decls.filter((d) => d.kind === 'bits'))];
const selected = [...new Set(decls.filter((d) => d.kind === 'struct').flatMap((d) => d.fields).filter((f) => f.kind === 'field' && f.selector))];
console.log(JSON.stringify({
  facts: [bits.flatMap((d) => bitFacts(d).fields).length, classes(bits.flatMap((d) => bitFacts(d).fields))],
  bits: [bits.length, classes(bits)],
  selected: [selected.length, classes(selected)],
  layouts: [r.layouts.length, classes(r.layouts)],
}));
`;

describe('hidden classes of the IR', () => {
  it.skipIf(!built)('a few per kind of record, however many records', () => {
    const child = spawnSync(process.execPath, ['--allow-natives-syntax', '--input-type=module', '-e', CHILD], {
      encoding: 'utf8',
      env: {
        ...process.env,
        HC_COMPILE: pathToFileURL(path.join(ROOT, 'dist/generator/compile.js')).href,
        HC_BITS: pathToFileURL(path.join(ROOT, 'dist/generator/lower/bits.js')).href,
        HC_SPEC: spec(),
      },
    });
    expect(child.stderr).toBe('');
    const counts = JSON.parse(child.stdout) as Record<string, [number, number]>;
    // Enough records that one class each could not pass for a few.
    expect(counts.facts[0]).toBeGreaterThan(100);
    expect(counts.bits[0]).toBeGreaterThan(30);
    expect(counts.selected[0]).toBeGreaterThanOrEqual(20);
    expect(counts.layouts[0]).toBe(4);
    // A kind's records take a class per shape (a field's variant may be null or an object,
    // a layout's optional parts present or not), never one each.
    for (const [kind, [, n]] of Object.entries(counts)) expect(n, kind).toBeLessThanOrEqual(3);
  }, 60_000);
});
