/**
 * CDL as another project uses it: the two packages `npm pack` makes (the command,
 * `@cdl-lang/cdl`, and the runtime, `@cdl-lang/runtime`), installed in a fresh project (the
 * command's dependencies linked from ours, so no network), run `cdl gen` there; the generated
 * TypeScript imports `@cdl-lang/runtime`, or a copy of its source in the project, compiles
 * under `tsc --strict` and runs, and runs again where the runtime package is all there is.
 * (Installing from an unbuilt clone is what the README's tutorial does: tutorial.test.ts.)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOOD_SPEC, ROOT } from './harness.js';

const TIMEOUT = 120_000;
let dir: string;
let project: string;
let installed: string;

/** Runs a command in the project; its output, or a failure that shows what it printed. */
function run(argv: readonly string[]): string {
  const r = spawnSync(argv[0]!, argv.slice(1), { cwd: project, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}:\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

/** `npm pack` of the package in `from`, unpacked where npm would install it: `into`. */
function packInto(from: string, into: string): number {
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: from, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }),
  ) as { filename: string; size: number }[];
  fs.mkdirSync(into, { recursive: true });
  execFileSync('tar', ['-xzf', path.join(dir, packed[0]!.filename), '-C', into, '--strip-components=1']);
  return packed[0]!.size;
}

let runtimePackedSize = 0;

