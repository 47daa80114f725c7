/** Turns offsets into `Span`s: the one place that knows how lines and columns are counted. */
import type { IToken } from 'chevrotain';
import type { Span } from './ast.js';

export class SourceFile {
  /** Offset of the first character of each line. */
  private readonly lineStarts: number[] = [0];

  constructor(
    readonly path: string,
    readonly text: string,
  ) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
      this.lineStarts.push(i + 1);
    }
  }

  span(start: number, end: number): Span {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= start) lo = mid;
      else hi = mid - 1;
    }
    return { file: this.path, start, end, line: lo + 1, column: start - this.lineStarts[lo] + 1 };
  }

  /** From the start of `first` to the end of `last`. */
  tokenSpan(first: IToken, last: IToken = first): Span {
    return this.span(first.startOffset, last.startOffset + last.image.length);
  }
}
