/**
 * `cdl decode [--target T] [--configuration NAME] [--config FILE] TYPE [VALUE...]`: a value, as the
 * kernel developer has it from gdb or a serial log, decoded by the project's specs through the
 * decode tables (runtime/tables.ts): `cdl decode x86.PageFaultError 0x7` prints
 * `PageFaultError{present write user}`, and any problem `validate` finds on the next lines.
 * Values come from the command line, or from standard input (whitespace-separated) when none
 * is given; each is decimal, `0x`, `0o` or `0b`, with `_` between digits.
 */
import type { Diagnostic } from '../../grammar/diagnostics.js';
import { editDistance } from '../../grammar/messages.js';
import { findType, formatBits, formatValue, validateBits, type ValueTables } from '../../runtime/tables.js';
import { valueTables } from '../emitters/tables/index.js';
import { UsageError, type Parsed } from './commands.js';
import { configFile } from './find-config.js';
import { loadProject } from './project.js';

export interface DecodeIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Standard input, read when no value is given. */
  readonly stdin: () => Promise<string>;
}

export async function decode(
  values: Parsed['values'],
  positionals: readonly string[],
  io: DecodeIo,
  report: (diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, string>) => boolean,
): Promise<number> {
  const [typeName, ...given] = positionals;
  if (!typeName) throw new UsageError('cdl decode needs a TYPE (an enum or a bit layout: x86.Pte)');
  const file = configFile(values['config'] as string | undefined);
  const { result, diagnostics, sources } = loadProject(file, { target: values['target'] as string | undefined, config: (values['configuration'] as string | undefined) ?? null });
  if (!report(diagnostics, sources) || !result || result.layouts.length === 0) return 1;
  const tables = valueTables(result.layouts[0]!);
  const type = findType(tables, typeName);
  if (!type) {
    io.stderr(`cdl: no enum or bit layout '${typeName}' in the specs of ${file}${suggestion(tables, typeName)}\n`);
    return 1;
  }
  if (type.kind === 'struct' || type.kind === 'union') {
    io.stderr(`cdl: '${typeName}' is a ${type.kind}: cdl decode reads values of enums and bit layouts\n`);
    return 1;
  }
  const words = given.length ? given : (await io.stdin()).split(/\s+/).filter((w) => w !== '');
  let status = 0;
  for (const text of words) {
    const v = parseValue(text);
    const width = type.kind === 'bits' ? type.width : type.bits;
    const fits = v !== null && (type.kind === 'enum' && type.signed ? v >= -(1n << BigInt(width - 1)) && v < 1n << BigInt(width) : v >= 0n && v < 1n << BigInt(width));
    if (!fits) {
      io.stderr(`cdl: '${text}' is not a ${width}-bit value of ${type.name}\n`);
      status = 1;
      continue;
    }
    io.stdout(`${type.kind === 'bits' ? formatBits(tables, type, v) : formatValue(tables, typeName, v)}\n`);
    if (type.kind === 'bits') for (const issue of validateBits(tables, type, v)) io.stdout(`  ${issue}\n`);
  }
  return status;
}

/** An integer as a person writes it: decimal, 0x, 0o or 0b, `_` between digits, a leading `-`. */
export function parseValue(text: string): bigint | null {
  const m = /^(-?)(0x[0-9a-f](?:_?[0-9a-f])*|0o[0-7](?:_?[0-7])*|0b[01](?:_?[01])*|[0-9](?:_?[0-9])*)$/i.exec(text.trim());
  if (!m) return null;
  const v = BigInt(m[2]!.replaceAll('_', '').replace(/^0([XOB])/, (_, c: string) => `0${c.toLowerCase()}`));
  return m[1] ? -v : v;
}

/** ` (did you mean ...?)`: the types whose name is within two edits of the one given. */
function suggestion(tables: ValueTables, name: string): string {
  const last = (q: string) => q.slice(q.lastIndexOf('.') + 1).toLowerCase();
  const want = last(name);
  const near = Object.keys(tables.types).filter((q) => editDistance(last(q), want) <= 2);
  return near.length ? ` (did you mean ${near.slice(0, 5).join(', ')}?)` : '';
}
