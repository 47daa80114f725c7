/**
 * Whole values of a bit layout in Rust, beside the per-field methods (bits.ts): constructors
 * taking every field (`new`, or `new_<variant>` for each variant of a tagged layout, which sets
 * the tag), `validate` and `is_valid`, and a `Debug` that shows the fields.
 *
 * The validator's rules are those of the C `Foo_valid` and TypeScript's `validate`: the tag
 * selects a variant, reserved bits with a fixed value hold it, bits no field names are 0, and
 * enum fields hold a member (not checked where every bit pattern is one: it cannot fail).
 */
import type * as ir from '../../ir.js';
import { bitFacts, enumExhaustive, type FieldFacts, reservedRun, storageBits, validityChecks, validityText, wordMasks } from '../../lower/bits.js';
import { type ConstItem, type DeclPlan, type FieldPlan, fixedItem, fixedRangesText, type NamespacePlan } from '../common/numbers.js';
import { wrap } from '../common/wrap.js';
import { type Crate, enumVariantNames, type RustConstructor, type RustWholeNames, typeRef } from './names.js';
import { render } from './templates.js';
import { docs, groupedHex, intType, rustInt } from './text.js';

/** A tag value as a pattern of the tag's getter (a flag's is `true` or `false`). */
export function tagPattern(b: ir.Bits, value: bigint): string {
  return b.tag!.type.kind === 'bool' ? (value ? 'true' : 'false') : rustInt(value);
}

function enumOf(f: ir.BitField): ir.Enum | null {
  return f.type.kind === 'enum' ? f.type.decl : null;
}

/** A field's type in constructors: bool, its integer, or its enum. */
function paramType(crate: Crate, ns: NamespacePlan, f: ir.BitField): string {
  if (f.type.kind === 'bool') return 'bool';
  const e = enumOf(f);
  if (e) return typeRef(crate, ns.namespace, e.qname);
  return intType(storageBits(f.valueWidth), f.signed);
}

function planOf(plan: DeclPlan, f: FieldFacts): FieldPlan {
  return plan.fields.find((p) => p.facts === f)!;
}

/** Parameters on the signature's line, or one a line as rustfmt breaks a long signature. */
function paramList(name: string, params: readonly string[]): string {
  const line = `    pub const fn ${name}(${params.join(', ')}) -> Self {`;
  return line.length <= 100 ? params.join(', ') : `\n${params.map((p) => `        ${p},\n`).join('')}    `;
}

export function renderConstructor(crate: Crate, ns: NamespacePlan, plan: DeclPlan, c: RustConstructor): string {
  const b = plan.decl as ir.Bits;
  const word = (k: number): string => {
    const names = [fixedItem(plan, null, 'fixed-value', k), ...(c.variant ? [fixedItem(plan, c.variant, 'fixed-value', k)] : [])].filter((it): it is ConstItem => !!it).map((it) => it.name);
    return names.length ? names.join(' | ') : '0';
  };
  const init = b.words === 1 ? word(0) : `[${Array.from({ length: b.words }, (_, k) => word(k)).join(', ')}]`;
  const chain: string[] = [];
  if (c.variant && b.tag) {
    const tagPlan = plan.fields.find((f) => f.isTag)!;
    const e = enumOf(b.tag);
    const value = c.variant.when[0];
    const member = e ? enumVariantNames(e).byValue.get(value) : undefined;
    const literal = e && member ? `${typeRef(crate, ns.namespace, e.qname)}::${member}` : tagPattern(b, value);
    const m = crate.methods.get(tagPlan)!;
    chain.push(`.${e && !member ? m.rawWith : m.with}(${literal})`);
  }
  c.fields.forEach((f, k) => chain.push(`.${crate.methods.get(f)!.with}(${c.params[k]})`));
  const what = c.variant ? `A \`${b.name}\` of variant \`${c.variant.name}\` (\`${b.tag!.name}\` = ${c.variant.when[0]})` : `A \`${b.name}\``;
  const fields = c.fields.length ? ` from ${c.fields.map((f) => `\`${f.field.name}\``).join(', ')}` : '';
  const fits = c.fields.some((f) => f.field.type.kind !== 'bool' && f.field.type.kind !== 'enum') ? ' Debug builds check that each value fits.' : '';
  return render('method', {
    head: `${docs(wrap(`${what}${fields}; reserved bits with a fixed value get it, other bits are 0.${fits}`, 88).join('\n'), '    ')}    #[inline]\n    #[must_use]\n`,
    name: c.name,
    params: paramList(c.name, c.fields.map((f, k) => `${c.params[k]}: ${paramType(crate, ns, f.field)}`)),
    returns: 'Self',
    body: [`Self(${init})`, ...chain.map((l) => `    ${l}`)],
  });
}

