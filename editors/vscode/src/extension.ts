// The copydesk extension: starts `copydesk lsp` for plain text and Markdown,
// passes the `copydesk.*` settings to it, and adds "Fix all", "Restart
// server" and a status-bar item.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification,
  type LanguageClientOptions,
  LanguageClient,
  type ServerOptions,
  State,
} from 'vscode-languageclient/node';

const FIX_ALL_KIND = 'source.fixAll.copydesk';
const INSTALL_URL = 'https://github.com/copydesk/copydesk/releases/latest';

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel | undefined;
let statusBar: vscode.StatusBarItem;
let serverState: 'starting' | 'running' | 'stopped' | 'missing' | 'failed' = 'stopped';

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('copydesk', { log: true });
  context.subscriptions.push(output);

  statusBar = vscode.window.createStatusBarItem('copydesk.status', vscode.StatusBarAlignment.Right, 100);
  statusBar.name = 'copydesk';
  statusBar.command = 'copydesk.showOutput';
  context.subscriptions.push(statusBar);

  context.subscriptions.push(
    vscode.commands.registerCommand('copydesk.fixAll', fixAll),
    vscode.commands.registerCommand('copydesk.restart', restart),
    vscode.commands.registerCommand('copydesk.showOutput', () => output?.show(true)),
    vscode.window.onDidChangeActiveTextEditor(updateStatusBar),
    vscode.languages.onDidChangeDiagnostics(updateStatusBar),
    vscode.workspace.onDidChangeConfiguration(onConfigurationChanged),
  );

  await startClient();
}

export async function deactivate(): Promise<void> {
  await stopClient();
}

// --- the server ------------------------------------------------------------

async function startClient(): Promise<void> {
  const command = findBinary();
  if (command === undefined) {
    setState('missing');
    void reportMissingBinary();
    return;
  }

  const serverOptions: ServerOptions = {
    run: { command, args: ['lsp'] },
    debug: { command, args: ['lsp'] },
  };
  const clientOptions: LanguageClientOptions = {
    // Saved stories and new, unsaved ones; not diff views or output panes.
    documentSelector: [
      { scheme: 'file', language: 'plaintext' },
      { scheme: 'file', language: 'markdown' },
      { scheme: 'untitled', language: 'plaintext' },
      { scheme: 'untitled', language: 'markdown' },
    ],
    // The server's schema rejects unknown keys, so it gets the cleaned
    // `copydesk` tree (rules, style, names, data), never `copydesk.path`
    // or `copydesk.trace`; changes are sent by onConfigurationChanged.
    initializationOptions: { copydesk: settingsTree() },
    outputChannel: output,
  };

  setState('starting');
  const started = new LanguageClient('copydesk', 'copydesk', serverOptions, clientOptions);
  client = started;
  started.onDidChangeState((event) => {
    if (client !== started) {
      return;
    }
    if (event.newState === State.Running) {
      setState('running');
    } else if (event.newState === State.Starting) {
      setState('starting');
    } else if (serverState !== 'failed') {
      setState('stopped');
    }
  });
  try {
    await started.start();
    output?.info(`copydesk: started ${command} lsp`);
  } catch (err) {
    setState('failed');
    const message = err instanceof Error ? err.message : String(err);
    output?.error(`copydesk: could not start ${command} lsp: ${message}`);
    const choice = await vscode.window.showErrorMessage(
      `copydesk: could not start "${command} lsp": ${message}`,
      'Show output',
      'Open settings',
    );
    if (choice === 'Show output') {
      output?.show(true);
    } else if (choice === 'Open settings') {
      void vscode.commands.executeCommand('workbench.action.openSettings', 'copydesk.path');
    }
  }
}

async function stopClient(): Promise<void> {
  const running = client;
  client = undefined;
  if (running !== undefined) {
    try {
      await running.stop();
    } catch {
      // Already stopped or never started: nothing to do.
    }
  }
  setState('stopped');
}

async function restart(): Promise<void> {
  await stopClient();
  await startClient();
}

async function fixAll(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (editor === undefined) {
    void vscode.window.showInformationMessage('copydesk: open a story to fix.');
    return;
  }
  if (client === undefined || !client.isRunning()) {
    void vscode.window.showWarningMessage('copydesk: the server is not running (see "copydesk: Restart server").');
    return;
  }
  await vscode.commands.executeCommand('editor.action.codeAction', {
    kind: FIX_ALL_KIND,
    apply: 'first',
  });
}

async function onConfigurationChanged(event: vscode.ConfigurationChangeEvent): Promise<void> {
  if (!event.affectsConfiguration('copydesk')) {
    return;
  }
  if (event.affectsConfiguration('copydesk.path') || client === undefined) {
    await restart();
    return;
  }
  if (client.isRunning()) {
    await client.sendNotification(DidChangeConfigurationNotification.type, {
      settings: { copydesk: settingsTree() },
    });
  }
}

// --- settings ----------------------------------------------------------------

/** The `copydesk` tree the server takes: same schema as copydesk.toml. Keys
 * left at their defaults are omitted, so copydesk.toml stays in force. */
