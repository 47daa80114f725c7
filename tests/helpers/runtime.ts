/** Generated TypeScript written outside the repository, importing this repository's runtime/. */
import * as path from 'node:path';

const RUNTIME = path.resolve(import.meta.dirname, '../../runtime/index.js');

/** The emitters' `runtime` for output written to `outDir`: runtime/ by a path relative to it. */
export function runtimeFor(outDir: string): string {
  const relative = path.relative(outDir, RUNTIME).split(path.sep).join('/');
  return relative.startsWith('../') ? relative : `./${relative}`;
}
