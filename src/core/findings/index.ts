// The findings stage (SCIENCE.md §9): the checks of one file and, when a second file is given, the
// leakage between them, in one report section.
import { loadDataset, loadOptionsOf } from '../data';
import type { Dataset } from '../data/dataset';
import type { Sketch } from '../kernels/sketch';
import { selectClasses } from '../data/select-classes';
import type { AnalysisEnv } from '../analysis';
import type { AnalysisSettings, Approximation, BottleneckReport, FindingsReport, Normalization } from '../report';
import { bottleneckStudy } from '../memorize/bottleneck';
import { binaryNetwork, oneVsRestNetwork } from '../memorize/problem';
import type { MemorizationFigures } from '../memorize/study';
import { findingsOf } from './checks';
import { leakage } from './leakage';

/** sketch: a sketch of X built by an earlier stage (the separation's), reused by the neighbour search */
export function dataFindings(ds: Dataset, X: Float32Array, mode: Normalization, settings: AnalysisSettings, env: AnalysisEnv, sketch?: Sketch): FindingsReport {
  const { cancel, parallel, progress } = env;
  const report = findingsOf(ds, X, { cancel, parallel, sketch, onProgress: (f) => progress?.('findings', f) });
  if (!env.against) return report;
  const loaded = loadDataset(env.against, loadOptionsOf(settings), { inflate: env.inflate, cancel });
  const other = settings.classes ? selectClasses(loaded, settings.classes) : loaded;
  const leaks = leakage(ds, { ...other, pixel: ds.pixel }, mode, { cancel, parallel });
  return {
    ...report,
    against: { file: other.file, N: other.N, medianAcross: leaks.medianAcross, ...(other.sampling ? { sampling: other.sampling } : {}) },
    rows: [...leaks.rows, ...report.rows],
    dataset: [...report.dataset, ...leaks.dataset],
  };
}

/**
 * The bottleneck rows of the memorization study's threshold network (exact thresholds: two classes in
 * its main orientation, or one-vs-rest), from the study's result, cross-referenced with the findings;
 * undefined where there is no such network.
 */
export function bottleneckFindings(
  figures: MemorizationFigures,
  findings: FindingsReport | undefined,
  ds: Dataset,
  scaled: { X: Float32Array; R: number },
  mode: Normalization,
  settings: AnalysisSettings,
  env: AnalysisEnv,
  approximate: (a: Approximation) => void,
): BottleneckReport | undefined {
  const m = figures.memorization,
    ovr = figures.multiclass?.oneVsRest;
  const study = m ?? (ovr && figures.multiclass);
  // a study on a sample (the pair budget) has the sample's thresholds, which the whole data's pairs would contradict
  if (!study || study.method !== 'exact' || figures.multiclass?.sample) return undefined;
  const network = m
    ? binaryNetwork(ds.classNames.indexOf(m.orientation.negative), ds.classNames.indexOf(m.orientation.positive))
    : oneVsRestNetwork(ds.classNames.length);
  const { lambda, eta, maxWidth } = study;
  return bottleneckStudy(
    { ds, X: scaled.X, R: scaled.R, mode, network, thresholds: (m ?? ovr)!.thresholds, seed: settings.seed, lambda, eta, maxWidth, findings },
    { cancel: env.cancel, parallel: env.parallel, approximate },
  );
}
