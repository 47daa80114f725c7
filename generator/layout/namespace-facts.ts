/**
 * Namespace facts: what a namespace's generated files are made of on one layout, interned so
 * that equal facts are one object. A namespace's files depend on the target's data model, the
 * type aliases, and the declarations of the namespace and of every namespace it refers to;
 * two layouts with equal such facts give the namespace the same text but for the target's
 * name. Emitters key what they render by these objects, so output is shared between layouts
 * because their facts are equal, and the middle end decides that once per data model.
 */
import type * as ir from '../ir.js';
import { unreachable } from '../util/unreachable.js';
import { dataModel } from './models.js';
import { sourceFile } from '../check/rules/common.js';
import { digest } from '../util/digest.js';
import { byNamespace } from '../util/list.js';

/** A declaration's digests: of its shape (without doc comments), and of all it is. */
interface DeclDigests {
  readonly shape: string;
  readonly whole: string;
}

/** A layout as the engine makes it, before its facts are interned. */
export type LaidOut = Omit<ir.Layout, 'namespaceFacts' | 'machine' | 'shape'>;

/**
 * Interns facts across the layouts of one compilation, or of every run of a long-lived process
 * (`cdl gen --watch`), whose emitters keep what they rendered under keys made of facts: equal
 * facts are then one object from run to run too, and a namespace whose specs did not change
 * is not rendered again. Facts unused by a whole run are forgotten after it ({@link sweep}).
 */
export class FactsTable {
  private interned = new Map<string, ir.NamespaceFacts>();
  private previous = new Map<string, ir.NamespaceFacts>();
  private nextId = 0;
  private readonly digests = new WeakMap<ir.Decl, DeclDigests>();
  private machineFacts: { readonly of: ir.Machine; readonly text: ReadonlyMap<string, string>; readonly uses: ReadonlyMap<string, ReadonlySet<string>> } | null = null;

  /**
   * The facts of every namespace of `layout`. `machine` is the program's (every target's):
   * a namespace's facts include its machine declarations (register sets, ABIs, syscall
   * tables...) and what they refer to, which some of its files show.
   */
  namespaces(layout: LaidOut, machine: ir.Machine): ReadonlyMap<string, ir.NamespaceFacts> {
    const uses = namespaceUses(layout);
    if (this.machineFacts?.of !== machine) this.machineFacts = { of: machine, ...machineFacts(machine, layout) };
    const { text: machineText, uses: machineUses } = this.machineFacts;
    // Texts are long (every declaration of a namespace): keys hold their digests. A namespace
    // has two: of its declarations whole, and of their shape, without doc comments (see shape).
    const text = new Map<string, string>();
    const shapes = new Map<string, string>();
    const declDigests = new Map<string, ReadonlyMap<string, string>>();
    const declShapes = new Map<string, ReadonlyMap<string, string>>();
    for (const [ns, decls] of byNamespace(layout.decls)) {
      // Each text is hashed once: a declaration's digest is its shape's and its docs'.
      const own = decls.map((d) => this.declDigests(d));
      text.set(ns, digest(own.map((t) => t.whole).join('\n')));
      shapes.set(ns, digest(own.map((t) => t.shape).join('\n')));
      declDigests.set(ns, new Map(decls.map((d, i) => [d.qname, own[i]!.whole])));
      declShapes.set(ns, new Map(decls.map((d, i) => [d.qname, own[i]!.shape])));
    }
    const common = digest(json({ target: dataModel(layout.target), aliases: layout.aliases }));
    const out = new Map<string, ir.NamespaceFacts>();
    for (const namespace of layout.namespaces) {
      const closure = new Set([namespace]);
      for (const n of closure) for (const m of uses.get(n) ?? []) closure.add(m);
      const sorted = [...closure].sort();
      // What the key is made of reaches further: through machine declarations too.
      const reach = new Set(closure);
      for (const n of reach) for (const m of [...(uses.get(n) ?? []), ...(machineUses.get(n) ?? [])]) reach.add(m);
      // Namespaces that use each other have one closure: the namespace's own name tells them apart.
      const reached = [...reach].sort();
      const key = [namespace, common, ...reached.map((n) => `${n}:${text.get(n) ?? ''}:${machineText.get(n) ?? ''}`)].join('\n');
      out.set(namespace, this.intern(key, () => {
        const direct = Object.freeze([...(uses.get(namespace) ?? [])].filter((n) => n !== namespace).sort());
        const shape = digest([namespace, common, ...reached.map((n) => `${n}:${shapes.get(n) ?? ''}:${machineText.get(n) ?? ''}`)].join('\n'));
        return { namespace, uses: direct, closure: Object.freeze(sorted), shape, decls: declDigests.get(namespace) ?? new Map<string, string>(), declShapes: declShapes.get(namespace) ?? new Map<string, string>() };
      }));
    }
    return out;
  }

