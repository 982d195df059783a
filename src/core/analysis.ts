// The one entry into the core: bytes and settings in, a Report out, in stages. After each stage the
// report so far is handed to onPartial, so the panel can render while later stages run. Synchronous:
// it runs in a worker thread (or the CLI), and cancellation is polled through the CancelToken.
import { loadDataset, loadOptionsOf, type DatasetSource } from './data';
import { ClassChoiceError, DatasetError, type Dataset } from './data/dataset';
import { imageDecision } from './data/images';
import { featureScales, normalize, resolveNormalization } from './data/normalize';
import { selectClasses } from './data/select-classes';
import type { CancelToken, Inflate, Progress } from './env';
import { throwIfCancelled } from './env';
import { sanityCheck } from './geometry/sanity';
import { bottleneckFindings, dataFindings } from './findings';
import { separation } from './geometry/separation';
import { generalizationStudy, defaultGeneralization, trainRowsByClass, type GeneralizationOptions } from './generalization';
import { decompositionStudy } from './geometry/decomposition';
import { defaultLipschitz, lipschitzStudy, type LipschitzOptions } from './lipschitz';
import { memorizationStudy, type MemorizationFigures } from './memorize';
import type { WorkBudgets } from './memorize/budget';
import { chosenNetwork, type ChosenNetwork } from './memorize/chosen';
import type { AnalysisSettings, AnalysisStage, Approximation, OptionalStage, Report } from './report';
import type { Parallel } from './parallel';
import type { Sketch } from './kernels/sketch';

export interface AnalysisEnv {
  inflate: Inflate;
  progress?: Progress;
  cancel?: CancelToken;
  onPartial?: (report: Report) => void;
  /** runs the stages' tasks on several threads (serial when absent) */
  parallel?: Parallel;
  /** stop after the data checks (`dataset-geometry check`) */
  findingsOnly?: boolean;
  /** a second file to check for leakage against (Compare with…, `check --against`) */
  against?: DatasetSource;
  /** the memorization study's work budgets (memorize/budget.ts's defaults when absent; tests lower them) */
  memorizationBudgets?: WorkBudgets;
}

