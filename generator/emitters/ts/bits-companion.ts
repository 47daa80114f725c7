/**
 * Bit layouts in the namespace's common module: per layout, the interface of its decoded value
 * (a discriminated union for tagged layouts), and a companion object of the same name with a
 * getter and setter per field on the raw word, `decode`, `encode` and `validate`.
 */
import type * as ir from '../../ir.js';
import { chunkAnySet, chunkExtractUnsigned, chunkFixedBad, checkedFlag, chunkOfBigint, chunksOf, chunkWidth, kindOf } from '../../lower/bits-chunks.js';
import { bitFacts, fixedWords, reservedRun } from '../../lower/bits.js';
import { bigWordBad, printNumber, readField, wordBad, writePieces } from './bitcode.js';
import { printOperand } from './bits-print.js';
import { type BitsModel, checkField, fieldDoc, type FieldSlot, fieldType, type IgnoredSlot, kindOfType, readExpr } from './bits-model.js';
import { enumCaseLabel, enumValueRef } from './constants.js';
import type { ModuleWriter } from './module.js';
import { big, docComment, hex, ident, NameScope, num, objectLines, str, upperFirst } from './naming.js';
import { method, render } from './templates.js';
import { isBigEnum } from './types.js';
import { extend } from '../../util/objects.js';

/** Chunk `k` as the companion's functions name it. */
function chunkParam(model: BitsModel, k: number): string {
  return model.params ? model.params[k] : `words[${k}]!`;
}

/** The parameters of a function taking the raw word (each one is tested, so each is used). */
function paramList(model: BitsModel): string {
  if (!model.params) return 'words: ArrayLike<number>';
  return model.params.map((p) => `${p}: number`).join(', ');
}

function tagCases(model: BitsModel, v: ir.BitsVariant, m: ModuleWriter): string[] {
  const tag = model.decl.tag!;
  return v.when.map((w) => {
    if (tag.type.kind === 'bool') return w === 0n ? 'false' : 'true';
    if (tag.type.kind === 'enum') return enumValueRef(tag.type.decl, m.ref(tag.type.decl.qname), w);
    return kindOf(tag) === 'bigint' ? big(w) : num(w);
  });
}

/** The `case` labels of a variant's tag values. */
function tagCaseLabels(model: BitsModel, v: ir.BitsVariant, m: ModuleWriter): string[] {
  const tag = model.decl.tag!;
  if (tag.type.kind !== 'enum') return tagCases(model, v, m);
  const e = tag.type.decl;
  return v.when.map((w) => enumCaseLabel(e, m.nameOf(e.qname), w));
}

function tagLiteralType(model: BitsModel, v: ir.BitsVariant, m: ModuleWriter): string {
  return [...new Set(tagCases(model, v, m))].join(' | ');
}

function expectedTags(model: BitsModel, m: ModuleWriter): string {
  return model.decl.variants.flatMap((v) => tagCases(model, v, m).map((c) => c.replace(/^.*\./, ''))).join(', ');
}

