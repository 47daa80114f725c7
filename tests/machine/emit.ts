/**
 * A spec's generated TypeScript, written to a temporary directory with a copy of the runtime,
 * type-checked there under the settings of generated/ts (tests/ts/tsconfig.generated.json) and
 * imported: the machine tests read the tables as a program using them would.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { compile } from '../../generator/compile.js';
import { collect } from '../../generator/emitters/emitter.js';
import { tsEmitter } from '../../generator/emitters/ts/index.js';
import { formatDiagnostic } from '../../grammar/diagnostics.js';
import { ROOT } from '../ts/oracle.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Module = Record<string, any>;

export interface Emitted {
  readonly dir: string;
  /** `ts/<stem>/<ns>.ts` of the emitted files, imported. */
  module(stem: string, ns: string): Promise<Module>;
  /** tsc's complaints about the emitted files (empty when they type-check). */
  typecheck(): string;
}

/** Emits the TypeScript of `files` (paths relative to the repository, or in-memory sources). */
export async function emitTs(files: readonly string[], targets: readonly string[], sources: Record<string, string> = {}): Promise<Emitted> {
  const result = compile({
    files: [...files],
    targets: [...targets],
    configs: [null],
    readFile: (p) => sources[p] ?? fs.readFileSync(path.join(ROOT, p), 'utf8'),
  });
  if (!result.ok) throw new Error(result.diagnostics.map((d) => formatDiagnostic(d, result.sources)).join('\n'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdl-machine-'));
  fs.mkdirSync(path.join(dir, 'runtime'));
  for (const f of fs.readdirSync(path.join(ROOT, 'runtime'))) if (f.endsWith('.ts')) fs.copyFileSync(path.join(ROOT, 'runtime', f), path.join(dir, 'runtime', f));
  for (const f of await collect(tsEmitter.emit({ layouts: result.layouts, specs: [...files], runtime: './runtime/index.js' }))) {
    fs.mkdirSync(path.dirname(path.join(dir, f.path)), { recursive: true });
    fs.writeFileSync(path.join(dir, f.path), f.contents);
  }
  const config = JSON.parse(fs.readFileSync(path.join(ROOT, 'tests/ts/tsconfig.generated.json'), 'utf8')) as { include: string[] };
  config.include = ['ts', 'runtime'];
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(config));
  fs.writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }');
  return {
    dir,
    module: (stem, ns) => import(/* @vite-ignore */ path.join(dir, 'ts', stem, `${ns}.ts`)) as Promise<Module>,
    typecheck() {
      try {
        execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', dir], { encoding: 'utf8', stdio: 'pipe' });
        return '';
      } catch (e) {
        return String((e as { stdout?: string }).stdout ?? e);
      }
    },
  };
}