/** The statements returning an `Err` for the fixed and unnamed bits and enum fields of a part. */
function checks(crate: Crate, plan: DeclPlan, variant: ir.BitsVariant | null, fields: readonly FieldFacts[], gaps: boolean): string[] {
  const b = plan.decl as ir.Bits;
  const ref = (k: number): string => (b.words === 1 ? 'self.0' : `self.0[${k}]`);
  const out: string[] = [];
  const fail = (cond: string, message: string) => out.push(`if ${cond} {`, `    return Err("${message}");`, '}');
  const where = `${b.name}: ${variant ? `variant ${variant.name}: ` : ''}`;
  const conds: string[] = [];
  for (let k = 0; k < b.words; k++) {
    const mask = fixedItem(plan, variant, 'fixed-mask', k);
    const value = fixedItem(plan, variant, 'fixed-value', k);
    if (mask && value) conds.push(`(${ref(k)} & ${mask.name}) != ${value.name}`);
  }
  if (conds.length) fail(conds.join(' || '), `${where}reserved bits ${fixedRangesText(variant ? variant.reserved : b.reserved)} do not hold those values`);
  if (gaps) {
    for (const r of bitFacts(b).unnamed(variant)) {
      const set = [...wordMasks(reservedRun(r), b.wordBits)].map(([k, mask]) => `(${ref(k)} & ${groupedHex(mask)}) != 0`);
      fail(set.join(' || '), `${where}${r.lo === r.hi ? `bit ${r.lo} is` : `bits ${r.lo}..${r.hi} are`} set, but no field describes ${r.lo === r.hi ? 'it' : 'them'}`);
    }
  }
  for (const f of fields) {
    const e = enumOf(f.field);
    if (!e || enumExhaustive(f, e)) continue;
    fail(`self.${crate.methods.get(planOf(plan, f))!.get}().is_err()`, `${where}${f.field.name} holds no member of ${e.name}`);
  }
  return out;
}

/** The raw type of the tag's getter, for telling whether its patterns cover every value. */
function tagTypeBits(b: ir.Bits): number {
  const tag = b.tag!;
  if (tag.type.kind === 'bool') return 1;
  const e = enumOf(tag);
  return e ? e.storageBits : storageBits(tag.valueWidth);
}

export function renderValidate(crate: Crate, plan: DeclPlan, whole: RustWholeNames): string[] {
  const b = plan.decl as ir.Bits;
  const facts = bitFacts(b);
  const body = checks(crate, plan, null, facts.fields.filter((f) => !f.isTag && f.variant === null), !b.tag);
  if (b.tag) {
    const m = crate.methods.get(plan.fields.find((f) => f.isTag)!)!;
    body.push(`match self.${m.rawGet ?? m.get}() {`);
    let covered = 0;
    for (const v of b.variants) {
      covered += v.when.length;
      const own = checks(crate, plan, v, facts.fields.filter((f) => f.variant === v), true);
      const pattern = v.when.map((w) => tagPattern(b, w)).join(' | ');
      if (own.length) body.push(`    ${pattern} => {`, ...own.map((l) => `        ${l}`), '        Ok(())', '    }');
      else body.push(`    ${pattern} => Ok(()),`);
    }
    // A catch-all where the patterns cover every value would not compile under -D warnings.
    if (BigInt(covered) < 1n << BigInt(tagTypeBits(b))) body.push(`    _ => Err("${b.name}: ${b.tag.name} selects no variant"),`);
    body.push('}');
  } else {
    body.push('Ok(())');
  }
  const text = validityText(b, validityChecks(b));
  const validate = render('method', {
    head: docs(
      wrap(text ? `Checks that this is a valid \`${b.name}\`: ${text}. The error names the first problem.` : `Every word is a valid \`${b.name}\`: there is nothing to check.`, 88).join('\n'),
      '    ',
    ),
    name: whole.validate,
    params: 'self',
    returns: "Result<(), &'static str>",
    body,
  });
  const isValid = render('method', {
    head: `${docs(`Whether [\`Self::${whole.validate}\`] finds nothing wrong.`, '    ')}    #[inline]\n`,
    name: whole.isValid,
    params: 'self',
    returns: 'bool',
    body: [`self.${whole.validate}().is_ok()`],
  });
  return [validate, isValid];
}

/** `d.field(...)` statements showing one field by its getter. */
function debugField(crate: Crate, plan: DeclPlan, f: FieldFacts): string {
  const m = crate.methods.get(planOf(plan, f))!;
  const name = JSON.stringify(f.field.name);
  const e = enumOf(f.field);
  if (e && !enumExhaustive(f, e)) return `match w.${m.get}() {\n    Ok(v) => d.field(${name}, &v),\n    Err(raw) => d.field(${name}, &raw),\n};`;
  // Addresses and masks read best in hex; flags, signed values and enums as they are.
  if (!e && f.field.type.kind !== 'bool' && !f.field.signed) return `d.field(${name}, &format_args!("{:#x}", w.${m.get}()));`;
  return `d.field(${name}, &w.${m.get}());`;
}

export function renderDebug(crate: Crate, plan: DeclPlan, name: string): string {
  const b = plan.decl as ir.Bits;
  const facts = bitFacts(b);
  const lines: string[] = [];
  const tag = facts.fields.find((f) => f.isTag);
  if (tag) lines.push(...debugField(crate, plan, tag).split('\n'));
  for (const f of facts.fields.filter((x) => !x.isTag && x.variant === null)) lines.push(...debugField(crate, plan, f).split('\n'));
  if (tag && b.tag) {
    const m = crate.methods.get(planOf(plan, tag))!;
    lines.push(`match w.${m.rawGet ?? m.get}() {`);
    let covered = 0;
    for (const v of b.variants) {
      covered += v.when.length;
      const own = facts.fields.filter((f) => f.variant === v).flatMap((f) => debugField(crate, plan, f).split('\n'));
      const pattern = v.when.map((w) => tagPattern(b, w)).join(' | ');
      lines.push(own.length ? `    ${pattern} => {` : `    ${pattern} => {}`, ...(own.length ? [...own.map((l) => `        ${l}`), '    }'] : []));
    }
    if (BigInt(covered) < 1n << BigInt(tagTypeBits(b))) lines.push('    _ => {}');
    lines.push('}');
  }
  return render('debug', { name, title: b.name, lines });
}