export function renderBitsTypes(model: BitsModel, m: ModuleWriter): string[] {
  const { decl } = model;
  const names = m.plan.names.get(decl.qname)!;
  const prop = (s: FieldSlot) => ({ doc: docComment(s.field.doc, fieldDoc(s)), name: s.prop, optional: false, type: fieldType(s.field, m) });
  const ignoredNote = (r: ir.BitRange) =>
    `${r.lo === r.hi ? 'bit' : 'bits'} ${rangeText(r)}, reserved: ignored by the hardware, kept so that words round-trip; 0 if omitted.`;
  const ignoredProp = (s: IgnoredSlot) => ({
    doc: s.reserved.doc ? docComment(s.reserved.doc, `(${ignoredNote(s.reserved.range)})`) : docComment(upperFirst(ignoredNote(s.reserved.range))),
    name: s.prop,
    optional: true,
    type: kindOf(s.field) === 'bigint' ? 'bigint' : 'number',
  });
  const summary = `${decl.width} bits${decl.words > 1 ? ` (${decl.words} × u${decl.wordBits})` : ''}; see {@link ${names.base}} (the companion object) to decode and encode words.`;
  if (!decl.tag) {
    return [
      render('interface', {
        doc: docComment(decl.doc, summary),
        name: names.base,
        extends: '',
        props: [...model.slots.map(prop), ...model.ignored.map(ignoredProp)],
      }),
    ];
  }
  const out: string[] = [];
  const commonSlots = model.slots.filter((s) => !s.variant && !s.isTag);
  out.push(
    render('interface', {
      doc: docComment(`The fields every variant of {@link ${names.base}} has.`),
      name: names.common!,
      extends: '',
      props: [...commonSlots.map(prop), ...model.ignored.filter((s) => !s.variant).map(ignoredProp)],
    }),
  );
  const tagSlot = model.slots.find((s) => s.isTag)!;
  for (const v of decl.variants) {
    out.push(
      render('interface', {
        doc: docComment(v.doc, `Variant ${v.name} of {@link ${names.base}}: ${tagSlot.prop} = ${tagCases(model, v, m).join(' or ')}.`),
        name: names.variants.get(v.name)!,
        extends: names.common!,
        props: [
          extend(prop(tagSlot), { type: tagLiteralType(model, v, m) }),
          ...model.slots.filter((s) => s.variant === v).map(prop),
          ...model.ignored.filter((s) => s.variant === v).map(ignoredProp),
        ],
      }),
    );
  }
  out.push(
    render('typeAlias', {
      doc: docComment(decl.doc, `A tagged layout: \`${tagSlot.prop}\` selects the variant. ${summary}`),
      name: names.base,
      type: decl.variants.map((v) => names.variants.get(v.name)!).join(' | '),
    }),
  );
  return out;
}

function rangeText(r: ir.BitRange): string {
  return r.lo === r.hi ? `${r.lo}` : `${r.lo}..${r.hi}`;
}

/** Fixed bits (reserved with a required value) of the common part and of a variant, per chunk. */
function fixedBits(model: BitsModel, variant: ir.BitsVariant | null): Map<number, bigint> {
  return new Map(bitFacts(model.decl).fixed(variant, 32).map((w) => [w.word, w.value]));
}

interface EncodeBody {
  readonly checks: string[];
  /** Per chunk index: its fixed bits and the fields' pieces, ORed (see {@link storeChunk}). */
  readonly chunks: { readonly fixed: bigint; readonly pieces: readonly string[] }[];
  readonly pre: string[];
  /** Chunks with a flag: -1 (every bit set) when a flag is not a boolean, see `storeChunk`. */
  readonly flagged: ReadonlySet<number>;
}

/**
 * Checks and chunk expressions of an encoder. `mode`: 'all' for an untagged layout; 'common'
 * checks the fields every variant has (into `locals`, before the tag switch); 'variant' checks
 * one variant's own fields and places everything. `only`: the chunk a per-chunk encoder builds
 * (only the fields with bits there are read and checked), or null for every chunk.
 */
