/**
 * Struct and union tables across the project's layouts: a row per field (member), a column per
 * group of layouts that lay the declaration out alike (`x86_64, aarch64, riscv64` when they
 * agree), so that eight targets in two configurations make a table as wide as the targets
 * really differ. Each cell that differs from the first column is marked (class `differs`, and
 * a title naming the first column), which is what a reader looks for: where i386 puts a `u64`
 * at 4 and x86_64 at 8.
 */
import type * as ir from '../ir.js';
import { declHref, docHtml, esc } from './html.js';

/** A layout's name in a column header: `x86_64`, or `x86_64 (kernel)` for a configuration. */
export function layoutName(l: ir.Layout): string {
  return l.config ? `${l.target.name} (${l.config})` : l.target.name;
}

/** A type as a field shows it, each declaration it names linked to its section. */
export function typeHtml(t: ir.Type, root: string): string {
  if (t.alias !== null) return qnameLink(t.alias, root);
  switch (t.kind) {
    case 'int':
      return esc(t.spelling);
    case 'bool':
      return 'bool';
    case 'pointer': {
      const p = t.pointee;
      if (p === null) return 'ptr';
      return `ptr&lt;${p.kind === 'alias' ? qnameLink(p.qname, root) : declLink(p, root)}&gt;`;
    }
    case 'enum':
    case 'bits':
    case 'struct':
    case 'union':
      return declLink(t.decl, root);
    case 'array':
      return `${typeHtml(t.element, root)}[${t.length}]`;
  }
}

/** A link to a declaration's section, its qualified name as the text. */
export function declLink(d: { readonly namespace: string; readonly name: string; readonly qname: string }, root: string): string {
  return `<a class="type" href="${esc(declHref(d.namespace, d.name, root))}">${esc(d.qname)}</a>`;
}

/** A link to the declaration a qualified name names (an alias, or a bit layout a machine declaration names by qname). */
export function qnameLink(qname: string, root: string): string {
  const dot = qname.lastIndexOf('.');
  return declLink({ namespace: qname.slice(0, dot), name: qname.slice(dot + 1), qname }, root);
}

/**
 * A column's header: its layouts by target, a target named alone when the column has it in
 * every configuration of the project (`x86_64`), else with the configuration (`x86_64
 * (kernel)`, `x86_64 (default)`).
 */
export function columnName(column: readonly ir.Layout[], all: readonly ir.Layout[]): string {
  return columnNames(column, all).join(', ');
}

/** The names of a column's header, one each (what a bit layout's target picker offers). */
export function columnNames(column: readonly ir.Layout[], all: readonly ir.Layout[]): string[] {
  const configs = new Set(all.map((l) => l.config));
  const targets = [...new Set(column.map((l) => l.target.name))];
  return targets.flatMap((t) => {
    const mine = column.filter((l) => l.target.name === t);
    if (mine.length === configs.size) return [t];
    return mine.map((l) => `${t} (${l.config ?? 'default'})`);
  });
}

/** One row: a name, its type as HTML, and per layout its cell text (null: not there). */
interface Row {
  readonly name: string;
  readonly type: string;
  /** The doc comment, as HTML. */
  readonly doc: string;
  readonly cells: readonly (string | null)[];
}

/**
 * The table of struct or union `qname` over `layouts`: columns grouped where every cell is the
 * same, each cell marked where it differs from the first column's.
 */
export function layoutTable(qname: string, layouts: readonly ir.Layout[], root: string): string {
  const decls = layouts.map((l) => {
    const d = l.byName.get(qname);
    return d && (d.kind === 'struct' || d.kind === 'union') ? d : null;
  });
  const rows: Row[] = [];
  const names: string[] = [];
  // Fields in the order of the first layout that has them (an `if` block may add some on a target).
  for (const d of decls) {
    if (!d) continue;
    for (const m of d.kind === 'struct' ? d.fields : d.members) if (!names.includes(m.name)) names.push(m.name);
  }
  for (const name of names) {
    const found = decls.map((d) => (d ? ((d.kind === 'struct' ? d.fields : d.members) as readonly (ir.Field | ir.UnionMember)[]).find((m) => m.name === name) ?? null : null));
    const first = found.find((m) => m !== null)!;
    rows.push({
      name,
      type: typeHtml(first.type, root),
      doc: docHtml(first.doc),
      cells: found.map((m) => (m === null ? null : 'offset' in m ? `${m.offset} / ${m.size}` : `${m.size}`)),
    });
  }
  rows.push({ name: 'size', type: '', doc: '', cells: decls.map((d) => (d ? `${d.size}` : null)) });
  rows.push({ name: 'align', type: '', doc: '', cells: decls.map((d) => (d ? `${d.align}` : null)) });

  // Columns: layouts whose cells are all equal share one.
  const groups = new Map<string, number[]>();
  layouts.forEach((_, i) => {
    const key = JSON.stringify(rows.map((r) => r.cells[i]));
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  const columns = [...groups.values()];
  const isStruct = decls.some((d) => d?.kind === 'struct');
  const headers = columns.map((c) => columnName(c.map((i) => layouts[i]!), layouts));
  const head = headers.map((n) => `<th scope="col">${esc(n)}</th>`).join('');
  const firstName = esc(headers[0]!);
  const body = rows.map((r) => {
    const base = r.cells[columns[0]![0]!];
    const cells = columns.map((c, k) => {
      const v = r.cells[c[0]!];
      const differs = k > 0 && v !== base;
      return `<td${differs ? ` class="differs" title="differs from ${firstName}"` : ''}>${v === null ? '—' : esc(v)}</td>`;
    });
    const meta = r.type === '' ? ' class="meta"' : '';
    return `<tr${meta} data-field="${esc(r.name)}"><th scope="row">${esc(r.name)}</th><td class="type">${r.type}</td>${cells.join('')}<td class="doc">${r.doc}</td></tr>`;
  });
  return [
    `<table class="layout-table" data-decl="${esc(qname)}">`,
    `<thead><tr><th scope="col">${isStruct ? 'field' : 'member'}</th><th scope="col">type</th>${head}<th scope="col">doc</th></tr></thead>`,
    `<tbody>`,
    ...body,
    `</tbody>`,
    `</table>`,
    `<p class="legend">${isStruct ? 'offset / size in bytes' : 'size in bytes'}; <span class="differs">marked</span>: differs from the first column; —: not on that target.</p>`,
  ].join('\n');
}
