// Every setting the extension reads, typed, in one place. Analysis defaults mirror core's
// defaultSettings; the manifest's `contributes.configuration` declares the same keys and defaults.
import { availableParallelism } from 'node:os';
import * as vscode from 'vscode';
import { defaultSettings, type Activation, type AnalysisSettings, type ClassMode, type ImageColor, type NormalizationSetting } from '../protocol/settings';

export const section = 'datasetGeometry';

export interface Config {
  analysis: AnalysisSettings;
  /** analysis workers running at once */
  workers: number;
  /** threads every running analysis shares, and the most one analysis spreads its stages over */
  threads: number;
}

export function readConfig(): Config {
  const c = vscode.workspace.getConfiguration(section);
  const get = <T>(key: string, fallback: T): T => c.get<T>(key, fallback);
  const lambda = get<number | string>('lambda', defaultSettings.lambda);
  const analysis: AnalysisSettings = {
    ...defaultSettings,
    mode: get<ClassMode>('mode', defaultSettings.mode),
    normalize: get<NormalizationSetting>('normalize', defaultSettings.normalize),
    activation: get<Activation>('activation', defaultSettings.activation),
    lambda: lambda === 'auto' ? 'auto' : Number(lambda),
    lambdaGrid: get('lambdaGrid', defaultSettings.lambdaGrid),
    draws: get('draws', defaultSettings.draws),
    maxWidth: get('maxWidth', defaultSettings.maxWidth),
    eta: get('eta', defaultSettings.eta),
    seed: String(get<string | number>('seed', defaultSettings.seed)),
    rowLimit: get('rowLimit', defaultSettings.rowLimit),
    maxBytes: get('maxBytes', defaultSettings.maxBytes),
    maxFeatures: get('maxFeatures', defaultSettings.maxFeatures),
    stages: get('stages', defaultSettings.stages),
    kappa: get('kappa', defaultSettings.kappa),
    extraP: get('extraP', defaultSettings.extraP),
    networkDepth: get('networkDepth', defaultSettings.networkDepth),
    networkWidth: get('networkWidth', defaultSettings.networkWidth),
    testFraction: get('testFraction', defaultSettings.testFraction),
    images: get('images', defaultSettings.images),
    imageColor: get<ImageColor>('imageColor', defaultSettings.imageColor),
  };
  // 0 = automatic: leave one core to the editor, at most 4 (each worker holds a dataset in memory)
  const workers = get<number>('workers', 0);
  const threads = get<number>('threads', 0);
  return {
    analysis,
    workers: workers > 0 ? workers : Math.max(1, Math.min(4, availableParallelism() - 1)),
    threads: threads > 0 ? threads : availableParallelism(),
  };
}
