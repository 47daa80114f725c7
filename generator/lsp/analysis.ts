/**
 * One open document compiled as `cdl check` would compile it: the text the editor holds (not
 * the file on disk), its imports from the other open documents or else from disk, for the
 * targets and configurations of the project it belongs to (the `cdl.config.json` found upward
 * from the file, as the CLI finds it), or every target outside a project.
 */
import * as path from 'node:path';
import type { Span } from '../../grammar/ast.js';
import { Diagnostics } from '../../grammar/diagnostics.js';
import { expandSpecs, readConfig } from '../cli/config.js';
import { findConfig } from '../cli/find-config.js';
import { compile, type CompileResult } from '../compile.js';
import { normalize } from '../program/load.js';
import { readSourceFile } from '../program/read.js';
import { Texts } from './positions.js';
import { ReferenceIndex } from './references.js';

export interface Analysis {
  /** The document's path, as the compiler spells it. */
  readonly file: string;
  readonly version: number;
  readonly result: CompileResult;
  readonly texts: Texts;
  readonly index: ReferenceIndex;
  /** The configuration file used, or null outside a project. */
  readonly configFile: string | null;
}

/**
 * Where a project's targets and configurations are said to be asked for. A project's specs
 * together declare its configurations, but one document and its imports may not: the
 * compiler's "unknown configuration" for those is no problem of the document's: it is
 * dropped, and the document compiled again for those it declares (see `analyze`).
 */
const REQUESTED: Span = { file: '<cdl.config.json>', start: 0, end: 0, line: 0, column: 0 };

/** The targets and configurations of the project `file` is in; nulls outside one. */
export function projectSettings(file: string): { configFile: string | null; targets: string[] | null; configs: (string | null)[] | null } {
  const configFile = findConfig(path.dirname(file));
  if (configFile === null) return { configFile, targets: null, configs: null };
  // Its own problems are `cdl gen`'s to report: here a bad configuration means the defaults.
  const { config } = readConfig(configFile, new Diagnostics());
  return { configFile, targets: config?.targets?.map((t) => t.value) ?? null, configs: config?.configs.map((c) => c.value) ?? null };
}

export function analyze(file: string, version: number, openText: (file: string) => string | undefined): Analysis {
  const settings = projectSettings(file);
  const run = (targets: readonly string[] | undefined, configs: readonly (string | null)[] | undefined): CompileResult =>
    compile({
      files: [file],
      targets,
      configs,
      requestedAt: { targets: targets?.map(() => REQUESTED), configs: configs?.map(() => REQUESTED) },
      readFile: (p) => openText(p) ?? readSourceFile(p),
    });
  let result = run(settings.targets ?? undefined, settings.configs ?? undefined);
  // An error there leaves the run without layouts (and hover without sizes): run again with
  // only what this document's program declares. Rare: most documents see the whole project.
  if (result.table && result.diagnostics.some((d) => d.span.file === REQUESTED.file)) {
    const table = result.table;
    result = run(settings.targets?.filter((t) => table.targets.has(t)), settings.configs?.filter((c) => c === null || table.configs.has(c)));
  }
  const diagnostics = result.diagnostics.filter((d) => d.span.file !== REQUESTED.file);
  const kept: CompileResult = { ...result, diagnostics };
  return { file, version, result: kept, texts: new Texts(result.sources), index: new ReferenceIndex(result.program, result.table), configFile: settings.configFile };
}

/**
 * Every spec of a project, bound and checked (not laid out), for find references: the uses of
 * a declaration in files no open document imports. Compiled on demand, for that request only.
 */
export function analyzeProject(configFile: string, openText: (file: string) => string | undefined): { readonly index: ReferenceIndex; readonly texts: Texts } | null {
  const diags = new Diagnostics();
  const { config } = readConfig(configFile, diags);
  if (!config) return null;
  const root = path.dirname(configFile);
  const files = expandSpecs(config.specs, root, diags).map((f) => normalize(path.resolve(root, f)));
  if (files.length === 0) return null;
  const result = compile({ files, stopAfter: 'check', readFile: (p) => openText(p) ?? readSourceFile(p) });
  return { index: new ReferenceIndex(result.program, result.table), texts: new Texts(result.sources) };
}
