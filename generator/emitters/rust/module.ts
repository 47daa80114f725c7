/**
 * The Rust emitter: `rust/<target>[-<config>]/lib.rs` declaring one module per namespace
 * (`rust/<target>/<namespace>.rs`), `#![no_std]`. Each module has, declaration by
 * declaration:
 *
 *   - `pub const` items with typed values: constants (their declared type, else u64 or i64),
 *     sizes, alignments and offsets (usize), shifts and widths (u32), word indices (usize),
 *     masks (the layout's word type); the names of the C header, without namespace prefix;
 *   - enums as `#[repr(uN)]`/`#[repr(iN)]` Rust enums with `from_raw`, `TryFrom` and `From`;
 *   - bit layouts as `#[repr(transparent)]` newtypes over their word (or word array) with
 *     `const fn` getters, `with_*` and `set_*` setters per field;
 *   - structs and unions as `#[repr(C)]` mirrors with the spec's layout: explicit padding
 *     fields where Rust would not place a field at its offset, `align(N)` where the spec raises
 *     alignment; a packed struct that also has an alignment becomes an aligned wrapper around
 *     a packed one (`Foo(pub FooPacked)`), as Rust cannot have both on one type.
 *
 * Struct fields of enum type hold the enum's storage integer (a byte in memory may be any
 * value; a Rust enum may not). When the module is compiled for its own target (a cfg on
 * target_arch and pointer width), const assertions check every size, alignment and offset.
 * Setters mask like the C ones, and check with `debug_assert!` that the value fits.
 * Needs Rust 1.83 (const fn with `&mut self`); edition 2021.
 */
import type * as ir from '../../ir.js';
import { RUST_RESERVED, escapeName, lowerSnake } from '../../names.js';
import {
  defaultLayoutOf,
  layoutDir,
  layoutTitle,
  sameAsDefault,
  planConstants,
  rustTypeName,
  storageBits,
  wrap,
  type ConstItem,
  type DeclPlan,
  type FieldPlan,
  type NamespacePlan,
  type NumKind,
} from '../c/constants.js';
import { fieldSignature, findAlias } from '../c/header.js';
import { banner, type Emitter, type GeneratedFile } from '../emitter.js';
import { render } from './templates.js';

export const rustEmitter: Emitter = {
  name: 'rust',
  description: 'Rust crates per target: typed constants, repr enums, bit-layout newtypes with const fn accessors, repr(C) mirrors',
  emit({ layouts, specs }) {
    return renderAllRustCrates(layouts, specs);
  },
};

/**
 * Every layout's crate. In a configuration other than the default, a module that would be the
 * default configuration's but for its title is that file (`#[path]`), so that each layout is
 * declared once.
 */
export function renderAllRustCrates(layouts: readonly ir.Layout[], specs: readonly string[]): GeneratedFile[] {
  const modules = new Map(layouts.map((l) => [l, renderRustModules(l, specs)]));
  return layouts.flatMap((layout) => {
    const own = modules.get(layout)!;
    const base = defaultLayoutOf(layout, layouts);
    const same = base
      ? sameAsDefault(layout, own, base, modules.get(base)!, (text, sibling) => text.includes(`super::${sibling.slice(0, -'.rs'.length)}::`))
      : new Map<string, string>();
    const paths = new Map([...same.keys()].map((p) => [fileStem(p), `../${layoutDir(base!)}/${fileStem(p)}.rs`]));
    return [renderRustLib(layout, specs, paths), ...own.filter((f) => !same.has(f.path))];
  });
}

/** `rust/x86_64/x86.rs` -> `x86`. */
function fileStem(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1, -'.rs'.length);
}

/** Rust's name for each built-in target, as `cfg` sees it. */
const TARGET_CFG: Readonly<Record<string, string>> = {
  x86_64: 'x86_64',
  i386: 'x86',
  aarch64: 'aarch64',
  riscv64: 'riscv64',
  riscv32: 'riscv32',
  ppc32: 'powerpc',
  s390x: 's390x',
  mips32: 'mips',
};

const MODULE_RESERVED: ReadonlySet<string> = new Set([...RUST_RESERVED, 'core', 'std', 'alloc']);