function encodeParts(
  model: BitsModel,
  variant: ir.BitsVariant | null,
  m: ModuleWriter,
  scope: NameScope,
  locals: Map<FieldSlot, string>,
  mode: 'all' | 'common' | 'variant',
  only: number | null,
): EncodeBody {
  const { decl } = model;
  const typeName = decl.name;
  const checks: string[] = [];
  const pre: string[] = [];
  const pieces = new Map<number, string[]>();
  const flagged = new Set<number>();
  const addPieces = (f: ir.BitField, v: string) => {
    const p = writePieces(f, decl.width, v, () => scope.claim(`${f.name.replace(/\W/g, '')}Bits`));
    pre.push(...p.pre);
    for (const c of p.chunks) pieces.set(c.chunk, [...(pieces.get(c.chunk) ?? []), ...c.pieces]);
  };
  const inChunk = (f: ir.BitField) => only === null || chunksOf(f).includes(only);
  const slots = model.slots.filter((s) => (mode === 'common' ? !s.variant : !s.variant || s.variant === variant) && inChunk(s.field));
  for (const s of slots) {
    const v = `value.${s.prop}`;
    if (s.isTag) {
      if (mode !== 'common') addPieces(s.field, v);
      continue;
    }
    if (kindOf(s.field) === 'bool') {
      if (mode === 'common') continue;
      // A flag that is not a boolean makes its chunk -1 (every bit set), which the chunk's one
      // test sends to `check(value)` to be named: no call per flag, so V8 inlines the encoder.
      const flag = checkedFlag(s.field);
      const local = scope.claim(ident(s.prop));
      pre.push(`const ${local} = ${v};`);
      const piece = printOperand(flag.piece, { chunk: noChunk, value: local }, 'number');
      pieces.set(flag.chunk, [...(pieces.get(flag.chunk) ?? []), piece]);
      flagged.add(flag.chunk);
      continue;
    }
    // Other values are read once into a local, checked, then placed.
    let local = locals.get(s);
    if (!local) {
      local = scope.claim(ident(s.prop));
      locals.set(s, local);
      checks.push(`const ${local} = ${v};`, checkField(typeName, s.field.name, s.field, kindOfType(s.field), local, m));
    }
    if (mode !== 'common') addPieces(s.field, local);
  }
  if (mode !== 'common') {
    for (const s of model.ignored.filter((i) => (!i.variant || i.variant === variant) && inChunk(i.field))) {
      const local = scope.claim(s.prop);
      pre.push(`const ${local} = value.${s.prop} ?? ${kindOf(s.field) === 'bigint' ? '0n' : '0'};`);
      pre.push(checkField(typeName, s.prop, s.field, kindOf(s.field), local, m));
      addPieces(s.field, local);
    }
  }
  const fixed = fixedBits(model, variant);
  const chunks = Array.from({ length: model.n }, (_, k) => ({ fixed: fixed.get(k) ?? 0n, pieces: pieces.get(k) ?? [] }));
  return { checks, chunks, pre, flagged };
}

/** The local a chunk is built in (`word`, `lo`/`hi`, `w0`...: never a field's local). */
function chunkLocal(n: number, k: number): string {
  return n === 1 ? 'word' : n === 2 ? (k === 0 ? 'lo' : 'hi') : `w${k}`;
}

/**
 * Statements storing an encoded chunk (its fixed bits and pieces ORed) as an unsigned number:
 * built in a local when it has several terms (so it reads one term a line when long).
 */
function storeChunk(n: number, k: number, chunk: EncodeBody['chunks'][number], store: (unsigned: string) => string, recheck: string | null = null): string[] {
  if (chunk.pieces.length === 0) return [store(chunk.fixed ? hex(chunk.fixed) : '0')];
  if (chunk.pieces.length === 1 && !chunk.fixed && !recheck) return [store(`${chunk.pieces[0]} >>> 0`)];
  const bits = [...(chunk.fixed ? [hex(chunk.fixed)] : []), ...chunk.pieces].join(' | ');
  const local = chunkLocal(n, k);
  // A chunk of ones may be valid too: `check` then finds nothing wrong and returns.
  return [`const ${local} = ${bits};`, ...(recheck ? [`if (${local} === -1) ${recheck};`] : []), store(`${local} >>> 0`)];
}

/**
 * The test of the raw word a function takes: `form` 'params' for the parameters the layout's
 * functions take (`word`, `lo, hi`, `w0`..., or a `words` list past four parts), 'words' for a
 * setter's `words` list. `fail(error)` makes the statement run on failure (a `throw`, or
 * `validate`'s `return`). `field` is the getter's or setter's field ('' for the word as a whole).
 */
