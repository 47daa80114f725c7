/**
 * `cdl lsp` as an editor sees it: the built server spawned over stdio, a small project of two
 * files on disk (one importing the other) with a cdl.config.json naming two targets whose
 * layouts differ. Every expected answer is derived from the spec text (positions found in it)
 * and from the C ABI rules the layouts follow, and checked against compile()'s own layouts.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatSource } from '../../grammar/printer.js';
import { compile } from '../../generator/compile.js';
import { LspClient, ROOT } from './client.js';

const built = fs.existsSync(path.join(ROOT, 'dist/generator/lsp/server.js'));
if (!built) console.log('skipping the language server tests: dist/ is not built (run `npm run build`)');

const COMMON = `namespace common;

/// Kinds of page.
enum PageKind : u2 { Data = 0, Code, Table }

/// A page-table entry.
bits Entry : u64 {
  present @0;
  writable @1;
  kind: PageKind @2..3;
  reserved @4..11;
  /// The frame's physical address.
  frame @12..51 << 12;
  reserved @52..63 = 0;
}
`;

const good = (entryType: string): string => `namespace main;
import "common.cdl";

// Pages per mapping.
const COUNT = 0x10;

/// One mapping of pages.
struct Mapping {
  flag: u8;
  va: u64;
  entry: ${entryType};
  count: u32;
  kind: PageKind;
}
`;
const MAIN = good('Entry');
const OTHER = `namespace other;\nimport "common.cdl";\nstruct Other { k: PageKind; }\n`;
const BROKEN = good('Entyr');

/** The LSP position of the `nth` occurrence of `needle` in `text` (plus `delta` characters). */
function pos(text: string, needle: string, nth = 0, delta = 0): { line: number; character: number } {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`'${needle}' #${nth} not in text`);
  }
  at += delta;
  const before = text.slice(0, at).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

interface Hover {
  contents: { kind: string; value: string };
}
interface Location {
  uri: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

describe.skipIf(!built)('cdl lsp', () => {
  let dir: string;
  let client: LspClient;
  let mainUri: string;
  let commonUri: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdl-lsp-'));
    fs.writeFileSync(path.join(dir, 'cdl.config.json'), JSON.stringify({ specs: ['.'], targets: ['x86_64', 'i386'] }));
    fs.writeFileSync(path.join(dir, 'common.cdl'), COMMON);
    // On disk main.cdl is right: the server must read the editor's (broken) text instead.
    fs.writeFileSync(path.join(dir, 'main.cdl'), MAIN);
    // Never opened: its use of PageKind is found through the project's specs.
    fs.writeFileSync(path.join(dir, 'other.cdl'), OTHER);
    mainUri = pathToFileURL(path.join(dir, 'main.cdl')).href;
    commonUri = pathToFileURL(path.join(dir, 'common.cdl')).href;
    client = new LspClient();
    const init = await client.request<{ capabilities: Record<string, unknown> }>('initialize', { processId: process.pid, rootUri: pathToFileURL(dir).href, capabilities: {} });
    expect(init.capabilities).toMatchObject({ hoverProvider: true, definitionProvider: true, referencesProvider: true, documentSymbolProvider: true });
    // cdl lsp formats with cdl fmt's printer.
    expect(init.capabilities['documentFormattingProvider']).toBe(true);
    await client.notify('initialized', {});
  }, 60_000);