/** `x86`, `coyotos`, `match` -> `x86`, `coyotos`, `match_`: a namespace's module name. */
export function rustModuleName(namespace: string): string {
  return escapeName(lowerSnake(namespace), MODULE_RESERVED);
}

/** The names of one crate: modules, types, bit-layout methods, struct and union members. */
export interface RustNames {
  readonly layout: ir.Layout;
  readonly namespaces: readonly NamespacePlan[];
  /** Module name by namespace. */
  readonly modules: ReadonlyMap<string, string>;
  /** Packed structs that also have an alignment: the packed inner type's name, by qname. */
  readonly packedInner: ReadonlyMap<string, string>;
  /** Getter, `with_` and `set_` methods of each bit field. */
  readonly methods: ReadonlyMap<FieldPlan, { readonly get: string; readonly with: string; readonly set: string }>;
  /** Member names of each struct (its IR fields) and union (its IR members), by qname. */
  readonly members: ReadonlyMap<string, readonly string[]>;
}
type Crate = RustNames;

export function planRustNames(layout: ir.Layout): RustNames {
  const namespaces = planConstants(layout, 'module');
  const modules = new Map<string, string>();
  const taken = new Set<string>();
  for (const ns of namespaces) {
    let name = rustModuleName(ns.namespace);
    while (taken.has(name)) name += '_';
    taken.add(name);
    modules.set(ns.namespace, name);
  }
  const packedInner = new Map<string, string>();
  const methods = new Map<FieldPlan, { get: string; with: string; set: string }>();
  const members = new Map<string, readonly string[]>();
  for (const ns of namespaces) {
    for (const d of ns.decls) {
      const decl = d.decl;
      if (decl.kind === 'struct') {
        members.set(decl.qname, memberNames(decl.fields.map((f) => f.name)));
        if (decl.packed && decl.align > 1) packedInner.set(decl.qname, ns.scope.claimFixed(`${ns.typeNames.get(decl.qname)}Packed`));
      }
      if (decl.kind === 'union') members.set(decl.qname, memberNames(decl.members.map((m) => m.name)));
      // Methods: `field`, `with_field`, `set_field`; variant fields are prefixed by the variant.
      const used = new Set<string>();
      const claim = (n: string): string => {
        let m = escapeName(n, RUST_RESERVED);
        while (used.has(m)) m += '_';
        used.add(m);
        return m;
      };
      for (const f of d.fields) {
        let base = lowerSnake(f.variant ? `${f.variant.name}_${f.field.name}` : f.field.name).replace(/^_+/, '') || 'field';
        if (/^[0-9]/.test(base)) base = `f${base}`;
        methods.set(f, { get: claim(base), with: claim(`with_${base}`), set: claim(`set_${base}`) });
      }
    }
  }
  return { layout, namespaces, modules, packedInner, methods, members };
}

/** One layout's crate on its own: `lib.rs` and a module per namespace. */
export function renderRustCrate(layout: ir.Layout, specs: readonly string[]): GeneratedFile[] {
  return [renderRustLib(layout, specs), ...renderRustModules(layout, specs)];
}

/** One module per namespace: `rust/<layout>/<module>.rs`. */
function renderRustModules(layout: ir.Layout, specs: readonly string[]): GeneratedFile[] {
  const crate = planRustNames(layout);
  const dir = `rust/${layoutDir(layout)}`;
  return crate.namespaces.map((ns) => ({ path: `${dir}/${crate.modules.get(ns.namespace)}.rs`, contents: renderModule(crate, ns, specs) }));
}

/** The crate root; a module named in `paths` (module name -> path) is that file (`#[path]`). */
function renderRustLib(layout: ir.Layout, specs: readonly string[], paths: ReadonlyMap<string, string> = new Map()): GeneratedFile {
  const { namespaces, modules } = planRustNames(layout);
  const names = namespaces.map((ns) => modules.get(ns.namespace)!);
  const sharedNames = names.filter((n) => paths.has(n));
  const shared = sharedNames.length
    ? wrap(`${sharedNames.map((n) => `\`${n}\``).join(', ')}: laid out as in the default configuration, so the same ${sharedNames.length === 1 ? 'file' : 'files'} as in ../${layout.target.name}.`)
    : [];
  const contents = render('lib', { banner: bannerLines(specs), title: layoutTitle(layout), shared, modules: names.map((name) => ({ name, path: paths.get(name) ?? null })) });
  return { path: `rust/${layoutDir(layout)}/lib.rs`, contents };
}

// ---------------------------------------------------------------------------
// Text helpers

/** The banner, wrapped for `//!` lines. */
function bannerLines(specs: readonly string[]): string[] {
  return banner(specs).flatMap((l) => wrap(l));
}