function wordCheck(model: BitsModel, m: ModuleWriter, field: string, form: 'params' | 'words' = 'params', fail = (e: string) => `throw ${e};`): string[] {
  const w = model.decl.width;
  const name = str(model.decl.name);
  const params = form === 'params' ? model.params : null;
  if (!params) return [`if (${m.rt('wordsBad')}(words, ${w})) ${fail(`${m.rt('wordsError')}(${name}, ${str(field)}, ${w}, words)`)}`];
  if (params.length === 1) return [`if (${wordBad(w, 'word')}) ${fail(`${m.rt('wordError')}(${[name, 'word', w, ...(field ? [str(field)] : [])].join(', ')})`)}`];
  const conds = params.map((p, k) => wordBad(chunkWidth(w, k), p));
  const error = fail(`${m.rt('partsError')}(${name}, ${str(field)}, ${w}, [${params.join(', ')}])`);
  // Up to two parts in one test; more, one test a part (the layout engine breaks no longer test).
  return params.length <= 2 ? [`if (${conds.join(' || ')}) ${error}`] : conds.map((c) => `if (${c}) ${error}`);
}

function bigWordCheck(model: BitsModel, m: ModuleWriter, fail = (e: string) => `throw ${e};`): string {
  return `if (${bigWordBad(model.decl.width, 'word')}) ${fail(`${m.rt('wordError')}(${str(model.decl.name)}, word, ${model.decl.width})`)}`;
}

/** `validate`'s answer for a word that is not one: the error's message. */
function validateFail(e: string): string {
  return `return [${e}.message];`;
}

/** Chunk `k` of a bigint `word`. */
function chunkOfBig(k: number, n: number): string {
  return printNumber(chunkOfBigint(k, n), { chunk: noChunk, value: 'word' });
}

function noChunk(): string {
  throw new Error('internal error: no chunk here');
}

/** The decoded object (or the tag switch returning one) from chunk expressions. */
function decodeBody(model: BitsModel, chunk: (k: number) => string, m: ModuleWriter): string[] {
  const { decl } = model;
  const obj = (variant: ir.BitsVariant | null, tagLocal: string | null) => {
    const entries = model.slots
      .filter((s) => !s.variant || s.variant === variant)
      .map((s) => `${s.prop}: ${s.isTag && tagLocal ? tagLocal : readExpr(s.field, chunk, m)}`);
    const ignored = model.ignored.filter((s) => !s.variant || s.variant === variant).map((s) => `${s.prop}: ${readField(s.field, chunk, m.rt)}`);
    return objectLines('return ', [...entries, ...ignored], ';');
  };
  if (!decl.tag) return obj(null, null);
  const body = [`const tag = ${readExpr(decl.tag, chunk, m)};`, 'switch (tag) {'];
  for (const v of decl.variants) {
    body.push(...tagCaseLabels(model, v, m).map((c) => `case ${c}:`), ...obj(v, 'tag'));
  }
  body.push(`default: throw new ${m.rt('TagError')}(${str(decl.name)}, ${str(decl.tag.name)}, tag, ${str(expectedTags(model, m))});`, '}');
  return body;
}

/**
 * Statements writing an encoded value: `emit(e)` stores the chunk expressions. `only`: the
 * chunk of a per-chunk encoder; a tagged layout whose variants all agree on that chunk (no
 * variant field, ignored or fixed bits there, nor the tag) builds it without the tag switch.
 */
function encodeBody(model: BitsModel, m: ModuleWriter, scope: NameScope, emit: (e: EncodeBody) => string[], only: number | null = null): string[] {
  const body = encodeStatements(model, m, scope, emit, only);
  // Anything but an object would make `value.field` throw a TypeError: refuse it by name first
  // (a chunk of fixed bits only reads nothing of the value). Not in the one-chunk encoders
  // (`encodeLo`...): there it took `encodeHalves`, which V8 inlines them into, past V8's
  // inlining budget (case 2 of `npm run bench` from 1.2x to 1.65x); their callers test it.
  return only === null && body.some((l) => /\bvalue\b/.test(l)) ? [objectCheck(model, m), ...body] : body;
}

/** `if (value is not an object) throw`: the first statement of every function taking a value. */
export function objectCheck(model: BitsModel, m: ModuleWriter): string {
  return `if (typeof value !== 'object' || value === null) throw ${m.rt('objectError')}(${str(model.decl.name)}, '', value);`;
}

