/**
 * The `cdl` command: the commands of commands.ts, each run with its parsed arguments.
 *
 *   cdl gen [--check | --watch] [--config FILE]     regenerate everything cdl.config.json names
 *   cdl check [--target T]... [PATH...]              diagnose only (the project, or the paths named)
 *   cdl fmt [--check] [PATH...]                      format specs in place (the project's, or the paths named)
 *   cdl layout --json --target T [--configuration C] FILE...   print resolved layouts
 *   cdl decode [--target T] [--configuration C] [--config FILE] TYPE [VALUE...]  print values
 *   cdl walk [--target T] [--scheme S] --root ADDR [--access A] [--mode M] MEMORY-FILE [VA...]  walk page tables
 *   cdl disasm [--target T] [--numeric] [--section S | --raw [--address A]] FILE   list a binary's instructions
 *   cdl image build [--output FILE] MANIFEST | image inspect [--target T] FILE   Coyotos images
 *   cdl doc [--out DIR] [--config FILE]              write the reference site
 *   cdl init                                         start a project here
 *   cdl lsp [--stdio]                                the language server, for editors
 *   cdl help [COMMAND], cdl COMMAND --help, cdl --version
 *
 * Exit codes: 0 success, 1 diagnostics or stale output, 2 usage errors.
 */
import * as path from 'node:path';
import { COMMAND_LINE, Diagnostics, formatDiagnostic, PLAIN, type Diagnostic, type Paint } from '../../grammar/diagnostics.js';
import { compile, type CompileResult } from '../compile.js';
import { layoutToJson } from '../emitters/layout-json.js';
import { emitters } from '../emitters/registry.js';
import { EmitContext } from '../emitters/context.js';
import { BUILTIN_TARGETS } from '../targets/builtin.js';
import { ANSI, wantsColour } from './colour.js';
import { commandHelp, commandTable, findCommand, overview, parseCommandArgs, usageLines, UsageError, type CommandSpec, type Parsed } from './commands.js';
import { expandSpecs } from './config.js';
import { decode } from './decode.js';
import { fmt } from './fmt.js';
import { disasm } from './disasm.js';
import { image } from './image.js';
import { doc } from '../doc/command.js';
import { walk } from './walk.js';
import { configFile, findConfig, NoProjectError } from './find-config.js';
import { init } from './init.js';
import { formatSource } from '../../grammar/printer.js';
import { IncompleteError, JournalError, interruptedTrace, recover } from './journal.js';
import { JOURNAL, STAGING } from './manifest.js';
import { MANIFEST, OutputError, OutputMemory, StagedOutput, statOf } from './output.js';
import { loadProject, type Project } from './project.js';
import { watch, type GenRun } from './watch.js';
import { checkedLine, genLine } from './gen-messages.js';
import { version } from './version.js';
import { contentDigest, recordedDigests, recordFile, recordUpToDate } from './last-run.js';
import { Session } from '../session.js';

export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Standard input, for commands that read values from it (`cdl decode`, `cdl walk`). */
  readonly stdin?: () => Promise<string>;
  /** Colour the diagnostics (a terminal that wants it: see colour.ts). */
  readonly colour?: boolean;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const processIo: Io = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  colour: wantsColour(process.stderr.isTTY === true, process.env),
};

const COMMANDS = commandTable({ emitters: [...emitters.keys()], targets: BUILTIN_TARGETS });

/** How a command reports: its io, the paint for diagnostics, and --quiet / --verbose. */
interface Run {
  readonly io: Io;
  readonly paint: Paint;
  readonly quiet: boolean;
  readonly verbose: boolean;
}

