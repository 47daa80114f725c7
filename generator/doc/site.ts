/**
 * `cdl doc`'s site: an index page, one page per namespace, a style sheet, the page script, the
 * search index and the browser build of the runtime, as generated files (path and contents)
 * that the CLI stages and puts in place as `cdl gen` does its output (command.ts).
 *
 * What is drawn from which layout: the declarations and their docs come from the project's
 * first layout (its first target, first configuration); a bit layout's diagrams and decoder
 * from every layout, one diagram per distinct way they lay it out, with a target picker where
 * there are several (bits.ts); the struct and union tables show every layout, which is where
 * targets differ. Each page is made from the layouts alone, in their order: byte-identical
 * across runs.
 */
import type * as ir from '../ir.js';
import type { GeneratedFile } from '../emitters/emitter.js';
import { valueTables } from '../emitters/tables/index.js';
import type { TypeTable } from '../../runtime/tables.js';
import { CLIENT_SCRIPT, STYLE } from './assets.js';
import { unreachable } from '../util/unreachable.js';
import { type BitsGroup, bitsGroups, bitsHtml } from './bits.js';
import { MACHINE_KIND_TITLE, machineBody, machineDecls, memberSearchEntries } from './machine.js';
import { anchorOf, declHref, docHtml, esc, formatNumber, namespacePage, page } from './html.js';
import { layoutName, layoutTable, typeHtml } from './tables.js';

export interface SiteInput {
  /** Every layout of the project, in the order compile() gives them (the first is the decoder's). */
  readonly layouts: readonly ir.Layout[];
  /** The spec files, relative to the configuration's directory, for the index page. */
  readonly specs: readonly string[];
  /** The runtime bundled as one classic script that defines the global `CDL` (dist/runtime.browser.js). */
  readonly runtimeScript: string;
}

const SCRIPTS = ['assets/runtime.js', 'assets/search-index.js', 'assets/doc.js'];

/** A declaration with a section of its own: a data declaration, an alias, or a machine declaration. */
type Member = ir.Decl | ir.TypeAlias | ir.MachineDecl;

/** Every file of the site. */
export function* siteFiles(input: SiteInput): Generator<GeneratedFile> {
  const first = input.layouts[0];
  if (!first) throw new Error('internal error: cdl doc needs at least one layout');
  const tables = valueTables(first);
  const members = membersByNamespace(input.layouts);
  yield { path: 'assets/style.css', contents: STYLE };
  yield { path: 'assets/doc.js', contents: CLIENT_SCRIPT };
  yield { path: 'assets/runtime.js', contents: input.runtimeScript };
  yield { path: 'assets/search-index.js', contents: searchIndex(members) };
  yield { path: 'index.html', contents: indexPage(input, members) };
  for (const [ns, list] of members) yield { path: namespacePage(ns), contents: namespacePageHtml(ns, list, input.layouts, tables.types) };
}

/**
 * Each namespace's sections, in spec order: the first layout's declarations and aliases, then
 * the machine declarations of every layout's target. Namespaces in the first layout's order,
 * then any that declare only machine items for other targets.
 */
function membersByNamespace(layouts: readonly ir.Layout[]): Map<string, Member[]> {
  const first = layouts[0]!;
  const out = new Map<string, Member[]>(first.namespaces.map((ns) => [ns, [...first.decls.filter((d) => d.namespace === ns), ...first.aliases.filter((a) => a.namespace === ns)]]));
  for (const d of machineDecls(layouts)) {
    const list = out.get(d.namespace);
    if (list) list.push(d);
    else out.set(d.namespace, [d]);
  }
  return out;
}

/**
 * The search index as a classic script (`window.CDL_SEARCH = [...]`): pages opened from
 * file:// cannot fetch a JSON file, but they can load a script; one file, not a copy per page.
 * Every declaration, and each call of a syscall table and pattern of an instruction set.
 */
export function searchIndex(members: ReadonlyMap<string, readonly Member[]>): string {
  const entries = [...members].flatMap(([ns, list]) =>
    list.flatMap((d) => [[d.qname, d.kind, declHref(ns, d.name, '')], ...(isMachine(d) ? memberSearchEntries(d) : [])]),
  );
  return `window.CDL_SEARCH = ${JSON.stringify(entries).replace(/</g, '\\u003c')};\n`;
}

function isMachine(d: Member): d is ir.MachineDecl {
  return d.kind in MACHINE_KIND_TITLE;
}

/** What a section's heading and the table of contents call each kind (every kind: the type says so). */
const KIND_TITLE: { readonly [K in Member['kind']]: string } = { const: 'constant', enum: 'enum', bits: 'bit layout', struct: 'struct', union: 'union', alias: 'type alias', ...MACHINE_KIND_TITLE };

function indexPage(input: SiteInput, members: ReadonlyMap<string, readonly Member[]>): string {
  const first = input.layouts[0]!;
  const targets = input.layouts.map(layoutName);
  const body = [
    '<h1>Reference</h1>',
    `<p>Layouts: ${esc(targets.join(', '))}. Diagrams and decoders are for <strong>${esc(layoutName(first))}</strong>, and for each other target where it lays a bit layout out differently; the struct and union tables show every layout.</p>`,
    '<h2>Namespaces</h2>',
    '<ul class="namespaces">',
    ...[...members].map(([ns, list]) => {
      const count = list.length;
      return `<li><a href="${esc(namespacePage(ns))}">${esc(ns)}</a> <span class="count">${count} declaration${count === 1 ? '' : 's'}</span></li>`;
    }),
    '</ul>',
    '<h2>Specs</h2>',
    '<ul class="specs">',
    ...input.specs.map((s) => `<li><code>${esc(s)}</code></li>`),
    '</ul>',
  ].join('\n');
  return page({ title: 'CDL reference', root: '', body, scripts: SCRIPTS });
}

