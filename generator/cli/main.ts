/**
 * The `cdl` command.
 *
 *   cdl gen [--check] [--config FILE]           regenerate everything cdl.config.json names
 *   cdl check FILE...                            diagnose only
 *   cdl layout --json --target T [--config C] FILE...   print resolved layouts
 *
 * Exit codes: 0 success, 1 diagnostics or stale output, 2 usage errors.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { Span } from '../../grammar/ast.js';
import { COMMAND_LINE, Diagnostics, formatDiagnostic, type Diagnostic } from '../../grammar/diagnostics.js';
import { compile, type CompileResult } from '../compile.js';
import type { GeneratedFile } from '../emitters/emitter.js';
import { layoutToJson } from '../emitters/layout-json.js';
import { emitters } from '../emitters/registry.js';
import { type Config, expandSpecs, readConfig } from './config.js';
import { applyPlan, OutputError, planOutput, statOf } from './output.js';

export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const processIo: Io = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
};

const USAGE = `usage:
  cdl gen [--check] [--config cdl.config.json]
  cdl check FILE...
  cdl layout --json --target TARGET [--config NAME] FILE...
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
    if (e instanceof UsageError || isArgError(e)) {
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
  if (positionals.length === 0) throw new UsageError('cdl check needs at least one FILE');
  return reportResult(compile({ files: positionals }), io) ? 0 : 1;
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

/** What `cdl gen` works from: the configuration, its specs compiled, and every problem found. */
interface Project {
  readonly config: Config | null;
  /** Spec files, relative to the configuration's directory: outputs name them so, wherever cdl runs. */
  readonly specs: readonly string[];
  readonly result: CompileResult | null;
  /** Diagnostics and sources, with spec paths relative to the working directory, for the terminal. */
  readonly diagnostics: readonly Diagnostic[];
  readonly sources: ReadonlyMap<string, string>;
}

function loadProject(file: string): Project {
  const diags = new Diagnostics();
  const { config, source } = readConfig(file, diags);
  const root = path.dirname(path.resolve(file));
  const unreadable = diags.errorCount;
  const specs = config ? expandSpecs(config.specs, root, diags) : [];
  // A missing entry is reported as such; only existing entries with no spec in them are this.
  if (config && config.specs.length > 0 && specs.length === 0 && diags.errorCount === unreadable) {
    diags.error(config.specs[0]!.span, '"specs" names no .cdl files');
  }
  if (config && statOf(config.output)?.isDirectory() === false) {
    diags.error(config.outputAt, `the output '${path.relative(process.cwd(), config.output)}' is a file, not a directory`);
  }
  for (const e of config?.emitters ?? []) {
    if (!emitters.has(e.value)) diags.error(e.span, `unknown emitter '${e.value}' (known: ${[...emitters.keys()].join(', ')})`);
  }
  // The specs are compiled even when the configuration has problems, so that one run reports both.
  // Without specs, there is nothing to compile: every target and configuration would be unknown.
  const result =
    config && specs.length > 0
      ? compile({
          files: specs,
          readFile: (p) => fs.readFileSync(path.resolve(root, p), 'utf8'),
          targets: config.targets?.map((t) => t.value),
          configs: config.configs.map((c) => c.value),
          requestedAt: { targets: config.targets?.map((t) => t.span), configs: config.configs.map((c) => c.span) },
          diagnostics: diags,
        })
      : null;
  // Spec paths are the project's; the configuration file is named as the user named it.
  const shown = (f: string): string =>
    f === file || f.startsWith('<') ? f : path.relative(process.cwd(), path.resolve(root, f)).split(path.sep).join('/');
  const relocate = <T extends { readonly span: Span }>(x: T): T => ({ ...x, span: { ...x.span, file: shown(x.span.file) } });
  const diagnostics = (result?.diagnostics ?? diags.all())
    .map((d) => ({ ...relocate(d), ...(d.notes ? { notes: d.notes.map(relocate) } : {}) }))
    // The configuration's problems first: they may explain the rest.
    .sort((a, b) => Number(a.span.file !== file) - Number(b.span.file !== file));
  const sources = new Map([...(result?.sources ?? [])].map(([f, text]) => [shown(f), text]));
  sources.set(file, source);
  return { config, specs, result, diagnostics, sources };
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
  const files: GeneratedFile[] = [];
  for (const { value: name } of config.emitters) files.push(...(await emitters.get(name)!.emit({ layouts: result.layouts, specs })));
  assertUniquePaths(files);

  const plan = planOutput(config.output, files);
  const rel = (p: string) => path.join(path.relative(process.cwd(), config.output) || '.', p);
  if (values.check) {
    const stale = [...plan.write.map((f) => f.path), ...plan.remove];
    if (stale.length === 0) {
      io.stdout(`${rel('')} is up to date (${files.length} files)\n`);
      return 0;
    }
    io.stderr(`cdl: ${rel('')} is stale; run 'cdl gen' to update:\n${stale.map((p) => `  ${rel(p)}\n`).join('')}`);
    return 1;
  }
  try {
    applyPlan(config.output, plan);
  } catch (e) {
    if (!(e instanceof OutputError)) throw e;
    io.stderr(`cdl: error: cannot write the output: ${(e as Error).message}\ncdl: nothing written to ${rel('')}\n`);
    return 1;
  }
  io.stdout(`cdl: ${plan.write.length} written, ${plan.remove.length} removed, ${plan.unchanged.length} unchanged in ${rel('')}\n`);
  return 0;
}

function assertUniquePaths(files: readonly GeneratedFile[]): void {
  const seen = new Set<string>();
  for (const f of files) {
    if (seen.has(f.path)) throw new Error(`internal error: two emitters produced ${f.path}`);
    seen.add(f.path);
  }
}
