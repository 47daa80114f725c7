/**
 * Constants and enums. A constant is a `number` when it is a safe integer and not declared
 * 64-bit, else a `bigint`. An enum up to 53 bits wide is a TypeScript `enum` (members are
 * literal types, so tagged unions can discriminate on them, and `E[value]` names a value);
 * a wider one is a const object of bigints with a union type.
 */
import type * as ir from '../../ir.js';
import type { ModuleWriter } from './module.js';
import { NameScope, big, docComment, num } from './naming.js';
import { render } from './templates.js';
import { isBigEnum } from './types.js';

export function constantIsBig(c: ir.Constant): boolean {
  const safe = c.value >= BigInt(Number.MIN_SAFE_INTEGER) && c.value <= BigInt(Number.MAX_SAFE_INTEGER);
  return !safe || c.type === 'u64' || c.type === 'i64';
}

export function renderConstant(c: ir.Constant, m: ModuleWriter): string {
  const value = constantIsBig(c) ? big(c.value) : num(c.value);
  return render('constant', { doc: docComment(c.doc), name: m.ref(c.qname), value });
}

/** Names of an enum's members as TypeScript spells them (escaped where needed). */
export function enumMemberNames(e: ir.Enum): string[] {
  const scope = new NameScope();
  return e.members.map((mem) => scope.claim(mem.name));
}

export function renderEnum(e: ir.Enum, m: ModuleWriter): string {
  const names = enumMemberNames(e);
  const bigValues = isBigEnum(e);
  const members = e.members.map((mem, i) => ({
    doc: docComment(mem.doc),
    name: names[i],
    value: bigValues ? big(mem.value) : num(mem.value),
  }));
  const summary = `${e.signed ? 'Signed' : 'Unsigned'}, ${e.width} bit${e.width === 1 ? '' : 's'}.`;
  return render(bigValues ? 'bigEnum' : 'enum', { doc: docComment(e.doc, summary), name: m.ref(e.qname), members });
}

/** `CapType.Page` for a value with a member, else the literal. */
export function enumValueRef(e: ir.Enum, enumRef: string, value: bigint): string {
  const i = e.members.findIndex((mem) => mem.value === value);
  if (i >= 0) return `${enumRef}.${enumMemberNames(e)[i]}`;
  return isBigEnum(e) ? big(value) : num(value);
}

/**
 * A `case` label for an enum value: the literal, with the member named in a comment
 * (`33 /* CapType.Page *\/`). A literal compiles to a constant compare; `CapType.Page` would
 * load the member from the enum object at every test.
 */
export function enumCaseLabel(e: ir.Enum, enumRef: string, value: bigint): string {
  const literal = isBigEnum(e) ? big(value) : num(value);
  const i = e.members.findIndex((mem) => mem.value === value);
  return i >= 0 ? `${literal} /* ${enumRef}.${enumMemberNames(e)[i]} */` : literal;
}
