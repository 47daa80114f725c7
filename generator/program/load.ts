/**
 * Loading: parse the requested files and, transitively, everything they import. Imports are
 * resolved relative to the importing file; a cycle is an error at the import that closes it.
 */
import * as path from 'node:path';
import type * as ast from '../../grammar/ast.js';
import { Diagnostics, fileSpan } from '../../grammar/diagnostics.js';
import { parseFile } from '../../grammar/index.js';
import { BUILTIN_FILE, BUILTIN_SOURCE } from '../targets/builtin.js';
import { readFailure } from './read.js';

export interface Program {
  /** Every parsed file, the built-in prelude first, then each file after its imports. */
  readonly files: readonly ast.File[];
  readonly sources: ReadonlyMap<string, string>;
  /** For each file, the files it imports (normalized paths). */
  readonly imports: ReadonlyMap<string, readonly string[]>;
}

/** Largest number of files one program may load: a runaway import graph is an error. */
const MAX_FILES = 1000;

/** `parse`: how a file's text becomes its syntax tree (a long-lived process keeps them: session.ts). */
export function loadProgram(
  entries: readonly string[],
  readFile: (file: string) => string,
  diags: Diagnostics,
  parse: (path: string, text: string, diags: Diagnostics) => ast.File = parseFile,
): Program {
  const files: ast.File[] = [];
  const sources = new Map<string, string>();
  const imports = new Map<string, string[]>();
  const state = new Map<string, 'loading' | 'done'>();

  const prelude = parse(BUILTIN_FILE, BUILTIN_SOURCE, diags);
  sources.set(BUILTIN_FILE, BUILTIN_SOURCE);
  files.push(prelude);

  // Depth-first, so each file lands after everything it imports; `stack` names a cycle.
  const stack: string[] = [];
  const visit = (file: string, from: ast.ImportDecl | null): void => {
    const status = state.get(file);
    if (status === 'done') return;
    if (status === 'loading') {
      const cycle = [...stack.slice(stack.indexOf(file)), file].join(' -> ');
      diags.error(from?.span ?? fileSpan(file), `import cycle: ${cycle}`);
      return;
    }
    if (state.size >= MAX_FILES) {
      diags.error(from?.span ?? fileSpan(file), `too many files (more than ${MAX_FILES})`);
      return;
    }
    let text: string;
    try {
      text = readFile(file);
    } catch (e) {
      diags.error(from?.span ?? fileSpan(file), `cannot read '${file}': ${readFailure(e)}`);
      state.set(file, 'done');
      return;
    }
    state.set(file, 'loading');
    stack.push(file);
    sources.set(file, text);
    const parsed = parse(file, text, diags);
    // Relative to the importing file; an absolute path stands as it is (path.join would make
    // `/abs/b.cdl` a path below the importing file's directory).
    const deps = parsed.imports.map((imp) => normalize(path.isAbsolute(imp.path) ? imp.path : path.join(path.dirname(file), imp.path)));
    imports.set(file, deps);
    // An import whose string is malformed was reported by the lexer (at the string, after
    // the `import` keyword); reading what is left of it would only add "cannot read".
    const malformed = (imp: ast.ImportDecl): boolean => diags.hasErrorIn({ ...imp.span, start: imp.span.start + 1 });
    parsed.imports.forEach((imp, i) => {
      if (!malformed(imp)) visit(deps[i], imp);
    });
    stack.pop();
    state.set(file, 'done');
    files.push(parsed);
  };

  for (const entry of entries) visit(normalize(entry), null);
  return { files, sources, imports };
}

/** One spelling per file, so `a/../b.cdl` and `b.cdl` are the same file. */
export function normalize(file: string): string {
  return path.normalize(file).split(path.sep).join('/');
}
