/**
 * Code frames of diagnostics: what a terminal is given must be safe to show (no control
 * characters from a spec or a stray binary file) and short (a long line is cut around the
 * span), and the carets must still stand under the characters at fault.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Span } from '../../grammar/ast.js';
import { formatDiagnostic, type Diagnostic } from '../../grammar/diagnostics.js';

function frame(line: string, column: number, width: number, message = 'm'): { head: string; shown: string; caret: string } {
  const span: Span = { file: 'f.cdl', start: column - 1, end: column - 1 + width, line: 1, column };
  const d: Diagnostic = { severity: 'error', message, span };
  const [head, shown, caret] = formatDiagnostic(d, new Map([['f.cdl', `${line}\nnext line`]])).split('\n');
  return { head: head!, shown: shown!.slice(' 1 | '.length), caret: caret!.slice('   | '.length) };
}

/** The shown characters the carets stand under. */
function underCarets(f: { shown: string; caret: string }): string {
  const at = f.caret.indexOf('^');
  return f.shown.slice(at, at + f.caret.length - at);
}

describe('code frames', () => {
  it('shows control characters as pictures, one for one, so the carets stay aligned', () => {
    const f = frame('a\tb\u001b[31mc\u0000d\u007fe\u009bf\u202eg = ?;', 21, 1);
    expect(f.shown).toBe('a b␛[31mc␀d␡e\ufffdf\ufffdg = ?;');
    expect(f.caret).toBe(`${' '.repeat(20)}^`);
    expect(underCarets(f)).toBe('?');
    // A message quoting such a character (the lexer's "unexpected character") is made safe too.
    expect(frame('x', 1, 1, 'unexpected character "\u001b"').head).toBe('f.cdl:1:1: error: unexpected character "␛"');
  });

  it('cuts a long line around the span, marking what is left out', () => {
    const line = `${'a'.repeat(200)}BAD${'z'.repeat(200)}`;
    const middle = frame(line, 201, 3);
    expect(middle.shown.startsWith('…')).toBe(true);
    expect(middle.shown.endsWith('…')).toBe(true);
    expect(middle.shown.length).toBe(102);
    expect(underCarets(middle)).toBe('BAD');

    const start = frame(line, 1, 2);
    expect(start.shown).toBe(`${'a'.repeat(100)}…`);
    expect(underCarets(start)).toBe('aa');

    const end = frame(line, 403, 1);
    expect(end.shown).toBe(`…${line.slice(-100)}`);
    expect(underCarets(end)).toBe('z');
  });

  it('keeps the carets under the span for any line and span', () => {
    const unit = fc.oneof(fc.constantFrom(' ', '\t', '\u001b', 'é'), fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)));
    const lines = fc.string({ unit, minLength: 1, maxLength: 400, size: 'max' });
    fc.assert(
      fc.property(lines, fc.nat(), fc.nat({ max: 200 }), (line, at, w) => {
        const column = (at % line.length) + 1;
        const width = Math.max(1, Math.min(w, line.length - column + 1));
        const f = frame(line, column, width);
        expect(f.shown.length).toBeLessThanOrEqual(102);
        expect(f.caret.length).toBeLessThanOrEqual(f.shown.length);
        const shownSpan = underCarets(f);
        // The carets cover the span (cut at the window's edge if it is wider than what is shown).
        expect(shownSpan.length).toBeGreaterThanOrEqual(1);
        const original = line.slice(column - 1, column - 1 + shownSpan.length).replace(/\t/g, ' ').replace(/\u001b/g, '␛');
        expect(shownSpan).toBe(original);
      }),
      { numRuns: 300 },
    );
  });
});

describe('code frames of many diagnostics', () => {
  it('costs about one line each: 40,000 errors in a 40,000-line file print in moments', () => {
    const lines = Array.from({ length: 40_000 }, (_, i) => `const C${i} = 1 << 64;`);
    const text = lines.join('\n');
    const sources = new Map([['big.cdl', text]]);
    const diagnostics: Diagnostic[] = [];
    let start = 0;
    lines.forEach((l, i) => {
      const column = l.indexOf('64') + 1;
      diagnostics.push({ severity: 'error', message: 'shift by 64', span: { file: 'big.cdl', start: start + column - 1, end: start + column + 1, line: i + 1, column } });
      start += l.length + 1;
    });
    const t0 = performance.now();
    const out = diagnostics.map((d) => formatDiagnostic(d, sources));
    const ms = performance.now() - t0;
    // Each frame shows its own line: the last one is the file's last line.
    expect(out[39_999].split('\n')[1]).toBe(` 40000 | ${lines[39_999]}`);
    expect(out[0].split('\n')[2]).toBe(`   |${' '.repeat(lines[0].indexOf('64') + 1)}^^`);
    // Splitting the whole file for every frame took minutes; one line each takes well under a second.
    expect(ms).toBeLessThan(10_000);
  });
});
