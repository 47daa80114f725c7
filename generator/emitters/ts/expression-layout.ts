/**
 * Statements too long for a line, broken as prettier breaks them: the emitter's bit arithmetic
 * (`return (a | b) >>> 0;`, `x = a | b;`, `key: (a << 20) >> 20,`, `f(a, b);`) is parsed into a
 * small expression tree, turned into the document prettier builds for it (its
 * `printBinaryishExpression`, `printReturnOrThrowArgument`, assignment layout
 * "break-after-operator" and call arguments), and printed by `doc-printer.ts`. What it does not
 * know (ternaries, functions, object literals... too long to fit) gives null: `layout.ts` then
 * hands the declaration to prettier, and the format test fails for dsl/.
 */
import { type Doc, group, ifBreak, indent, join, line, printDoc, softline } from './doc-printer.js';

type Expr =
  /** Text printed as it is: an identifier, a literal, a member access, a unary or anything flat. */
  | { readonly k: 'atom'; readonly text: string }
  | { readonly k: 'paren'; readonly inner: Expr }
  | { readonly k: 'binary'; readonly op: string; readonly left: Expr; readonly right: Expr }
  | { readonly k: 'call'; readonly callee: string; readonly args: readonly Expr[] };

/** Binary operators by precedence, lowest first (as JavaScript and prettier rank them). */
const PRECEDENCE: readonly (readonly string[])[] = [
  ['??'],
  ['||'],
  ['&&'],
  ['|'],
  ['^'],
  ['&'],
  ['===', '!==', '==', '!='],
  ['<', '>', '<=', '>=', 'instanceof', 'in'],
  ['<<', '>>', '>>>'],
  ['+', '-'],
  ['*', '/', '%'],
  ['**'],
];
const RANK = new Map(PRECEDENCE.flatMap((ops, rank) => ops.map((op) => [op, rank] as const)));
const SHIFT = new Set(['<<', '>>', '>>>']);
const EQUALITY = new Set(['===', '!==', '==', '!=']);

/** prettier's `shouldFlatten`: whether `a op1 b op2 c` prints as one chain. */
function shouldFlatten(parentOp: string, op: string): boolean {
  if (RANK.get(parentOp) !== RANK.get(op)) return false;
  if (parentOp === '**') return false;
  if (EQUALITY.has(parentOp) && EQUALITY.has(op)) return false;
  if ((op === '%' && (parentOp === '*' || parentOp === '/')) || (parentOp === '%' && (op === '*' || op === '/'))) return false;
  if (op !== parentOp && (op === '*' || op === '/') && (parentOp === '*' || parentOp === '/')) return false;
  if (SHIFT.has(parentOp) && SHIFT.has(op)) return false;
  return true;
}

// ---- Parsing ----

interface Token {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** Tokens: operators and punctuation, or words and literals whole. */
function tokenize(s: string): Token[] | null {
  const tokens: Token[] = [];
  const ops = ['>>>', '===', '!==', '**', '??', '||', '&&', '<<', '>>', '<=', '>=', '==', '!=', '|', '^', '&', '<', '>', '+', '-', '*', '/', '%', '(', ')', ',', '!', '~', '.', '[', ']', '?', ':'];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === ' ') {
      i++;
      continue;
    }
    if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < s.length && s[j] !== c) j += s[j] === '\\' ? 2 : 1;
      if (j >= s.length) return null;
      tokens.push({ text: s.slice(i, j + 1), start: i, end: j + 1 });
      i = j + 1;
      continue;
    }
    const word = /^[\w$#]+/.exec(s.slice(i));
    if (word) {
      tokens.push({ text: word[0], start: i, end: i + word[0].length });
      i += word[0].length;
      continue;
    }
    const op = ops.find((o) => s.startsWith(o, i));
    if (!op) return null; // a template literal, a brace, an arrow: not what this lays out
    tokens.push({ text: op, start: i, end: i + op.length });
    i += op.length;
  }
  return tokens;
}