function docs(doc: string | null, indent = '', ...extra: string[]): string {
  const lines = [...docLinesOf(doc), ...extra];
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  while (lines.length && lines[0] === '') lines.shift();
  return lines.map((l) => `${indent}///${l ? ` ${l}` : ''}\n`).join('');
}

function docLinesOf(doc: string | null): string[] {
  if (!doc) return [];
  return doc
    .replace(/\r\n?|[\u2028\u2029]/g, '\n')
    .split('\n')
    .map((l) => l.replace(/^ /, '').trimEnd());
}

/** `0x0000_0fff`: hex digits in groups of four. */
function groupedHex(value: bigint, digits = 0): string {
  const hex = value.toString(16).padStart(digits, '0');
  const groups: string[] = [];
  for (let end = hex.length; end > 0; end -= 4) groups.unshift(hex.slice(Math.max(0, end - 4), end));
  return `0x${groups.join('_')}`;
}

function rustInt(value: bigint): string {
  if (value < 0n) return value.toString();
  return value < 0x10000n ? value.toString() : groupedHex(value);
}

function intType(bits: number, signed: boolean): string {
  return `${signed ? 'i' : 'u'}${bits}`;
}

/** The Rust type and literal of a number. */
function rustConst(item: ConstItem, layout: ir.Layout): { type: string; value: string } {
  const num: NumKind = item.num;
  switch (num.kind) {
    case 'mask':
      return { type: `u${num.bits}`, value: groupedHex(item.value, num.bits / 4) };
    case 'count':
      return { type: item.role === 'word' ? 'usize' : 'u32', value: item.value.toString() };
    case 'bytes':
      return { type: 'usize', value: rustInt(item.value) };
    case 'enum':
      return { type: intType(num.bits, num.signed), value: rustInt(item.value) };
    case 'declared': {
      const t = num.type;
      if (t === 'bool') return { type: 'bool', value: item.value ? 'true' : 'false' };
      let type: string;
      if (t === null) type = item.value < 0n ? 'i64' : 'u64';
      else if (t === 'usize' || t === 'uptr') type = 'usize';
      else if (t === 'isize') type = 'isize';
      else if (t === 'uword') type = `u${layout.target.wordBits}`;
      else if (t === 'iword') type = `i${layout.target.wordBits}`;
      else type = t;
      return { type, value: rustInt(item.value) };
    }
  }
}

function constLines(items: readonly ConstItem[], layout: ir.Layout, withDocs: boolean, note?: (item: ConstItem) => string): string[] {
  const out: string[] = [];
  for (const item of items) {
    if (item.sameAs) {
      out.push(`// ${item.name}: the spec's constant of that name, ${item.value}.`);
      continue;
    }
    const { type, value } = rustConst(item, layout);
    const doc = withDocs ? docs(item.doc) : note ? docs(note(item)) : '';
    out.push(`${doc}pub const ${item.name}: ${type} = ${value};`);
  }
  return out;
}

// ---------------------------------------------------------------------------
// Types

function typeRef(crate: Crate, ns: string, qname: string): string {
  const decl = crate.layout.byName.get(qname);
  const name = crate.namespaces.find((n) => n.namespace === decl?.namespace)?.typeNames.get(qname);
  if (!decl || !name) throw new Error(`Rust: ${qname} is not declared in this layout`);
  return decl.namespace === ns ? name : `super::${crate.modules.get(decl.namespace)}::${name}`;
}

function aliasRef(crate: Crate, ns: string, alias: ir.TypeAlias): string {
  const name = crate.namespaces.find((n) => n.namespace === alias.namespace)?.typeNames.get(alias.qname);
  if (!name) return '';
  return alias.namespace === ns ? name : `super::${crate.modules.get(alias.namespace)}::${name}`;
}

