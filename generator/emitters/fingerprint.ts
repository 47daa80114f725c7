/**
 * Fingerprints: when two layouts give a namespace the same text. Sixteen layouts (eight targets,
 * two configurations) mostly share a few data models, and a namespace such as `x86` is laid out
 * the same on all of them; an emitter renders what is laid out the same once, keyed by this.
 */
import type * as ir from '../ir.js';
import { unreachable } from '../util/unreachable.js';

/** What a layout's fingerprints are made of, computed once per layout. */
interface LayoutPrints {
  /** The target's data model (not its name) and every type alias, as text. */
  readonly common: string;
  /** Each namespace's declarations, as text. */
  readonly decls: ReadonlyMap<string, string>;
  /** The namespaces each namespace's declarations refer to. */
  readonly uses: ReadonlyMap<string, ReadonlySet<string>>;
  readonly memo: Map<string, string>;
}

const prints = new WeakMap<ir.Layout, LayoutPrints>();

const json = (x: unknown): string => JSON.stringify(x, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));

function namespaceOf(qname: string): string {
  return qname.slice(0, qname.lastIndexOf('.'));
}

function layoutPrints(layout: ir.Layout): LayoutPrints {
  let p = prints.get(layout);
  if (p) return p;
  const uses = new Map<string, Set<string>>();
  const use = (from: string, qname: string | null) => {
    if (qname === null || !qname.includes('.')) return;
    let set = uses.get(from);
    if (!set) uses.set(from, (set = new Set()));
    set.add(namespaceOf(qname));
  };
  // A pointer names its pointee (C and Rust spell it when it is declared); the type aliases
  // are all in `common`.
  const visit = (from: string, t: ir.Type): void => {
    if (t.kind === 'array') visit(from, t.element);
    else if (t.kind === 'pointer') use(from, t.pointee);
    else if (t.kind === 'enum' || t.kind === 'bits' || t.kind === 'struct' || t.kind === 'union') use(from, t.qname);
  };
  for (const d of layout.decls) {
    switch (d.kind) {
      case 'struct':
        for (const f of d.fields) visit(d.namespace, f.type);
        break;
      case 'union':
        use(d.namespace, d.discriminant);
        for (const m of d.members) visit(d.namespace, m.type);
        break;
      case 'bits':
        for (const f of [...d.fields, ...(d.tag ? [d.tag] : []), ...d.variants.flatMap((v) => v.fields)]) if (f.type.kind === 'enum') use(d.namespace, f.type.qname);
        break;
      case 'const':
      case 'enum':
        break; // they refer to nothing
      default:
        unreachable(d);
    }
  }
  for (const a of layout.aliases) visit(a.namespace, a.type);
  const byNamespace = new Map<string, ir.Decl[]>();
  for (const d of layout.decls) byNamespace.set(d.namespace, [...(byNamespace.get(d.namespace) ?? []), d]);
  p = {
    common: json({ target: { ...layout.target, name: null, doc: null }, aliases: layout.aliases }),
    decls: new Map([...byNamespace].map(([ns, decls]) => [ns, json(decls)])),
    uses,
    memo: new Map(),
  };
  prints.set(layout, p);
  return p;
}

/**
 * Everything a namespace's text on `layout` is made from but the target's name: the target's
 * data model, the type aliases, and the declarations of the namespace and of every namespace it
 * refers to (transitively), after the namespace's name. Equal fingerprints, equal layouts of the
 * namespace. (Names an emitter plans over a whole layout are not in it: add them to the key.)
 */
export function namespaceFingerprint(layout: ir.Layout, namespace: string): string {
  const p = layoutPrints(layout);
  let print = p.memo.get(namespace);
  if (print === undefined) {
    // Namespaces that use each other have one closure: the namespace's own name tells them apart.
    print = [namespace, p.common, ...namespaceClosure(layout, namespace).map((n) => `${n}:${p.decls.get(n) ?? ''}`)].join('\n');
    p.memo.set(namespace, print);
  }
  return print;
}

/** The namespace and every namespace its declarations refer to, transitively, sorted. */
export function namespaceClosure(layout: ir.Layout, namespace: string): string[] {
  const p = layoutPrints(layout);
  const closure = new Set([namespace]);
  for (const n of closure) for (const m of p.uses.get(n) ?? []) closure.add(m);
  return [...closure].sort();
}
