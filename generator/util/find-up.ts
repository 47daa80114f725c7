/** Looking upward through the file system, as tools find their configuration and packages. */
import * as path from 'node:path';

/** `from` or the nearest directory above it for which `holds` is true, or null. */
export function findUp(from: string, holds: (dir: string) => boolean): string | null {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (holds(dir)) return dir;
    if (path.dirname(dir) === dir) return null;
  }
}