export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const [first, ...rest] = argv;
  let command: CommandSpec | null = null;
  try {
    if (first === '--version' || first === '-V') {
      io.stdout(`cdl ${version()}\n`);
      return 0;
    }
    if (first === undefined || first === 'help' || first === '--help' || first === '-h') {
      if (first === 'help' && rest[0] !== undefined) {
        io.stdout(commandHelp(findCommand(rest[0], COMMANDS)));
        return 0;
      }
      io.stdout(overview(COMMANDS));
      return first === undefined ? 2 : 0;
    }
    command = findCommand(first, COMMANDS);
    const { values, positionals } = parseCommandArgs(command, rest);
    if (values['help']) {
      io.stdout(commandHelp(command));
      return 0;
    }
    const run: Run = { io, paint: io.colour ? ANSI : PLAIN, quiet: values['quiet'] === true, verbose: values['verbose'] === true };
    switch (command.name) {
      case 'gen':
        if (values['watch'] === true) {
          if (values['check'] === true) throw new UsageError('--check and --watch do not go together: --check writes nothing, --watch regenerates', command);
          // One session for every run: each renders again only what a change reached.
          const kept: Kept = { session: new Session(), outputs: new OutputMemory() };
          return await watch(() => gen(values, run, kept), { io, configFile: configFile(values['config'] as string | undefined) });
        }
        return (await gen(values, run)).code;
      case 'check':
        return check(values, positionals, run);
      case 'fmt':
        return fmt(values, positionals, { io, quiet: run.quiet, verbose: run.verbose, report: (diagnostics, sources) => report(diagnostics, sources, run) });
      case 'layout':
        return layout(values, positionals, run);
      case 'decode':
        return await decode(values, positionals, { ...io, stdin: io.stdin ?? readStdin }, (diagnostics, sources) => report(diagnostics, sources, run));
      case 'walk':
        return await walk(values, positionals, { ...io, stdin: io.stdin ?? readStdin }, (diagnostics, sources) => report(diagnostics, sources, run));
      case 'disasm':
        return await disasm(values, positionals, io, (diagnostics, sources) => report(diagnostics, sources, run));
      case 'image':
        return await image(values, positionals, { ...io, tty: io === processIo && process.stderr.isTTY === true }, (diagnostics, sources) => report(diagnostics, sources, run));
      case 'lsp':
        // Loaded only here: no other command pays for the language server's modules. The
        // server formats documents with cdl fmt's printer (a file with syntax errors: no edit).
        return await (await import('../lsp/server.js')).runStdioServer({
          formatter: (text, file) => {
            const formatted = formatSource(file, text);
            return formatted.ok ? formatted.text : null;
          },
        });
      case 'doc':
        return await doc(values, io, (diagnostics, sources) => report(diagnostics, sources, run), run.quiet);
      case 'init':
        return init(process.cwd(), io);
      default:
        throw new Error(`internal error: no handler for command '${command.name}'`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`cdl: ${e.message}\n${usageLines(e.command ?? command, COMMANDS)}`);
      return 2;
    }
    if (e instanceof NoProjectError) {
      io.stderr(`cdl: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

/**
 * Prints diagnostics and a count (with --quiet, errors only and no count); true when there
 * were no errors.
 */
function report(diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, string>, run: Run): boolean {
  const shown = run.quiet ? diagnostics.filter((d) => d.severity === 'error') : diagnostics;
  for (const d of shown) run.io.stderr(`${formatDiagnostic(d, sources, run.paint)}\n`);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  if (!run.quiet && (errors || warnings)) run.io.stderr(`${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}\n`);
  return errors === 0;
}

function reportResult(result: CompileResult, run: Run): boolean {
  return report(result.diagnostics, result.sources, run);
}

/**
 * `cdl check`: inside a project (a configuration found or named), its specs for its targets
 * and configurations, or the paths named (inside it) for its targets; otherwise the paths
 * named for every built-in target. `--target` and `--configuration` choose instead.
 */
function check(values: Parsed['values'], positionals: readonly string[], run: Run): number {
  const named = values['config'] as string | undefined;
  const file = named ?? (findConfig(process.cwd()) !== null ? configFile(undefined) : null);
  const targets = values['target'] as readonly string[] | undefined;
  const configurations = values['configuration'] as readonly string[] | undefined;
  if (positionals.length === 0) {
    if (file === null) throw new UsageError('cdl check needs a FILE or DIRECTORY, or a project (a cdl.config.json here or above)');
    const { result, diagnostics, sources } = loadProject(file, targets || configurations ? { targets, configs: configurations } : undefined);
    const ok = report(diagnostics, sources, run) && result !== null;
    if (ok && run.verbose) run.io.stdout(`cdl: ${result!.sources.size} files checked for ${describeLayouts(result!)}\n`);
    return ok ? 0 : 1;
  }
  const diags = new Diagnostics();
  // A directory stands for every spec below it; a file is read as given, to say why it cannot be.
  const files = positionals.flatMap((p) => {
    if (!statOf(p)?.isDirectory()) return [p];
    const found = expandSpecs([{ value: path.resolve(p), span: COMMAND_LINE }], process.cwd(), diags);
    if (found.length === 0) diags.error(COMMAND_LINE, `'${p}' holds no .cdl files`);
    return found;
  });
  // Files of the project are checked for its targets (its configurations are declared in its
  // specs, which a few files named alone may not hold: those are asked for by name). Its file's
  // problems are its own to report (cdl gen does), so an unreadable one only means: none.
  const root = file === null ? null : path.dirname(path.resolve(file));
  const inside = root !== null && positionals.every((p) => !path.relative(root, path.resolve(p)).startsWith('..'));
  const project = inside && !targets ? loadProject(file!, { settingsOnly: true }).config : null;
  const result = compile({
    files,
    diagnostics: diags,
    targets: targets ?? project?.targets?.map((t) => t.value),
    configs: configurations,
    ...(targets || configurations ? { requestedAt: { targets: targets?.map(() => COMMAND_LINE), configs: configurations?.map(() => COMMAND_LINE) } } : {}),
  });
  const ok = reportResult(result, run);
  if (ok && run.verbose) run.io.stdout(`cdl: ${result.sources.size} files checked for ${describeLayouts(result)}\n`);
  return ok ? 0 : 1;
}

/** `x86_64, i386 (configurations: default, kernel)`, for --verbose. */
function describeLayouts(result: Pick<CompileResult, 'layouts'>): string {
  const targets = [...new Set(result.layouts.map((l) => l.target.name))];
  const configs = [...new Set(result.layouts.map((l) => l.config ?? 'default'))];
  return `${targets.join(', ')} (configuration${configs.length === 1 ? '' : 's'} ${configs.join(', ')})`;
}

function layout(values: Parsed['values'], positionals: readonly string[], run: Run): number {
  if (!values['json']) throw new UsageError('cdl layout prints JSON: pass --json');
  if (!values['target']) throw new UsageError('cdl layout needs --target TARGET');
  if (positionals.length === 0) throw new UsageError('cdl layout needs at least one FILE');
  const result = compile({
    files: positionals,
    targets: [values['target'] as string],
    configs: [(values['configuration'] as string | undefined) ?? null],
    requestedAt: { targets: [COMMAND_LINE], configs: [COMMAND_LINE] },
  });
  if (!reportResult(result, run)) return 1;
  run.io.stdout(`${JSON.stringify(layoutToJson(result.layouts[0]!), null, 2)}\n`);
  return 0;
}

/** What `cdl gen --watch` keeps from run to run: rendered text, and what it knows of the output. */
interface Kept {
  readonly session: Session;
  readonly outputs: OutputMemory;
}

/**
 * One `cdl gen` (or `--check`): its exit code, and what it read (the configuration, the spec
 * directories it names, every spec file), which `--watch` watches.
 */
async function gen(values: Parsed['values'], run: Run, kept?: Kept): Promise<GenRun> {
  const file = configFile(values['config'] as string | undefined);
  const project = loadProject(file, undefined, kept?.session);
  const root = path.dirname(path.resolve(file));
  const read = [
    path.resolve(file),
    ...(project.config?.specs ?? []).map((s) => path.resolve(root, s.value)),
    ...[...(project.result?.sources.keys() ?? [])].filter((f) => !f.startsWith('<')).map((f) => path.resolve(root, f)),
  ];
  // A run that leaves the output as the specs make it, and says nothing else, is recorded so
  // that the next one can tell without compiling (last-run.ts); --watch keeps its own memory.
  const record: Recording | undefined =
    kept || project.diagnostics.length > 0 || !project.result || !project.config || recordFile(file) === null
      ? undefined
      : {
          vouched: recordedDigests(file, project.config.output),
          write: (outputs) =>
            recordUpToDate({
              configFile: file,
              configText: project.sources.get(file) ?? null,
              specs: project.specs,
              sources: new Map([...project.result!.sources].filter(([f]) => !f.startsWith('<')).map(([f, text]) => [path.resolve(root, f), text])),
              outputDir: project.config!.output,
              outputs,
            }),
        };
  return { code: await genProject(project, values['check'] === true, run, kept, record), read, output: project.config?.output ?? null };
}

/** A run that may be recorded (last-run.ts): what the last record vouches for, and how to record this one. */
interface Recording {
  /** The digests of the output files whose stat the last record vouches for. */
  readonly vouched: ReadonlyMap<string, string>;
  /** Records the run, given every file's digest. */
  readonly write: (outputs: ReadonlyMap<string, string>) => void;
}

async function genProject(
  { config, specs, result, diagnostics, sources }: Project,
  check: boolean,
  run: Run,
  kept?: Kept,
  record?: Recording,
): Promise<number> {
  const io = run.io;
  if (!report(diagnostics, sources, run) || !config || !result) {
    // --check compares nothing when the specs do not compile: say so, not "stale".
    if (check) io.stderr(`cdl: cannot check ${config ? path.relative(process.cwd(), config.output) || '.' : 'the output'}: the specs or the configuration have errors\n`);
    else io.stderr(`cdl: nothing written${config ? ` to ${path.relative(process.cwd(), config.output) || '.'}` : ''}\n`);
    return 1;
  }
  const rel = (p: string) => path.join(path.relative(process.cwd(), config.output) || '.', p);
  if (check) {
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
  // A run that may be recorded compares the files the last record vouches for by digest.
  const out = new StagedOutput(config.output, check, kept?.outputs, record?.vouched);
  const context = new EmitContext(kept?.session);
  // The digest of every file, for the record of a run that leaves the output up to date.
  const digests = record ? new Map<string, string>() : null;
  try {
    for (const [i, { value: name }] of config.emitters.entries()) {
      for await (const f of emitters.get(name)!.emit({ layouts: result.layouts, specs, runtime: config.runtime, context })) {
        const digest = digests ? contentDigest(f.contents) : undefined;
        out.add(f, digest);
        if (digest !== undefined) digests!.set(f.path, digest);
      }
      // What only the emitters done used (a plan of C names after C and GNU as) is dropped.
      context.keepOnly(config.emitters.slice(i + 1).flatMap(({ value }) => emitters.get(value)!.shares ?? []));
    }
  } catch (e) {
    out.abort();
    return outputFailure(e, rel, io);
  }
  // Every file was rendered: what this run did not use is the session's to forget.
  kept?.session.endRun();
  const summary = out.summary();
  if (check) {
    const stale = [...summary.written, ...summary.removed, ...(summary.manifestChanged ? [MANIFEST] : [])];
    if (stale.length === 0) {
      if (digests) record!.write(digests);
      if (!run.quiet) io.stdout(checkedLine(rel(''), summary.unchanged.length));
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
  if (run.verbose) {
    for (const p of summary.written) io.stdout(`  wrote ${rel(p)}\n`);
    for (const p of summary.removed) io.stdout(`  removed ${rel(p)}\n`);
  }
  if (digests) record!.write(digests);
  if (!run.quiet) io.stdout(genLine(summary.written.length, summary.removed.length, summary.unchanged.length, rel('')));
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