  /**
   * The shape of a layout (ir.Layout.shape) of `target` and `config` whose namespaces have
   * `facts` (from {@link namespaces}, with the same program's machine).
   */
  layoutShape(target: ir.Target, config: string | null, facts: ReadonlyMap<string, ir.NamespaceFacts>): string {
    const machine = [...(this.machineFacts?.text ?? [])].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return digest(json([target, config, [...facts].map(([ns, f]) => [ns, f.shape]), machine]));
  }

  /** Forgets the facts that no layout since the last sweep had: a long-lived process calls it after each run. */
  sweep(): void {
    this.previous = this.interned;
    this.interned = new Map();
    this.machineFacts = null;
  }

  /**
   * A declaration's digests, of its shape and whole: once per object, which is one for the
   * data models that lay the declaration out alike (intern.ts).
   */
  private declDigests(d: ir.Decl): DeclDigests {
    let digests = this.digests.get(d);
    if (!digests) {
      const t = declText(d);
      const shape = digest(t.shape);
      this.digests.set(d, (digests = { shape, whole: `${shape}${digest(t.docs)}` }));
    }
    return digests;
  }

  private intern(key: string, make: () => Omit<ir.NamespaceFacts, 'id'>): ir.NamespaceFacts {
    let facts = this.interned.get(key) ?? this.previous.get(key);
    if (!facts) facts = Object.freeze({ id: this.nextId++, ...make() });
    this.interned.set(key, facts);
    return facts;
  }
}

/**
 * The machine declarations of each namespace as text, and the namespaces each namespace's
 * machine declarations refer to: by object (a syscall ABI's register set) or by name (a
 * paging level's entry layout, a syscall flag's bit layout).
 */
function machineFacts(machine: ir.Machine, layout: Pick<LaidOut, 'namespaces'>): { text: Map<string, string>; uses: Map<string, Set<string>> } {
  const all = machineDecls(machine);
  // A name refers to its namespace (what precedes its last dot). Any string that reads as a
  // name of a namespace counts, whichever configuration declares what it names: a reference
  // too many only makes a key change more often.
  const namespaces = new Set([...layout.namespaces, ...all.map((d) => d.namespace)]);
  const text = new Map<string, string>();
  const uses = new Map<string, Set<string>>();
  for (const [ns, decls] of byNamespace(all)) {
    const set = new Set<string>();
    // One pass: the text, in which a declaration another refers to is its name (its facts are
    // its own, and this text holds them if it is of this namespace), and the namespaces of what
    // is referred to, by object or by name. (Spelt out in full, the ABIs each call of a syscall
    // table refers to made Linux's table sixteen megabytes of text.)
    const json = JSON.stringify(decls, function (this: unknown, _key, v: unknown) {
      if (typeof v === 'bigint') return `${v}n`;
      if (_key === 'source' && typeof v === 'string') return sourceFile(v);
      if (typeof v === 'string') {
        const at = v.includes('.') ? namespaceOf(v) : ns;
        if (at !== ns && namespaces.has(at)) set.add(at);
        return v;
      }
      if (this === decls || !isDecl(v)) return v;
      if (v.namespace !== ns) set.add(v.namespace);
      return v.qname;
    });
    text.set(ns, digest(json));
    uses.set(ns, set);
  }
  return { text, uses };
}


