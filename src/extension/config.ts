// Every setting the extension reads, typed, in one place. Analysis defaults and bounds are core's
// (defaultSettings, numberRules); the manifest's `contributes.configuration` declares the same keys,
// defaults and bounds (a test compares them). settings.json is not checked by VS Code at run time, so
// a value outside its bounds is replaced by its default here and named in `problems`.
import { availableParallelism } from 'node:os';
import * as vscode from 'vscode';
import {
  defaultSettings,
  settingProblems,
  type Activation,
  type AnalysisSettings,
  type ClassMode,
  type ImageColor,
  type NormalizationSetting,
} from '../protocol/settings';

export const section = 'datasetGeometry';

export interface Config {
  analysis: AnalysisSettings;
  /** analysis workers running at once */
  workers: number;
  /** threads every running analysis shares, and the most one analysis spreads its stages over */
  threads: number;
  /** settings.json values that were out of bounds, each replaced by its default: "datasetGeometry.draws must be …" */
  problems: string[];
}

export function readConfig(): Config {
  const c = vscode.workspace.getConfiguration(section);
  const get = <T>(key: string, fallback: T): T => c.get<T>(key, fallback);
  const lambda = get<number | string>('lambda', defaultSettings.lambda);
  const read: AnalysisSettings = {
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
  const problems = settingProblems(read);
  const analysis: AnalysisSettings = { ...read };
  for (const { key } of problems) Object.assign(analysis, { [key]: defaultSettings[key] });
  // 0 = automatic: leave one core to the editor, at most 4 (each worker holds a dataset in memory)
  const workers = get<number>('workers', 0);
  const threads = get<number>('threads', 0);
  return {
    analysis,
    workers: workers > 0 ? workers : Math.max(1, Math.min(4, availableParallelism() - 1)),
    threads: threads > 0 ? threads : availableParallelism(),
    problems: problems.map(({ key, problem }) => `${section}.${key} must be ${problem}: its default ${JSON.stringify(defaultSettings[key])} is used`),
  };
}
