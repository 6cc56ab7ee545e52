// The protogov extension: starts `protogov lsp` for .proto-gov files and restarts it when
// the `protogov.serverPath` setting changes. Everything else comes from the server.
'use strict';

const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

/** @type {LanguageClient | undefined} */
let client;

/** Tells the server of .proto-gov files and set settings made, changed or deleted on disk. */
let watcher;

/** The server executable: the `protogov.serverPath` setting, else `protogov` on PATH. */
function serverPath() {
  const configured = vscode.workspace.getConfiguration('protogov').get('serverPath');
  return typeof configured === 'string' && configured.trim() !== '' ? configured.trim() : 'protogov';
}

async function start(context) {
  const command = serverPath();
  const executable = { command, args: ['lsp'] };
  const serverOptions = { run: executable, debug: executable };
  if (!watcher) {
    watcher = vscode.workspace.createFileSystemWatcher('**/{*.proto-gov,protogov.toml}');
    context.subscriptions.push(watcher);
  }
  const clientOptions = {
    synchronize: { fileEvents: watcher },
    documentSelector: [
      { scheme: 'file', language: 'protogov' },
      { scheme: 'untitled', language: 'protogov' },
    ],
    outputChannelName: 'protogov',
  };
  client = new LanguageClient('protogov', 'protogov', serverOptions, clientOptions);
  try {
    await client.start();
  } catch (err) {
    client = undefined;
    const choice = await vscode.window.showErrorMessage(
      `protogov: could not start the language server with \`${command} lsp\` (${err && err.message ? err.message : err}). ` +
        'Install protogov or set "protogov.serverPath" to its full path.',
      'Open settings',
    );
    if (choice === 'Open settings') {
      await vscode.commands.executeCommand('workbench.action.openSettings', 'protogov.serverPath');
    }
  }
}

async function stop() {
  if (client) {
    const running = client;
    client = undefined;
    try {
      await running.stop();
    } catch (_) {
      // A server that already exited has nothing left to stop.
    }
  }
}

async function restart(context) {
  await stop();
  await start(context);
}

async function activate(context) {
  context.subscriptions.push(
    vscode.commands.registerCommand('protogov.restartServer', () => restart(context)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('protogov.serverPath')) {
        restart(context);
      }
    }),
  );
  await start(context);
}

function deactivate() {
  return stop();
}

module.exports = { activate, deactivate };
