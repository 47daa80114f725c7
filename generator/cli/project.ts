/**
 * What `cdl gen` works from: `cdl.config.json` read and checked, its specs found and compiled,
 * and every problem of either, ready to print.
 *
 * Specs are compiled under paths relative to the configuration's directory, so that the outputs,
 * which name them, are the same wherever cdl runs; diagnostics name them relative to the working
 * directory, as a terminal can open them.
 */
import * as path from 'node:path';
import type { Span } from '../../grammar/ast.js';
import { COMMAND_LINE, Diagnostics, type Diagnostic } from '../../grammar/diagnostics.js';
import { compile, type CompileResult } from '../compile.js';
import { emitters } from '../emitters/registry.js';
import { type Config, expandSpecs, readConfig } from './config.js';
import { statOf } from './output.js';
import { readSourceFile } from '../program/read.js';
import type { Session } from '../session.js';

/** What the commands use of a compilation (Project.result). */
export type ProjectLayouts = Pick<CompileResult, 'layouts' | 'sources'>;

/** What `cdl gen` works from: the configuration, its specs compiled, and every problem found. */
export interface Project {
  readonly config: Config | null;
  /** Spec files, relative to the configuration's directory: outputs name them so, wherever cdl runs. */
  readonly specs: readonly string[];
  /**
   * What the commands use of the compilation: the layouts and the sources. The syntax trees,
   * symbol table and checker's maps are not kept, so that a run lets them go before it emits.
   */
  readonly result: ProjectLayouts | null;
  /** Diagnostics and sources, with spec paths relative to the working directory, for the terminal. */
  readonly diagnostics: readonly Diagnostic[];
  readonly sources: ReadonlyMap<string, string>;
}

/**
 * `only`: compile for one target and configuration given on the command line (`cdl decode`)
 * rather than every one the configuration names; the target defaults to the configuration's
 * first (x86_64 without one). `targets`/`configs`: those given on the command line (`cdl
 * check --target`) instead of the configuration's. `settingsOnly`: read the configuration and
 * compile nothing.
 */
export function loadProject(
  file: string,
  only?: {
    readonly target?: string;
    readonly config?: string | null;
    readonly targets?: readonly string[];
    readonly configs?: readonly string[];
    readonly settingsOnly?: boolean;
  },
  /** What a long-lived process keeps from run to run (`cdl gen --watch`). */
  session?: Session,
): Project {
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
    config && specs.length > 0 && !only?.settingsOnly
      ? compile({
          files: specs,
          readFile: (p) => readSourceFile(path.resolve(root, p)),
          ...(only?.targets || only?.configs
            ? {
                targets: only.targets ?? config.targets?.map((t) => t.value),
                configs: only.configs ?? config.configs.map((c) => c.value),
                requestedAt: {
                  targets: only.targets ? only.targets.map(() => COMMAND_LINE) : config.targets?.map((t) => t.span),
                  configs: only.configs ? only.configs.map(() => COMMAND_LINE) : config.configs.map((c) => c.span),
                },
              }
            : only && !only.settingsOnly
            ? {
                targets: [only.target ?? config.targets?.[0]?.value ?? 'x86_64'],
                configs: [only.config ?? null],
                // An unknown target or configuration is then the command line's mistake, and says so.
                requestedAt: { targets: [COMMAND_LINE], configs: [COMMAND_LINE] },
              }
            : {
                targets: config.targets?.map((t) => t.value),
                configs: config.configs.map((c) => c.value),
                requestedAt: { targets: config.targets?.map((t) => t.span), configs: config.configs.map((c) => c.span) },
              }),
          diagnostics: diags,
          ...(session ? { session } : {}),
        })
      : null;
  const terminal = forTheTerminal(result?.diagnostics ?? diags.all(), result?.sources ?? new Map(), root, file);
  if (source !== null) terminal.sources.set(file, source);
  return { config, specs, result: result && { layouts: result.layouts, sources: result.sources }, ...terminal };
}

/**
 * Diagnostics and sources with each spec named relative to the working directory, as a
 * terminal can open it, not relative to the project `root`; the configuration `file` keeps
 * the name the user gave it, and its problems come first: they may explain the rest.
 */
function forTheTerminal(
  diagnostics: readonly Diagnostic[],
  sources: ReadonlyMap<string, string>,
  root: string,
  file: string,
): { diagnostics: Diagnostic[]; sources: Map<string, string> } {
  const shown = (f: string): string =>
    f === file || f.startsWith('<') ? f : path.relative(process.cwd(), path.resolve(root, f)).split(path.sep).join('/');
  const relocate = <T extends { readonly span: Span }>(x: T): T =>
    x.span.line === 0 ? x : { ...x, span: { ...x.span, file: shown(x.span.file) } };
  return {
    diagnostics: diagnostics
      .map((d) => ({ ...relocate(d), ...(d.notes ? { notes: d.notes.map(relocate) } : {}) }))
      .sort((a, b) => Number(a.span.file !== file) - Number(b.span.file !== file)),
    sources: new Map([...sources].map(([f, text]) => [shown(f), text])),
  };
}
