/**
 * Writing generated files safely. All outputs are computed first; then each changed file is
 * staged beside its destination and the stages are renamed into place, so a failure leaves
 * the previous outputs. Unchanged files are not touched (their mtimes stay). A manifest
 * records what CDL wrote, so CDL removes only its own obsolete files, never a user's.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GeneratedFile } from '../emitters/emitter.js';

export const MANIFEST = '.cdl-manifest';

export interface Plan {
  /** Files to create or overwrite (contents differ from disk). */
  readonly write: readonly GeneratedFile[];
  /** Files CDL wrote earlier that no emitter produces any more. */
  readonly remove: readonly string[];
  /** Files already up to date. */
  readonly unchanged: readonly string[];
}

export function planOutput(outDir: string, files: readonly GeneratedFile[]): Plan {
  const write: GeneratedFile[] = [];
  const unchanged: string[] = [];
  for (const f of files) {
    const dest = path.join(outDir, f.path);
    const current = fs.existsSync(dest) ? fs.readFileSync(dest, 'utf8') : null;
    if (current === f.contents) unchanged.push(f.path);
    else write.push(f);
  }
  const produced = new Set(files.map((f) => f.path));
  const remove = readManifest(outDir).filter((p) => !produced.has(p) && fs.existsSync(path.join(outDir, p)));
  const manifest = manifestText(files);
  const manifestPath = path.join(outDir, MANIFEST);
  if (!fs.existsSync(manifestPath) || fs.readFileSync(manifestPath, 'utf8') !== manifest) {
    write.push({ path: MANIFEST, contents: manifest });
  }
  return { write, remove, unchanged };
}

export function applyPlan(outDir: string, plan: Plan): void {
  const staged: [string, string][] = [];
  try {
    for (const f of plan.write) {
      const dest = path.join(outDir, f.path);
      fs.mkdirSync(path.dirname(dest), { recursive: true });
      const temp = `${dest}.cdl-tmp-${process.pid}`;
      fs.writeFileSync(temp, f.contents);
      staged.push([temp, dest]);
    }
  } catch (e) {
    for (const [temp] of staged) fs.rmSync(temp, { force: true });
    throw e;
  }
  for (const [temp, dest] of staged) fs.renameSync(temp, dest);
  for (const p of plan.remove) {
    fs.rmSync(path.join(outDir, p));
    removeEmptyDirs(outDir, path.dirname(path.join(outDir, p)));
  }
}

function readManifest(outDir: string): string[] {
  const file = path.join(outDir, MANIFEST);
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    // Only paths inside the output directory: a tampered manifest must not delete elsewhere.
    .filter((l) => !path.isAbsolute(l) && !l.split('/').includes('..'));
}

function manifestText(files: readonly GeneratedFile[]): string {
  const lines = files.map((f) => f.path).sort();
  return `# Files written by cdl gen; cdl removes only these when they become obsolete.\n${lines.join('\n')}\n`;
}

function removeEmptyDirs(root: string, dir: string): void {
  const stop = path.resolve(root);
  for (let d = path.resolve(dir); d.startsWith(stop) && d !== stop; d = path.dirname(d)) {
    if (fs.readdirSync(d).length > 0) return;
    fs.rmdirSync(d);
  }
}