function encodeStatements(model: BitsModel, m: ModuleWriter, scope: NameScope, emit: (e: EncodeBody) => string[], only: number | null): string[] {
  const { decl } = model;
  const locals = new Map<FieldSlot, string>();
  const variantsAgree =
    only !== null &&
    decl.tag !== null &&
    !chunksOf(decl.tag).includes(only) &&
    decl.variants.every(
      (v) =>
        v.fields.every((f) => !chunksOf(f).includes(only)) &&
        v.reserved.every((r) => !chunksOf(reservedRun(r.range)).includes(only)),
    );
  if (!decl.tag || variantsAgree) {
    const e = encodeParts(model, null, m, scope, locals, 'all', only);
    return [...e.checks, ...e.pre, ...emit(e)];
  }
  const common = encodeParts(model, null, m, scope, locals, 'common', only);
  const body = [...common.checks];
  const tagProp = model.slots.find((s) => s.isTag)!.prop;
  body.push(`switch (value.${tagProp}) {`);
  for (const v of decl.variants) {
    const e = encodeParts(model, v, m, scope.fork(), new Map(locals), 'variant', only);
    body.push(...tagCaseLabels(model, v, m).map((c) => `case ${c}:`), '{', ...e.checks, ...e.pre, ...emit(e), '}');
  }
  body.push(
    `default: throw new ${m.rt('TagError')}(${str(decl.name)}, ${str(decl.tag.name)}, (value as { ${tagProp}: unknown }).${tagProp}, ${str(expectedTags(model, m))});`,
    '}',
  );
  return body;
}

/**
 * The statements of `check(value)`: each field's check in spec order (flags too), then, for a
 * tagged layout, the variant's own fields under a switch on the tag.
 */
function checkBody(model: BitsModel, m: ModuleWriter, scope: NameScope): string[] {
  const { decl } = model;
  const fieldChecks = (variant: ir.BitsVariant | null, sc: NameScope) => {
    const body: string[] = [];
    for (const s of model.slots.filter((x) => x.variant === variant && !x.isTag)) {
      const local = sc.claim(ident(s.prop));
      body.push(`const ${local} = value.${s.prop};`, checkField(decl.name, s.field.name, s.field, kindOfType(s.field), local, m));
    }
    for (const s of model.ignored.filter((i) => i.variant === variant)) {
      const local = sc.claim(s.prop);
      body.push(`const ${local} = value.${s.prop} ?? ${kindOf(s.field) === 'bigint' ? '0n' : '0'};`, checkField(decl.name, s.prop, s.field, kindOf(s.field), local, m));
    }
    return body;
  };
  const body = [objectCheck(model, m), ...fieldChecks(null, scope)];
  if (!decl.tag) return body;
  const tagProp = model.slots.find((s) => s.isTag)!.prop;
  body.push(`switch (value.${tagProp}) {`);
  for (const v of decl.variants) {
    body.push(...tagCaseLabels(model, v, m).map((c) => `case ${c}:`), '{', ...fieldChecks(v, scope.fork()), 'return;', '}');
  }
  body.push(
    `default: throw new ${m.rt('TagError')}(${str(decl.name)}, ${str(decl.tag.name)}, (value as { ${tagProp}: unknown }).${tagProp}, ${str(expectedTags(model, m))});`,
    '}',
  );
  return body;
}

