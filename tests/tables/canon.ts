/**
 * Values read from memory by the decode tables and by the generated TypeScript views, put in
 * one canonical form so that they compare: integers as bigints, a bit layout as its fields
 * (the generated value's ignored reserved bits left out), a union as `{ member: value }`.
 */
import type { DecodedBits, MemoryValue, StructTable, TypeRef, UnionTable, ValueTables } from '../../runtime/tables.js';

type Canon = unknown;

/** A value the interpreter read, in one canonical form: integers as bigints, a bit layout as its fields, a union as `{ member: value }`. */
export function canonMine(tables: ValueTables, type: TypeRef, v: MemoryValue): Canon {
  if (typeof type !== 'string') return (v as readonly MemoryValue[]).map((x) => canonMine(tables, type.array, x));
  const t = tables.types[type];
  if (typeof v === 'number') return BigInt(v);
  if (v === null || typeof v === 'bigint' || typeof v === 'boolean') return v;
  if (t?.kind === 'bits') return Object.fromEntries(Object.entries((v as DecodedBits).fields).map(([k, x]) => [k, typeof x === 'number' ? BigInt(x) : x]));
  if (t?.kind === 'union') {
    const u = v as { member: string; value: MemoryValue };
    return { [u.member]: canonMine(tables, (t as UnionTable).members.find((m) => m.name === u.member)!.type, u.value) };
  }
  const st = t as StructTable;
  return Object.fromEntries(st.fields.map((f) => [f.name, canonMine(tables, f.type, (v as Record<string, MemoryValue>)[f.name]!)]));
}

/** What a generated view's `readAt` gave, in the same form (a bit layout's ignored reserved bits left out). */
export function canonTs(tables: ValueTables, type: TypeRef, v: unknown): Canon {
  if (typeof type !== 'string') return (v as unknown[]).map((x) => canonTs(tables, type.array, x));
  if (v === null || typeof v === 'boolean') return v;
  if (typeof v === 'number' || typeof v === 'bigint') return BigInt(v);
  const t = tables.types[type];
  const o = v as Record<string, unknown>;
  if (t?.kind === 'bits') return Object.fromEntries(Object.entries(o).filter(([k]) => !/^reserved\d+(_\d+)?$/.test(k)).map(([k, x]) => [k, typeof x === 'boolean' ? x : BigInt(x as number)]));
  if (t?.kind === 'union') {
    const [member, value] = Object.entries(o)[0]!;
    return { [member]: canonTs(tables, (t as UnionTable).members.find((m) => m.name === member)!.type, value) };
  }
  return Object.fromEntries((t as StructTable).fields.map((f) => [f.name, canonTs(tables, f.type, o[f.name])]));
}

export function isBigSelector(u: { discriminantType: { kind: string; bits?: number; decl?: { width: number } } | null }): boolean {
  const t = u.discriminantType;
  return t !== null && (t.kind === 'enum' ? t.decl!.width > 53 : t.bits! > 32);
}

export function stringify(v: unknown): string {
  return JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? `${x}n` : x));
}

export function deepEqual(a: unknown, b: unknown): boolean {
  return stringify(a) === stringify(b);
}
