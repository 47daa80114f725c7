/**
 * Kaitai Struct's JavaScript output for the benchmark: the `.ksy` specs in bench/kaitai/ are
 * compiled when the benchmark starts, by the official compiler's JavaScript build, and run on
 * the official runtime, so what is timed is Kaitai's own code.
 *
 * The specs use YAML's JSON subset, so `JSON.parse` reads them without a YAML library.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface KaitaiCompiler {
  compile(language: string, ksy: unknown, importer: null, debug: boolean): Promise<Record<string, string>>;
}

/** bench/kaitai/, seen from dist/bench/ (`npm run bench`) or from bench/ (the test suite). */
function ksyDir(): URL {
  const dirs = [new URL('../../bench/kaitai/', import.meta.url), new URL('./kaitai/', import.meta.url)];
  const dir = dirs.find((u) => existsSync(new URL('x86_pte_table.ksy', u)));
  if (!dir) throw new Error(`kaitai: no .ksy files in ${dirs.map((u) => u.pathname).join(' or ')}`);
  return dir;
}

/** Parses a whole buffer with a compiled top-level type. */
export type KaitaiParse<T> = (buffer: ArrayBuffer) => T;

/** Compiles `bench/kaitai/<name>.ksy` (top-level id `name`) into a parser. */
export async function kaitaiParser<T>(name: string): Promise<KaitaiParse<T>> {
  const compiler = require('kaitai-struct-compiler') as KaitaiCompiler;
  const KaitaiStream = require('kaitai-struct/KaitaiStream') as new (buffer: ArrayBuffer) => unknown;
  const source = readFileSync(new URL(`${name}.ksy`, ksyDir()), 'utf8');
  const files = await compiler.compile('javascript', JSON.parse(source), null, false);
  const exports: Record<string, unknown> = {};
  // Each file is a UMD module: given `exports` and `require`, it takes the CommonJS branch.
  for (const code of Object.values(files)) new Function('exports', 'require', code)(exports, require);
  const id = name.replace(/(?:^|_)([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  const Type = exports[id] as (new (stream: unknown) => T) | undefined;
  if (!Type) throw new Error(`kaitai: ${name}.ksy defines no ${id}`);
  return (buffer) => new Type(new KaitaiStream(buffer));
}
