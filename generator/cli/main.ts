/**
 * The `cdl` command.
 *
 *   cdl gen [--check] [--config FILE]           regenerate everything cdl.config.json names
 *   cdl check PATH...                            diagnose only (a directory: every spec below)
 *   cdl layout --json --target T [--config C] FILE...   print resolved layouts
 *   cdl decode [--target T] [--configuration C] [--config FILE] TYPE [VALUE...]  print values of an enum or bit layout
 *   cdl disasm [--target T] [--numeric] [--section S | --raw [--address A]] [--config FILE] FILE  list a binary's instructions
 *
 * Exit codes: 0 success, 1 diagnostics or stale output, 2 usage errors.
 */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { COMMAND_LINE, Diagnostics, formatDiagnostic, type Diagnostic } from '../../grammar/diagnostics.js';
import { compile, type CompileResult } from '../compile.js';
import { layoutToJson } from '../emitters/layout-json.js';
import { emitters } from '../emitters/registry.js';
import { EmitContext } from '../emitters/context.js';
import { expandSpecs } from './config.js';
import { decode, DecodeUsageError } from './decode.js';
import { disasm, DisasmUsageError } from './disasm.js';
import { IncompleteError, JournalError, interruptedTrace, recover } from './journal.js';
import { JOURNAL, STAGING } from './manifest.js';
import { MANIFEST, OutputError, StagedOutput, statOf } from './output.js';
import { loadProject } from './project.js';

export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Standard input, for commands that read values from it (`cdl decode`). */
  readonly stdin?: () => Promise<string>;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const processIo: Io = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
};

const USAGE = `usage:
  cdl gen [--check] [--config cdl.config.json]
  cdl check FILE|DIRECTORY...
  cdl layout --json --target TARGET [--config NAME] FILE...
  cdl decode [--target TARGET] [--configuration NAME] [--config cdl.config.json] TYPE [VALUE...]
  cdl disasm [--target TARGET] [--numeric] [--section NAME | --raw [--address ADDR]] [--config cdl.config.json] FILE
`;

class UsageError extends Error {}

export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'gen':
        return await gen(rest, io);
      case 'check':
        return check(rest, io);
      case 'layout':
        return layout(rest, io);
      case 'decode':
        return await decode(rest, { ...io, stdin: io.stdin ?? readStdin }, (diagnostics, sources) => report(diagnostics, sources, io));
      case 'disasm':
        return await disasm(rest, io, (diagnostics, sources) => report(diagnostics, sources, io));
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } catch (e) {
    if (e instanceof UsageError || e instanceof DecodeUsageError || e instanceof DisasmUsageError || isArgError(e)) {
      io.stderr(`cdl: ${(e as Error).message}\n${USAGE}`);
      return 2;
    }
    throw e;
  }
}

function isArgError(e: unknown): boolean {
  return e instanceof TypeError && typeof (e as NodeJS.ErrnoException).code === 'string' && (e as NodeJS.ErrnoException).code!.startsWith('ERR_PARSE_ARGS');
}

/** Prints diagnostics (errors and warnings) and a count; true when there were no errors. */
function report(diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, string>, io: Io): boolean {
  for (const d of diagnostics) io.stderr(`${formatDiagnostic(d, sources)}\n`);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  if (errors || warnings) io.stderr(`${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}\n`);
  return errors === 0;
}

function reportResult(result: CompileResult, io: Io): boolean {
  return report(result.diagnostics, result.sources, io);
}

function check(args: readonly string[], io: Io): number {
  const { positionals } = parseArgs({ args: [...args], allowPositionals: true, options: {} });
  if (positionals.length === 0) throw new UsageError('cdl check needs at least one FILE or DIRECTORY');
  const diags = new Diagnostics();
  // A directory stands for every spec below it; a file is read as given, to say why it cannot be.
  const files = positionals.flatMap((p) => {
    if (!statOf(p)?.isDirectory()) return [p];
    const found = expandSpecs([{ value: path.resolve(p), span: COMMAND_LINE }], process.cwd(), diags);
    if (found.length === 0) diags.error(COMMAND_LINE, `'${p}' holds no .cdl files`);
    return found;
  });
  return reportResult(compile({ files, diagnostics: diags }), io) ? 0 : 1;
}

function layout(args: readonly string[], io: Io): number {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: { json: { type: 'boolean' }, target: { type: 'string' }, config: { type: 'string' } },
  });
  if (!values.json) throw new UsageError('cdl layout prints JSON: pass --json');
  if (!values.target) throw new UsageError('cdl layout needs --target TARGET');
  if (positionals.length === 0) throw new UsageError('cdl layout needs at least one FILE');
  const result = compile({
    files: positionals,
    targets: [values.target],
    configs: [values.config ?? null],
    requestedAt: { targets: [COMMAND_LINE], configs: [COMMAND_LINE] },
  });
  if (!reportResult(result, io)) return 1;
  io.stdout(`${JSON.stringify(layoutToJson(result.layouts[0]), null, 2)}\n`);
  return 0;
}

