/**
 * The manifest, `<output>/.cdl-manifest`: the files CDL wrote there. CDL removes a file only
 * if the manifest lists it, and overwrites one only if it lists it or it is CDL's own output
 * already; whatever else is in the directory is the user's. Also the names CDL reserves in the
 * output directory for itself, and what a path read back from its own files may be.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { statOf } from './files.js';

export const MANIFEST = '.cdl-manifest';
/** Where a run stages its files before it commits them (journal.ts). */
export const STAGING = '.cdl-staging';
/** The record of a commit under way, which the next run completes (journal.ts). */
export const JOURNAL = '.cdl-journal';

const RESERVED = new Set([MANIFEST, STAGING, JOURNAL]);

/**
 * Whether `p`, read from the manifest or the journal, names a file CDL may write inside the
 * output directory: relative, in '/'-separated names none of which is empty, '.' or '..', and
 * not one of CDL's own files. A tampered file must not make CDL touch anything elsewhere.
 */
export function isOutputPath(p: unknown): p is string {
  if (typeof p !== 'string' || p === '' || p.includes('\0') || path.isAbsolute(p) || path.posix.isAbsolute(p)) return false;
  const names = p.split('/');
  return names.every((n) => n !== '' && n !== '.' && n !== '..') && !RESERVED.has(names[0]!);
}

/** Whether an emitter's file may be written at `p`: reserved names are CDL's own. */
export function isReserved(p: string): boolean {
  return RESERVED.has(p.split('/')[0]!);
}

/** The files the manifest in `outDir` lists; none if there is none. Lines that are not output paths are ignored. */
export function readManifest(outDir: string): string[] {
  const file = path.join(outDir, MANIFEST);
  if (!statOf(file)?.isFile()) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .filter(isOutputPath);
}

export function manifestText(paths: readonly string[]): string {
  const lines = [...paths].sort();
  return `# Files written by cdl gen; cdl removes only these when they become obsolete.\n${lines.join('\n')}\n`;
}