class Parser {
  private at = 0;
  private readonly tokens: readonly string[];
  constructor(
    private readonly source: string,
    private readonly positions: readonly Token[],
  ) {
    this.tokens = positions.map((t) => t.text);
  }

  /** The source text of tokens `from` up to the current one: how the emitter wrote it. */
  private textFrom(from: number): string {
    return this.source.slice(this.positions[from]!.start, this.positions[this.at - 1]!.end);
  }

  /** The whole expression, or null when it is not one this knows. */
  parseAll(): Expr | null {
    const e = this.expression();
    return e && this.at === this.tokens.length ? e : null;
  }

  private peek(): string | undefined {
    return this.tokens[this.at];
  }

  private expression(): Expr | null {
    const start = this.at;
    const e = this.binary(0);
    if (!e) return null;
    if (this.peek() === '?') {
      // A conditional is printed flat: its text, from the tokens, as the emitter spaced them.
      this.at++;
      if (!this.expression() || this.tokens[this.at++] !== ':' || !this.expression()) return null;
      return { k: 'atom', text: this.textFrom(start) };
    }
    return e;
  }

  private binary(rank: number): Expr | null {
    if (rank === PRECEDENCE.length) return this.unary();
    let left = this.binary(rank + 1);
    while (left) {
      const op = this.peek();
      if (op === undefined || RANK.get(op) !== rank) break;
      this.at++;
      // `**` is right-associative; the emitter never writes it unparenthesized.
      const right = this.binary(rank + 1);
      if (!right) return null;
      left = { k: 'binary', op, left, right };
    }
    return left;
  }

  private unary(): Expr | null {
    const t = this.peek();
    if (t === '!' || t === '~' || t === '-' || t === '+' || t === 'typeof' || t === 'void') {
      const start = this.at++;
      return this.unary() ? { k: 'atom', text: this.textFrom(start) } : null;
    }
    return this.postfix();
  }