/** A field's Rust type; `from` resolves the aliases the spec wrote. */
function rustType(crate: Crate, from: ir.Decl | ir.TypeAlias, t: ir.Type, useAlias = true): string {
  const ns = from.namespace;
  if (useAlias && t.alias !== null && from.kind !== 'alias') {
    const a = findAlias(crate.layout, t.alias, from);
    const ref = a ? aliasRef(crate, ns, a) : '';
    if (ref) return ref;
  }
  switch (t.kind) {
    case 'array':
      return `[${rustType(crate, from, t.element)}; ${t.length}]`;
    case 'bool':
      return 'bool';
    case 'int':
      switch (t.spelling) {
        case 'usize':
        case 'uptr':
          return 'usize';
        case 'isize':
          return 'isize';
        default:
          return intType(t.bits, t.signed);
      }
    case 'pointer': {
      const target = t.pointee !== null ? crate.layout.byName.get(t.pointee) : undefined;
      return target && target.kind !== 'const' ? `*mut ${typeRef(crate, ns, target.qname)}` : '*mut ::core::ffi::c_void';
    }
    case 'enum': {
      const e = crate.layout.byName.get(t.qname);
      return e && e.kind === 'enum' ? intType(e.storageBits, e.signed) : intType(t.storageBits, false);
    }
    case 'bits':
    case 'struct':
    case 'union':
      return typeRef(crate, ns, t.qname);
  }
}

/** A member name for a struct or union: snake case, escaped, unique. */
function memberNames(names: readonly string[]): string[] {
  const taken = new Set<string>();
  return names.map((n) => {
    let name = escapeName(lowerSnake(n), RUST_RESERVED);
    if (/^[0-9]/.test(name)) name = `f${name}`;
    while (taken.has(name) || /^_pad\d+$/.test(name)) name += '_';
    taken.add(name);
    return name;
  });
}

// ---------------------------------------------------------------------------
// Modules

function renderModule(crate: Crate, ns: NamespacePlan, specs: readonly string[]): string {
  const layout = crate.layout;
  const blocks: string[] = [];
  for (const a of layout.aliases.filter((x) => x.namespace === ns.namespace)) {
    blocks.push(`${docs(a.doc)}pub type ${ns.typeNames.get(a.qname)} = ${rustType(crate, a, a.type)};`);
  }
  const asserts: string[] = [];
  const decls = ns.decls;
  for (let i = 0; i < decls.length; i++) {
    const plan = decls[i];
    const d = plan.decl;
    if (d.kind === 'const') {
      const run: DeclPlan[] = [];
      while (i < decls.length && decls[i].decl.kind === 'const') run.push(decls[i++]);
      i--;
      blocks.push(run.flatMap((p) => constLines(p.items, layout, true)).join('\n'));
      continue;
    }
    switch (d.kind) {
      case 'enum':
        blocks.push(renderEnum(ns, d));
        break;
      case 'bits':
        blocks.push(...renderBits(crate, ns, plan, d));
        break;
      case 'struct':
        blocks.push(...renderStruct(crate, ns, plan, d, asserts));
        break;
      case 'union':
        blocks.push(...renderUnion(crate, ns, plan, d, asserts));
        break;
    }
  }
  const cfg = TARGET_CFG[layout.target.name];
  const t = layout.target;
  return render('module', {
    banner: bannerLines(specs),
    ns: ns.namespace,
    title: layoutTitle(layout),
    blocks,
    // Checked only where the target is one rustc knows.
    asserts: cfg && t.builtin ? asserts : [],
    target: t.name,
    cfg: cfg ?? '',
    pointerBits: t.pointerBits,
    endian: t.endian,
  });
}

