/**
 * The formatter hook of generator/lsp/server.ts, in process: with a `formatter` the server
 * offers textDocument/formatting and answers with one edit of the whole document; a formatter
 * that declines (null, say for a syntax error) or changes nothing gives no edit. `cdl fmt`
 * plugs in here on merge.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { createConnection } from 'vscode-languageserver/node';
import { startServer } from '../../generator/lsp/server.js';

describe('the formatter hook', () => {
  it('formats through the formatter it is given', async () => {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    const server = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
    const seen: string[] = [];
    startServer(server, {
      formatter: (text, file) => {
        seen.push(file);
        if (text.includes('broken')) return null;
        return text.replace(/ +/g, ' ');
      },
    });
    const client = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
    client.listen();
    const init = (await client.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} })) as { capabilities: { documentFormattingProvider: boolean } };
    expect(init.capabilities.documentFormattingProvider).toBe(true);
    await client.sendNotification('initialized', {});
    const uri = 'file:///tmp/cdl-formatter-hook/a.cdl';
    const text = 'const  A =   1;\nconst B = 2;';
    await client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'cdl', version: 1, text } });
    const edits = await client.sendRequest('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
    expect(edits).toEqual([{ range: { start: { line: 0, character: 0 }, end: { line: 1, character: 12 } }, newText: 'const A = 1;\nconst B = 2;' }]);
    expect(seen).toEqual(['/tmp/cdl-formatter-hook/a.cdl']);

    await client.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: 'broken  {' }] });
    expect(await client.sendRequest('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } })).toEqual([]);
    await client.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: 'const A = 1;' }] });
    expect(await client.sendRequest('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } })).toEqual([]);
    client.dispose();
    server.dispose();
  }, 30_000);
});
