// Failures as the user sees them: the file, row and column of bad data with a button that opens the
// file at that line; a crashed worker with Retry; everything with "Show Logs".
import * as vscode from 'vscode';
import type { Ctx, ShownError } from './ctx';
import { basename, opensAsText } from './datasetFiles';
import { JobFailure } from '../worker/pool';

/** Open the file at a row; `beside`: in the group next to the active one (from the panel: beside the
 * panel, which stays visible), else in the active group. */
export async function revealRow(uri: vscode.Uri, row: number, beside = false): Promise<void> {
  const line = Math.max(0, row - 1);
  const range = new vscode.Range(line, 0, line, 0);
  await vscode.window.showTextDocument(uri, { selection: range, preview: true, ...(beside ? { viewColumn: vscode.ViewColumn.Beside } : {}) });
}

/** Describe a failure (for the panel and the tests) and show it, without waiting for the user. */
export function reportFailure(ctx: Ctx, uri: vscode.Uri, error: unknown, retry: () => void): ShownError {
  const described = describe(uri, error);
  const inContent = described.kind === 'dataset' || described.kind === 'label-column' || described.kind === 'two-classes';
  // a binary file, a gzipped one or a folder has no line an editor could show: no Open File then
  const shown: ShownError = { ...described, openable: inContent && opensAsText(uri), retryable: described.kind === 'crashed' };
  ctx.lastError = shown;
  if (shown.kind === 'cancelled') {
    ctx.log.info(`${basename(uri)}: cancelled`);
    return shown;
  }
  ctx.log.error(`${basename(uri)}: ${shown.message}`);
  const openFile = vscode.l10n.t('Open File'),
    showLogs = vscode.l10n.t('Show Logs'),
    retryLabel = vscode.l10n.t('Retry');
  const actions = shown.openable ? [openFile, showLogs] : shown.retryable ? [retryLabel, showLogs] : [showLogs];
  void vscode.window.showErrorMessage(shown.message, ...actions).then((choice) => {
    if (choice === openFile) void revealRow(uri, shown.row ?? 1);
    else if (choice === retryLabel) retry();
    else if (choice === showLogs) ctx.log.show();
  });
  return shown;
}

function describe(uri: vscode.Uri, error: unknown): ShownError {
  const at = uri.toString();
  if (!(error instanceof JobFailure)) {
    const message = error instanceof Error ? error.message : String(error);
    return { uri: at, kind: 'read', message: vscode.l10n.t('Could not read {0}: {1}', basename(uri), message) };
  }
  const f = error.failure;
  switch (f.code) {
    case 'dataset': {
      // core's message already names file, row and column; add the way out
      const fix = f.row !== undefined ? vscode.l10n.t('Fix that value or remove the row, then run the analysis again.') : '';
      return { uri: at, kind: f.code, message: `${f.message} ${fix}`.trim(), row: f.row, column: f.column };
    }
    case 'label-column':
    case 'two-classes':
      return { uri: at, kind: f.code, message: f.message };
    case 'crashed':
      return {
        uri: at,
        kind: f.code,
        message: vscode.l10n.t('{0}: {1} A new worker will be started; choose Retry to run it again.', basename(uri), f.message),
      };
    case 'cancelled':
      return { uri: at, kind: f.code, message: vscode.l10n.t('The analysis of {0} was cancelled.', basename(uri)) };
    case 'internal':
      return { uri: at, kind: f.code, message: vscode.l10n.t('{0}: the analysis failed: {1}', basename(uri), f.message) };
  }
}
