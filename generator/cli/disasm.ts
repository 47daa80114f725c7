/**
 * `cdl disasm [--target T] [--numeric] [--section NAME] [--raw --address A] [--config FILE] FILE`:
 * the instructions of a binary, one a line (address, the instruction's bits in hex, the
 * instruction), decoded through the project's decode tables (runtime/instructions.ts) as a
 * debugger would load them. An ELF file's `.text` by default, its target read from the header
 * when `--target` is not given; with `--raw`, the whole file, as bytes at `--address`. Words no
 * pattern matches print as data (`.4byte 0x53  # unknown`) and disassembly goes on.
 */
import type { Diagnostic } from '../../grammar/diagnostics.js';
import { ElfError, readElf, sectionBytes } from '../../runtime/elf.js';
import type { InstructionDecoder } from '../../runtime/instructions.js';
import { elfIdentity, findMachine, loadMachine, type ElfIdentity } from '../../runtime/machines.js';
import { machineIndex, tablesText, valueTables } from '../emitters/tables/index.js';
import { readFailure } from '../program/read.js';
import { UsageError, type Parsed } from './commands.js';
import { parseValue } from './decode.js';
import { configFile } from './find-config.js';
import { loadProject } from './project.js';
import { MAX_BINARY_BYTES, readBinaryFile } from './read-binary.js';

export interface DisasmIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

export async function disasm(
  values: Parsed['values'],
  positionals: readonly string[],
  io: DisasmIo,
  report: (diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, string>) => boolean,
): Promise<number> {
  const opt = (name: string) => values[name] as string | undefined;
  const raw = values['raw'] === true;
  const target0 = opt('target');
  const configuration = opt('configuration') ?? null;
  if (positionals.length !== 1) throw new UsageError('cdl disasm needs one FILE');
  if (opt('address') !== undefined && !raw) throw new UsageError('--address gives raw bytes their address: use it with --raw');
  if (opt('section') !== undefined && raw) throw new UsageError('--section names a section of an ELF file: not with --raw');
  if (raw && !target0) throw new UsageError('raw bytes say nothing of their target: give --target');
  const address = opt('address') === undefined ? 0n : parseValue(opt('address')!);
  if (address === null || address < 0n || address >= 1n << 64n) throw new UsageError(`--address '${opt('address')}' is not an address (decimal, 0x, 0o or 0b, below 2^64)`);
  const config = configFile(opt('config'));
  const file = positionals[0]!;
  const fail = (message: string): number => {
    io.stderr(`cdl: error: ${message}\n`);
    return 1;
  };

  let bytes: Uint8Array;
  try {
    bytes = readBinaryFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return fail(`cannot read '${file}': ${code === 'ETOOBIG_BINARY' ? `it is larger than ${MAX_BINARY_BYTES / (1024 * 1024)} MiB, the most cdl disasm reads` : readFailure(e)}`);
  }
  let code: Uint8Array = bytes;
  let pc = address;
  if (!raw) {
    let elf;
    try {
      elf = readElf(bytes);
    } catch (e) {
      if (e instanceof ElfError) return fail(`'${file}': ${e.message} (for raw bytes, pass --raw)`);
      throw e;
    }
    const name = opt('section') ?? '.text';
    const found = sectionBytes(bytes, elf, name);
    if (!found) return fail(`'${file}' has no section '${name}'`);
    code = found.bytes;
    pc = found.section.address;
  }

  const target = target0 ?? targetOfElf(bytes, config, configuration, io, report);
  if (target === null) return 1;
  const loaded = await decoderFor(config, target, configuration, report);
  if (loaded === undefined) return 1;
  const id = raw ? null : elfIdentity(bytes);
  const want = loaded.elf;
  if (id && want && (id.machine !== want.machine || id.class !== want.class || id.littleEndian !== want.littleEndian)) {
    return fail(`'${file}' is for ELF machine ${id.machine}, ${id.class}-bit, ${id.littleEndian ? 'little' : 'big'}-endian, not for ${target}`);
  }
  const decoder = loaded.decoder;
  if (decoder === null) return fail(`the specs give '${target}' no instructions`);
  const out: string[] = [];
  for (const line of decoder.disassemble(code, { pc, numeric: values['numeric'] === true })) {
    const at = (pc + BigInt(line.offset)).toString(16).padStart(8, ' ');
    const hex = line.word.toString(16).padStart(line.length * 2, '0');
    out.push(`${at}:  ${hex.padEnd(8)}  ${line.text}${line.instruction ? '' : '  # unknown'}\n`);
    if (out.length >= 4096) io.stdout(out.splice(0).join(''));
  }
  io.stdout(out.join(''));
  return 0;
}

/** The target an ELF header names among the project's; null if none (reported). */
function targetOfElf(bytes: Uint8Array, config: string, configuration: string | null, io: DisasmIo, report: (d: readonly Diagnostic[], s: ReadonlyMap<string, string>) => boolean): string | null {
  const project = loadProject(config);
  if (!report(project.diagnostics, project.sources) || !project.result) return null;
  const entry = findMachine(machineIndex(project.result.layouts), { elf: bytes, config: configuration });
  if (entry) return entry.target;
  const id = elfIdentity(bytes)!;
  io.stderr(`cdl: error: no target of ${config} is ELF machine ${id.machine}, ${id.class}-bit, ${id.littleEndian ? 'little' : 'big'}-endian: give --target\n`);
  return null;
}

/**
 * The target's instruction decoder (null if the specs give it no instructions) and ELF identity,
 * loaded from its tables as a tool loads them; undefined if the specs have errors (reported).
 */
async function decoderFor(config: string, target: string, configuration: string | null, report: (d: readonly Diagnostic[], s: ReadonlyMap<string, string>) => boolean): Promise<{ decoder: InstructionDecoder | null; elf: ElfIdentity | null } | undefined> {
  const { result, diagnostics, sources } = loadProject(config, { target, config: configuration });
  if (!report(diagnostics, sources) || !result || result.layouts.length === 0) return undefined;
  const [entry] = machineIndex(result.layouts).machines;
  const machine = await loadMachine(entry!, () => JSON.parse(tablesText(valueTables(result.layouts[0]!), '')));
  return { decoder: machine.instructions, elf: entry!.elf };
}
