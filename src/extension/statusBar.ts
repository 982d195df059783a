// The required width of the active editor's dataset, else of the dataset analysed last (Analyze from
// the explorer opens no editor); click to open its panel.
import * as vscode from 'vscode';
import { headlineWidth } from '../protocol/headline';
import type { Ctx } from './ctx';
import { isDatasetFile } from './datasetFiles';

let shown: vscode.StatusBarItem | undefined;

/** What the item shows and runs on a click (tests read it); undefined while hidden. */
export function statusBarShown(): { text: string; command?: vscode.Command } | undefined {
  return shown && { text: shown.text, command: shown.command as vscode.Command | undefined };
}

export function registerStatusBar(ctx: Ctx): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('datasetGeometry.lastResult', vscode.StatusBarAlignment.Right, 100);
  item.name = vscode.l10n.t('Dataset Geometry');
  let lastAnalyzed: vscode.Uri | undefined;
  const update = () => {
    const active = vscode.window.activeTextEditor?.document.uri;
    const uri = active && isDatasetFile(active) && ctx.lastReports.has(active.toString()) ? active : lastAnalyzed;
    const report = uri ? ctx.lastReports.get(uri.toString()) : undefined;
    if (!uri || !report) {
      item.hide();
      shown = undefined;
      return;
    }
    const width = headlineWidth(report);
    item.text = width == null ? '$(graph) n* —' : `$(graph) n* = ${width}`;
    const m = report.memorization;
    item.tooltip =
      width == null
        ? vscode.l10n.t('No width up to {0} interpolates with probability ≥ 1 − η. Click to open the panel.', m?.maxWidth ?? report.settings.maxWidth)
        : vscode.l10n.t(
            'Required first-layer width n* = {0} (P(n) ≥ 1 − η, SCIENCE.md §3) for {1}: {2} points, d = {3}. Click to open the panel.',
            width,
            report.dataset.file,
            report.dataset.N,
            report.dataset.d,
          );
    // the panel as it was: Analyze would run again with the configured settings, replacing a report
    // the user ran with other settings in the panel
    item.command = { title: vscode.l10n.t('Open panel'), command: 'datasetGeometry.openPanel', arguments: [uri] };
    item.show();
    shown = item;
  };
  update();
  return vscode.Disposable.from(
    item,
    vscode.window.onDidChangeActiveTextEditor(update),
    ctx.onDidChangeReport((uri) => {
      lastAnalyzed = uri;
      update();
    }),
  );
}