/** Every machine declaration of the program. */
function machineDecls(m: ir.Machine): ir.MachineDecl[] {
  return [...m.registerSets, ...m.abis, ...m.syscallTables, ...m.sysregs, ...m.paging, ...m.instructionSets];
}

/** Whether `v` is a declaration (of a type or of the machine): what has a qualified name. */
function isDecl(v: unknown): v is { readonly qname: string; readonly namespace: string } {
  return typeof v === 'object' && v !== null && typeof (v as { qname?: unknown }).qname === 'string' && typeof (v as { namespace?: unknown }).namespace === 'string' && 'kind' in v;
}

/** Declarations as text: a type's reference to a declaration is its name (its facts are its own). */
const json = (x: unknown): string =>
  JSON.stringify(x, (key, v: unknown) => {
    if (typeof v === 'bigint') return `${v}n`;
    if (key === 'source' && typeof v === 'string') return sourceFile(v);
    return (key === 'decl' || key === 'pointee') && v ? (v as ir.Decl).qname : v;
  });

/**
 * A declaration as text, in two parts: its shape, and its doc comments (its own and its
 * members', in order). A place in the source is its file: outputs name the file a declaration
 * is in, never the line, so a line added above it changes nothing of it.
 */
function declText(d: ir.Decl): { readonly shape: string; readonly docs: string } {
  const docs: unknown[] = [];
  const shape = JSON.stringify(d, (key, v: unknown) => {
    if (typeof v === 'bigint') return `${v}n`;
    if (key === 'doc') {
      docs.push(v);
      return undefined;
    }
    if (key === 'source' && typeof v === 'string') return sourceFile(v);
    return (key === 'decl' || key === 'pointee') && v ? (v as ir.Decl).qname : v;
  });
  return { shape, docs: JSON.stringify(docs) };
}

function namespaceOf(qname: string): string {
  return qname.slice(0, qname.lastIndexOf('.'));
}

/** The namespaces each namespace's declarations and aliases refer to. */
function namespaceUses(layout: LaidOut): Map<string, Set<string>> {
  const uses = new Map<string, Set<string>>();
  const use = (from: string, qname: string | null): void => {
    if (qname === null || !qname.includes('.')) return;
    let set = uses.get(from);
    if (!set) uses.set(from, (set = new Set()));
    set.add(namespaceOf(qname));
  };
  // A pointer names its pointee (C and Rust spell it when it is declared); a type written
  // through an alias names the alias's namespace too (the outputs spell the alias).
  const visit = (from: string, t: ir.Type): void => {
    use(from, t.alias);
    switch (t.kind) {
      case 'array':
        return visit(from, t.element);
      case 'pointer':
        return use(from, t.pointee?.qname ?? null);
      case 'enum':
      case 'bits':
      case 'struct':
      case 'union':
        return use(from, t.qname);
      case 'int':
      case 'bool':
        return;
      default:
        return unreachable(t);
    }
  };
  for (const d of layout.decls) {
    switch (d.kind) {
      case 'struct':
        for (const f of d.fields) visit(d.namespace, f.type);
        break;
      case 'union':
        if (d.discriminantType) visit(d.namespace, d.discriminantType);
        for (const m of d.members) visit(d.namespace, m.type);
        break;
      case 'bits':
        for (const f of [...d.fields, ...(d.tag ? [d.tag] : []), ...d.variants.flatMap((v) => v.fields)]) {
          if (f.type.kind === 'enum') use(d.namespace, f.type.decl.qname);
        }
        break;
      case 'const':
      case 'enum':
        break; // they refer to nothing
      default:
        unreachable(d);
    }
  }
  for (const a of layout.aliases) visit(a.namespace, a.type);
  return uses;
}
