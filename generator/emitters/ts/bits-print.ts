/**
 * How TypeScript spells the chunk lowering's expressions (`lower/bits-chunks.ts`): the same tree
 * as number arithmetic or as bigint arithmetic, by domain. Operands of bit operators, shifts and
 * arithmetic are parenthesized unless they are names, literals or calls (a reader should not
 * need JavaScript's precedence of `&` against `>>>`), except a product in a sum; comparisons and
 * logic are parenthesized by precedence only.
 */
import type { ChunkExpr, Domain } from '../../lower/bits-chunks.js';
import { big, hex, num, pow2 } from './naming.js';

/** Runtime helpers the generated code calls; returns the local name of a runtime export. */
export type RuntimeRef = (name: string) => string;

export interface ChunkNames {
  /** Chunk `k`, as an operand. */
  readonly chunk: (k: number) => string;
  readonly value?: string;
  readonly temp?: string;
  readonly rt?: RuntimeRef;
}

/** Operators as operands: a higher number binds tighter (JavaScript's precedence). */
const ATOM = 20;
function precedence(e: ChunkExpr): number {
  switch (e.k) {
    case 'word':
    case 'value':
    case 'temp':
    case 'lit':
    case 'bool':
    case 'toBigint':
    case 'toNumber':
    case 'signExtend':
    case 'truncate':
    case 'isInteger':
      return ATOM;
    case 'not':
      return 15;
    case 'scale':
    case 'unscale':
    case 'mod':
      return 13;
    case 'sum':
      return 12;
    case 'shl':
    case 'shr':
    case 'sar':
    case 'u32':
      return 11;
    case 'lt':
    case 'gt':
    case 'le':
    case 'ge':
      return 9;
    case 'eq':
    case 'ne':
    case 'notBigint':
    case 'notNumber':
      return 8;
    case 'and':
      return 7;
    case 'or':
    case 'i32':
      return 5;
    case 'all':
      return 4;
    case 'any':
      return 3;
    case 'select':
      return 2;
  }
}

/** `e` as an operand of a bit operator: parenthesized unless it is a name, a literal or a call. */
export function printOperand(e: ChunkExpr, names: ChunkNames, domain: Domain): string {
  const text = printChunkExpr(e, names, domain);
  return precedence(e) === ATOM ? text : `(${text})`;
}

export function printChunkExpr(root: ChunkExpr, names: ChunkNames, domain: Domain): string {
  const rt = (name: string): string => {
    if (!names.rt) throw new Error(`internal error: ${name} needs the runtime`);
    return names.rt(name);
  };
  const print = (e: ChunkExpr, d: Domain): string => {
    /** An operand of a bit operator, shift or arithmetic. */
    const bits = (x: ChunkExpr, dx: Domain = d) => (precedence(x) === ATOM ? print(x, dx) : `(${print(x, dx)})`);
    /** An operand of a comparison or logic, by precedence. */
    const cmp = (x: ChunkExpr) => (precedence(x) < precedence(e) ? `(${print(x, d)})` : print(x, d));
    const n = (k: number) => (d === 'bigint' ? `${k}n` : `${k}`);
    switch (e.k) {
      case 'word':
        return names.chunk(e.word);
      case 'value':
        if (names.value === undefined) throw new Error('internal error: no value to print');
        return names.value;
      case 'temp':
        if (names.temp === undefined) throw new Error('internal error: no temporary to print');
        return names.temp;
      case 'lit':
        return d === 'bigint' ? big(e.value) : e.role === 'mask' ? hex(e.value) : num(e.value);
      case 'bool':
        return `${e.value}`;
      case 'and':
        return `${bits(e.a)} & ${bits(e.b)}`;
      case 'or':
        return e.terms.map((t) => bits(t)).join(' | ');
      case 'sum':
        return e.terms.map((t) => (t.k === 'scale' ? print(t, d) : bits(t))).join(' + ');
      case 'shl':
        return `${bits(e.a)} << ${n(e.n)}`;
      case 'shr':
        return `${bits(e.a)} ${d === 'bigint' ? '>>' : '>>>'} ${n(e.n)}`;
      case 'sar':
        return `${bits(e.a)} >> ${e.n}`;
      case 'scale':
        return `${bits(e.a)} * ${pow2(e.n)}`;
      case 'unscale':
        return `${bits(e.a)} / ${pow2(e.n)}`;
      case 'mod':
        return `${bits(e.a)} % ${bits(e.b)}`;
      case 'u32':
        return `${bits(e.a)} >>> 0`;
      case 'i32':
        return `${bits(e.a)} | 0`;
      case 'toBigint':
        return `BigInt(${print(e.a, 'number')})`;
      case 'toNumber':
        return `Number(${print(e.a, 'bigint')})`;
      case 'signExtend':
        return d === 'bigint' ? `BigInt.asIntN(${e.width}, ${print(e.a, d)})` : `${rt('signExtend')}(${print(e.a, d)}, ${e.width})`;
      case 'truncate':
        if (d !== 'bigint') throw new Error('internal error: truncate is for bigints');
        return `BigInt.asUintN(${e.width}, ${print(e.a, d)})`;
      case 'eq':
        return `${cmp(e.a)} === ${cmp(e.b)}`;
      case 'ne':
        return `${cmp(e.a)} !== ${cmp(e.b)}`;
      case 'lt':
        return `${cmp(e.a)} < ${cmp(e.b)}`;
      case 'gt':
        return `${cmp(e.a)} > ${cmp(e.b)}`;
      case 'le':
        return `${cmp(e.a)} <= ${cmp(e.b)}`;
      case 'ge':
        return `${cmp(e.a)} >= ${cmp(e.b)}`;
      case 'any':
        return e.terms.map(cmp).join(' || ');
      case 'all':
        return e.terms.map(cmp).join(' && ');
      case 'not':
        return `!${bits(e.a)}`;
      case 'notBigint':
        return `typeof ${cmp(e.a)} !== 'bigint'`;
      case 'notNumber':
        return `typeof ${cmp(e.a)} !== 'number'`;
      case 'isInteger':
        return `Number.isInteger(${print(e.a, d)})`;
      case 'select':
        return `${cmp(e.cond)} ? ${cmp(e.then)} : ${cmp(e.else)}`;
    }
  };
  return print(root, domain);
}
