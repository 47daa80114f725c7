import { createHash } from 'node:crypto';

/** A text's SHA-256, for keys: equal digests are equal texts, and a short key is quick to look up. */
export function digest(text: string): string {
  return createHash('sha256').update(text).digest('base64');
}
