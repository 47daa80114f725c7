/**
 * Golden cases of `cdl fmt`: each `cases/NAME.before.cdl`, written as carelessly as a spec may
 * be, formats to `cases/NAME.after.cdl`, which formats to itself. `CDL_UPDATE_GOLDEN=1`
 * rewrites the `.after.cdl` files; the diff is the review.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatSource } from '../../grammar/printer.js';

const CASES = path.join(import.meta.dirname, 'cases');
const names = fs
  .readdirSync(CASES)
  .filter((f) => f.endsWith('.before.cdl'))
  .map((f) => f.slice(0, -'.before.cdl'.length))
  .sort();

function format(file: string, text: string): string {
  const result = formatSource(file, text);
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join('\n'));
  return result.text;
}

describe('cdl fmt golden cases', () => {
  it('has a case for each construct', () => {
    expect(names).toEqual(['bits', 'comments', 'consts', 'instructions', 'machine', 'paging', 'structs']);
  });

  for (const name of names) {
    it(name, () => {
      const before = fs.readFileSync(path.join(CASES, `${name}.before.cdl`), 'utf8');
      const afterFile = path.join(CASES, `${name}.after.cdl`);
      const formatted = format(`${name}.before.cdl`, before);
      if (process.env['CDL_UPDATE_GOLDEN'] === '1') fs.writeFileSync(afterFile, formatted);
      expect(formatted).toBe(fs.readFileSync(afterFile, 'utf8'));
      expect(format(`${name}.after.cdl`, formatted)).toBe(formatted);
    });
  }
});