export function settingsTree(): Record<string, unknown> {
  const config = vscode.workspace.getConfiguration('copydesk');
  const tree: Record<string, unknown> = {};

  const rules = config.get<Record<string, string>>('rules') ?? {};
  if (Object.keys(rules).length > 0) {
    tree.rules = { ...rules };
  }

  const style: Record<string, string> = {};
  for (const key of ['quotes', 'romanization', 'headlines', 'spelling']) {
    const value = config.get<string>(`style.${key}`);
    if (value !== undefined && value !== '' && value !== 'inherit') {
      style[key] = value;
    }
  }
  if (Object.keys(style).length > 0) {
    tree.style = style;
  }

  const files = config.get<string[]>('names.files') ?? [];
  if (files.length > 0) {
    tree.names = { files: [...files] };
  }

  const data: Record<string, string[]> = {};
  for (const key of ['phrases', 'accept']) {
    const list = config.get<string[]>(`data.${key}`) ?? [];
    if (list.length > 0) {
      data[key] = [...list];
    }
  }
  if (Object.keys(data).length > 0) {
    tree.data = data;
  }
  return tree;
}

/** The binary to run: `copydesk.path` if set (it must exist), else
 * `copydesk` on PATH; undefined if neither is there. */
function findBinary(): string | undefined {
  const configured = vscode.workspace.getConfiguration('copydesk').get<string>('path')?.trim() ?? '';
  if (configured !== '') {
    const expanded = expandPath(configured);
    return isExecutableFile(expanded) ? expanded : undefined;
  }
  return searchPath('copydesk');
}

function expandPath(value: string): string {
  let result = value;
  if (result === '~' || result.startsWith('~/') || result.startsWith('~\\')) {
    result = path.join(os.homedir(), result.slice(1));
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (folder !== undefined) {
    result = result.replace(/\$\{workspaceFolder\}/g, folder);
    if (!path.isAbsolute(result)) {
      result = path.join(folder, result);
    }
  }
  return result;
}

function searchPath(name: string): string | undefined {
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter((d) => d !== '');
  const extensions = process.platform === 'win32'
    ? (process.env.PATHEXT ?? '.EXE;.CMD;.BAT;.COM').split(';').filter((e) => e !== '')
    : [''];
  for (const dir of dirs) {
    for (const ext of extensions) {
      const candidate = path.join(dir, name + ext);
      if (isExecutableFile(candidate)) {
        return candidate;
      }
    }
  }
  return undefined;
}

function isExecutableFile(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) {
      return false;
    }
    if (process.platform !== 'win32') {
      fs.accessSync(file, fs.constants.X_OK);
    }
    return true;
  } catch {
    return false;
  }
}

async function reportMissingBinary(): Promise<void> {
  const configured = vscode.workspace.getConfiguration('copydesk').get<string>('path')?.trim() ?? '';
  const where = configured !== ''
    ? `copydesk.path is set to "${configured}", but no executable file is there.`
    : 'No "copydesk" program was found on PATH.';
  output?.error(`copydesk: ${where}`);
  const choice = await vscode.window.showErrorMessage(
    `copydesk: the copydesk program is missing. ${where} Download it for your system from the copydesk releases page `
      + '(no Rust needed), put it on PATH or set copydesk.path, then run "copydesk: Restart server".',
    'Download copydesk',
    'Set copydesk.path',
  );
  if (choice === 'Download copydesk') {
    void vscode.env.openExternal(vscode.Uri.parse(INSTALL_URL));
  } else if (choice === 'Set copydesk.path') {
    void vscode.commands.executeCommand('workbench.action.openSettings', 'copydesk.path');
  }
}

// --- status bar --------------------------------------------------------------

function setState(state: typeof serverState): void {
  serverState = state;
  updateStatusBar();
}

function updateStatusBar(): void {
  if (statusBar === undefined) {
    return;
  }
  const editor = vscode.window.activeTextEditor;
  const language = editor?.document.languageId;
  const relevant = language === 'plaintext' || language === 'markdown';
  switch (serverState) {
    case 'missing':
      statusBar.text = '$(error) copydesk';
      statusBar.tooltip = 'copydesk: program not found. Click for the log; set copydesk.path or put copydesk on PATH.';
      statusBar.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
      break;
    case 'failed':
      statusBar.text = '$(error) copydesk';
      statusBar.tooltip = 'copydesk: the server failed to start. Click for the log.';
      statusBar.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
      break;
    case 'starting':
      statusBar.text = '$(sync~spin) copydesk';
      statusBar.tooltip = 'copydesk: starting';
      statusBar.backgroundColor = undefined;
      break;
    case 'stopped':
      statusBar.text = '$(circle-slash) copydesk';
      statusBar.tooltip = 'copydesk: stopped (run "copydesk: Restart server")';
      statusBar.backgroundColor = undefined;
      break;
    case 'running': {
      statusBar.backgroundColor = undefined;
      if (editor !== undefined && relevant) {
        const count = vscode.languages
          .getDiagnostics(editor.document.uri)
          .filter((d) => d.source === 'copydesk').length;
        statusBar.text = count === 0 ? '$(check) copydesk' : `$(pencil) copydesk: ${count}`;
        statusBar.tooltip = count === 0
          ? 'copydesk: nothing to circle in this story'
          : `copydesk: ${count} finding${count === 1 ? '' : 's'} in this story ("copydesk: Fix all" applies the safe fixes)`;
      } else {
        statusBar.text = '$(check) copydesk';
        statusBar.tooltip = 'copydesk: running';
      }
      break;
    }
  }
  if (relevant || serverState === 'missing' || serverState === 'failed') {
    statusBar.show();
  } else {
    statusBar.hide();
  }
}