export function analyze(source: DatasetSource, settings: AnalysisSettings, env: AnalysisEnv): Report {
  const { progress, cancel } = env;
  const timings: Record<string, number> = {};
  const timed = <T>(stage: AnalysisStage, f: () => T): T => {
    const t0 = performance.now();
    progress?.(stage, 0);
    const result = f();
    timings[stage] = Math.round(performance.now() - t0);
    progress?.(stage, 1);
    throwIfCancelled(cancel);
    return result;
  };

  const loaded = timed('parse', () => loadDataset(source, loadOptionsOf(settings), { inflate: env.inflate, progress, cancel }));
  const selected: Dataset = settings.classes ? selectClasses(loaded, settings.classes) : loaded;
  const images = imageDecision(selected, settings.images);
  const ds: Dataset = { ...selected, pixel: images.images };
  const scales = featureScales(ds);
  const normalization = resolveNormalization(ds, settings.normalize, scales);
  const scaled = timed('normalize', () => normalize(ds, normalization.mode));

  const notes: string[] = [];
  if (ds.sampling) {
    notes.push(
      `The file has ${ds.sampling.totalRows} rows, more than the row limit: ${ds.sampling.keptRows} were kept by ` +
        `stratified sampling with seed "${ds.sampling.seed}".`,
    );
  }
  if (settings.classes) notes.push(`Only classes ${settings.classes.join(' and ')} are analysed.`);

  const report: Report = {
    schema: 1,
    dataset: {
      file: ds.file,
      format: ds.format,
      N: ds.N,
      d: ds.d,
      classes: ds.classNames.map((name, c) => ({ name, count: countOf(ds.y, c) })),
      labelColumn: ds.labelColumn,
      normalization: normalization.mode,
      ...(normalization.reason ? { normalizationReason: normalization.reason } : {}),
      featureScales: scales,
      pixelScaled: scaled.pixelScaled,
      images: images.reason,
      R: scaled.R,
      ...(ds.sampling ? { sampling: ds.sampling } : {}),
      ...(ds.header ? { header: ds.header } : {}),
      ...(ds.split ? { split: ds.split } : {}),
    },
    settings,
    notes,
    timings,
  };
  env.onPartial?.(report);
  const approximate = (a: Approximation) => (report.approximations ??= []).push(a);

  report.sanity = timed('sanity', () => sanityCheck(ds));
  env.onPartial?.(report);
  // The data checks come after the headline (n*): on large data they take seconds, and the headline is
  // what the user waits for. `check` runs them alone.
  // sketch: the separation's, which the checks' neighbour search reuses
  const checks = (sketch?: Sketch) => {
    report.findings = timed('findings', () => dataFindings(ds, scaled.X, normalization.mode, settings, env, sketch));
    env.onPartial?.(report);
    return report;
  };
  if (env.findingsOnly) return checks();

  const points = { X: scaled.X, N: ds.N, d: ds.d, y: ds.y, classNames: ds.classNames, sourceRows: ds.sourceRows };
  const separated = timed('separation', () => separation(points, { progress, cancel, parallel: env.parallel }));
  report.separation = separated.report;
  env.onPartial?.(report);

  if (report.sanity.conflicts.length > 0) {
    notes.push('Identical points carry different labels (see the conflicts): no function can memorize this data, ' + 'so no width is computed.');
    return checks(separated.nearest.sketch);
  }
  // The study posts its first n* (from a few draws, labelled) and each refinement as it goes. With the
  // threshold activation and a fixed λ its draws also give n* on the held-out check's train split.
  const wants = (stage: OptionalStage) => settings.stages.includes(stage);
  const trainRows =
    wants('generalization') && settings.activation === 'threshold' && settings.lambda !== 'auto'
      ? trainRowsByClass(ds.y, ds.classNames.length, settings.testFraction, settings.seed)
      : undefined;
  const memorized = (f: MemorizationFigures) => {
    if (f.memorization) report.memorization = f.memorization;
    if (f.multiclass) report.multiclass = f.multiclass;
    replaceApproximations(report, f.memorization ? ['memorization'] : ['multiclass'], f.approximations);
  };
  const onMemorizationPartial = (partial: MemorizationFigures) => {
    memorized(partial);
    env.onPartial?.(report);
  };
  // asked here, with the classes to choose from, rather than met inside the study as a bare message
  if (settings.mode === 'binary' && ds.classNames.length > 2) {
    throw new ClassChoiceError(
      ds.file,
      `binary mode needs two classes and this data has ${ds.classNames.length}: choose two classes, or one-vs-rest or pairwise`,
      ds.classNames,
    );
  }
  const { train, ...figures } = timed('memorization', () =>
    memorizationStudy(points, settings, {
      progress,
      cancel,
      parallel: env.parallel,
      onPartial: onMemorizationPartial,
      trainRows,
      budgets: env.memorizationBudgets,
    }),
  );
  memorized(figures);
  env.onPartial?.(report);
  checks(separated.nearest.sketch);
  const bottleneck = timed('bottleneck', () => bottleneckFindings(figures, report.findings, ds, scaled, normalization.mode, settings, env, approximate));
  if (bottleneck && report.findings) report.findings.bottleneck = bottleneck;
  env.onPartial?.(report);

  // The later stages analyse the network the memorization study chose: its λ and, for two classes, its X⁻.
  const chosen = chosenNetwork(figures, ds.classNames, settings.lambda === 'auto' ? 1 : settings.lambda);

  if (wants('decomposition')) {
    report.decomposition = timed('decomposition', () =>
      decompositionStudy(
        points,
        {
          ...chosen.bound,
          kappa: settings.kappa,
          eta: settings.eta,
          widthDraws: MEAN_WIDTH_DRAWS,
          seed: settings.seed,
          delta: separated.report.delta,
          network: chosen.network,
          image: ds.pixel,
        },
        { progress, cancel, parallel: env.parallel, approximate },
      ),
    );
    const sample = figures.multiclass?.sample;
    if (sample && chosen.bound.measured.length > 0) {
      // the bound is for all the points; the n*, K and network it is held against are the sample's
      approximate({
        figure: 'decomposition.measured',
        kind: 'subsample',
        used: sample.N,
        of: ds.N,
        sentence:
          `The measured n*, K and network this section holds against the bound are the multi-class study's, on its sample of ${sample.N} of the ${ds.N} points; ` +
          "n* of all the points is at least the sample's, so the empirical constant (measured / predicted) is a lower estimate.",
      });
    }
    env.onPartial?.(report);
  }

  if (wants('lipschitz')) {
    report.lipschitz = timed('lipschitz', () =>
      lipschitzStudy({ ...points, nearest: separated.nearest }, lipschitzOptions(settings, chosen), { progress, cancel, parallel: env.parallel, approximate }),
    );
    env.onPartial?.(report);
  }
  if (wants('generalization')) {
    report.generalization = timed('generalization', () =>
      generalizationStudy({ ...points, sketch: separated.nearest.sketch }, generalizationOptions(settings, chosen, train, env.memorizationBudgets?.pairs), {
        progress,
        cancel,
        parallel: env.parallel,
        approximate,
      }),
    );
    env.onPartial?.(report);
  }
  return report;
}