function namespacePageHtml(ns: string, members: readonly Member[], layouts: readonly ir.Layout[], types: { readonly [q: string]: TypeTable }): string {
  const first = layouts[0]!;
  const root = '../';
  // Each bit layout's distinct layouts across the targets, for its section and its decoder's tables.
  const groups = new Map(members.flatMap((d) => (d.kind === 'bits' ? [[d.qname, bitsGroups(d.qname, layouts, root)] as const] : [])));
  const sections = members.map((d) => section(d, layouts, groups, root));
  // The decoders' tables: the page's bit layouts (the first layout's; every group's where they
  // differ, by the picker's index), and the enums their fields name.
  const pageTypes: Record<string, TypeTable> = {};
  const targets: Record<string, TypeTable[]> = {};
  for (const [qname, gs] of groups) {
    pageTypes[qname] = gs[0]!.table;
    if (gs.length > 1) targets[qname] = gs.map((g) => g.table);
    for (const t of gs.map((g) => g.table)) {
      for (const f of [...t.fields, ...(t.tag ? [t.tag] : []), ...t.variants.flatMap((v) => v.fields)]) {
        const e = types[f.type];
        if (e?.kind === 'enum') pageTypes[f.type] = e;
      }
    }
  }
  const toc = members.map((d) => `<li><a href="#${esc(anchorOf(d.name))}">${esc(d.name)}</a> <span class="kind">${KIND_TITLE[d.kind]}</span></li>`).join('\n');
  const body = [
    `<h1>namespace ${esc(ns)}</h1>`,
    `<p class="sources">From ${sourcesOf(ns, members, first).map((s) => `<code>${esc(s)}</code>`).join(', ')}. Diagrams and decoders: ${esc(layoutName(first))}, and every other target where a layout differs.</p>`,
    `<nav class="toc"><ul>\n${toc}\n</ul></nav>`,
    ...sections,
  ].join('\n');
  const data = new Map<string, unknown>([['cdl-tables', { target: first.target.name, config: first.config, types: pageTypes, targets }]]);
  return page({ title: `${ns} — CDL reference`, root, body, scripts: SCRIPTS, data });
}

/** The spec files of a namespace: the layout's, and those that declare only machine items in it. */
function sourcesOf(ns: string, members: readonly Member[], first: ir.Layout): string[] {
  const files = new Set(first.namespaceSources.get(ns) ?? []);
  for (const d of members) files.add(d.source.replace(/:\d+$/, ''));
  return [...files].sort();
}

function section(d: Member, layouts: readonly ir.Layout[], groups: ReadonlyMap<string, readonly BitsGroup[]>, root: string): string {
  const head = `<section class="decl ${d.kind}" id="${esc(anchorOf(d.name))}" data-qname="${esc(d.qname)}">\n<h2><span class="kind">${KIND_TITLE[d.kind]}</span> ${esc(d.name)} <a class="self" href="#${esc(anchorOf(d.name))}" aria-label="link to ${esc(d.name)}">#</a></h2>\n<p class="source"><code>${esc(d.source)}</code></p>\n<div class="doc">${docHtml(d.doc)}</div>`;
  return `${head}\n${sectionBody(d, layouts, groups, root)}\n</section>`;
}

function sectionBody(d: Member, layouts: readonly ir.Layout[], groups: ReadonlyMap<string, readonly BitsGroup[]>, root: string): string {
  switch (d.kind) {
    case 'const':
      return `<p class="value"><code>${esc(d.name)}${d.type ? `: ${esc(d.type)}` : ''} = ${esc(formatNumber(d.value))}</code></p>`;
    case 'alias':
      return `<p class="value"><code>type ${esc(d.name)} = </code>${typeHtml({ ...d.type, alias: null } as ir.Type, root)}</p>`;
    case 'enum':
      return enumHtml(d);
    case 'bits':
      return bitsHtml(groups.get(d.qname)!, layouts, root);
    case 'struct':
    case 'union':
      return layoutTable(d.qname, layouts, root);
    case 'registers':
    case 'abi':
    case 'syscalls':
    case 'sysregs':
    case 'paging':
    case 'format':
    case 'instructions':
      return machineBody(d, root);
    default:
      return unreachable(d);
  }
}

function enumHtml(e: ir.Enum): string {
  const rows = e.members.map((m) => `<tr><th scope="row">${esc(m.name)}</th><td>${esc(formatNumber(m.value))}</td><td class="doc">${docHtml(m.doc)}</td></tr>`);
  return [
    `<p class="value"><code>${e.signed ? 'i' : 'u'}${e.width}</code>, stored in ${e.storageBits} bits</p>`,
    '<table class="enum-table">',
    '<thead><tr><th scope="col">member</th><th scope="col">value</th><th scope="col">doc</th></tr></thead>',
    '<tbody>',
    ...rows,
    '</tbody>',
    '</table>',
  ].join('\n');
}
