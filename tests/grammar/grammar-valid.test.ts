/**
 * The command builds its parser without chevrotain's checks of the grammar (they cost a third
 * of a second at every start): they run here instead, so an ambiguous or left-recursive rule
 * still fails the build.
 */
import { describe, expect, it } from 'vitest';
import { CdlParser } from '../../grammar/parser.js';

describe('the grammar', () => {
  it("passes chevrotain's own checks", () => {
    expect(() => new CdlParser({ validate: true })).not.toThrow();
  });
});