  private postfix(): Expr | null {
    const start = this.at;
    let e = this.primary();
    while (e) {
      const t = this.peek();
      if (t === '.') {
        const name = this.tokens[this.at + 1];
        if (!name || !/^[\w$#]+$/.test(name)) return null;
        this.at += 2;
        e = { k: 'atom', text: this.textFrom(start) };
      } else if (t === '[') {
        this.at++;
        const index = this.expression();
        if (!index || this.tokens[this.at++] !== ']') return null;
        e = { k: 'atom', text: this.textFrom(start) };
      } else if (t === '(' && e.k === 'atom') {
        this.at++;
        const args: Expr[] = [];
        while (this.peek() !== ')') {
          const a = this.expression();
          if (!a) return null;
          args.push(a);
          if (this.peek() === ',') this.at++;
          else if (this.peek() !== ')') return null;
        }
        this.at++;
        e = { k: 'call', callee: e.text, args };
      } else if (t === '!' && this.isNonNull()) {
        this.at++;
        e = { k: 'atom', text: this.textFrom(start) };
      } else break;
    }
    return e;
  }

  /** A postfix `!` (TypeScript's non-null assertion), not the start of `!==` or a unary. */
  private isNonNull(): boolean {
    const next = this.tokens[this.at + 1];
    return next === undefined || next === ')' || next === ']' || next === ',' || next === '.' || next === ';' || RANK.has(next);
  }

  private primary(): Expr | null {
    const t = this.peek();
    if (t === undefined) return null;
    if (t === '(') {
      this.at++;
      const inner = this.expression();
      if (!inner || this.tokens[this.at++] !== ')') return null;
      return { k: 'paren', inner };
    }
    if (t === 'new') {
      this.at++;
      const callee = this.postfix();
      return callee && callee.k === 'call' ? { k: 'call', callee: `new ${callee.callee}`, args: callee.args } : null;
    }
    if (/^[\w$#'"]/.test(t)) {
      this.at++;
      return { k: 'atom', text: t };
    }
    return null;
  }
}

// ---- Documents, as prettier builds them ----

/** Where an expression stands, for how prettier groups and indents a binary expression. */
type Context = 'return' | 'assigned' | 'operand' | 'argument';

function doc(e: Expr, context: Context): Doc {
  switch (e.k) {
    case 'atom':
      return e.text;
    case 'paren':
      // The parentheses are prettier's own (needsParens) around a node whose parent is the
      // operator outside them: the inner expression prints as an operand.
      return ['(', doc(e.inner, 'operand'), ')'];
    case 'call': {
      if (e.args.length === 0) return `${e.callee}()`;
      const args = e.args.map((a) => doc(a, 'argument'));
      return [e.callee, group(['(', indent([softline, join([',', line], args)]), ifBreak(','), softline, ')'])];
    }
    case 'binary': {
      const parts = binaryParts(e);
      // printBinaryishExpression: no indentation under a return or an assignment (the
      // statement indents), else the first operand leads and the rest are indented.
      if (context === 'return' || context === 'assigned') return group(parts);
      return group([parts[0], indent(parts.slice(1))]);
    }
  }
}

/** printBinaryishExpressions: a chain of operators that flatten, broken after each. */
function binaryParts(e: Expr & { k: 'binary' }): Doc[] {
  const left = e.left.k === 'binary' && shouldFlatten(e.op, e.left.op) ? binaryParts(e.left) : [group(doc(e.left, 'operand'))];
  // `shouldGroup` (a right side grouped on its own) holds only where neither the parent nor
  // either side is another binary expression of the same AST type.
  return [...left, ' ', [e.op, line, doc(e.right, 'operand')]];
}

/** prettier's `isBinaryish` (logical expressions too; none of ours inlines its right side). */
function isBinary(e: Expr): boolean {
  return e.k === 'binary';
}

/**
 * The statement `text` at indentation `level`, broken as prettier breaks it, or null when it is
 * not of a shape this knows or does not fit however broken.
 */
export function layoutStatement(text: string, level: number, width: number, tab: string): string[] | null {
  const d = statementDoc(text);
  if (d === null) return null;
  const lines = printDoc(d, level, width, tab);
  return lines.every((l) => l.length <= width) ? lines : null;
}

function parse(s: string): Expr | null {
  const tokens = tokenize(s);
  return tokens && tokens.length > 0 ? new Parser(s, tokens).parseAll() : null;
}

function statementDoc(text: string): Doc | null {
  // `return x;`, `throw x;`: a binary expression in parentheses when broken.
  const ret = /^(return|throw) (.*);$/.exec(text);
  if (ret) {
    const e = parse(ret[2]!);
    if (!e) return null;
    const body = isBinary(e) ? group([ifBreak('('), indent([softline, doc(e, 'return')]), softline, ifBreak(')')]) : doc(e, 'argument');
    return [`${ret[1]} `, body, ';'];
  }
  // `lhs = x;`, `const lhs = x;`, and an object literal's `key: x,`: "break-after-operator"
  // for a binary expression; anything else only as the expression itself breaks.
  const assign = /^((?:const |let )?[\w$.[\]!]+)( =|:) (.*?)([;,])$/.exec(text);
  if (assign) {
    const e = parse(assign[3]!);
    if (!e) return null;
    const lhs = `${assign[1]}${assign[2]}`;
    if (isBinary(e)) return group([lhs, group(indent([line, doc(e, 'assigned')])), assign[4]!]);
    return [lhs, ' ', doc(e, 'argument'), assign[4]!];
  }
  // An expression statement: a call.
  if (text.endsWith(';')) {
    const e = parse(text.slice(0, -1));
    if (!e || e.k !== 'call') return null;
    return [doc(e, 'argument'), ';'];
  }
  return null;
}
