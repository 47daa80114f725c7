/**
 * What the formatter prints, as a tree of items over the source's tokens: a row (one line,
 * cut into cells that line up with the cells of its neighbours), a block (a header and bodies
 * in braces, one member a line) or a system call (a signature and a table of numbers).
 * printer-items.ts makes the tree from the AST; printer.ts prints it. An item refers to the
 * source by offsets, so the printer re-spaces the tokens as they are written: literals,
 * parentheses and names keep their spelling, and the output parses to the same tree.
 */

/** One line: tokens from `start` to `end` (offsets), cut before each offset of `cuts`. */
export interface RowItem {
  readonly kind: 'row';
  readonly start: number;
  readonly end: number;
  readonly cuts: readonly number[];
  /** Printed after the last token: `,` after an enum member, whose comma the span omits. */
  readonly suffix: string;
  /** `opcode=0x13`: `=` and `!=` without spaces (instruction patterns' constraints). */
  readonly tight: boolean;
}

/** A header, then bodies in braces (`if x { } else { }` has two). */
export interface BlockItem {
  readonly kind: 'block';
  readonly start: number;
  readonly end: number;
  readonly bodies: readonly (readonly Item[])[];
}

/** `name(params) -> result = ABI n, ...;`: the numbers are a table when the entries are long. */
export interface SyscallItem {
  readonly kind: 'syscall';
  readonly start: number;
  readonly end: number;
  /** Where the numbers start (the `=`), or null for a call without numbers. */
  readonly equals: number | null;
  readonly numbers: readonly { readonly start: number; readonly end: number }[];
}

export type Item = RowItem | BlockItem | SyscallItem;

export function row(span: { start: number; end: number }, cuts: readonly (number | null)[] = [], suffix = '', tight = false): RowItem {
  return {
    kind: 'row',
    start: span.start,
    end: span.end,
    cuts: cuts.filter((cut): cut is number => cut !== null && cut > span.start && cut < span.end),
    suffix,
    tight,
  };
}

export function block(span: { start: number; end: number }, ...bodies: (readonly Item[])[]): BlockItem {
  return { kind: 'block', start: span.start, end: span.end, bodies };
}
