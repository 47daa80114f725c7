// The CDL extension: starts `cdl lsp` (the language server of the CDL repository) for .cdl
// files. Plain JavaScript, so that the extension needs no build: `npm install` here and it runs.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

/** @type {LanguageClient | undefined} */
let client;

/**
 * Which cdl to run: the one the user configured, else the project's own (a dev dependency, as
 * the README's tutorial installs it, or this repository itself), else `cdl` on the PATH. The
 * project's own is preferred so that the editor checks specs as `npx cdl check` does.
 */
function serverOptions() {
  const configured = vscode.workspace.getConfiguration('cdl').get('server.path');
  if (configured) return { command: configured, args: ['lsp'], transport: TransportKind.stdio };
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const root = folder.uri.fsPath;
    const candidates = [path.join(root, 'node_modules', '@cdl-lang', 'cdl', 'bin', 'cdl.js')];
    try {
      if (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).name === '@cdl-lang/cdl') candidates.push(path.join(root, 'bin', 'cdl.js'));
    } catch {
      // No package.json, or not JSON: not the CDL repository.
    }
    const found = candidates.find((c) => fs.existsSync(c));
    // `module` runs the script with the editor's own Node.js; the client adds `--stdio`.
    if (found) return { module: found, args: ['lsp'], transport: TransportKind.stdio };
  }
  return { command: 'cdl', args: ['lsp'], transport: TransportKind.stdio };
}

function activate(context) {
  client = new LanguageClient('cdl', 'CDL', serverOptions(), {
    documentSelector: [{ scheme: 'file', language: 'cdl' }],
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/{*.cdl,cdl.config.json}') },
  });
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
