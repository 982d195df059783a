// Each command is a small factory over the context (rust-analyzer's pattern): the manifest names
// them, main.ts registers them, and nothing here holds state of its own.
import * as vscode from 'vscode';
import type { AnalysisSettings, Report } from '../core/report';
import type { PanelToHost } from '../protocol/webview';
import type { Ctx, ShownError } from './ctx';
import { basename, findDatasetFiles, isDatasetFile } from './datasetFiles';
import { FORMATS } from '../protocol/datasetFiles';
import type { Ask } from './labelPick';
import { DatasetPanel } from './panel';
import { statusBarShown } from './statusBar';

type Cmd = (...args: any[]) => unknown;

/** Extra arguments the tests (and other extensions) may pass after the file. */
export interface AnalyzeOptions {
  settings?: Partial<AnalysisSettings>;
}

/** "Dataset Geometry: Analyze Dataset": from a menu with the file, else the active editor's dataset, else a quick pick. */
export function analyze(ctx: Ctx): Cmd {
  return async (arg?: vscode.Uri, second?: vscode.Uri[] | AnalyzeOptions): Promise<Report | undefined> => {
    const uri = arg instanceof vscode.Uri ? arg : await chooseDataset(ctx.ask);
    if (!uri) return undefined;
    const options = second && !Array.isArray(second) ? second : {};
    const panel = DatasetPanel.show(ctx, uri);
    return panel.run({ ...ctx.config.analysis, ...options.settings });
  };
}

/**
 * "Dataset Geometry: Compare with…": the file's analysis with the leaks between it and a second dataset
 * file (SCIENCE.md §9). From the explorer with two files selected, the other selected one; else a quick pick.
 */
export function compareWith(ctx: Ctx): Cmd {
  return async (arg?: vscode.Uri, second?: vscode.Uri[] | vscode.Uri): Promise<Report | undefined> => {
    const uri = arg instanceof vscode.Uri ? arg : await chooseDataset(ctx.ask);
    if (!uri) return undefined;
    const selected = second instanceof vscode.Uri ? [second] : Array.isArray(second) ? second : [];
    const against =
      selected.find((u) => u.toString() !== uri.toString()) ??
      (await chooseDataset(ctx.ask, vscode.l10n.t('Compare {0} with which dataset?', basename(uri)), (u) => u.toString() !== uri.toString()));
    if (!against) return undefined;
    return DatasetPanel.show(ctx, uri).run({ ...ctx.config.analysis }, against);
  };
}

async function chooseDataset(ask: Ask, title?: string, allowed?: (uri: vscode.Uri) => boolean): Promise<vscode.Uri | undefined> {
  if (title) return pickDataset(ask, title, allowed);
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active && isDatasetFile(active)) return active;
  return pickDataset(ask, vscode.l10n.t('Analyze which dataset?'));
}

/** a dataset of the workspace, by its relative path, through ask (the quick pick; the tests script it) */
async function pickDataset(ask: Ask, title: string, allowed: (uri: vscode.Uri) => boolean = () => true): Promise<vscode.Uri | undefined> {
  const files = (await findDatasetFiles()).filter(allowed);
  if (files.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No dataset files ({0}) in this workspace.', FORMATS.join(', ')));
    return undefined;
  }
  const paths = files.map((uri) => vscode.workspace.asRelativePath(uri));
  const picked = await ask(paths, { title });
  return picked && files[paths.indexOf(picked[0])];
}

/** Internal (the status bar item's, not in the palette): the dataset's panel as it was, without a new run. */
export function openPanel(ctx: Ctx): Cmd {
  return (uri: vscode.Uri) => DatasetPanel.reopen(ctx, uri);
}

export function showLogs(ctx: Ctx): Cmd {
  return () => ctx.log.show();
}

const asked: { title: string; items: string[] }[] = [];

/** Internal commands for the integration tests: not contributed, so never in the palette. */
export const testCommands: Record<string, (ctx: Ctx) => Cmd> = {
  'datasetGeometry.test.lastReport':
    (ctx) =>
    (uri: vscode.Uri): Report | undefined =>
      ctx.lastReports.get(uri.toString()),
  'datasetGeometry.test.lastError': (ctx) => (): ShownError | undefined => ctx.lastError,
  'datasetGeometry.test.isRunning':
    (ctx) =>
    (uri: vscode.Uri): boolean =>
      ctx.running.has(uri.toString()),
  'datasetGeometry.test.cancel':
    (ctx) =>
    (uri: vscode.Uri): boolean =>
      ctx.cancel(uri),
  'datasetGeometry.test.crashWorker':
    (ctx) =>
    (uri: vscode.Uri): boolean => {
      const job = ctx.running.get(uri.toString());
      job?.crashForTest();
      return job !== undefined;
    },
  'datasetGeometry.test.workerCount': (ctx) => (): number => ctx.pool.workerCount,
  'datasetGeometry.test.statusBar': () => () => statusBarShown(),
  'datasetGeometry.test.panelRendered': () => (uri: vscode.Uri) => DatasetPanel.get(uri)?.lastRendered,
  'datasetGeometry.test.headlineShown': () => (uri: vscode.Uri) => DatasetPanel.get(uri)?.headlineShown,
  /**
   * Script the questions (label column, two classes, which dataset file): each is answered with the next of `answers`
   * (undefined: dismissed). Returns the questions asked since the previous call, with their choices.
   */
  'datasetGeometry.test.answerPicks':
    (ctx) =>
    (answers: (string[] | undefined)[]): { title: string; items: string[] }[] => {
      const queue = [...answers];
      ctx.ask = async (items, options) => {
        asked.push({ title: options.title ?? '', items });
        return queue.shift();
      };
      return asked.splice(0);
    },
  /** deliver a message as if the panel's page had posted it */
  'datasetGeometry.test.panelMessage':
    () =>
    async (uri: vscode.Uri, message: PanelToHost): Promise<boolean> => {
      const panel = DatasetPanel.get(uri);
      await panel?.onMessage(message);
      return panel !== undefined;
    },
};