  afterAll(async () => {
    if (client) client.child.kill();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('publishes the checker’s error at its exact range, then none once it is fixed', async () => {
    await client.notify('textDocument/didOpen', { textDocument: { uri: mainUri, languageId: 'cdl', version: 1, text: BROKEN } });
    const first = await client.diagnostics(mainUri, (p) => p.version === 1);
    expect(first.diagnostics).toHaveLength(1);
    const d = first.diagnostics[0];
    expect(d.message).toMatch(/^unknown type 'Entyr'/);
    expect(d.severity).toBe(1);
    const start = pos(BROKEN, 'Entyr');
    expect(d.range).toEqual({ start, end: { line: start.line, character: start.character + 'Entyr'.length } });

    // The fix, as an incremental edit of just the name.
    await client.notify('textDocument/didChange', {
      textDocument: { uri: mainUri, version: 2 },
      contentChanges: [{ range: { start, end: { line: start.line, character: start.character + 5 } }, text: 'Entry' }],
    });
    const fixed = await client.diagnostics(mainUri, (p) => p.version === 2);
    expect(fixed.diagnostics).toEqual([]);
  }, 60_000);

  it('hovers a struct with its doc and size and alignment per target', async () => {
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: mainUri }, position: pos(MAIN, 'Mapping', 0, 2) });
    const text = hover.contents.value;
    expect(text).toContain('struct main.Mapping');
    expect(text).toContain('One mapping of pages.');
    // By the C ABI: u64 is 8-aligned on x86_64 (flag@0 va@8 entry@16 count@24 kind@28, size 32)
    // and 4-aligned on i386 (flag@0 va@4 entry@12 count@20 kind@24, size 28).
    expect(text).toContain('**x86_64**: size 32, alignment 8; `flag` @0, `va` @8, `entry` @16, `count` @24, `kind` @28');
    expect(text).toContain('**i386**: size 28, alignment 4; `flag` @0, `va` @4, `entry` @12, `count` @20, `kind` @24');
    // ... which is what the compiler's layouts say.
    const result = compile({ files: [path.join(dir, 'main.cdl')], targets: ['x86_64', 'i386'] });
    for (const layout of result.layouts) {
      const s = layout.byName.get('main.Mapping')!;
      expect(s.kind).toBe('struct');
      if (s.kind === 'struct') expect(text).toContain(`**${layout.target.name}**: size ${s.size}, alignment ${s.align}`);
    }
  }, 60_000);

  it('hovers a bit field with its bit range, mask and values', async () => {
    await client.notify('textDocument/didOpen', { textDocument: { uri: commonUri, languageId: 'cdl', version: 1, text: COMMON } });
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: commonUri }, position: pos(COMMON, 'frame @') });
    const text = hover.contents.value;
    expect(text).toContain('bit field common.Entry.frame');
    expect(text).toContain("The frame's physical address.");
    const mask = ((1n << 40n) - 1n) << 12n; // bits 12..51
    const max = ((1n << 40n) - 1n) << 12n; // 40 stored bits above a 12-bit shift
    // Alike on both targets: one line naming both.
    expect(text).toContain(`**x86_64, i386**: bits 12..51 << 12, mask 0x${mask.toString(16).padStart(16, '0')}; a multiple of 0x1000 from 0 to 0x${max.toString(16)}`);
    const flag = await client.request<Hover>('textDocument/hover', { textDocument: { uri: commonUri }, position: pos(COMMON, 'writable') });
    expect(flag.contents.value).toContain('bit 1, mask 0x0000000000000002; a flag');
  }, 60_000);

  it('still hovers what is whole while the program has an error elsewhere', async () => {
    const withError = `${MAIN}const BAD = 1 / 0;\n`;
    await client.notify('textDocument/didChange', { textDocument: { uri: mainUri, version: 3 }, contentChanges: [{ text: withError }] });
    const published = await client.diagnostics(mainUri, (p) => p.version === 3);
    expect(published.diagnostics.map((d) => d.range.start)).toEqual([pos(withError, '1 / 0', 0, 4)]); // division by zero, at the divisor
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: mainUri }, position: pos(withError, 'Mapping') });
    expect(hover.contents.value).toContain('**x86_64**: size 32, alignment 8');
    expect(hover.contents.value).toContain('The program has errors: these figures may change');
    await client.notify('textDocument/didChange', { textDocument: { uri: mainUri, version: 4 }, contentChanges: [{ text: MAIN }] });
    expect((await client.diagnostics(mainUri, (p) => p.version === 4)).diagnostics).toEqual([]);
  }, 60_000);

  it('goes from a type reference to its declaration in the imported file', async () => {
    const def = await client.request<Location>('textDocument/definition', { textDocument: { uri: mainUri }, position: pos(MAIN, 'Entry;', 0, 1) });
    const start = pos(COMMON, 'Entry :');
    expect(def).toEqual({ uri: commonUri, range: { start, end: { line: start.line, character: start.character + 5 } } });
  }, 60_000);

  it('finds every reference to an enum, across imports and the project, with its declaration', async () => {
    const refs = await client.request<Location[]>('textDocument/references', { textDocument: { uri: mainUri }, position: pos(MAIN, 'PageKind'), context: { includeDeclaration: true } });
    const key = (l: Location) => `${l.uri}:${l.range.start.line}:${l.range.start.character}`;
    const expected = [
      { uri: commonUri, at: pos(COMMON, 'PageKind', 0) }, // the declaration
      { uri: commonUri, at: pos(COMMON, 'PageKind', 1) }, // kind: PageKind @2..3
      { uri: mainUri, at: pos(MAIN, 'PageKind', 0) }, // kind: PageKind in Mapping
      { uri: pathToFileURL(path.join(dir, 'other.cdl')).href, at: pos(OTHER, 'PageKind') }, // a file no document opened
    ].map((e) => `${e.uri}:${e.at.line}:${e.at.character}`);
    expect(refs.map(key).sort()).toEqual(expected.sort());
    const without = await client.request<Location[]>('textDocument/references', { textDocument: { uri: mainUri }, position: pos(MAIN, 'PageKind'), context: { includeDeclaration: false } });
    expect(without).toHaveLength(3);
    // Asked from the declaring file, which imports none of them: the same answer.
    const fromCommon = await client.request<Location[]>('textDocument/references', { textDocument: { uri: commonUri }, position: pos(COMMON, 'PageKind'), context: { includeDeclaration: true } });
    expect(fromCommon.map(key).sort()).toEqual(expected.sort());
  }, 60_000);

  it('completes declared names, built-in types and keywords', async () => {
    const items = await client.request<{ label: string; detail?: string }[]>('textDocument/completion', { textDocument: { uri: mainUri }, position: pos(MAIN, 'count', 0) });
    const labels = items.map((i) => i.label);
    for (const name of ['Mapping', 'COUNT', 'Entry', 'PageKind', 'u64', 'bool', 'struct', 'bits', 'sizeof']) expect(labels).toContain(name);
    expect(items.find((i) => i.label === 'Entry')?.detail).toBe('bit layout common.Entry');

    // After a dot, half typed: an enum's members, or a namespace's declarations.
    const uri = pathToFileURL(path.join(dir, 'typing.cdl')).href;
    const typing = 'import "common.cdl";\nconst K = PageKind.Co';
    await client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'cdl', version: 1, text: typing } });
    const end = pos(typing, '.Co', 0, 3);
    const members = await client.request<{ label: string }[]>('textDocument/completion', { textDocument: { uri }, position: end });
    expect(members.map((i) => i.label)).toEqual(['Data', 'Code', 'Table']);
    const qualifiedText = 'import "common.cdl";\nstruct S { e: common. }';
    await client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: qualifiedText }] });
    const inNamespace = await client.request<{ label: string }[]>('textDocument/completion', { textDocument: { uri }, position: pos(qualifiedText, 'common. ', 0, 7) });
    expect(inNamespace.map((i) => i.label).sort()).toEqual(['Entry', 'PageKind']);
    await client.notify('textDocument/didClose', { textDocument: { uri } });
  }, 60_000);

  it('lists the namespace, its declarations and their members', async () => {
    type Sym = { name: string; children?: Sym[]; selectionRange: Location['range'] };
    const symbols = await client.request<Sym[]>('textDocument/documentSymbol', { textDocument: { uri: mainUri } });
    expect(symbols.map((s) => s.name)).toEqual(['main']);
    const [ns] = symbols;
    expect(ns.children!.map((s) => s.name)).toEqual(['COUNT', 'Mapping']);
    expect(ns.children![1].children!.map((s) => s.name)).toEqual(['flag', 'va', 'entry', 'count', 'kind']);
    expect(ns.children![1].selectionRange.start).toEqual(pos(MAIN, 'Mapping'));
    const common = await client.request<Sym[]>('textDocument/documentSymbol', { textDocument: { uri: commonUri } });
    const entry = common[0].children!.find((s) => s.name === 'Entry')!;
    expect(entry.children!.map((s) => s.name)).toEqual(['present', 'writable', 'kind', 'frame']);
  }, 60_000);

  it('colours keywords, types, fields, numbers and comments', async () => {
    const init = await client.request<{ data: number[] }>('textDocument/semanticTokens/full', { textDocument: { uri: mainUri } });
    // Decode the relative encoding into absolute tokens.
    const legend = ['keyword', 'type', 'enum', 'struct', 'enumMember', 'property', 'variable', 'number', 'string', 'comment', 'namespace'];
    const tokens = new Map<string, string>();
    let line = 0;
    let character = 0;
    for (let i = 0; i < init.data.length; i += 5) {
      const [dl, dc, length, type] = init.data.slice(i, i + 4);
      line += dl;
      character = dl === 0 ? character + dc : dc;
      const text = MAIN.split('\n')[line].slice(character, character + length);
      tokens.set(`${line}:${character}`, `${legend[type]} ${text}`);
    }
    const at = (needle: string, nth = 0) => {
      const p = pos(MAIN, needle, nth);
      return tokens.get(`${p.line}:${p.character}`);
    };
    expect(at('struct')).toBe('keyword struct');
    expect(at('const')).toBe('keyword const');
    expect(at('0x10')).toBe('number 0x10');
    expect(at('// Pages')).toBe('comment // Pages per mapping.');
    expect(at('/// One')).toBe('comment /// One mapping of pages.');
    expect(at('u64')).toBe('type u64');
    expect(at('Entry;')).toBe('struct Entry');
    expect(at('PageKind')).toBe('enum PageKind');
    expect(at('flag')).toBe('property flag');
    expect(at('COUNT')).toBe('variable COUNT');
  }, 60_000);

  it('compiles a document with the unsaved text of the open documents it imports', async () => {
    // Rename the enum in common.cdl's buffer only (the disk keeps PageKind).
    const renamed = COMMON.replace('enum PageKind', 'enum PageKinds');
    await client.notify('textDocument/didChange', { textDocument: { uri: commonUri, version: 2 }, contentChanges: [{ text: renamed }] });
    const isUnknown = (m: string) => m.startsWith("unknown type 'PageKind'");
    const mainNow = await client.diagnostics(mainUri, (p) => p.diagnostics.some((d) => isUnknown(d.message)));
    // main.cdl's own use of the old name, where it is written...
    const own = mainNow.diagnostics.find((d) => isUnknown(d.message))!;
    expect(own.range.start).toEqual(pos(MAIN, 'PageKind'));
    // ... and common.cdl's, shown on the import that brings it in, naming its place.
    const use = pos(renamed, 'PageKind @');
    const imported = mainNow.diagnostics.find((d) => d.message.startsWith(`common.cdl:${use.line + 1}:${use.character + 1}: unknown type 'PageKind'`));
    expect(imported?.range.start).toEqual(pos(MAIN, 'import'));
    const commonNow = await client.diagnostics(commonUri, (p) => p.version === 2);
    expect(commonNow.diagnostics.map((d) => [d.range.start, d.message.slice(0, "unknown type 'PageKind'".length)])).toEqual([[use, "unknown type 'PageKind'"]]);

    await client.notify('textDocument/didChange', { textDocument: { uri: commonUri, version: 3 }, contentChanges: [{ text: COMMON }] });
    await client.diagnostics(commonUri, (p) => p.version === 3 && p.diagnostics.length === 0);
    await client.diagnostics(mainUri, (p) => p === client.lastPublished(mainUri) && p.diagnostics.length === 0);
  }, 60_000);

  it('formats a document as cdl fmt does, and offers no edit for one with a syntax error', async () => {
    const uri = pathToFileURL(path.join(dir, 'messy.cdl')).href;
    const messy = 'namespace messy;\n/// A word.\nbits W : u32 {\n  a    @0..3;\n     longer @4..31;\n}\n';
    await client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'cdl', version: 1, text: messy } });
    const edits = await client.request<{ range: Location['range']; newText: string }[]>('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
    const formatted = formatSource('messy.cdl', messy);
    expect(formatted.ok).toBe(true);
    const want = formatted.ok ? formatted.text : '';
    expect(want).not.toBe(messy);
    // The edits applied to the text give what cdl fmt prints.
    let text = messy;
    for (const e of [...edits].reverse()) {
      const offset = (p: { line: number; character: number }) => text.split('\n').slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
      text = text.slice(0, offset(e.range.start)) + e.newText + text.slice(offset(e.range.end));
    }
    expect(text).toBe(want);
    await client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: 'namespace messy;\nbits W : u32 {\n  a @0..;\n}\n' }] });
    expect(await client.request('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } })).toEqual([]);
    await client.notify('textDocument/didClose', { textDocument: { uri } });
  }, 60_000);

  it('counts lines as the editor does, \\r\\n included', async () => {
    const uri = pathToFileURL(path.join(dir, 'crlf.cdl')).href;
    const text = ['namespace crlf;', '/// ok', 'const A = 1;', 'const B = A + Nope;', ''].join('\r\n');
    await client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'cdl', version: 1, text } });
    const published = await client.diagnostics(uri);
    expect(published.diagnostics.map((d) => [d.range, d.message.slice(0, 22)])).toEqual([
      [{ start: { line: 3, character: 14 }, end: { line: 3, character: 18 } }, "unknown constant 'Nope"],
    ]);
    await client.notify('textDocument/didClose', { textDocument: { uri } });
  }, 60_000);

  it('survives garbage: random bytes, positions outside the document, malformed requests', async () => {
    const junkUri = pathToFileURL(path.join(dir, 'junk.cdl')).href;
    // Deterministic "random" bytes: every character class the lexer may meet, controls included.
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    const junk = Array.from({ length: 4000 }, () => String.fromCharCode(next() % 0x3000)).join('');
    await client.notify('textDocument/didOpen', { textDocument: { uri: junkUri, languageId: 'cdl', version: 1, text: junk } });
    const published = await client.diagnostics(junkUri);
    expect(published.diagnostics.length).toBeGreaterThan(0);
    for (const params of [
      { textDocument: { uri: junkUri }, position: { line: 0, character: 3 } },
      { textDocument: { uri: mainUri }, position: { line: 9999, character: 0 } },
      { textDocument: { uri: mainUri }, position: { line: -1, character: 0.5 } },
      { textDocument: { uri: 'file:///nowhere/never.cdl' }, position: { line: 0, character: 0 } },
      { textDocument: { uri: 'untitled:Untitled-1' }, position: { line: 0, character: 0 } },
      { textDocument: null, position: null },
    ]) {
      expect(await client.request('textDocument/hover', params)).toBeNull();
      expect(await client.request('textDocument/definition', params)).toBeNull();
      expect(await client.request('textDocument/references', { ...params, context: { includeDeclaration: true } })).toBeNull();
    }
    expect(await client.request('textDocument/documentSymbol', { textDocument: { uri: 'file:///nowhere/never.cdl' } })).toBeNull();
    expect(await client.request('textDocument/semanticTokens/full', { textDocument: { uri: junkUri } })).toHaveProperty('data');
    // Still alive and right after all that.
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: mainUri }, position: pos(MAIN, 'Mapping') });
    expect(hover.contents.value).toContain('struct main.Mapping');
  }, 60_000);

  it('shuts down and exits cleanly', async () => {
    expect(await client.close()).toBe(0);
    expect(client.stderr).not.toMatch(/internal error|failed:/);
  }, 60_000);
});