/** Validation statements pushing messages onto `issues`. */
function validateBody(model: BitsModel, chunk: (k: number) => string, m: ModuleWriter): string[] {
  const { decl } = model;
  const body: string[] = [];
  const reservedChecks = (list: readonly ir.ReservedBits[]) => {
    for (const r of list) {
      if (r.value === null) continue;
      const f = reservedRun(r.range);
      const bad = printNumber(chunkFixedBad(fixedWords([r], 32)), { chunk });
      const found = kindOf(f) === 'number' ? `, not \${${m.rt('formatInt')}(${printNumber(chunkExtractUnsigned(f), { chunk })})}` : '';
      body.push(`if (${bad}) issues.push(\`${decl.name}: ${r.range.lo === r.range.hi ? 'bit' : 'bits'} ${rangeText(r.range)} must be ${r.value < 1024n ? r.value : hex(r.value)}${found}\`);`);
    }
  };
  const enumChecks = (slots: readonly FieldSlot[]) => {
    for (const s of slots) {
      if (s.field.type.kind !== 'enum' || s.isTag) continue;
      const e = s.field.type.decl;
      const ref = m.ref(e.qname);
      const v = readField(s.field, chunk, m.rt);
      const missing = isBigEnum(e) ? `!(Object.values(${ref}) as bigint[]).includes(${v})` : `${ref}[${v}] === undefined`;
      body.push(`if (${missing}) issues.push(\`${decl.name}.${s.field.name}: \${${m.rt('formatInt')}(${v})} is not a ${e.name}\`);`);
    }
  };
  // Bits no field or reserved range names (the checker warns about them): they must be 0,
  // or decode would drop them silently.
  const gapChecks = (variant: ir.BitsVariant | null) => {
    for (const { lo, hi } of bitFacts(decl).unnamed(variant)) {
      const set = printNumber(chunkAnySet(reservedRun({ lo, hi })), { chunk });
      body.push(`if (${set}) issues.push(\`${decl.name}: ${lo === hi ? `bit ${lo} is` : `bits ${lo}..${hi} are`} set, but no field describes ${lo === hi ? 'it' : 'them'}\`);`);
    }
  };
  reservedChecks(decl.reserved);
  if (!decl.tag) gapChecks(null);
  enumChecks(model.slots.filter((s) => !s.variant));
  if (decl.tag) {
    body.push(`switch (${readField(decl.tag, chunk, m.rt)}) {`);
    for (const v of decl.variants) {
      const cases = v.when.map((w) => (decl.tag!.type.kind === 'bool' ? (w === 0n ? 'false' : 'true') : kindOf(decl.tag!) === 'bigint' ? big(w) : num(w)));
      body.push(...cases.map((c) => `case ${c}:`), '{');
      reservedChecks(v.reserved);
      gapChecks(v);
      enumChecks(model.slots.filter((s) => s.variant === v));
      body.push('break;', '}');
    }
    body.push(`default: issues.push(\`${decl.name}.${decl.tag.name}: \${${m.rt('formatInt')}(Number(${readField(decl.tag, chunk, m.rt)}))} selects no variant (expected ${expectedTags(model, m)})\`);`, '}');
  }
  return body;
}

/**
 * `validate(word)` or `validateHalves(lo, hi)`: a word that is not one is the one problem;
 * then the checks.
 */
function validateMethod(name: string, model: BitsModel, m: ModuleWriter): string {
  const checks = validateBody(model, (k) => chunkParam(model, k), m);
  const body = [...wordCheck(model, m, '', 'params', validateFail), ...(checks.length ? ['const issues: string[] = [];', ...checks, 'return issues;'] : ['return [];'])];
  return method({ name, params: paramList(model), returns: 'string[]', body });
}

