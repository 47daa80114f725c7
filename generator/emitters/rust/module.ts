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
 *     `const fn` getters, `with_*` and `set_*` setters per field (enum-typed fields by their
 *     enum, with `_raw` ones by its integer; a variant's fields `debug_assert!` the tag),
 *     constructors taking every field (`new`, or `new_<variant>`), `validate`, `is_valid`,
 *     a `Debug` that shows the fields, and `Default` only where the all-zero word is valid;
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
import { unreachable } from '../../util/unreachable.js';
import { digest } from '../../util/digest.js';
import { byNamespace } from '../../util/list.js';
import { namesDigests } from '../common/closure-keys.js';
import { joinedParts } from '../common/joined.js';
import { type EmitContext, KeptParts, keptWithOnce, type RenderedTable, renderedOnce } from '../context.js';
import { byConfiguration, type FileMaking } from '../common/configurations.js';
import { type DeclPlan, layoutDir, layoutTitle, type NamespacePlan, plannedNames, planOnce } from '../common/numbers.js';
import { wrap } from '../common/wrap.js';
import { byDataModel, namespaceSpecs, type Emitter, type GeneratedFile } from '../emitter.js';
import { SharedParts } from '../common/shared-parts.js';
import { renderStruct, renderUnion } from './aggregates.js';
import { renderBits } from './bits.js';
import { machineKey, renderMachine } from './machine.js';
import { type Crate, enumVariantNames, planRustNames, RUST_NAMES, rustType } from './names.js';
import { render } from './templates.js';
import { bannerLines, constLines, docs, intType, rustInt } from './text.js';
import { extend } from '../../util/objects.js';

export const rustEmitter: Emitter = {
  name: 'rust',
  description: 'Rust crates per target: typed constants, repr enums, bit-layout newtypes with const fn accessors, repr(C) mirrors',
  shares: [planOnce('module'), RUST_NAMES],
  emit({ layouts, specs, context }) {
    return emitRustCrates(layouts, specs, context);
  },
};

/**
 * Every layout's crate, one data model at a time: module bodies are shared within a data
 * model (a namespace's facts include it) and dropped after it. In a configuration other than
 * the default, a module that would be the default configuration's but for its title is that
 * file (`#[path]`), so that each layout is declared once.
 */
export function* emitRustCrates(
  layouts: readonly ir.Layout[],
  specs: readonly string[],
  context?: EmitContext,
  /** Render a declaration once for the data models that render it alike (false: on each, as tests compare). */
  share = true,
): Generator<GeneratedFile> {
  const crates = new Map<ir.Layout, Crate>();
  const groups = byDataModel(layouts);
  const shared = share ? new SharedParts<ModuleBody>(groups) : undefined;
  const startGroup = (): BodyCache => {
    // The names of the last data model's crates: no other emitter uses them, nor does any
    // later data model.
    context?.forget(RUST_NAMES);
    shared?.startGroup();
    return context?.rendered<ModuleBody>('rust module body') ?? new Map();
  };
  const walk = byConfiguration(groups, startGroup, (layout, bodies) => {
    const crate = planRustNames(layout, context);
    crates.set(layout, crate);
    return renderRustModuleSet(crate, specs, bodies, context, shared);
  });
  for (const { layout, files, base, same } of walk) {
    const paths = new Map<string, string>();
    if (base) for (const p of same.keys()) paths.set(fileStem(p), `../${layoutDir(base)}/${fileStem(p)}.rs`);
    yield renderRustLib(crates.get(layout)!, specs, paths);
    crates.delete(layout);
    for (const { file } of files) if (!paths.has(fileStem(file.path))) yield file;
  }
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

/** One layout's crate on its own: `lib.rs` and a module per namespace. */
export function renderRustCrate(layout: ir.Layout, specs: readonly string[]): GeneratedFile[] {
  const crate = planRustNames(layout);
  return [renderRustLib(crate, specs), ...renderRustModules(crate, specs)];
}

/** Module bodies by what they are made from: layouts that lay a namespace out alike share one. */
type BodyCache = RenderedTable<ModuleBody>;

/** What a module declares, and the layout assertions it makes on its own target. */
interface ModuleBody {
  readonly blocks: readonly string[];
  readonly asserts: readonly string[];
}

/**
 * A body, or a declaration's part of one, to keep for a while: joined as the module template
 * joins blocks and assertions (joined.ts), which gives the same text from parts joined first.
 */
function joinedBody(body: ModuleBody): ModuleBody {
  return { blocks: joinedParts(body.blocks, '\n\n'), asserts: joinedParts(body.asserts, '\n    ') };
}

/** One module per namespace: `rust/<layout>/<module>.rs`. */
function renderRustModules(crate: Crate, specs: readonly string[], bodies: BodyCache = new Map()): GeneratedFile[] {
  return renderRustModuleSet(crate, specs, bodies).map((m) => m.file);
}

/** A crate's modules, each with what it is made from (for sharing between configurations). */
function renderRustModuleSet(
  crate: Crate,
  specs: readonly string[],
  bodies: BodyCache,
  context?: EmitContext,
  /** Declarations' parts shared between data models (common/shared-parts.ts). */
  shared?: SharedParts<ModuleBody>,
): { file: GeneratedFile; making: FileMaking }[] {
  const dir = `rust/${layoutDir(crate.layout)}`;
  // A module's text is its body framed for the layout: kept with the body across runs.
  const files = context?.keptWith<ModuleBody, string>('rust module file') ?? null;
  const usable = usableNames(crate);
  return crate.namespaces.map((ns) => {
    const facts = crate.layout.namespaceFacts.get(ns.namespace)!;
    // The body is made from the namespace's facts, the names it can use, and the machine of
    // the target if the namespace declares one.
    // The names by digest: the names of a namespace in full, in each module's key of each data
    // model, were as large as the modules.
    const names = () => digest(moduleNames(crate, ns, usable));
    const usableHere = context ? context.once('rust module names', ns, names) : names();
    const made = `${usableHere}\n${machineKey(crate.layout, ns.namespace)}`;
    const key = `${facts.id}\n${made}`;
    // A long-lived process keeps each declaration's text too, under its own digest and the
    // namespace's shape (the others without their doc comments): a doc comment edited renders
    // one declaration again, not the module.
    const kept = context?.keptAcrossRuns<ReadonlyMap<string, ModuleBody>>('rust declarations') ?? null;
    const parts = new KeptParts(kept, kept ? `${facts.shape}\n${digest(made)}` : '');
    const body = renderedOnce(bodies, key, () => {
      // A declaration's part is made of it, of the names the module can use (not of the
      // target's machine, which is the module's last part), of its plan, and of what it reads
      // of the layout.
      const rendered = renderModuleBody(crate, ns, (d, plan, render) =>
        parts.get(facts.decls.get(d.qname), () =>
          shared ? shared.part(d, `${usableHere}\n${shared.idOf(plan)}`, crate.layout, (layout) => joinedBody(render(extend(crate, { layout })))) : render(crate),
        ),
      );
      parts.keep();
      // Kept while the data model's layouts are rendered.
      return joinedBody(rendered);
    });
    const path = `${dir}/${crate.modules.get(ns.namespace)}.rs`;
    // The module is its body framed by the target and the banner; it names the modules of the
    // namespaces its declarations use (`super::x86::`).
    const making: FileMaking = {
      path,
      key: `${key}\n${namespaceSpecs(crate.layout, [ns.namespace], specs).join(' ')}`,
      refers: facts.uses.flatMap((u) => (crate.modules.has(u) ? [`${crate.modules.get(u)}.rs`] : [])),
    };
    const t = crate.layout.target;
    const frame = JSON.stringify([path, layoutTitle(crate.layout), t.name, t.builtin, t.pointerBits, t.endian, namespaceSpecs(crate.layout, [ns.namespace], specs)]);
    return { file: { path, contents: keptWithOnce(files, body, frame, () => renderModule(crate, ns, body, specs)) }, making };
  });
}

/**
 * The names a module can use, in order: those planned for its namespace, and the module and type
 * names of the namespaces it refers to (`usable`, by digest).
 */
function moduleNames(crate: Crate, own: NamespacePlan, usable: (namespace: string) => string): string {
  const out = crate.layout.namespaceFacts.get(own.namespace)!.closure.map(usable);
  for (const p of own.decls) {
    out.push(...plannedNames(p, (f) => Object.values(crate.methods.get(f)!)), ...(crate.members.get(p.decl.qname) ?? []));
    for (const a of crate.accessors.get(p.decl.qname) ?? []) out.push(a.get, a.set);
    const whole = crate.whole.get(p.decl.qname);
    if (whole) out.push(whole.validate, whole.isValid, ...whole.constructors.flatMap((c) => [c.name, ...c.params]));
  }
  out.push(crate.byteOrders.get(own.namespace) ?? '-');
  return out.join(' ');
}

/**
 * What a module can use of each namespace of the crate, by digest (closure-keys.ts): its
 * module's name and its types' (typeNames holds every namespace's: only its own are listed).
 */
function usableNames(crate: Crate): (namespace: string) => string {
  const plans = new Map(crate.namespaces.map((n) => [n.namespace, n]));
  const aliases = byNamespace(crate.layout.aliases);
  return namesDigests((ns) => {
    const plan = plans.get(ns);
    const out = [crate.modules.get(ns) ?? '-'];
    for (const p of plan?.decls ?? []) out.push(plan!.typeNames.get(p.decl.qname) ?? '-', crate.packedInner.get(p.decl.qname) ?? '-');
    for (const a of aliases.get(ns) ?? []) out.push(plan?.typeNames.get(a.qname) ?? '-');
    return out.join(' ');
  });
}

/** The crate root; a module named in `paths` (module name -> path) is that file (`#[path]`). */
function renderRustLib(crate: Crate, specs: readonly string[], paths: ReadonlyMap<string, string> = new Map()): GeneratedFile {
  const { layout, namespaces, modules } = crate;
  const names = namespaces.map((ns) => modules.get(ns.namespace)!);
  const sharedNames = names.filter((n) => paths.has(n));
  const shared = sharedNames.length
    ? wrap(`${sharedNames.map((n) => `\`${n}\``).join(', ')}: laid out as in the default configuration, so the same ${sharedNames.length === 1 ? 'file' : 'files'} as in ../${layout.target.name}.`)
    : [];
  const contents = render('lib', { banner: bannerLines(specs), title: layoutTitle(layout), shared, modules: names.map((name) => ({ name, path: paths.get(name) ?? null })) });
  return { path: `rust/${layoutDir(layout)}/lib.rs`, contents };
}

/** A declaration's part of a module body: `render(crate)`, or what it rendered before. */
type EachDecl = (decl: ir.Decl, plan: DeclPlan, render: (crate: Crate) => ModuleBody) => ModuleBody;

/** The declarations of a module and its layout assertions: everything in it that does not name the target. */
function renderModuleBody(crate: Crate, ns: NamespacePlan, each: EachDecl = (_, __, render) => render(crate)): ModuleBody {
  const layout = crate.layout;
  const blocks: string[] = [];
  for (const a of layout.aliases.filter((x) => x.namespace === ns.namespace)) {
    blocks.push(`${docs(a.doc)}pub type ${ns.typeNames.get(a.qname)} = ${rustType(crate, a, a.type)};`);
  }
  const asserts: string[] = [];
  const byteOrder = crate.byteOrders.get(ns.namespace);
  if (byteOrder) blocks.push(render('byteOrder', { name: byteOrder }));
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
    const part = each(d, plan, (crate) => {
      const own: string[] = [];
      switch (d.kind) {
        case 'enum':
          return { blocks: [renderEnum(ns, d)], asserts: own };
        case 'bits':
          return { blocks: renderBits(crate, ns, plan, d), asserts: own };
        case 'struct':
          return { blocks: renderStruct(crate, ns, plan, d, own), asserts: own };
        case 'union':
          return { blocks: renderUnion(crate, ns, plan, d, own), asserts: own };
        default:
          return unreachable(d);
      }
    });
    blocks.push(...part.blocks);
    asserts.push(...part.asserts);
  }
  blocks.push(...renderMachine(layout, ns));
  return { blocks, asserts };
}

function renderModule(crate: Crate, ns: NamespacePlan, body: ModuleBody, specs: readonly string[]): string {
  const layout = crate.layout;
  const cfg = TARGET_CFG[layout.target.name];
  const t = layout.target;
  return render('module', {
    banner: bannerLines(namespaceSpecs(layout, [ns.namespace], specs)),
    ns: ns.namespace,
    title: layoutTitle(layout),
    blocks: body.blocks,
    // Checked only where the target is one rustc knows.
    asserts: cfg && t.builtin ? body.asserts : [],
    target: t.name,
    cfg: cfg ?? '',
    pointerBits: t.pointerBits,
    endian: t.endian,
  });
}

function renderEnum(ns: NamespacePlan, e: ir.Enum): string {
  const name = ns.typeNames.get(e.qname)!;
  const repr = intType(e.storageBits, e.signed);
  const names = enumVariantNames(e);
  const seen = new Map<bigint, string>();
  const variants: { doc: string; name: string; value: string }[] = [];
  const aliases: { doc: string; name: string; first: string }[] = [];
  for (const m of e.members) {
    const v = names.byMember.get(m.name)!;
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
