/**
 * `cdl init`: starts a project in the working directory with what `cdl gen` needs and what the
 * generated TypeScript needs to compile: `cdl.config.json`, an example spec and, when there is
 * none, `tsconfig.json`. It never overwrites a file: if any of them exists, it writes none and
 * says which (an existing tsconfig.json is left as it is, and the settings it needs are
 * printed instead).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILE } from './find-config.js';
import { statOf } from './files.js';

export interface InitIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const CONFIG = {
  specs: ['specs'],
  targets: ['x86_64'],
  output: 'generated',
  emitters: ['ts', 'c', 'rust', 'asm', 'ts-constants', 'tables'],
};

const EXAMPLE = `/// An example spec: edit it, or add files beside it, and run \`cdl gen\`.
namespace example;

/// log2 of the page size.
const PAGE_SHIFT = 12;

/// What a page holds.
enum PageKind : u2 {
  Free = 0,
  Data = 1,
  Code = 2,
}

/// A page-table entry: present and writable bits, the kind, and a 4 KiB-aligned frame.
bits Entry : u64 {
  /// The entry maps a page.
  present        @0;
  /// Writes are allowed.
  writable       @1;
  /// What the page holds.
  kind: PageKind @2..3;
  reserved       @4..11;
  /// Physical address of the page.
  frame          @12..51 << PAGE_SHIFT;
  reserved       @52..63 = 0;
}

/// A mapping as a loader records it.
struct Mapping {
  /// Virtual address of the first page.
  va:    u64;
  /// The entry that maps it.
  entry: Entry;
  /// Number of pages.
  count: u32;
}
`;

/** What the generated TypeScript needs: ES2022 (bigint), Node's module resolution, strict. */
const TSCONFIG = {
  compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, outDir: 'build' },
  include: ['generated/ts', 'src'],
};

export function init(cwd: string, io: InitIo): number {
  const files: [string, string][] = [
    [CONFIG_FILE, `${JSON.stringify(CONFIG, null, 2)}\n`],
    [path.join('specs', 'example.cdl'), EXAMPLE],
  ];
  const tsconfigExists = statOf(path.join(cwd, 'tsconfig.json')) !== null;
  if (!tsconfigExists) files.push(['tsconfig.json', `${JSON.stringify(TSCONFIG, null, 2)}\n`]);
  const taken = files.filter(([f]) => statOf(path.join(cwd, f)) !== null).map(([f]) => f);
  if (taken.length > 0) {
    io.stderr(`cdl: error: ${taken.join(' and ')} already exist${taken.length === 1 ? 's' : ''} here; cdl init writes nothing over a file\ncdl: nothing written\n`);
    return 1;
  }
  for (const [f, text] of files) {
    fs.mkdirSync(path.dirname(path.join(cwd, f)), { recursive: true });
    // 'wx': should the file appear meanwhile, fail rather than overwrite it.
    fs.writeFileSync(path.join(cwd, f), text, { flag: 'wx' });
    io.stdout(`cdl: wrote ${f}\n`);
  }
  if (tsconfigExists) {
    io.stdout(`cdl: tsconfig.json exists and is left as it is; the generated TypeScript needs ${JSON.stringify(TSCONFIG.compilerOptions).replace(/"outDir":"build"/, '').replace(/,}/, '}')}\n`);
  }
  io.stdout(
    [
      'next:',
      '  npm install --save-dev @cdl-lang/cdl typescript   the command and the compiler, if not installed yet',
      '  npm install @cdl-lang/runtime                      what generated TypeScript imports (from a clone: ../cdl/runtime)',
      '  npx cdl gen                                        writes generated/ from specs/',
      '  npx tsc                                            compiles generated/ts with your code in src/',
      '',
    ].join('\n'),
  );
  return 0;
}
