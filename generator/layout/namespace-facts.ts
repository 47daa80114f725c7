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

/** A layout as the engine makes it, before its facts are interned. */
export type LaidOut = Omit<ir.Layout, 'namespaceFacts' | 'machine'>;

/** Interns facts across the layouts of one compilation. */
export class FactsTable {
  private readonly interned = new Map<string, ir.NamespaceFacts>();

  /** The facts of every namespace of `layout`. */
  namespaces(layout: LaidOut): ReadonlyMap<string, ir.NamespaceFacts> {
    const uses = namespaceUses(layout);
    const byNamespace = new Map<string, ir.Decl[]>();
    for (const d of layout.decls) {
      let list = byNamespace.get(d.namespace);
      if (!list) byNamespace.set(d.namespace, (list = []));
      list.push(d);
    }
    const text = new Map([...byNamespace].map(([ns, decls]) => [ns, json(decls)]));
    const common = json({ target: dataModel(layout.target), aliases: layout.aliases });
    const out = new Map<string, ir.NamespaceFacts>();
    for (const namespace of layout.namespaces) {
      const closure = new Set([namespace]);
      for (const n of closure) for (const m of uses.get(n) ?? []) closure.add(m);
      const sorted = [...closure].sort();
      // Namespaces that use each other have one closure: the namespace's own name tells them apart.
      const key = [namespace, common, ...sorted.map((n) => `${n}:${text.get(n) ?? ''}`)].join('\n');
      let facts = this.interned.get(key);
      if (!facts) {
        const direct = Object.freeze([...(uses.get(namespace) ?? [])].filter((n) => n !== namespace).sort());
        facts = Object.freeze({ id: this.interned.size, namespace, uses: direct, closure: Object.freeze(sorted) });
        this.interned.set(key, facts);
      }
      out.set(namespace, facts);
    }
    return out;
  }
}

/** Declarations as text: a type's reference to a declaration is its name (its facts are its own). */
const json = (x: unknown): string =>
  JSON.stringify(x, (key, v: unknown) => (typeof v === 'bigint' ? `${v}n` : (key === 'decl' || key === 'pointee') && v ? (v as ir.Decl).qname : v));

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
