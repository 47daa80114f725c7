/**
 * A long-lived process (`cdl gen --watch`) keeps rendered text from run to run in a Session,
 * under keys made of namespace facts and names, and renders again only what a change reached.
 * Its output after any sequence of edits must be exactly what a fresh run writes: these tests
 * edit dsl/ as a user would (a doc comment, a name that collides in C's one scope, a register,
 * a syscall number, a paging rule, a field's bits, a new file, a change undone) and random
 * edits that still compile, and compare every file after each edit with a fresh run's.
 */
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EmitContext } from '../../generator/emitters/context.js';
import { emitters } from '../../generator/emitters/registry.js';
import { Session } from '../../generator/session.js';
import { compileSources, messages } from '../helpers/compile.js';
import { mutate, specsBelow } from '../helpers/mutate.js';
import { mulberry32 } from '../helpers/random.js';
import { ROOT } from '../ts/oracle.js';

// Both byte orders and word sizes, both configurations: keys must tell the data models apart.
const TARGETS = ['x86_64', 'i386', 'riscv64', 'ppc32'];
const CONFIGS = [null, 'kernel'];

/** Every file every emitter writes for `specs`, by path. */
async function generate(specs: ReadonlyMap<string, string>, session?: Session, configs = CONFIGS): Promise<Map<string, string>> {
  const result = compileSources(Object.fromEntries(specs), { entries: [...specs.keys()], targets: TARGETS, configs, ...(session ? { session } : {}) });
  if (!result.ok) throw new Error(`the specs do not compile:\n${messages(result, 'error').join('\n')}`);
  const context = new EmitContext(session);
  const out = new Map<string, string>();
  for (const emitter of emitters.values()) {
    for await (const f of emitter.emit({ layouts: result.layouts, specs: [...specs.keys()], context })) out.set(f.path, f.contents);
  }
  session?.endRun();
  return out;
}

/** `text` with `from` replaced by `to`, failing if `from` is not there (the spec moved on). */
function edit(specs: Map<string, string>, file: string, from: string, to: string): void {
  const text = specs.get(file);
  if (text === undefined || !text.includes(from)) throw new Error(`${file} no longer holds ${JSON.stringify(from)}`);
  specs.set(file, text.replace(from, to));
}

/** Asserts that the session's run gives what a fresh one does, file by file. */
async function expectSameAsFresh(specs: Map<string, string>, session: Session, what: string, configs = CONFIGS): Promise<void> {
  const kept = await generate(specs, session, configs);
  const fresh = await generate(specs, undefined, configs);
  expect([...kept.keys()].sort(), what).toEqual([...fresh.keys()].sort());
  const differing = [...fresh].filter(([p, text]) => kept.get(p) !== text).map(([p]) => p);
  expect(differing, what).toEqual([]);
}

const dsl = (): Map<string, string> => specsBelow(path.join(ROOT, 'dsl'), ROOT);