export function renderCompanion(model: BitsModel, m: ModuleWriter): string {
  const { decl, n } = model;
  const names = m.plan.names.get(decl.qname)!;
  const self = names.base;
  const members: { doc: string; code: string }[] = [];
  const typeName = decl.name;
  members.push({ doc: docComment('Bytes in memory.'), code: `readonly SIZE = ${decl.size};` });
  members.push({ doc: docComment('Bits in the layout.'), code: `readonly WIDTH = ${decl.width};` });
  const recheck = (k: number, e: EncodeBody) => (e.flagged.has(k) ? `${self}.check(value)` : null);

  const seen = new Set<string>();
  for (const s of model.slots) {
    if (seen.has(s.accessor)) continue;
    seen.add(s.accessor);
    const f = s.field;
    const type = s.isTag ? fieldType(f, m) : fieldType(f, m);
    members.push({
      doc: docComment(f.doc, fieldDoc(s)),
      code: method({ name: s.accessor, params: paramList(model), returns: type, body: [...wordCheck(model, m, f.name), `return ${readExpr(f, (k) => chunkParam(model, k), m)};`] }),
    });
    const setter = model.api.setters.get(s)!;
    // A words array holds whole 32-bit numbers: a setter keeps every bit the field does not own.
    const p = writePieces(f, n === 1 ? decl.width : 32 * n, 'value', () => 'bits', n === 1 ? () => 'word' : (k) => `words[${k}]!`);
    const check = checkField(typeName, f.name, f, kindOfType(f), 'value', m);
    if (n === 1) {
      const c = p.chunks[0];
      members.push({
        doc: docComment(`Returns \`word\` with ${s.accessor} set to \`value\`; a \`RangeError\` if it does not fit.`),
        code: method({
          name: setter,
          params: `word: number, value: ${type}`,
          returns: 'number',
          // The word is tested even when the field fills it: a setter is given a word.
          body: [...wordCheck(model, m, f.name), check, ...p.pre, `return ${c.unsigned()};`],
        }),
      });
    } else {
      // Both tests before the first store: a setter changes all of the field or nothing.
      const body = [...wordCheck(model, m, f.name, 'words'), check, ...p.pre];
      for (const c of p.chunks) body.push(`words[${c.chunk}] = ${c.unsigned()};`);
      members.push({
        doc: docComment(`Sets ${s.accessor} in \`words\` (32-bit, least significant first) to \`value\`; a \`RangeError\` if it does not fit.`),
        code: method({ name: setter, params: `words: ${m.rt('Words', true)}, value: ${type}`, returns: 'void', body }),
      });
    }
  }

  const params = model.params;
  const partsDesc = n === 2 ? 'two 32-bit halves' : `${n} 32-bit words, least significant first`;
  if (n === 1) {
    members.push({
      doc: docComment(`Decodes a word; a \`RangeError\` if it is not a ${decl.width}-bit unsigned integer${decl.tag ? ' or its tag selects no variant' : ''}.`),
      code: method({ name: 'decode', params: 'word: number', returns: self, body: [...wordCheck(model, m, ''), ...decodeBody(model, (k) => chunkParam(model, k), m)] }),
    });
    const scope = m.localScope(['value', 'word', 'tag', 'issues']);
    members.push({
      doc: docComment('Encodes a value; a `RangeError` names a field that does not fit (`check` names the first). Fixed reserved bits get their required values.'),
      code: method({ name: 'encode', params: `value: ${self}`, returns: 'number', body: encodeBody(model, m, scope, (e) => storeChunk(1, 0, e.chunks[0], (w) => `return ${w};`, recheck(0, e))) }),
    });
    members.push({
      doc: docComment('Problems with a word: fixed reserved bits with other values, enum fields holding no member, a tag that selects no variant. Empty when the word is valid.'),
      code: validateMethod('validate', model, m),
    });
  } else {
    // A bigint word as chunks: two halves inline, more as locals named like the parameters.
    const partLocals = params && n > 2 ? params.map((p, k) => `const ${p} = ${chunkOfBig(k, n)};`) : [];
    const toParts = params
      ? n > 2
        ? params.join(', ')
        : Array.from({ length: n }, (_, k) => chunkOfBig(k, n)).join(', ')
      : `${m.rt('toWords')}(word, ${n})`;
    members.push({
      doc: docComment(`Decodes a ${decl.width}-bit word; a \`RangeError\` if it is out of range${decl.tag ? ' or its tag selects no variant' : ''}.`),
      code: method({ name: 'decode', params: 'word: bigint', returns: self, body: [bigWordCheck(model, m), ...partLocals, `return ${self}.${model.api.decodeParts}(${toParts});`] }),
    });
    members.push({
      doc: docComment(`Decodes a word given as ${partsDesc}.`),
      code: method({
        name: model.api.decodeParts!,
        params: paramList(model),
        returns: self,
        body: [...wordCheck(model, m, ''), ...decodeBody(model, (k) => chunkParam(model, k), m)],
      }),
    });
    const scope = m.localScope(['value', 'out', 'word', 'words', 'tag', 'issues']);
    members.push({
      doc: docComment('Encodes a value; a `RangeError` names a field that does not fit (`check` names the first).'),
      code: method({
        name: 'encode',
        params: `value: ${self}`,
        returns: 'bigint',
        body: [`const out = new Array<number>(${n}).fill(0);`, `${self}.${model.api.encodeParts}(value, out);`, `return ${m.rt('fromWords')}(out);`],
      }),
    });
    const chunkFns = model.api.encodeChunks;
    members.push({
      doc: docComment(`Encodes a value into \`out\` as ${partsDesc}; a \`RangeError\` names a field that does not fit (\`check\` names the first). Fixed reserved bits get their required values.`),
      code: method({
        name: model.api.encodeParts!,
        params: `value: ${self}, out: ${m.rt('Words', true)}`,
        returns: 'void',
        // Every chunk is built before \`out\` is touched, so a value that does not fit changes nothing.
        body: chunkFns
          ? [objectCheck(model, m), ...chunkFns.map((fn, k) => `const ${chunkLocal(n, k)} = ${self}.${fn}(value);`), ...chunkFns.map((_, k) => `out[${k}] = ${chunkLocal(n, k)};`)]
          : encodeBody(model, m, scope, (e) => [...e.chunks.flatMap((c, k) => storeChunk(n, k, c, (w) => `out[${k}] = ${w};`, recheck(k, e))), ...(decl.tag ? ['return;'] : [])]),
      }),
    });
    chunkFns?.forEach((fn, k) => {
      const which = n === 2 ? (k === 0 ? 'low 32 bits' : 'high 32 bits') : `32-bit word ${k} (least significant first)`;
      const body = encodeBody(model, m, m.localScope(['value', 'word', 'words', 'tag', 'issues']), (e) => storeChunk(n, k, e.chunks[k], (w) => `return ${w};`, recheck(k, e)), k);
      members.push({
        doc: docComment(
          `The ${which} of a value's encoding; a \`RangeError\` names a field with bits there that does not fit. \`value\` must be an object (the one entry point that does not test it: it is the hot path's piece; \`${model.api.encodeParts}\` tests it).`,
        ),
        // A chunk of fixed bits only needs no value.
        code: method({ name: fn, params: `${body.some((l) => /\bvalue\b/.test(l)) ? 'value' : '_value'}: ${self}`, returns: 'number', body }),
      });
    });
    members.push({
      doc: docComment('Problems with a word: fixed reserved bits with other values, enum fields holding no member, a tag that selects no variant. Empty when the word is valid.'),
      code: method({
        name: 'validate',
        params: 'word: bigint',
        returns: 'string[]',
        body: [
          bigWordCheck(model, m, validateFail),
          ...partLocals,
          `return ${self}.${model.api.validateParts}(${toParts});`,
        ],
      }),
    });
    members.push({
      doc: docComment(`Like \`validate\`, for a word given as ${partsDesc}.`),
      code: validateMethod(model.api.validateParts!, model, m),
    });
  }
  const checks = checkBody(model, m, m.localScope(['value', 'tag']));
  members.push({
    doc: docComment(
      'Throws the `RangeError` that names the first field of a value that does not fit (spec order), or, for a tagged layout, a tag that selects no variant; returns if the value encodes. The encoders call it to name what they refused.',
    ),
    code: method({ name: 'check', params: `${checks.length ? 'value' : '_value'}: ${self}`, returns: 'void', body: checks }),
  });
  const wordDesc = n === 1 ? `a ${decl.width}-bit \`number\`` : n === 2 ? 'a `bigint` or two 32-bit halves `(lo, hi)`' : `a \`bigint\` or ${partsDesc}`;
  return render('codec', {
    doc: docComment(
      `Reads, writes and checks {@link ${self}} words: ${wordDesc}. Field getters take the raw word and never allocate (unless the field is wider than 53 bits); setters throw a \`RangeError\` rather than truncate. Every function tests the word it is given: a \`WordError\` names the part that is not one. Use the instance {@link ${self}}.`,
    ),
    className: names.codec!,
    members,
    constDoc: docComment(`Reads, writes and checks {@link ${self}} words (see {@link ${names.codec}}): \`${self}.decode(word)\`, \`${self}.encode(value)\`, a getter and a setter per field.`),
    name: self,
  });
}
