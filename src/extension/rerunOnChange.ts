// An analysed file that changes on disk (or is saved in an editor) offers a re-run, once per change burst.
import * as vscode from 'vscode';
import type { Ctx } from './ctx';
import { basename } from './datasetFiles';
import { DatasetPanel } from './panel';

export function registerRerunOnChange(ctx: Ctx): vscode.Disposable {
  const watchers = new Map<string, vscode.FileSystemWatcher>();
  const pending = new Map<string, ReturnType<typeof setTimeout>>();

  const offer = (uri: vscode.Uri) => {
    const key = uri.toString();
    if (!ctx.lastReports.has(key)) return;
    clearTimeout(pending.get(key));
    pending.set(
      key,
      setTimeout(async () => {
        pending.delete(key);
        const rerun = vscode.l10n.t('Re-run');
        const choice = await vscode.window.showInformationMessage(vscode.l10n.t('{0} changed since it was analysed.', basename(uri)), rerun);
        if (choice === rerun) void DatasetPanel.show(ctx, uri).run();
      }, 500),
    );
  };

  const watch = (uri: vscode.Uri) => {
    const key = uri.toString();
    if (watchers.has(key) || (uri.scheme !== 'file' && !vscode.workspace.getWorkspaceFolder(uri))) return;
    const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.joinPath(uri, '..'), basename(uri)), true, false, true);
    w.onDidChange(offer);
    watchers.set(key, w);
  };

  return vscode.Disposable.from(
    ctx.onDidChangeReport(watch),
    vscode.workspace.onDidSaveTextDocument((doc) => offer(doc.uri)),
    {
      dispose: () => {
        for (const w of watchers.values()) w.dispose();
        for (const t of pending.values()) clearTimeout(t);
      },
    },
  );
}
