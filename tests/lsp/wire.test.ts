/**
 * `cdl lsp` given garbage on the wire itself: a frame that is not JSON, an unknown method,
 * notifications with null or missing parameters, a change to a document never opened. The
 * server stays up, answers what it can, and still initializes and exits cleanly afterwards.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './client.js';

const built = fs.existsSync(path.join(ROOT, 'dist/generator/lsp/server.js'));

const frame = (body: string): string => `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

/**
 * The JSON messages of every whole frame read so far, in order. Frames are counted in bytes,
 * and the last one may not have arrived whole yet: it is left for a later look.
 */
function messages(out: Buffer): { id?: unknown; result?: unknown; error?: { code: number } }[] {
  const found = [];
  for (let rest = out; ; ) {
    const m = /^Content-Length: (\d+)\r\n\r\n/.exec(rest.subarray(0, 64).toString('latin1'));
    if (!m) break;
    const start = m[0].length;
    const end = start + Number(m[1]);
    if (rest.length < end) break;
    found.push(JSON.parse(rest.subarray(start, end).toString()));
    rest = rest.subarray(end);
  }
  return found;
}

describe.skipIf(!built)('cdl lsp on a hostile wire', () => {
  it('survives malformed frames and parameters', async () => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/cdl.js'), 'lsp', '--stdio']);
    let out = Buffer.alloc(0);
    child.stdout.on('data', (d: Buffer) => (out = Buffer.concat([out, d])));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const until = async (ok: () => boolean): Promise<void> => {
      for (let i = 0; i < 300 && !ok(); i++) await new Promise((r) => setTimeout(r, 100));
    };
    for (const body of [
      '{{{{{',
      '{"jsonrpc":"2.0","id":"x","method":"nonsense/method","params":7}',
      '{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":null}}',
      '{"jsonrpc":"2.0","method":"textDocument/didOpen"}',
      '{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///never-opened.cdl","version":2},"contentChanges":[{"text":"x"}]}}',
      '{"jsonrpc":"2.0","id":"h","method":"textDocument/hover","params":{"textDocument":{"uri":42},"position":"here"}}',
      '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"capabilities":{}}}',
    ]) child.stdin.write(frame(body));
    await until(() => messages(out).some((m) => m.id === 1));
    const replies = messages(out);
    expect(replies.find((m) => m.id === 'x')?.error?.code).toBe(-32601); // method not found
    expect(replies.find((m) => m.id === 'h')).toMatchObject({ result: null });
    expect(replies.find((m) => m.id === 1)?.result).toHaveProperty('capabilities');
    child.stdin.write(frame('{"jsonrpc":"2.0","id":2,"method":"shutdown"}'));
    await until(() => messages(out).some((m) => m.id === 2));
    child.stdin.write(frame('{"jsonrpc":"2.0","method":"exit"}'));
    expect(await exited).toBe(0);
  }, 60_000);
});
