/**
 * HTML helpers for `cdl doc`: every piece of text that comes from a spec (names, doc comments,
 * spec paths) goes through `esc` before it is written into a page, and data for the page's
 * scripts through `scriptJson`, so that a hostile doc comment (`</script><script>...`) stays
 * text. Nothing here reads the clock or the environment: pages are byte-identical across runs.
 */

/** Text or an attribute value, escaped for HTML (both quotes, so either may delimit it). */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * JSON for a `<script type="application/json">` element: `<` is written `\u003c`, so no
 * string in it can close the element (`</script>`) or open a comment (`<!--`); U+2028 and
 * U+2029 are escaped too, for older script parsers.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * A doc comment as HTML: escaped, paragraphs at blank lines, `code` in backticks kept as
 * code. Null (no comment) is nothing.
 */
export function docHtml(doc: string | null): string {
  if (doc === null || doc.trim() === '') return '';
  const paragraphs = doc
    .replace(/\r\n?|[\u2028\u2029]/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.split('\n').map((l) => l.trim()).join(' ').trim())
    .filter((p) => p !== '');
  return paragraphs.map((p) => `<p>${inlineCode(p)}</p>`).join('');
}

/** Escapes `text`, turning `x` into <code>x</code>. */
function inlineCode(text: string): string {
  return text
    .split(/(`[^`]+`)/)
    .map((part) => (part.length > 2 && part.startsWith('`') && part.endsWith('`') ? `<code>${esc(part.slice(1, -1))}</code>` : esc(part)))
    .join('');
}

/** A number as the pages write it: decimal below 1024, hex from there (as the runtime's formatInt), negative with a sign. */
export function formatNumber(v: bigint): string {
  const abs = v < 0n ? -v : v;
  const text = abs < 1024n ? abs.toString() : `0x${abs.toString(16)}`;
  return v < 0n ? `-${text}` : text;
}

/** Bits `lo..hi` (LSB-0) as the pages' tables write them: `7`, `11..5`. */
export function bitRange(lo: number, hi: number): string {
  return lo === hi ? `${lo}` : `${hi}..${lo}`;
}

/** The id of a declaration's section on its namespace's page (names are identifiers; escaped anyway). */
export function anchorOf(name: string): string {
  return `decl-${name}`;
}

/**
 * The id of a member (a register, a call, a pattern) of declaration `owner`: after the
 * declaration's own, with a `-` no identifier holds, so it meets no other declaration's.
 */
export function memberAnchor(owner: string, member: string): string {
  return `${anchorOf(owner)}-${member}`;
}

/**
 * The page of a namespace, relative to the site's root. A namespace name is an identifier, the
 * file's name as it is; anything else would be spelled in hex, so that the path stays one file
 * under `ns/` and a link to it needs no escaping.
 */
export function namespacePage(namespace: string): string {
  const name = /^[A-Za-z_][A-Za-z0-9_]*$/.test(namespace) ? namespace : `x-${Buffer.from(namespace, 'utf8').toString('hex')}`;
  return `ns/${name}.html`;
}

/** A link to declaration `qname` (namespace and name) from a page at depth `root` (`../` or ``). */
export function declHref(namespace: string, name: string, root: string): string {
  return `${root}${namespacePage(namespace)}#${anchorOf(name)}`;
}

/** A link to member `member` of declaration `owner` (see memberAnchor). */
export function memberHref(namespace: string, owner: string, member: string, root: string): string {
  return `${root}${namespacePage(namespace)}#${memberAnchor(owner, member)}`;
}

export interface PageInput {
  readonly title: string;
  /** `../` for pages under ns/, empty for the index. */
  readonly root: string;
  /** The body, already HTML. */
  readonly body: string;
  /** Classic scripts to load at the end, relative to the root. */
  readonly scripts: readonly string[];
  /** JSON data for the scripts, by element id (written with scriptJson). */
  readonly data?: ReadonlyMap<string, unknown>;
}

/**
 * A whole page. Scripts are classic scripts (`<script src>`), not modules: Chromium refuses
 * module imports from file://, and the site must work opened from the disk.
 */
export function page(p: PageInput): string {
  const data = [...(p.data ?? new Map<string, unknown>())].map(([id, v]) => `<script type="application/json" id="${esc(id)}">${scriptJson(v)}</script>\n`).join('');
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(p.title)}</title>`,
    `<link rel="stylesheet" href="${esc(p.root)}assets/style.css">`,
    '</head>',
    `<body data-root="${esc(p.root)}">`,
    '<header class="top">',
    `<a class="home" href="${esc(p.root)}index.html">CDL reference</a>`,
    '<div class="search"><input id="search" type="search" placeholder="Search declarations" autocomplete="off" spellcheck="false" aria-label="Search declarations"><ul id="search-results" hidden></ul></div>',
    '</header>',
    '<main>',
    p.body,
    '</main>',
    data + p.scripts.map((s) => `<script src="${esc(p.root)}${esc(s)}"></script>`).join('\n'),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
