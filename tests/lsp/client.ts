/**
 * The editor's side of `cdl lsp`, for tests: spawns the built server as an editor does
 * (`node bin/cdl.js lsp --stdio`) and speaks JSON-RPC to it with vscode-jsonrpc, the library
 * VS Code's own client is built on. Published diagnostics are kept per document, so that a
 * test can wait for the ones that follow an edit.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export interface PublishedDiagnostic {
  readonly range: { readonly start: { line: number; character: number }; readonly end: { line: number; character: number } };
  readonly severity?: number;
  readonly message: string;
}

export interface Published {
  readonly uri: string;
  readonly version?: number;
  readonly diagnostics: readonly PublishedDiagnostic[];
}

export class LspClient {
  readonly connection: MessageConnection;
  readonly child: ChildProcess;
  stderr = '';
  private readonly published: Published[] = [];
  private readonly waiters: (() => void)[] = [];
  readonly exited: Promise<number | null>;

  constructor() {
    this.child = spawn(process.execPath, [path.join(ROOT, 'bin/cdl.js'), 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
    this.connection = createMessageConnection(new StreamMessageReader(this.child.stdout!), new StreamMessageWriter(this.child.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: Published) => {
      this.published.push(p);
      for (const w of this.waiters.splice(0)) w();
    });
    // The server's log (window/logMessage) is kept for a failing test's message.
    this.connection.onNotification('window/logMessage', (p: { message: string }) => {
      this.stderr += `[log] ${p.message}\n`;
    });
    this.connection.listen();
  }

  request<T>(method: string, params: unknown): Promise<T> {
    return this.connection.sendRequest(method, params) as Promise<T>;
  }

  notify(method: string, params: unknown): Promise<void> {
    return this.connection.sendNotification(method, params);
  }

  /** The first diagnostics published for `uri` that satisfy `ok`, waiting for them if need be. */
  async diagnostics(uri: string, ok: (p: Published) => boolean = () => true, timeoutMs = 30_000): Promise<Published> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.published.find((p) => p.uri === uri && ok(p));
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no diagnostics for ${uri} as expected; published: ${JSON.stringify(this.published)}\n${this.stderr}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  }

  /** The latest diagnostics published for `uri`. */
  lastPublished(uri: string): Published | undefined {
    return [...this.published].reverse().find((p) => p.uri === uri);
  }

  async close(): Promise<number | null> {
    await this.request('shutdown', null);
    await this.notify('exit', null);
    const code = await this.exited;
    this.connection.dispose();
    return code;
  }
}