async function gen(args: readonly string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: { check: { type: 'boolean' }, config: { type: 'string', default: 'cdl.config.json' } },
  });
  const { config, specs, result, diagnostics, sources } = loadProject(values.config!);
  if (!report(diagnostics, sources, io) || !config || !result) {
    io.stderr(`cdl: nothing written${config ? ` to ${path.relative(process.cwd(), config.output) || '.'}` : ''}\n`);
    return 1;
  }
  const rel = (p: string) => path.join(path.relative(process.cwd(), config.output) || '.', p);
  if (values.check) {
    // --check changes nothing, so it does not recover an interrupted run either (it may run
    // where nothing may be written, as in CI); and it cannot say an output is up to date while
    // a run's journal is half applied: it reports the output stale, and what to run.
    const trace = interruptedTrace(config.output);
    if (trace) {
      const doing = trace === JOURNAL ? 'complete it' : `remove ${rel(STAGING)}`;
      io.stderr(`cdl: ${rel('')} is stale: a cdl gen was interrupted there (${rel(trace)}); run 'cdl gen' to ${doing}\n`);
      return 1;
    }
  } else {
    // An interrupted run is completed, or rolled back, before this one stages anything
    // (journal.ts): this run compares its files with a whole output, old or new.
    try {
      const done = recover(config.output);
      if (done === 'completed') io.stdout(`cdl: completed the interrupted run recorded in ${rel(JOURNAL)}\n`);
      if (done === 'rolled back') io.stdout(`cdl: removed ${rel(STAGING)}, left by an interrupted run\n`);
    } catch (e) {
      return outputFailure(e, rel, io);
    }
  }
  // Each file is staged as it is produced (output.ts); one context for the run: what the
  // emitters share, dropped with it.
  const out = new StagedOutput(config.output, values.check === true);
  const context = new EmitContext();
  try {
    for (const { value: name } of config.emitters) {
      for await (const f of emitters.get(name)!.emit({ layouts: result.layouts, specs, runtime: config.runtime, context })) out.add(f);
    }
  } catch (e) {
    out.abort();
    return outputFailure(e, rel, io);
  }
  const summary = out.summary();
  if (values.check) {
    const stale = [...summary.written, ...summary.removed, ...(summary.manifestChanged ? [MANIFEST] : [])];
    if (stale.length === 0) {
      io.stdout(`${rel('')} is up to date (${summary.unchanged.length} files)\n`);
      return 0;
    }
    io.stderr(`cdl: ${rel('')} is stale; run 'cdl gen' to update:\n${stale.map((p) => `  ${rel(p)}\n`).join('')}`);
    return 1;
  }
  if (summary.foreign.length > 0) {
    out.abort();
    const list = summary.foreign.map((p) => `  ${rel(p)}\n`).join('');
    io.stderr(`cdl: error: these files were not written by cdl, and would be overwritten; move them away first:\n${list}`);
    io.stderr(`cdl: nothing written to ${rel('')}\n`);
    return 1;
  }
  try {
    out.commit();
  } catch (e) {
    return outputFailure(e, rel, io);
  }
  io.stdout(`cdl: ${summary.written.length} written, ${summary.removed.length} removed, ${summary.unchanged.length} unchanged in ${rel('')}\n`);
  return 0;
}

/**
 * Reports why the output could not be written, and in what state it is: as it was, or with a
 * journal that the next run completes. Anything but an OutputError is a bug, and is thrown on.
 */
function outputFailure(e: unknown, rel: (p: string) => string, io: Io): number {
  if (!(e instanceof OutputError)) throw e;
  if (e instanceof JournalError) {
    // Checked before any step: the journal was not applied at all.
    io.stderr(`cdl: error: cannot complete the run recorded in ${rel(JOURNAL)}: ${e.message}\n`);
    io.stderr(`cdl: nothing written to ${rel('')}; to give up that run instead, remove ${rel(JOURNAL)} and ${rel(STAGING)}\n`);
  } else if (e instanceof IncompleteError) {
    io.stderr(`cdl: error: cannot put the output in place: ${e.message}\n`);
    io.stderr(`cdl: ${rel(JOURNAL)} records what is left to do; run 'cdl gen' again once that is fixed\n`);
  } else {
    io.stderr(`cdl: error: cannot write the output: ${e.message}\ncdl: nothing written to ${rel('')}\n`);
  }
  return 1;
}
