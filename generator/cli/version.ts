/** `cdl --version`: the version of the package this file belongs to. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findUp } from '../util/find-up.js';

/** The version in the nearest package.json above this module (built or not), or 'unknown'. */
export function version(): string {
  const dir = findUp(import.meta.dirname, (d) => fs.existsSync(path.join(d, 'package.json')));
  return dir === null ? 'unknown' : ((JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version?: string }).version ?? 'unknown');
}