function renderEnum(ns: NamespacePlan, e: ir.Enum): string {
  const name = ns.typeNames.get(e.qname)!;
  const repr = intType(e.storageBits, e.signed);
  const taken = new Set<string>(['from_raw']);
  const seen = new Map<bigint, string>();
  const variants: { doc: string; name: string; value: string }[] = [];
  const aliases: { doc: string; name: string; first: string }[] = [];
  for (const m of e.members) {
    let v = escapeName(rustTypeName(m.name), RUST_RESERVED);
    while (taken.has(v)) v += '_';
    taken.add(v);
    const first = seen.get(m.value);
    if (first !== undefined) {
      aliases.push({ doc: docs(m.doc, '    ', '', `Another name for [\`Self::${first}\`].`), name: v, first });
    } else {
      seen.set(m.value, v);
      variants.push({ doc: docs(m.doc, '    '), name: v, value: rustInt(m.value) });
    }
  }
  const summary = `${e.signed ? 'Signed' : 'Unsigned'}, ${e.width} bit${e.width === 1 ? '' : 's'}; stored as \`${repr}\`.`;
  const arms = [...seen].map(([value, v]) => ({ value: rustInt(value), name: v }));
  return render('enum', { doc: docs(e.doc, '', '', summary), repr, name, variants, aliases, arms });
}

// ---------------------------------------------------------------------------
// Bit layouts

function fieldValueType(layout: ir.Layout, f: ir.BitField): string {
  if (f.type.kind === 'bool') return 'bool';
  if (f.type.kind === 'enum') {
    const e = layout.byName.get(f.type.qname);
    if (e && e.kind === 'enum') return intType(e.storageBits, e.signed);
  }
  return intType(storageBits(f.valueWidth), f.signed);
}

function fieldTypeBits(layout: ir.Layout, f: ir.BitField): number {
  if (f.type.kind === 'bool') return 1;
  const t = fieldValueType(layout, f);
  return Number(t.slice(1));
}

function renderBits(crate: Crate, ns: NamespacePlan, plan: DeclPlan, b: ir.Bits): string[] {
  const layout = crate.layout;
  const name = ns.typeNames.get(b.qname)!;
  const word = `u${b.wordBits}`;
  const repr = b.words === 1 ? word : `[${word}; ${b.words}]`;
  const out: string[] = [];
  const summary = `${b.width} bits${b.words > 1 ? `: ${b.words} words of ${b.wordBits}, word 0 holds bits 0..${b.wordBits - 1}` : ''}.`;
  out.push(render('bits', { doc: docs(b.doc, '', '', summary), name, repr }));
  const consts: string[] = [];
  for (const f of plan.fields) {
    const items = plan.items.filter((it) => it.subject.member === f.field.name && it.subject.variant === f.variant?.name);
    const sig = `${f.variant ? `${f.variant.name}: ` : ''}${f.isTag ? 'tag ' : ''}\`${fieldSignature(f.field, layout)}\``;
    consts.push(
      ...constLines(items, layout, false, (it) => {
        const what = { word: 'word index', shift: 'lowest bit in its word', width: 'stored bits', mask: 'bits in its word', 'value-shift': 'low value bits not stored' }[
          it.role as 'word' | 'shift' | 'width' | 'mask' | 'value-shift'
        ];
        return `${sig}${it.subject.part !== undefined ? `, part ${it.subject.part}` : ''}: ${what ?? it.role}.`;
      }),
    );
  }
  if (consts.length) out.push(consts.join('\n'));
  const methods: string[] = [];
  for (const f of plan.fields) {
    const m = crate.methods.get(f)!;
    methods.push(renderBitsMethods(layout, b, f, m.get, m.with, m.set));
  }
  if (methods.length) out.push(render('impl', { name, methods }));
  return out;
}

