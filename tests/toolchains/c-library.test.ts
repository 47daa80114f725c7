/**
 * generator/c-library.ts against the compilers: every name the C standard headers spell on
 * any target, as its gcc and C library see them, is in the generator's lists (and so escaped
 * in C output). The lists are written from the compilers with `CDL_UPDATE_C_LIBRARY=1 npx
 * vitest run tests/toolchains/c-library.test.ts`.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { C_LIBRARY_FILE_SCOPE, C_LIBRARY_MACROS } from '../../generator/c-library.js';
import { C_KEYWORDS } from '../../generator/names.js';
import { BUILTIN_TARGETS, candidateNames, findToolchain } from '../oracle/toolchains.js';
import { cLibraryNames, type LibraryNames } from './c-library-names.js';
import { skipFor } from './tools.js';

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '../..');
// riscv32 has no C library in Debian: its headers are riscv64's, which that gcc already asks.
const HOSTED = BUILTIN_TARGETS.filter((t) => t !== 'riscv32');

describe('the C standard library names generator/c-library.ts lists', () => {
  for (const target of HOSTED)
    it(`hold every name the headers spell on ${target}`, (ctx) => {
      const cc = findToolchain(target);
      if (!cc) skipFor(ctx, `no C compiler for ${target} (tried ${candidateNames(target)})`);
      const names = cLibraryNames(cc.argv);
      if (typeof names === 'string') skipFor(ctx, `${target}'s C library headers are not usable: ${names}`);
      expect(
        [...names.macros].filter((n) => !C_LIBRARY_MACROS.has(n)),
        'macros missing',
      ).toEqual([]);
      expect(
        [...names.fileScope].filter((n) => !C_KEYWORDS.has(n) && !C_LIBRARY_FILE_SCOPE.has(n) && !C_LIBRARY_MACROS.has(n)),
        'file-scope names missing',
      ).toEqual([]);
    }, 60_000);

  it.runIf(process.env.CDL_UPDATE_C_LIBRARY === '1')(
    'are written from every target compiler found',
    () => {
      const all: LibraryNames[] = [];
      for (const target of HOSTED) {
        const cc = findToolchain(target);
        const names = cc && cLibraryNames(cc.argv);
        if (names && typeof names !== 'string') all.push(names);
      }
      const macros = new Set(all.flatMap((n) => [...n.macros]));
      const fileScope = new Set(all.flatMap((n) => [...n.fileScope]).filter((n) => !macros.has(n) && !C_KEYWORDS.has(n)));
      writeFileSync(join(ROOT, 'generator/c-library.ts'), render([...macros].sort(), [...fileScope].sort(), all.length));
    },
    600_000,
  );
});

function render(macros: string[], fileScope: string[], compilers: number): string {
  const list = (names: string[]): string => {
    const lines: string[] = [];
    let line = ' ';
    for (const n of names) {
      const item = ` '${n}',`;
      if (line.length + item.length > 100) {
        lines.push(line);
        line = ' ';
      }
      line += item;
    }
    if (line.trim()) lines.push(line);
    return lines.join('\n');
  };
  return `/**
 * The names the C standard library's headers (the 29 of C11) spell, on the eight targets as
 * their gcc and C library see them (${compilers} compilers; riscv32 shares riscv64's headers). A C
 * header of CDL's is included beside any of them, so the names a spec gives are escaped past
 * these (generator/names.ts): a struct member named \`errno\` or \`stdin\` would meet a macro,
 * a struct or constant named \`printf\` or \`FILE\` a declaration. Names starting with \`_\` are
 * not listed: C reserves them as a class, and names.ts escapes them so.
 *
 * Written by \`CDL_UPDATE_C_LIBRARY=1 npx vitest run tests/toolchains/c-library.test.ts\` from
 * the compilers, which that test checks the lists against. Do not edit by hand.
 */

/** Macros: they clash with a name in any role. */
export const C_LIBRARY_MACROS: ReadonlySet<string> = new Set([
${list(macros)}
]);

/** Functions, types, objects and enumerators declared at file scope: they clash with file-scope names. */
export const C_LIBRARY_FILE_SCOPE: ReadonlySet<string> = new Set([
${list(fileScope)}
]);

/** Both. */
export const C_LIBRARY_NAMES: ReadonlySet<string> = new Set([...C_LIBRARY_MACROS, ...C_LIBRARY_FILE_SCOPE]);
`;
}
