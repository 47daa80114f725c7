import { describe, expect, it } from 'vitest';
import { bin, id, int, named, onlyDecl, parse, ref } from './helpers.js';

/** The value of `const X = <source>;`, without spans. */
function expr(source: string): unknown {
  return (onlyDecl(`const X = ${source};`) as { value: unknown }).value;
}

const [a, b, c] = [ref('a'), ref('b'), ref('c')];

describe('expressions', () => {
  it.each([
    ['a | b ^ c', bin('|', a, bin('^', b, c))],
    ['a ^ b & c', bin('^', a, bin('&', b, c))],
    ['a & b << c', bin('&', a, bin('<<', b, c))],
    ['a << b + c', bin('<<', a, bin('+', b, c))],
    ['a >> b - c', bin('>>', a, bin('-', b, c))],
    ['a + b * c', bin('+', a, bin('*', b, c))],
    ['a - b / c', bin('-', a, bin('/', b, c))],
    ['a % b', bin('%', a, b)],
    ['a * b | c', bin('|', bin('*', a, b), c)],
    ['(a | b) * c', bin('*', bin('|', a, b), c)],
  ])('gives %s the precedence of the reference', (source, tree) => {
    expect(expr(source)).toEqual(tree);
  });

  it('associates binary operators to the left', () => {
    expect(expr('a - b - c')).toEqual(bin('-', bin('-', a, b), c));
    expect(expr('a >> b << c')).toEqual(bin('<<', bin('>>', a, b), c));
    expect(expr('a / b % c')).toEqual(bin('%', bin('/', a, b), c));
  });

  it('binds unary operators tightest', () => {
    expect(expr('-a * ~b')).toEqual(
      bin(
        '*',
        { kind: 'UnaryExpr', op: '-', operand: a },
        { kind: 'UnaryExpr', op: '~', operand: b },
      ),
    );
    expect(expr('- -~a')).toEqual({
      kind: 'UnaryExpr',
      op: '-',
      operand: { kind: 'UnaryExpr', op: '-', operand: { kind: 'UnaryExpr', op: '~', operand: a } },
    });
  });

  it('reads booleans, qualified names and the type operators', () => {
    expect(expr('true + false')).toEqual(bin('+', int(1, 'true'), int(0, 'false')));
    expect(expr('CapType.Page')).toEqual(ref('CapType', 'Page'));
    expect(expr('ns.CapType.type')).toEqual(ref('ns', 'CapType', 'type'));
    expect(expr('sizeof(Process)')).toEqual({ kind: 'SizeofExpr', type: named('Process') });
    expect(expr('alignof(u64[2])')).toEqual({
      kind: 'AlignofExpr',
      type: { kind: 'ArrayType', element: named('u64'), length: int(2) },
    });
    expect(expr('offsetof(ns.Capability, hdr.type)')).toEqual({
      kind: 'OffsetofExpr',
      type: named('ns', 'Capability'),
      field: [id('hdr'), id('type')],
    });
  });

  it('reads >> as two adjacent > only', () => {
    expect(parse('const X = a > > b;').errors).toEqual([
      "1:12: expected ';' after constant declaration, found '>'",
    ]);
  });

  it('gives each node the span of the whole expression', () => {
    const { file } = parse('const X = (a + b) * -c;');
    expect(file.decls[0]).toMatchObject({
      value: {
        span: { start: 10, end: 22, line: 1, column: 11 },
        left: { span: { start: 11, end: 16 } },
        right: { span: { start: 20, end: 22 } },
      },
    });
  });
});
