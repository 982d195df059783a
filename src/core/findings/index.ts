// The findings stage (SCIENCE.md §9): the checks of one file and, when a second file is given, the
// leakage between them, in one report section.
import { loadDataset, loadOptionsOf } from '../data';
import type { Dataset } from '../data/dataset';
import { selectClasses } from '../data/select-classes';
import type { AnalysisEnv } from '../analysis';
import type { AnalysisSettings, Approximation, BottleneckReport, FindingsReport, Normalization, Report } from '../report';
import { bottleneckStudy } from '../memorize/bottleneck';
import { findingsOf } from './checks';
import { leakage } from './leakage';

export function dataFindings(ds: Dataset, X: Float32Array, mode: Normalization, settings: AnalysisSettings, env: AnalysisEnv): FindingsReport {
  const { cancel, parallel, progress } = env;
  const report = findingsOf(ds, X, { cancel, parallel, onProgress: (f) => progress?.('findings', f) });
  if (!env.against) return report;
  const loaded = loadDataset(env.against, loadOptionsOf(settings), { inflate: env.inflate, cancel });
  const other = settings.classes ? selectClasses(loaded, settings.classes) : loaded;
  const leaks = leakage(ds, { ...other, pixel: ds.pixel }, mode, { cancel, parallel });
  return {
    ...report,
    against: { file: other.file, N: other.N, medianAcross: leaks.medianAcross },
    rows: [...leaks.rows, ...report.rows],
    dataset: [...report.dataset, ...leaks.dataset],
  };
}

/**
 * The bottleneck rows of the memorization study's threshold network (two classes, exact thresholds),
 * cross-referenced with the findings; undefined where there is no such network.
 */
export function bottleneckFindings(
  report: Report,
  ds: Dataset,
  X: Float32Array,
  mode: Normalization,
  env: AnalysisEnv,
  approximate: (a: Approximation) => void,
): BottleneckReport | undefined {
  const m = report.memorization;
  if (!m || m.method !== 'exact' || ds.classNames.length !== 2) return undefined;
  const { settings } = report;
  return bottleneckStudy(
    {
      ds,
      X,
      mode,
      findings: report.findings,
      negative: ds.classNames.indexOf(m.orientation.negative),
      positive: ds.classNames.indexOf(m.orientation.positive),
      thresholds: m.thresholds,
      seed: settings.seed,
      lambda: m.lambda,
      eta: m.eta,
      maxWidth: m.maxWidth,
    },
    { cancel: env.cancel, parallel: env.parallel, approximate },
  );
}
