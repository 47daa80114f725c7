/**
 * `cdl lsp`: the language server, over JSON-RPC on standard input and output.
 *
 * Each open document is compiled by the compiler itself (analysis.ts) as it changes (after a
 * short pause in typing), and every answer is read from that one compilation: diagnostics
 * from the checker and layouts, hover from the layouts, definitions and references from the
 * binder's resolutions (references.ts). A request about a document whose latest text is not
 * compiled yet compiles it first, so that no answer is about stale offsets.
 *
 * The server never fails on what an editor sends: a handler that throws (a malformed request,
 * a bug) is logged to the editor's output and answered with null or nothing.
 */
import { createConnection, TextDocuments, TextDocumentSyncKind, type Connection, type Location } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { BUILTIN_FILE } from '../targets/builtin.js';
import { analyze, analyzeProject, type Analysis } from './analysis.js';
import { documentDiagnostics } from './diagnostics.js';
import { hoverText } from './hover.js';
import { pathToUri, uriToPath, validPosition } from './positions.js';
import { LEGEND, semanticTokens } from './semantic-tokens.js';
import { completions, documentSymbols } from './symbols.js';

/**
 * Formats a document's text: the new text, or null to leave it as it is (a syntax error).
 *
 * The formatter: `cdl lsp` passes `cdl fmt`'s printer (generator/cli/main.ts), and the server
 * offers "Format Document" (textDocument/formatting) with it; without one it offers nothing.
 */
export type Formatter = (text: string, file: string) => string | null;

export interface ServerOptions {
  readonly formatter?: Formatter;
  /** Milliseconds of quiet after a change before the document is compiled again. */
  readonly debounceMs?: number;
}

