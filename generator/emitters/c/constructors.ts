/**
 * Whole values of a bit layout in C, beside the per-field accessors (bitfield-c.ts):
 *
 *   - a constructor taking every field, in the manner of seL4's generated `Foo_new(...)`: one
 *     per variant of a tagged layout (`Foo_Variant_new`, which also sets the tag). It starts from
 *     the fixed reserved bits (the `_FIXED_VALUE` constants) and sets each field with its setter,
 *     so it checks what the setters check under `CDL_ASSERT`;
 *   - a validator, `_Bool Foo_valid(Foo w)`, true when the fixed reserved bits hold their values,
 *     bits no field names are 0, the tag selects a variant, and every enum-typed field holds a
 *     member of its enum. An enum field whose every bit pattern is a member is not checked (it
 *     cannot fail); neither is the tag of an enum type, which the variant switch already checks.
 */
import type * as ir from '../../ir.js';
import { NameScope } from '../../names.js';
import { bitFacts, enumExhaustive, type FieldFacts, reservedRun, validityChecks, validityText, wordMasks } from '../../lower/bits.js';
import { type ConstItem, type ConstScope, type DeclPlan, type FieldPlan, fixedItem } from '../common/numbers.js';
import { wrap } from '../common/wrap.js';
import type { CFieldNames } from './bitfield-c.js';
import { cValueType } from './bitfield-c.js';
import { cLiteral, cUnsigned } from '../common/c-literals.js';
import { blockCommentText } from '../common/comments.js';
import type { ConstructorNames } from '../common/constructor-names.js';
import { render } from './templates.js';

export type CConstructor = ConstructorNames<FieldFacts>;

/** The names of a bit layout's constructors and validator. */
export interface CWholeNames {
  readonly constructors: readonly CConstructor[];
  readonly valid: string;
  /** The local word of constructors and the validator's parameter (free of every parameter). */
  readonly local: string;
}

/** Claims the functions' names (call first, for every layout, before `planParams`). */
export function claimWholeNames(bits: ir.Bits, scope: ConstScope): { constructors: { variant: ir.BitsVariant | null; name: string }[]; valid: string } {
  const variants = bits.tag ? bits.variants : [null];
  return {
    constructors: variants.map((variant) => ({ variant, name: scope.claim(`${bits.cName}${variant ? `_${variant.name}` : ''}_new`) })),
    valid: scope.claim(`${bits.cName}_valid`),
  };
}

/**
 * Parameter names: the fields' C names, kept off every macro, type or function of the layout
 * (anything in `scope`) and the constructor's other parameters.
 */
export function planWholeNames(bits: ir.Bits, claimed: ReturnType<typeof claimWholeNames>, scope: ConstScope, types: ReadonlySet<string>): CWholeNames {
  const facts = bitFacts(bits);
  const all = new Set<string>();
  const constructors = claimed.constructors.map(({ variant, name }) => {
    const fields = facts.fieldsOf(variant);
    const own = new NameScope(scope);
    const params = fields.map((f) => own.claim(f.field.cName));
    for (const p of params) all.add(p);
    return { variant, name, params, fields };
  });
  // The local word is no type and no parameter of any constructor (the validator takes it).
  const local = new NameScope(types, all).claim('w');
  return { constructors, valid: claimed.valid, local };
}

/** What rendering needs from the header's name plan. */
export interface WholeContext {
  readonly layout: ir.Layout;
  readonly plan: DeclPlan;
  readonly names: CWholeNames;
  readonly accessors: ReadonlyMap<FieldPlan, CFieldNames>;
  /** C spellings of enum members (their #define names), by enum qname and value. */
  readonly members: ReadonlyMap<string, ReadonlyMap<bigint, string>>;
}

function accessorsOf(ctx: WholeContext, f: FieldFacts): CFieldNames {
  const plan = ctx.plan.fields.find((p) => p.facts === f);
  if (!plan) throw new Error(`C: no accessors for ${f.field.name}`);
  return ctx.accessors.get(plan)!;
}

/** A tag value as C spells it: the enum member's #define, else a literal. */
export function tagLiteral(ctx: Pick<WholeContext, 'members'>, bits: ir.Bits, value: bigint): string {
  const tag = bits.tag!;
  if (tag.type.kind === 'enum') {
    const name = ctx.members.get(tag.type.decl.qname)?.get(value);
    if (name) return name;
  }
  return cLiteral(value, { kind: 'declared', type: null });
}

/** `Foo_get_kind(w) == KIND_A || ...`: the condition that `w` is `variant`. */
export function tagTest(ctx: Pick<WholeContext, 'members'>, bits: ir.Bits, tagGetter: string, w: string, variant: ir.BitsVariant): string {
  return variant.when.map((v) => `${tagGetter}(${w}) == ${tagLiteral(ctx, bits, v)}`).join(' || ');
}

/** The fixed value of word `word` for a constructor: the common part's and the variant's constants. */
function fixedValue(ctx: WholeContext, variant: ir.BitsVariant | null, word: number): string {
  const names = [fixedItem(ctx.plan, null, 'fixed-value', word), ...(variant ? [fixedItem(ctx.plan, variant, 'fixed-value', word)] : [])]
    .filter((it): it is ConstItem => it !== undefined)
    .map((it) => it.name);
  return names.length ? names.join(' | ') : '0';
}

