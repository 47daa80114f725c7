/**
 * The words of a paging setting (`level Pde @21..29 table pt, page frame if ps;`), read left to
 * right by check/rules/paging.ts: the grammar keeps a setting a run of words, and each `expect`
 * here reports, at the word it looks at, what the setting needed there.
 */
import type * as ast from '../../../grammar/ast.js';
import type { CheckContext } from '../context.js';

/** The words of one setting, read left to right; every `expect` reports at the word it looks at. */
export class Words {
  private at = 0;
  constructor(
    readonly setting: ast.PagingSetting,
    readonly file: ast.File,
    private readonly ctx: CheckContext,
  ) {}
  get done(): boolean {
    return this.at >= this.setting.words.length;
  }
  peek(): ast.PagingWord | undefined {
    return this.setting.words[this.at];
  }
  /** Whether the next word is the name `name` (taken if so). */
  take(name: string): boolean {
    const w = this.peek();
    if (w?.kind === 'name' && w.name.name === name) return (this.at++, true);
    return false;
  }
  /** Whether the next word is the symbol `text` (taken if so). */
  takeSymbol(text: string): boolean {
    const w = this.peek();
    if (w?.kind === 'symbol' && w.text === text) return (this.at++, true);
    return false;
  }
  name(what: string): ast.Ident | null {
    const w = this.peek();
    if (w?.kind === 'name') return (this.at++, w.name);
    this.fail(what);
    return null;
  }
  int(what: string): { value: bigint; span: ast.Span } | null {
    const w = this.peek();
    if (w?.kind === 'int') return (this.at++, { value: w.value.value, span: w.value.span });
    this.fail(what);
    return null;
  }
  /** A bit range `@lo..hi`, evaluated: [lo, hi] and where it is written. */
  range(what: string): { lo: bigint; hi: bigint; span: ast.Span } | null {
    const w = this.peek();
    if (w?.kind !== 'range') {
      this.fail(what);
      return null;
    }
    this.at++;
    const lo = this.ctx.evaluator.evaluate(w.range.lo, this.file);
    const hi = w.range.hi ? this.ctx.evaluator.evaluate(w.range.hi, this.file) : lo;
    return lo === null || hi === null ? null : { lo, hi, span: w.range.span };
  }
  /** Reports that `what` was expected here (at the word found, or at the setting's end). */
  fail(what: string): void {
    const w = this.peek();
    this.ctx.diags.error(w ? spanOf(w) : this.setting.span, `expected ${what} in '${this.setting.key.name}', ${w ? `found ${describeWord(w)}` : 'found the end of the setting'}`);
  }
  /** Reports words left over after a complete setting. */
  end(): boolean {
    if (this.done) return true;
    this.fail(`';'`);
    return false;
  }
}

export function spanOf(w: ast.PagingWord): ast.Span {
  switch (w.kind) {
    case 'name':
      return w.name.span;
    case 'int':
      return w.value.span;
    case 'range':
      return w.range.span;
    default:
      return w.span;
  }
}

function describeWord(w: ast.PagingWord): string {
  switch (w.kind) {
    case 'name':
      return `'${w.name.name}'`;
    case 'int':
      return `'${w.value.text}'`;
    case 'range':
      return 'a bit range';
    case 'string':
      return 'a string';
    default:
      return `'${w.text}'`;
  }
}