/** Serves standard input and output until the editor says `exit` (which ends the process). */
export function runStdioServer(options: ServerOptions = {}): Promise<number> {
  const connection = createConnection(process.stdin, process.stdout);
  // Standard output is the protocol's: anything logged goes to the editor's log instead.
  console.log = (...args: unknown[]) => connection.console.log(args.map(String).join(' '));
  console.warn = (...args: unknown[]) => connection.console.warn(args.map(String).join(' '));
  return new Promise((resolve) => {
    connection.onExit(() => resolve(0));
    startServer(connection, options);
  });
}

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const documents = new TextDocuments(TextDocument);
  const analyses = new Map<string, Analysis>();
  const pending = new Map<string, NodeJS.Timeout>();
  const debounce = options.debounceMs ?? 200;

  const guard = <T>(what: string, fallback: T, fn: () => T): T => {
    try {
      return fn();
    } catch (e) {
      connection.console.error(`cdl lsp: ${what} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      return fallback;
    }
  };

  /** The text of an open document, by path: the editor's copy wins over the disk's. */
  const openText = (file: string): string | undefined => {
    for (const d of documents.all()) if (uriToPath(d.uri) === file) return d.getText();
    return undefined;
  };

  const analyzeNow = (uri: string): Analysis | null => {
    clearTimeout(pending.get(uri));
    pending.delete(uri);
    const doc = documents.get(uri);
    const file = uriToPath(uri);
    if (!doc || file === null) return null;
    const analysis = guard(`compiling ${uri}`, null, () => analyze(file, doc.version, openText));
    if (!analysis) return null;
    analyses.set(uri, analysis);
    const diagnostics = guard('diagnostics', [], () => documentDiagnostics(analysis));
    void connection.sendDiagnostics({ uri, version: doc.version, diagnostics });
    return analysis;
  };

  /** The analysis of the document's current text, compiled now if it is not yet. */
  const current = (uri: unknown): Analysis | null => {
    if (typeof uri !== 'string') return null;
    const a = analyses.get(uri);
    const doc = documents.get(uri);
    if (a && doc && a.version === doc.version && !pending.has(uri)) return a;
    return analyzeNow(uri);
  };

  const schedule = (uri: string, delay: number): void => {
    clearTimeout(pending.get(uri));
    pending.set(uri, setTimeout(() => analyzeNow(uri), delay));
  };

  documents.onDidChangeContent(({ document }) => {
    guard('scheduling', undefined, () => {
      schedule(document.uri, analyses.has(document.uri) ? debounce : 0);
      // Open documents that import this one see its new text too.
      const file = uriToPath(document.uri);
      for (const [uri, a] of analyses) if (uri !== document.uri && file !== null && a.result.sources.has(file)) schedule(uri, debounce);
    });
  });
  documents.onDidClose(({ document }) => {
    clearTimeout(pending.get(document.uri));
    pending.delete(document.uri);
    analyses.delete(document.uri);
    void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
  });

  // A spec changed on disk (the client watches *.cdl and cdl.config.json): any open document
  // may import it or be configured by it, and is compiled again.
  connection.onDidChangeWatchedFiles(() => {
    guard('watched files', undefined, () => {
      for (const uri of analyses.keys()) schedule(uri, debounce);
    });
  });

  connection.onInitialize(() => ({
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      completionProvider: { triggerCharacters: ['.'] },
      documentSymbolProvider: true,
      semanticTokensProvider: { legend: LEGEND, full: true },
      documentFormattingProvider: options.formatter !== undefined,
    },
    serverInfo: { name: 'cdl' },
  }));

  /** The analysis and the occurrence of a name at a request's position, or null. */
  const at = (params: { textDocument?: { uri?: unknown }; position?: unknown }) => {
    if (!validPosition(params?.position)) return null;
    const a = current(params.textDocument?.uri);
    if (!a) return null;
    const offset = a.texts.offset(a.file, params.position);
    if (offset === null) return null;
    const occurrence = a.index.at(a.file, offset);
    return occurrence ? { a, occurrence } : null;
  };

  connection.onHover((params) =>
    guard('hover', null, () => {
      const found = at(params);
      if (!found) return null;
      return { contents: { kind: 'markdown' as const, value: hoverText(found.a, found.occurrence.target) }, range: found.a.texts.range(found.occurrence.span) };
    }),
  );

  connection.onDefinition((params) =>
    guard('definition', null, () => {
      const found = at(params);
      const name = found?.occurrence.target.name;
      if (!found || !name || name.span.file === BUILTIN_FILE) return null;
      return { uri: pathToUri(name.span.file), range: found.a.texts.range(name.span) };
    }),
  );

  connection.onReferences((params) =>
    guard('references', null, () => {
      const found = at(params);
      if (!found) return null;
      const key = found.occurrence.target.key;
      const withDeclaration = params.context?.includeDeclaration !== false;
      const out: Location[] = [];
      const seen = new Set<string>();
      // Every open document's program, and the whole project's: a declaration's users are
      // files that import it, which the document's own program does not hold.
      const project = found.a.configFile === null ? null : guard('compiling the project', null, () => analyzeProject(found.a.configFile!, openText));
      for (const a of [found.a, ...analyses.values(), ...(project ? [project] : [])]) {
        for (const o of a.index.of(key)) {
          const id = `${o.span.file}#${o.span.start}`;
          if (seen.has(id) || (o.declaration && !withDeclaration) || o.span.file === BUILTIN_FILE) continue;
          seen.add(id);
          out.push({ uri: pathToUri(o.span.file), range: a.texts.range(o.span) });
        }
      }
      return out;
    }),
  );

  connection.onCompletion((params) =>
    guard('completion', [], () => {
      const a = current(params?.textDocument?.uri);
      const offset = a && validPosition(params.position) ? a.texts.offset(a.file, params.position) : null;
      return completions(a, offset);
    }),
  );

  connection.onDocumentSymbol((params) =>
    guard('document symbols', null, () => {
      const a = current(params?.textDocument?.uri);
      return a ? documentSymbols(a) : null;
    }),
  );

  connection.languages.semanticTokens.on((params) =>
    guard('semantic tokens', { data: [] }, () => {
      const a = current(params?.textDocument?.uri);
      const doc = documents.get(params.textDocument.uri);
      return a && doc ? semanticTokens(doc, a.index.occurrences(a.file)) : { data: [] };
    }),
  );

  const formatter = options.formatter;
  if (formatter) {
    connection.onDocumentFormatting((params) =>
      guard('formatting', null, () => {
        const doc = documents.get(params.textDocument.uri);
        const file = doc ? uriToPath(doc.uri) : null;
        if (!doc || file === null) return null;
        const text = doc.getText();
        const formatted = formatter(text, file);
        if (formatted === null || formatted === text) return [];
        return [{ range: { start: { line: 0, character: 0 }, end: doc.positionAt(text.length) }, newText: formatted }];
      }),
    );
  }

  documents.listen(connection);
  connection.listen();
}