function fieldList(c: CConstructor): string {
  return c.fields.map((f) => f.field.name).join(', ');
}

export function renderConstructor(ctx: WholeContext, c: CConstructor): string {
  const bits = ctx.plan.decl as ir.Bits;
  const w = ctx.names.local;
  const params = c.fields.map((f, k) => `${cValueType(f.field)} ${c.params[k]}`);
  const init = bits.words === 1 ? fixedValue(ctx, c.variant, 0) : `{ { ${Array.from({ length: bits.words }, (_, k) => fixedValue(ctx, c.variant, k)).join(', ')} } }`;
  const body = [`${bits.cName} ${w} = ${init};`];
  if (c.variant && bits.tag) {
    body.push(`${w} = ${accessorsOf(ctx, bitFacts(bits).of(bits.tag)).set}(${w}, ${tagLiteral(ctx, bits, c.variant.when[0])});`);
  }
  c.fields.forEach((f, k) => body.push(`${w} = ${accessorsOf(ctx, f).set}(${w}, ${c.params[k]});`));
  body.push(`return ${w};`);
  const what = c.variant ? `A ${bits.cName} of variant ${c.variant.name} (${bits.tag!.name} = ${c.variant.when[0]})` : `A ${bits.cName}`;
  const fields = c.fields.length ? ` from ${fieldList(c)}` : ' (it has no fields)';
  const fits = c.fields.some((f) => f.field.type.kind !== 'bool') ? ' Each value must fit its field (see the setters).' : '';
  const doc = cDocText(`${what}${fields}; fixed reserved bits get their values, other bits are 0.${fits}`);
  // A long parameter list goes one a line, aligned after the parenthesis.
  const head = `static inline ${bits.cName} ${c.name}(`;
  const list = params.length === 0 ? 'void' : head.length + params.join(', ').length + 1 <= 100 ? params.join(', ') : params.join(`,\n${' '.repeat(head.length)}`);
  return render('accessor', { doc, returns: bits.cName, name: c.name, params: list, body: body.map((l) => `  ${l}`) });
}

/** A doc comment of one paragraph, wrapped. */
function cDocText(text: string): string {
  return blockCommentText(wrap(text, 90));
}

/** The statements checking the fixed and unnamed bits and the enum fields of `variant` (or the common part). */
function checks(ctx: WholeContext, variant: ir.BitsVariant | null, fields: readonly FieldFacts[], gaps: boolean, w: string, indent: string): string[] {
  const bits = ctx.plan.decl as ir.Bits;
  const ref = (k: number): string => (bits.words === 1 ? w : `${w}.w[${k}]`);
  const out: string[] = [];
  for (let k = 0; k < bits.words; k++) {
    const mask = fixedItem(ctx.plan, variant, 'fixed-mask', k);
    const value = fixedItem(ctx.plan, variant, 'fixed-value', k);
    if (mask && value) out.push(`if ((${ref(k)} & ${mask.name}) != ${value.name}) return 0;`);
  }
  if (gaps) {
    for (const r of bitFacts(bits).unnamed(variant)) {
      for (const [k, mask] of wordMasks(reservedRun(r), bits.wordBits)) {
        out.push(`if ((${ref(k)} & ${cUnsigned(mask, bits.wordBits)}) != 0) return 0; /* ${r.lo === r.hi ? `bit ${r.lo}` : `bits ${r.lo}..${r.hi}`}: no field */`);
      }
    }
  }
  for (const f of fields) {
    if (f.field.type.kind !== 'enum') continue;
    const e = f.field.type.decl;
    if (enumExhaustive(f, e)) continue;
    const members = ctx.members.get(e.qname) ?? new Map<bigint, string>();
    out.push(`switch (${accessorsOf(ctx, f).get}(${w})) {`, ...[...members.values()].map((m) => `case ${m}:`), '  break;', 'default:', '  return 0;', '}');
  }
  return out.map((l) => `${indent}${l}`);
}

export function renderValidator(ctx: WholeContext): string {
  const bits = ctx.plan.decl as ir.Bits;
  const facts = bitFacts(bits);
  const w = ctx.names.local;
  const common = facts.fields.filter((f) => !f.isTag && f.variant === null);
  const body = checks(ctx, null, common, !bits.tag, w, '  ');
  if (bits.tag) {
    const tag = accessorsOf(ctx, facts.of(bits.tag)).get;
    // A flag is a _Bool, which gcc does not want to switch on.
    body.push(`  switch (${bits.tag.type.kind === 'bool' ? `(int)${tag}(${w})` : `${tag}(${w})`}) {`);
    for (const v of bits.variants) {
      body.push(...v.when.map((value) => `  case ${tagLiteral(ctx, bits, value)}:`));
      body.push(...checks(ctx, v, facts.fields.filter((f) => f.variant === v), true, w, '    '), '    return 1;');
    }
    body.push('  default:', '    return 0;', '  }');
  } else {
    body.push('  return 1;');
  }
  const text = validityText(bits, validityChecks(bits));
  const doc = cDocText(text ? `Whether ${w} is a valid ${bits.cName}: ${text}.` : `Whether ${w} is a valid ${bits.cName}: every word is.`);
  if (!text) body.unshift(`  (void)${w};`);
  return render('accessor', { doc, returns: '_Bool', name: ctx.names.valid, params: `${bits.cName} ${w}`, body });
}