function renderBitsMethods(layout: ir.Layout, b: ir.Bits, f: FieldPlan, getter: string, wither: string, setter: string): string {
  const field = f.field;
  const type = fieldValueType(layout, field);
  // Rust has no integer promotion: compute in the word type unless the value is wider.
  const calcBits = storageBits(Math.max(b.wordBits, field.valueWidth));
  const calc = `u${calcBits}`;
  const word = `u${b.wordBits}`;
  const ref = (k: number): string => (b.words === 1 ? 'self.0' : `self.0[${k}]`);
  const terms = f.parts.map((p, k) => {
    const masked = `(${ref(p.word)} & ${f.partNames[k].mask})`;
    const typed = word === calc ? masked : `(${masked} as ${calc})`;
    const left = p.valueBit - p.lo;
    return left === 0 ? typed : left > 0 ? `(${typed} << ${left})` : `(${typed} >> ${-left})`;
  });
  const sig = `\`${fieldSignature(field, layout)}\``;
  const where = f.variant ? `Variant \`${f.variant.name}\`: ${sig}.` : `${sig}.`;
  const get: string[] = [];
  const signed = field.signed && field.valueWidth < fieldTypeBits(layout, field);
  if (field.type.kind === 'bool') {
    get.push(`(${ref(f.parts[0].word)} & ${f.partNames[0].mask}) != 0`);
  } else {
    const raw = terms.map((t) => t.replace(/^\((.*)\)$/, (m, inner: string) => (balanced(inner) ? inner : m))).join(' | ');
    if (signed) {
      const sign = groupedHex(1n << BigInt(field.valueWidth - 1));
      get.push(`let v = ${terms.length === 1 ? raw : terms.join(' | ')};`);
      get.push(`(v ^ ${sign}).wrapping_sub(${sign}) as ${type}`);
    } else if (terms.length === 1) {
      get.push(type === calc && word === calc ? raw : `${terms[0]} as ${type}`);
    } else {
      get.push(`let v = ${terms.join(' | ')};`);
      get.push(type === calc ? 'v' : `v as ${type}`);
    }
  }
  // Setter: range check, then clear and insert each part.
  const checks: string[] = [];
  const typeBits = fieldTypeBits(layout, field);
  if (field.type.kind !== 'bool') {
    if (field.signed) {
      if (field.valueWidth < typeBits) checks.push(`((v as ${calc}).wrapping_add(${groupedHex(1n << BigInt(field.valueWidth - 1))}) >> ${field.valueWidth}) == 0`);
      if (field.shift) checks.push(`((v as ${calc}) & ${groupedHex((1n << BigInt(field.shift)) - 1n)}) == 0`);
    } else {
      const valid = ((1n << BigInt(field.valueWidth)) - 1n) & ~((1n << BigInt(field.shift)) - 1n);
      const invalid = ((1n << BigInt(typeBits)) - 1n) & ~valid;
      if (invalid !== 0n) checks.push(`(v & ${groupedHex(invalid)}) == 0`);
    }
  }
  const part = (k: number): string => {
    const p = f.parts[k];
    const left = p.lo - p.valueBit;
    const v = type === calc ? 'v' : `(v as ${calc})`;
    const moved = left === 0 ? v : left > 0 ? `(${v} << ${left})` : `(${v} >> ${-left})`;
    return calc === word ? `(${moved} & ${f.partNames[k].mask})` : `(${moved} as ${word} & ${f.partNames[k].mask})`;
  };
  const set: string[] = [];
  if (checks.length) set.push(`debug_assert!(${checks.join(' && ')});`);
  if (b.words === 1) {
    const clear = f.mask ?? `(${f.partNames.map((n) => n.mask).join(' | ')})`;
    set.push(`Self((self.0 & !${clear}) | ${f.parts.map((_, k) => part(k)).join(' | ')})`);
  } else {
    set.push('let mut w = self.0;');
    for (const wi of [...new Set(f.parts.map((p) => p.word))]) {
      const ks = f.parts.flatMap((p, k) => (p.word === wi ? [k] : []));
      const clear = ks.length === 1 ? f.partNames[ks[0]].mask : `(${ks.map((k) => f.partNames[k].mask).join(' | ')})`;
      set.push(`w[${wi}] = (w[${wi}] & !${clear}) | ${ks.map(part).join(' | ')};`);
    }
    set.push('Self(w)');
  }
  return render('bitsMethods', {
    doc: docs(field.doc, '    ', ...(field.doc ? [''] : []), where),
    getter,
    wither,
    setter,
    type,
    field: field.name,
    fits: field.type.kind === 'bool' ? '' : ' Debug builds check that `v` fits.',
    get,
    set,
  });
}

