/** `cdl --version`: the version of the package this file belongs to. */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The version in the nearest package.json above this module (built or not), or 'unknown'. */
export function version(): string {
  for (let dir = import.meta.dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version?: string }).version ?? 'unknown';
    if (path.dirname(dir) === dir) return 'unknown';
  }
}
