/**
 * `cdl fmt [--check] [PATH...]`: prints specs in the one layout of grammar/printer.ts. Files are
 * rewritten in place, each at once (a temporary file beside it, renamed over it), and only
 * those that change; a file with syntax errors is reported and left as it is. `--check` writes
 * nothing and exits 1 listing the files that are not formatted, for CI. Without a PATH, the
 * specs of the project (cdl.config.json here or above), as `cdl check` takes them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { COMMAND_LINE, Diagnostics, fileSpan, type Diagnostic } from '../../grammar/diagnostics.js';
import { formatSource } from '../../grammar/printer.js';
import { readFailure, readSourceFile } from '../program/read.js';
import { UsageError, type Parsed } from './commands.js';
import { expandSpecs } from './config.js';
import { rename, statOf, writeFile, removeFile } from './files.js';
import { configFile, findConfig } from './find-config.js';
import type { Io } from './main.js';
import { loadProject } from './project.js';

export interface FmtRun {
  readonly io: Io;
  readonly quiet: boolean;
  readonly verbose: boolean;
  /** Prints diagnostics as every command does; false when there were errors. */
  readonly report: (diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, string>) => boolean;
}

export function fmt(values: Parsed['values'], positionals: readonly string[], run: FmtRun): number {
  const diags = new Diagnostics();
  const sources = new Map<string, string>();
  const files = specFiles(values, positionals, diags, sources);
  const changed: string[] = [];
  let unchanged = 0;
  for (const file of files) {
    let text: string;
    try {
      text = readSourceFile(file);
    } catch (e) {
      diags.error(fileSpan(file), `cannot read '${file}': ${readFailure(e)}`);
      continue;
    }
    sources.set(file, text);
    const result = formatSource(file, text);
    if (!result.ok) {
      for (const d of result.diagnostics) diags.add(d);
      continue;
    }
    if (result.text === text) {
      unchanged++;
      if (run.verbose) run.io.stdout(`  unchanged ${file}\n`);
      continue;
    }
    changed.push(file);
    if (values['check'] !== true) {
      try {
        replace(file, result.text);
      } catch (e) {
        changed.pop();
        diags.error(fileSpan(file), `cannot write '${file}': ${readFailure(e)}`);
        continue;
      }
      if (!run.quiet) run.io.stdout(`reformatted ${file}\n`);
    }
  }
  const ok = run.report(diags.all(), sources);
  if (values['check'] === true) {
    if (changed.length > 0) {
      run.io.stderr(`cdl: ${count(changed.length)} not formatted; run 'cdl fmt' to format:\n${changed.map((f) => `  ${f}\n`).join('')}`);
      return 1;
    }
    if (ok && !run.quiet) run.io.stdout(`cdl: ${count(unchanged)} already formatted\n`);
    return ok ? 0 : 1;
  }
  if (!run.quiet) run.io.stdout(`cdl: ${changed.length} reformatted, ${unchanged} unchanged\n`);
  return ok ? 0 : 1;
}

function count(n: number): string {
  return `${n} file${n === 1 ? '' : 's'}`;
}

/** The files to format, named as the user can open them (relative to the working directory). */
function specFiles(values: Parsed['values'], positionals: readonly string[], diags: Diagnostics, sources: Map<string, string>): string[] {
  const shown = (p: string): string => path.relative(process.cwd(), p).split(path.sep).join('/') || '.';
  if (positionals.length === 0) {
    const named = values['config'] as string | undefined;
    if (named === undefined && findConfig(process.cwd()) === null) {
      throw new UsageError('cdl fmt needs a FILE or DIRECTORY, or a project (a cdl.config.json here or above)');
    }
    const file = configFile(named);
    const project = loadProject(file, { settingsOnly: true });
    if (project.config === null) {
      // cdl.config.json cannot be read: its problems, shown in it.
      for (const d of project.diagnostics) diags.add(d);
      for (const [f, text] of project.sources) sources.set(f, text);
      return [];
    }
    const root = path.dirname(path.resolve(file));
    return project.specs.map((p) => shown(path.resolve(root, p)));
  }
  // A directory stands for every spec below it, as for `cdl check`.
  return positionals.flatMap((p) => {
    if (!statOf(p)?.isDirectory()) return [p];
    const found = expandSpecs([{ value: path.resolve(p), span: COMMAND_LINE }], process.cwd(), diags);
    if (found.length === 0) diags.error(COMMAND_LINE, `'${p}' holds no .cdl files`);
    return found.map(shown);
  });
}

/**
 * Puts `text` in place of `file` at once: a reader (or a killed `cdl fmt`) sees the old file or
 * the new one, never a part. The temporary file is in the same directory, so the rename is one
 * step on one file system, and takes the old file's permissions.
 */
function replace(file: string, text: string): void {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.cdl-fmt-${process.pid}`);
  try {
    writeFile(temporary, text);
    fs.chmodSync(temporary, fs.statSync(file).mode & 0o7777);
    rename(temporary, file);
  } catch (e) {
    removeFile(temporary);
    throw e;
  }
}