function balanced(s: string): boolean {
  let depth = 0;
  for (const c of s) {
    if (c === '(') depth++;
    else if (c === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

// ---------------------------------------------------------------------------
// Structs and unions

/** A number's name as a usize: a spec constant sharing the name may have another type. */
function usize(item: ConstItem): string {
  return item.sameAs ? `${item.name} as usize` : item.name;
}

function alignUp(n: number, a: number): number {
  return Math.ceil(n / a) * a;
}

function renderStruct(crate: Crate, ns: NamespacePlan, plan: DeclPlan, s: ir.Struct, asserts: string[]): string[] {
  const name = ns.typeNames.get(s.qname)!;
  const inner = crate.packedInner.get(s.qname) ?? null;
  const names = crate.members.get(s.qname)!;
  const fieldName = new Map(s.fields.map((f, i) => [f, names[i]]));
  const fields: { doc: string; name: string; type: string }[] = [];
  let pads = 0;
  let end = 0;
  let natural = 1;
  const pad = (size: number): void => {
    fields.push({ doc: '', name: `_pad${pads++}`, type: `[u8; ${size}]` });
    end += size;
  };
  for (const m of s.members) {
    if (m.kind === 'pad') {
      if (m.offset > end) pad(m.offset - end);
      pad(m.size);
      continue;
    }
    const align = s.packed ? 1 : m.type.align;
    natural = Math.max(natural, align);
    if (m.offset > alignUp(end, align)) pad(m.offset - end);
    const enumNote = m.type.kind === 'enum' ? [`A [\`${typeRef(crate, ns.namespace, m.type.qname)}\`] value.`] : [];
    fields.push({ doc: docs(m.doc, '    ', ...(m.doc && enumNote.length ? [''] : []), ...enumNote), name: fieldName.get(m)!, type: rustType(crate, s, m.type) });
    end = m.offset + m.size;
  }
  const align = Math.max(natural, s.align);
  if (alignUp(end, align) < s.size) pad(s.size - end);
  const out: string[] = [];
  const path = (f: ir.Field): string => (inner ? `0.${fieldName.get(f)}` : fieldName.get(f)!);
  if (inner) {
    out.push(
      render('aggregate', { doc: `/// The fields of [\`${name}\`], packed.\n`, repr: 'C, packed', kind: 'struct', name: inner, fields }),
      render('wrapper', { doc: docs(s.doc, '', ...(s.doc ? [''] : []), `Packed, aligned to ${s.align}: the fields are in [\`${inner}\`].`), align: s.align, name, inner }),
    );
  } else {
    const repr = ['C', ...(s.packed ? ['packed'] : []), ...(s.align > natural && !s.packed ? [`align(${s.align})`] : [])];
    out.push(render('aggregate', { doc: docs(s.doc), repr: repr.join(', '), kind: 'struct', name, fields }));
  }
  out.push(constLines(plan.items, crate.layout, false).join('\n'));
  const item = (role: string): string => usize(plan.items.find((it) => it.role === role)!);
  asserts.push(`assert!(size_of::<${name}>() == ${item('size')});`, `assert!(align_of::<${name}>() == ${item('align')});`);
  for (const it of plan.items) {
    if (it.role !== 'offset') continue;
    const f = s.fields.find((x) => x.name === it.subject.member)!;
    asserts.push(`assert!(offset_of!(${name}, ${path(f)}) == ${usize(it)});`);
  }
  return out;
}

function renderUnion(crate: Crate, ns: NamespacePlan, plan: DeclPlan, u: ir.Union, asserts: string[]): string[] {
  const name = ns.typeNames.get(u.qname)!;
  const names = crate.members.get(u.qname)!;
  const natural = Math.max(1, ...u.members.map((m) => m.type.align));
  const fields = u.members.map((m, i) => {
    const when = m.when.length ? [`Live when the discriminant is ${m.when.join(', ')}.`] : [];
    return { doc: docs(m.doc, '    ', ...(m.doc && when.length ? [''] : []), ...when), name: names[i], type: rustType(crate, u, m.type) };
  });
  const repr = ['C', ...(u.align > natural ? [`align(${u.align})`] : [])];
  const out = [
    render('aggregate', { doc: docs(u.doc), repr: repr.join(', '), kind: 'union', name, fields }),
    constLines(plan.items, crate.layout, false).join('\n'),
  ];
  const item = (role: string): string => usize(plan.items.find((it) => it.role === role)!);
  asserts.push(`assert!(size_of::<${name}>() == ${item('size')});`, `assert!(align_of::<${name}>() == ${item('align')});`);
  return out;
}
