/**
 * `cdl walk [--target T] [--scheme S] --root ADDR [--access A] [--mode M] [--option O] MEMORY-FILE [VA...]`:
 * virtual addresses translated through the page tables of a raw physical-memory image (file
 * offset = physical address), by a paging scheme of the project's specs, through the decode
 * tables and runtime/paging.ts, as a kernel developer checks a crash dump's tables. One line per
 * address: the physical address, page size, rights and the entries visited, or the fault in
 * the architecture's own words (`PageFaultError{present write user}`, `Scause64{code=15}`).
 *
 * The image is read where the walk goes, never whole (a dump may be larger than memory); it
 * must be a regular file, opened without blocking, so that a FIFO or a device is refused
 * rather than waited on. Addresses come from the command line, or from standard input.
 */
import * as fs from 'node:fs';
import type { Diagnostic } from '../../grammar/diagnostics.js';
import { formatWalk, pagingScheme, walkPages, type PagingAccess, type PagingMode, type PhysicalMemory } from '../../runtime/paging.js';
import { valueTables } from '../emitters/tables/index.js';
import { pagingTables } from '../lower/machine-data.js';
import { readFailure } from '../program/read.js';
import { UsageError, type Parsed } from './commands.js';
import { parseValue } from './decode.js';
import { configFile } from './find-config.js';
import { loadProject } from './project.js';

export interface WalkIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Standard input, read when no address is given. */
  readonly stdin: () => Promise<string>;
}

const ACCESSES: readonly PagingAccess[] = ['read', 'write', 'execute'];
const MODES: readonly PagingMode[] = ['supervisor', 'user'];

export async function walk(
  values: Parsed['values'],
  positionals: readonly string[],
  io: WalkIo,
  report: (diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, string>) => boolean,
): Promise<number> {
  const [file, ...given] = positionals;
  const rootText = values['root'] as string | undefined;
  if (rootText === undefined) throw new UsageError('cdl walk needs --root ADDRESS, the physical address of the top-level page table');
  if (!file) throw new UsageError('cdl walk needs a MEMORY-FILE: a raw image of physical memory');
  const accessText = (values['access'] as string | undefined) ?? 'read';
  const access = ACCESSES.find((a) => a === accessText);
  if (!access) throw new UsageError(`--access is one of ${ACCESSES.join(', ')}, not '${accessText}'`);
  const modeText = (values['mode'] as string | undefined) ?? 'supervisor';
  const mode = MODES.find((m) => m === modeText);
  if (!mode) throw new UsageError(`--mode is one of ${MODES.join(', ')}, not '${modeText}'`);
  const options = (values['option'] as readonly string[] | undefined) ?? [];
  const schemeName = values['scheme'] as string | undefined;
  const root = parseValue(rootText);
  if (root === null || root < 0n || root > BigInt(Number.MAX_SAFE_INTEGER)) return fail(io, `'${rootText}' is not a physical address`);

  const { result, diagnostics, sources } = loadProject(configFile(values['config'] as string | undefined), {
    target: values['target'] as string | undefined,
    config: (values['configuration'] as string | undefined) ?? null,
  });
  if (!report(diagnostics, sources) || !result || result.layouts.length === 0) return 1;
  const layout = result.layouts[0]!;
  const tables = valueTables(layout);
  // The schemes as the tables file holds them, typed as the runtime reads them.
  const paging = pagingTables(layout);
  const names = Object.keys(paging);
  if (names.length === 0) return fail(io, `the specs give no paging scheme for ${layout.target.name}`);
  const scheme = pagingScheme(paging, schemeName);
  if (!scheme) return fail(io, `no paging scheme '${schemeName}' for ${layout.target.name} (its schemes: ${names.join(', ')})`);

  const image = openImage(file);
  if (typeof image === 'string') return fail(io, `cannot read the memory image '${file}': ${image}`);
  try {
    const words = given.length ? given : (await io.stdin()).split(/\s+/).filter((w) => w !== '');
    let status = 0;
    for (const text of words) {
      const va = parseValue(text);
      if (va === null || va < 0n || va >= 1n << 64n) {
        io.stderr(`cdl: error: '${text}' is not a 64-bit virtual address\n`);
        status = 1;
        continue;
      }
      io.stdout(`${formatWalk(walkPages(tables, scheme, image.memory, root, { va, access, mode, options }))}\n`);
    }
    return status;
  } finally {
    fs.closeSync(image.fd);
  }
}

function fail(io: WalkIo, message: string): number {
  io.stderr(`cdl: error: ${message}\n`);
  return 1;
}

/**
 * The image as memory read on demand, or why it cannot be: only a regular file, opened without
 * blocking (a FIFO's open would wait for a writer), checked on the open descriptor.
 */
function openImage(file: string): { fd: number; memory: PhysicalMemory } | string {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (e) {
    return readFailure(e);
  }
  const stat = fs.fstatSync(fd);
  if (!stat.isFile()) {
    fs.closeSync(fd);
    return stat.isDirectory() ? readFailure({ code: 'EISDIR' }) : readFailure({ code: 'ENOTREG' });
  }
  const size = stat.size;
  const memory = (address: number, length: number): Uint8Array | null => {
    if (address + length > size) return null;
    const b = Buffer.alloc(length);
    // A file that shrank under us reads short: that part is outside the memory.
    return fs.readSync(fd, b, 0, length, address) === length ? b : null;
  };
  return { fd, memory };
}
