// Activation: build the context, register commands, the panel serializer, the status bar and the
// change watcher. Wiring only; the work happens in the worker pool and the panel.
import * as vscode from 'vscode';
import { panelViewType } from '../protocol/webview';
import * as commands from './commands';
import { Ctx } from './ctx';
import { DatasetPanel } from './panel';
import { registerRerunOnChange } from './rerunOnChange';
import { registerStatusBar } from './statusBar';

export function activate(extension: vscode.ExtensionContext): void {
  const ctx = new Ctx(extension);
  extension.subscriptions.push(ctx);
  const register = (id: string, factory: (ctx: Ctx) => (...args: any[]) => unknown) => ctx.push(vscode.commands.registerCommand(id, factory(ctx)));

  register('datasetGeometry.analyze', commands.analyze);
  register('datasetGeometry.compareWith', commands.compareWith);
  register('datasetGeometry.showLogs', commands.showLogs);
  register('datasetGeometry.openPanel', commands.openPanel);
  for (const [id, factory] of Object.entries(commands.testCommands)) register(id, factory);

  ctx.push(vscode.window.registerWebviewPanelSerializer(panelViewType, DatasetPanel.serializer(ctx)), registerStatusBar(ctx), registerRerunOnChange(ctx));
  ctx.log.info(`Activated (${ctx.config.workers} analysis worker(s) at most).`);
}

export function deactivate(): void {}
