/**
 * `cdl doc [--config FILE] [--out DIR]`: the project's reference site (site.ts), written as
 * `cdl gen` writes its output: each file staged, then put in place through the journal at
 * once (cli/output.ts, cli/journal.ts), with a manifest (`.cdl-manifest`) so that a later run
 * removes only files CDL wrote, refuses to overwrite any other, and a failed or killed run
 * leaves the old site. The directory is `--out`, else `doc` beside the configuration's output
 * directory (`generated` → `doc`): not inside it, so that `cdl gen`, which owns that one,
 * and `cdl doc` never see each other's files.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic } from '../../grammar/diagnostics.js';
import type { Parsed } from '../cli/commands.js';
import { configFile } from '../cli/find-config.js';
import { IncompleteError, JournalError, recover } from '../cli/journal.js';
import { JOURNAL, STAGING } from '../cli/manifest.js';
import { OutputError, StagedOutput } from '../cli/output.js';
import { loadProject } from '../cli/project.js';
import { siteFiles } from './site.js';

export interface DocIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** The site's directory when `--out` is not given: `doc` beside the output directory. */
export function defaultDocDir(output: string): string {
  return path.join(path.dirname(output), 'doc');
}

/**
 * The runtime as one classic script, defining the global `CDL`: dist/runtime.browser.js,
 * which `npm run build` bundles from runtime/index.ts. Found from this module's directory
 * upward (it runs from dist/generator/doc, and from generator/doc under the tests).
 */
export function runtimeScript(): string {
  for (let dir = import.meta.dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'dist', 'runtime.browser.js');
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(file)) return fs.readFileSync(file, 'utf8');
    if (path.dirname(dir) === dir) throw new OutputError("the browser build of the runtime (dist/runtime.browser.js) is missing: run 'npm run build'");
  }
}

export async function doc(
  values: Parsed['values'],
  io: DocIo,
  report: (diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, string>) => boolean,
  quiet = false,
): Promise<number> {
  const file = configFile(values['config'] as string | undefined);
  const { config, specs, result, diagnostics, sources } = loadProject(file);
  if (!report(diagnostics, sources) || !config || !result || result.layouts.length === 0) {
    io.stderr('cdl: no documentation written: the specs or the configuration have errors\n');
    return 1;
  }
  const out = values['out'] !== undefined ? path.resolve(values['out'] as string) : defaultDocDir(config.output);
  const rel = (p: string) => path.join(path.relative(process.cwd(), out) || '.', p);
  // One manifest a directory: sharing cdl gen's, this run would take its files for obsolete ones of its own.
  if (path.resolve(out) === path.resolve(config.output)) {
    io.stderr(`cdl: error: ${rel('')} is the output directory of cdl gen; the site needs a directory of its own (--out DIR)\n`);
    return 1;
  }
  let staged: StagedOutput | null = null;
  try {
    // A run interrupted here before is completed or rolled back first, as cdl gen does.
    const done = recover(out);
    if (done === 'completed' && !quiet) io.stdout(`cdl: completed the interrupted run recorded in ${rel(JOURNAL)}\n`);
    if (done === 'rolled back' && !quiet) io.stdout(`cdl: removed ${rel(STAGING)}, left by an interrupted run\n`);
    staged = new StagedOutput(out, false);
    for (const f of siteFiles({ layouts: result.layouts, specs, runtimeScript: runtimeScript() })) staged.add(f);
    const summary = staged.summary();
    if (summary.foreign.length > 0) {
      staged.abort();
      io.stderr(`cdl: error: these files were not written by cdl, and would be overwritten; move them away first:\n${summary.foreign.map((p) => `  ${rel(p)}\n`).join('')}`);
      io.stderr(`cdl: nothing written to ${rel('')}\n`);
      return 1;
    }
    staged.commit();
    if (!quiet) io.stdout(`cdl: ${summary.written.length} written, ${summary.removed.length} removed, ${summary.unchanged.length} unchanged in ${rel('')}; open ${rel('index.html')}\n`);
    return 0;
  } catch (e) {
    staged?.abort();
    if (!(e instanceof OutputError)) throw e;
    if (e instanceof JournalError) io.stderr(`cdl: error: cannot complete the run recorded in ${rel(JOURNAL)}: ${e.message}\ncdl: nothing written; to give it up, remove ${rel(JOURNAL)} and ${rel(STAGING)}\n`);
    else if (e instanceof IncompleteError) io.stderr(`cdl: error: cannot put the site in place: ${e.message}\ncdl: ${rel(JOURNAL)} records what is left to do; run 'cdl doc' again once that is fixed\n`);
    else io.stderr(`cdl: error: cannot write the site: ${e.message}\ncdl: nothing written to ${rel('')}\n`);
    return 1;
  }
}
