/**
 * What the C standard library's headers spell, asked of a target's compiler: the names a C
 * header of CDL's must not use, since its includer may include any standard header beside it.
 *
 * - `macros`: every macro the headers define (`errno`, `EINTR`, `INT8_MAX`, `stdin`, `and`...),
 *   which clash with a name in any role, a struct member's too;
 * - `fileScope`: every other name the headers declare at file scope (functions, types,
 *   objects, enumerators: `printf`, `FILE`, `time_t`, `FE_INEXACT`), which clash with CDL's
 *   file-scope names (types, constants). Found as the compiler finds them: after including
 *   every header, `typedef int NAME;` is an error for exactly these.
 *
 * Names starting with `_` are left out: C reserves `_X` and `__x` for the implementation, and
 * generator/names.ts escapes those as a class.
 */
import { spawnSync } from 'node:child_process';

/** The headers of C11 (7.1.2), all of which a hosted implementation has. */
export const C11_HEADERS = [
  'assert.h',
  'complex.h',
  'ctype.h',
  'errno.h',
  'fenv.h',
  'float.h',
  'inttypes.h',
  'iso646.h',
  'limits.h',
  'locale.h',
  'math.h',
  'setjmp.h',
  'signal.h',
  'stdalign.h',
  'stdarg.h',
  'stdatomic.h',
  'stdbool.h',
  'stddef.h',
  'stdint.h',
  'stdio.h',
  'stdlib.h',
  'stdnoreturn.h',
  'string.h',
  'tgmath.h',
  'threads.h',
  'time.h',
  'uchar.h',
  'wchar.h',
  'wctype.h',
] as const;

export const INCLUDE_ALL = C11_HEADERS.map((h) => `#include <${h}>\n`).join('');

export interface LibraryNames {
  readonly macros: ReadonlySet<string>;
  readonly fileScope: ReadonlySet<string>;
}

/** The names the standard headers spell for the compiler `argv` (a hosted one), or an error. */
export function cLibraryNames(argv: readonly string[]): LibraryNames | string {
  const run = (args: string[], input: string) =>
    spawnSync(argv[0], [...argv.slice(1), '-std=c11', ...args, '-x', 'c', '-'], { input, encoding: 'utf8', maxBuffer: 1 << 28 });
  const defines = run(['-dM', '-E'], INCLUDE_ALL);
  if (defines.status !== 0) return `${argv.join(' ')} -dM -E: ${defines.stderr || defines.error}`;
  const macros = new Set(
    defines.stdout
      .split('\n')
      .map((l) => /^#define ([A-Za-z]\w*)/.exec(l)?.[1])
      .filter((n): n is string => n !== undefined),
  );
  const expanded = run(['-E', '-P'], INCLUDE_ALL);
  if (expanded.status !== 0) return `${argv.join(' ')} -E: ${expanded.stderr || expanded.error}`;
  const candidates = [...new Set(expanded.stdout.match(/\b[A-Za-z]\w*\b/g) ?? [])].filter((n) => !macros.has(n)).sort();
  // One typedef per line after the headers: the lines gcc rejects are the names already declared.
  const lines = INCLUDE_ALL.split('\n').length - 1;
  const probe = run(['-fsyntax-only', '-fmax-errors=0'], INCLUDE_ALL + candidates.map((n) => `typedef int ${n};\n`).join(''));
  const taken = new Set<string>();
  for (const m of probe.stderr.matchAll(/^<stdin>:(\d+):\d+: error/gm)) {
    const name = candidates[Number(m[1]) - lines - 1];
    if (name !== undefined) taken.add(name);
  }
  return { macros, fileScope: taken };
}