/** Monte Carlo draws of the Gaussian mean width of each component (SCIENCE.md §4) */
const MEAN_WIDTH_DRAWS = 200;

/** The report's approximations with those of the given figures (and the figures below them) replaced by `list`. */
function replaceApproximations(report: Report, figures: string[], list: Approximation[]): void {
  const ofFigures = (a: Approximation) => figures.some((f) => a.figure === f || a.figure.startsWith(`${f}.`));
  const kept = (report.approximations ?? []).filter((a) => !ofFigures(a)).concat(list);
  if (kept.length > 0) report.approximations = kept;
  else delete report.approximations;
}

function countOf(y: Int32Array, c: number): number {
  let n = 0;
  for (let i = 0; i < y.length; i++) if (y[i] === c) n++;
  return n;
}

/** The Lipschitz stage's options for the settings and the network the memorization study chose. */
export function lipschitzOptions(settings: AnalysisSettings, chosen: Pick<ChosenNetwork, 'lambda' | 'negative'>): LipschitzOptions {
  return {
    ...defaultLipschitz,
    ps: [...new Set([1, 2, Infinity, ...settings.extraP])].sort((a, b) => a - b),
    random: { ...defaultLipschitz.random, depth: settings.networkDepth, width: settings.networkWidth },
    memorizer: {
      ...defaultLipschitz.memorizer,
      negative: chosen.negative,
      lambda: chosen.lambda,
      draws: settings.draws,
      eta: settings.eta,
      maxWidth: settings.maxWidth,
    },
    seed: settings.seed,
  };
}

/** The held-out check's options, with the train-split thresholds the memorization study measured when it could. */
export function generalizationOptions(
  settings: AnalysisSettings,
  chosen: Pick<ChosenNetwork, 'lambda' | 'negative'>,
  train?: GeneralizationOptions['train'],
  pairs?: number,
): GeneralizationOptions {
  return {
    ...defaultGeneralization,
    testFraction: settings.testFraction,
    seed: settings.seed,
    activation: settings.activation,
    lambda: chosen.lambda,
    draws: settings.draws,
    eta: settings.eta,
    maxWidth: settings.maxWidth,
    negative: chosen.negative,
    train,
    pairs,
  };
}

export { DatasetError };
