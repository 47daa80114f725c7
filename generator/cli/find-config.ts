/**
 * Which configuration a command uses: the file `--config` names, or else `cdl.config.json` in
 * the working directory or the nearest directory above it, as tsc finds tsconfig.json, so that
 * `cdl gen` works from anywhere inside a project.
 */
import * as path from 'node:path';
import { statOf } from './files.js';
import { findUp } from '../util/find-up.js';

export const CONFIG_FILE = 'cdl.config.json';

/** There is no configuration to use: said in words, not as an error at `cdl.config.json:1:1`. */
export class NoProjectError extends Error {}

/** `cdl.config.json` in `from` or the nearest directory above it, or null. */
export function findConfig(from: string): string | null {
  // Only a file counts: a directory of that name is not a configuration to stop at.
  const dir = findUp(from, (d) => statOf(path.join(d, CONFIG_FILE))?.isDirectory() === false);
  return dir === null ? null : path.join(dir, CONFIG_FILE);
}

/**
 * The configuration file to use, as the terminal should name it (relative to the working
 * directory). `given` (from `--config`) is used as it is, to be reported if it is unreadable.
 */
export function configFile(given: string | undefined, cwd = process.cwd()): string {
  if (given !== undefined) return given;
  const found = findConfig(cwd);
  if (found === null) {
    throw new NoProjectError(`no ${CONFIG_FILE} in ${cwd} or any directory above it: run 'cdl init' to start a project here, or name a configuration with --config FILE`);
  }
  return path.relative(cwd, found) || CONFIG_FILE;
}