beforeAll(() => {
  for (const built of ['dist/generator/cli/main.js', 'runtime/dist/index.js']) {
    if (!fs.existsSync(path.join(ROOT, built))) throw new Error(`${built} is missing: run \`npm run build\` (npm ci does)`);
  }
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdl-package-'));
  // What npm would install: the two packed tarballs (their `files`), unpacked under
  // node_modules/@cdl-lang; the command's dependencies linked from ours.
  project = path.join(dir, 'project');
  installed = path.join(project, 'node_modules', '@cdl-lang', 'cdl');
  packInto(ROOT, installed);
  runtimePackedSize = packInto(path.join(ROOT, 'runtime'), path.join(project, 'node_modules', '@cdl-lang', 'runtime'));
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  for (const dep of Object.keys(manifest.dependencies)) {
    fs.mkdirSync(path.dirname(path.join(project, 'node_modules', dep)), { recursive: true });
    fs.symlinkSync(path.join(ROOT, 'node_modules', dep), path.join(project, 'node_modules', dep));
  }

  fs.mkdirSync(path.join(project, 'specs'));
  fs.writeFileSync(path.join(project, 'specs', 'demo.cdl'), GOOD_SPEC);
  fs.writeFileSync(path.join(project, 'package.json'), '{ "type": "module", "private": true }\n');
  const config = { specs: ['specs'], targets: ['x86_64', 'ppc32'], output: 'src/generated', emitters: ['layout-json', 'ts', 'c', 'asm', 'rust', 'ts-constants'] };
  fs.writeFileSync(path.join(project, 'cdl.config.json'), JSON.stringify(config));
  const tsconfig = {
    compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, outDir: 'build', rootDir: 'src', skipLibCheck: false },
    include: ['src'],
  };
  fs.writeFileSync(path.join(project, 'tsconfig.json'), JSON.stringify(tsconfig));
}, TIMEOUT);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('the packed package, in a project of its own', () => {
  it('holds what the command and the runtime need, and no tests or benchmarks', () => {
    for (const f of ['bin/cdl.js', 'dist/generator/cli/main.js', 'dist/runtime/index.js', 'dist/runtime/index.d.ts', 'runtime/index.ts', 'dist/runtime.browser.js']) {
      expect(fs.existsSync(path.join(installed, f)), f).toBe(true);
    }
    for (const f of ['tests', 'bench', 'dist/bench', 'generated', 'dsl']) expect(fs.existsSync(path.join(installed, f)), f).toBe(false);
  });

  it('writes the reference site, with the browser build of the runtime it ships', () => {
    expect(run([process.execPath, 'node_modules/@cdl-lang/cdl/bin/cdl.js', 'doc', '--out', 'site'])).toMatch(/^cdl: 6 written, 0 removed, 0 unchanged in site; open site\/index.html\n$/);
    expect(fs.readFileSync(path.join(project, 'site/assets/runtime.js'), 'utf8')).toBe(fs.readFileSync(path.join(installed, 'dist/runtime.browser.js'), 'utf8'));
  });

  it('generates TypeScript that imports @cdl-lang/runtime, or a copy, compiles strictly and runs', () => {
    expect(run([process.execPath, 'node_modules/@cdl-lang/cdl/bin/cdl.js', 'gen'])).toMatch(/^cdl: \d+ written, 0 removed, 0 unchanged in src\/generated\n$/);
    expect(fs.readFileSync(path.join(project, 'src/generated/ts/ppc32/demo.ts'), 'utf8')).toMatch(/ from '@cdl-lang\/runtime';$/m);
    // The same specs again, for a tool that keeps a copy of the runtime's source.
    for (const f of fs.readdirSync(path.join(project, 'node_modules/@cdl-lang/runtime')).filter((f) => f.endsWith('.ts'))) {
      fs.cpSync(path.join(project, 'node_modules/@cdl-lang/runtime', f), path.join(project, 'src/cdl-runtime', f));
    }
    const copied = { specs: ['specs'], targets: ['x86_64'], output: 'src/copied', emitters: ['ts'], runtime: './src/cdl-runtime/index.ts' };
    fs.writeFileSync(path.join(project, 'copied.config.json'), JSON.stringify(copied));
    run([process.execPath, 'node_modules/@cdl-lang/cdl/bin/cdl.js', 'gen', '--config', 'copied.config.json']);
    expect(fs.readFileSync(path.join(project, 'src/copied/ts/x86_64/demo.ts'), 'utf8')).toMatch(/ from '\.\.\/\.\.\/\.\.\/cdl-runtime\/index\.js';$/m);

    fs.writeFileSync(
      path.join(project, 'src/main.ts'),
      [
        "import { FieldRangeError } from '@cdl-lang/runtime';",
        "import { Entry } from './generated/ts/demo.js';",
        "import { HeaderView } from './generated/ts/ppc32/demo.js';",
        "import { HeaderView as CopiedHeaderView } from './copied/ts/x86_64/demo.js';",
        "import { HEADER_SIZE } from './generated/ts-constants/ppc32/demo.js';",
        '',
        'const bytes = new Uint8Array(HeaderView.SIZE);',
        'const header = new HeaderView(bytes);',
        'header.magic = 0x11223344;',
        'header.entry.raw = Entry.encode({ present: true, writable: false, frame: 0x12345000n });',
        'let error = "";',
        'try {',
        '  header.magic = -1;',
        '} catch (e) {',
        '  error = e instanceof FieldRangeError ? e.message : "not a FieldRangeError";',
        '}',
        'const copied = new CopiedHeaderView(new Uint8Array(CopiedHeaderView.SIZE));',
        'copied.magic = 0x11223344;',
        'console.log(JSON.stringify({ copied: [...new Uint8Array(copied.dataView.buffer, 0, 4)], size: HeaderView.SIZE, constant: HEADER_SIZE, bytes: [...bytes.subarray(0, 4)], entry: Entry.decode(header.entry.raw), error }, (_, v) => (typeof v === "bigint" ? `${v}n` : v)));',
        '',
      ].join('\n'),
    );
    run([process.execPath, path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json']);
    expect(JSON.parse(run([process.execPath, 'build/main.js']))).toEqual({
      copied: [0x44, 0x33, 0x22, 0x11],
      size: 24, // ppc32 aligns the u64 entry to 8
      constant: 24,
      bytes: [0x11, 0x22, 0x33, 0x44],
      entry: { present: true, writable: false, reserved2_11: 0, frame: `${0x12345000}n` },
      error: 'Header.magic: -1 is out of range (allowed: an integer from 0 to 0xffffffff)',
    });
  }, TIMEOUT);
});

describe('the runtime package, all that generated code needs at run time', () => {
  it('has no dependencies, is small, and runs the compiled program without the command', () => {
    const runtime = path.join(project, 'node_modules', '@cdl-lang', 'runtime');
    const manifest = JSON.parse(fs.readFileSync(path.join(runtime, 'package.json'), 'utf8')) as Record<string, unknown>;
    for (const key of ['dependencies', 'peerDependencies', 'optionalDependencies', 'bundleDependencies']) expect(manifest[key], key).toBeUndefined();
    expect(runtimePackedSize).toBeLessThan(200_000);
    // The command's package holds the generator; the runtime's, nothing of it.
    expect(fs.existsSync(path.join(runtime, 'dist', 'index.js'))).toBe(true);
    expect(fs.readdirSync(runtime).filter((f) => /^(bin|generator|grammar|node_modules)$/.test(f))).toEqual([]);

    // An emulator as it ships: its compiled code and node_modules/@cdl-lang/runtime, nothing else.
    const shipped = path.join(dir, 'shipped');
    fs.mkdirSync(path.join(shipped, 'node_modules', '@cdl-lang'), { recursive: true });
    fs.cpSync(path.join(project, 'build'), path.join(shipped, 'build'), { recursive: true });
    fs.cpSync(path.join(project, 'package.json'), path.join(shipped, 'package.json'));
    fs.cpSync(runtime, path.join(shipped, 'node_modules', '@cdl-lang', 'runtime'), { recursive: true });
    const r = spawnSync(process.execPath, ['build/main.js'], { cwd: shipped, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toMatchObject({ size: 24, error: 'Header.magic: -1 is out of range (allowed: an integer from 0 to 0xffffffff)' });
  });
});