describe('a session renders again only what changed, and writes what a fresh run writes', () => {
  it('after edits a user makes, one after another', { timeout: 600_000 }, async () => {
    const specs = dsl();
    const session = new Session();
    await expectSameAsFresh(specs, session, 'first run');
    const steps: [string, () => void][] = [
      ['a doc comment', () => edit(specs, 'dsl/x86/control.cdl', '/// PE (bit 0): protection enable.', '/// PE (bit 0): protection enable, edited.')],
      // C and GNU as have one scope for every namespace: x86's PAGE_SIZE becomes x86_PAGE_SIZE
      // when another namespace declares one, and every header that names it changes.
      ['a name that collides in C', () => edit(specs, 'dsl/hobby/syscalls.cdl', '/// The kernel\'s errors, returned negated.', 'const LARGE_PAGE_SHIFT = 21;\n\n/// The kernel\'s errors, returned negated.')],
      ['a register', () => edit(specs, 'dsl/linux/registers.cdl', '/// Base register (callee-saved).', '/// Base register (callee-saved), edited.')],
      ['a syscall number', () => edit(specs, 'dsl/linux/syscalls.cdl', 'LinuxI386 4,', 'LinuxI386 444,')],
      ['a field', () => edit(specs, 'dsl/x86/control.cdl', '  tpr      @0..3;\n  /// Bits 4..63: reserved, must be 0.\n  reserved @4..63 = 0;', '  tpr      @0..4;\n  /// Bits 5..63: reserved, must be 0.\n  reserved @5..63 = 0;')],
      ['a new file', () => specs.set('dsl/hobby/extra.cdl', 'namespace hobby;\n\n/// Added.\nstruct Extra {\n  a: u32;\n  b: u64;\n}\n')],
      ['the file removed', () => specs.delete('dsl/hobby/extra.cdl')],
      ['every change undone', () => {
        for (const [file, text] of dsl()) specs.set(file, text);
      }],
    ];
    for (const [what, change] of steps) {
      change();
      await expectSameAsFresh(specs, session, what);
    }
  });

  // b.h names a's enum member macro (`case KIND_ONE:`); a constant KIND_ONE in c, which b
  // does not use, renames it KIND_ONE_ in C's one scope, so b.h must change though b's facts do not.
  it('after a name changes in a namespace the file refers to, through a namespace it does not', async () => {
    const specs = new Map([
      ['a.cdl', 'namespace a;\nenum Kind : u8 { One = 1, Two = 2 }\n'],
      ['b.cdl', 'namespace b;\nimport "a.cdl";\nbits W : u32 { k: a.Kind @0..7; reserved @8..31 = 1; }\n'],
      ['c.cdl', 'namespace c;\nconst OTHER = 5;\n'],
    ]);
    const session = new Session();
    await expectSameAsFresh(specs, session, 'first run', [null]);
    edit(specs, 'c.cdl', 'OTHER', 'KIND_ONE');
    await expectSameAsFresh(specs, session, 'KIND_ONE declared in c', [null]);
    expect((await generate(specs, undefined, [null])).get('c/x86_64/b.h')).toContain('case KIND_ONE_:');
  });

  // Declarations' text is kept under their own digests (doc comments included) and their
  // namespaces' shape (without them): a doc comment that leaks into another declaration's
  // text, or a line number into any, would show here as a stale file.
  it('after doc comments edited one declaration at a time, and lines added above declarations', { timeout: 600_000 }, async () => {
    const specs = dsl();
    const session = new Session();
    await generate(specs, session);
    // An enum other declarations use as a type (a union's discriminant, a bit field's type).
    edit(specs, 'dsl/coyotos/types.cdl', 'enum CapType : u6 {', '/// (Edited.)\nenum CapType : u6 {');
    await expectSameAsFresh(specs, session, 'the doc of an enum other declarations use');
    // A field of a struct of runtime byte order: its accessors' names are kept, and refer to it.
    edit(specs, 'dsl/elf/elf.cdl', '  /// Magic, class, byte order, version, OS ABI: EI_* index it.', '  /// Magic, class, byte order, version, OS ABI: EI_* index it (edited).');
    await expectSameAsFresh(specs, session, 'the doc of a field of a struct of runtime byte order');
    const random = mulberry32(7);
    const files = [...specs.keys()];
    for (let n = 0; n < 5; n++) {
      const file = files[Math.floor(random() * files.length)]!;
      const lines = specs.get(file)!.split('\n');
      const docs = lines.flatMap((l, i) => (/^\s*\/\/\/ \S/.test(l) ? [i] : []));
      if (docs.length === 0) continue;
      const at = docs[Math.floor(random() * docs.length)]!;
      lines[at] = `${lines[at]} (edit ${n})`;
      // A plain comment line above it: every line below moves.
      const above = Math.floor(random() * at);
      if (/^\s*$/.test(lines[above] ?? '')) lines.splice(above, 0, `// a line added (${n})`);
      specs.set(file, lines.join('\n'));
      await expectSameAsFresh(specs, session, `doc edit ${n} in ${file}, line ${at + 1}`);
    }
  });

  it('after random edits that still compile', { timeout: 600_000 }, async () => {
    const original = dsl();
    const specs = new Map(original);
    const session = new Session();
    await generate(specs, session);
    const random = mulberry32(22);
    const files = [...original.keys()];
    let compiled = 0;
    for (let tries = 0; compiled < 4 && tries < 200; tries++) {
      const file = files[Math.floor(random() * files.length)];
      const next = new Map(specs);
      next.set(file, mutate(specs.get(file)!, random, 1));
      if (!compileSources(Object.fromEntries(next), { entries: [...next.keys()], targets: TARGETS, configs: CONFIGS }).ok) continue;
      compiled++;
      for (const [f, t] of next) specs.set(f, t);
      await expectSameAsFresh(specs, session, `edit ${compiled} of ${file}`);
    }
    expect(compiled).toBe(4);
  });
});
