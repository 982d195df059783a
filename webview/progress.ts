// Overall progress of a run from the stage reports: each stage's share of a typical run, the stages
// done before it, and its own fraction; and the time left, estimated from the elapsed time once a
// tenth of the run is done.
import { analysisStages, optionalStages, type AnalysisSettings, type AnalysisStage } from '../src/protocol/settings';

/** Typical shares of a run's time per stage (core's list, so none can be missing and show as stage 0
 * with the bar back at 0 %): measured orders of magnitude on the fixtures and Fashion-MNIST, an estimate,
 * not a promise. */
const weights: Record<AnalysisStage, number> = {
  parse: 4,
  normalize: 1,
  sanity: 2,
  separation: 8,
  memorization: 40,
  findings: 8,
  // the bottleneck rows and their what-ifs: 0.44 s of digits' 4.4 s
  bottleneck: 8,
  decomposition: 15,
  lipschitz: 15,
  generalization: 15,
};

export interface Overall {
  fraction: number;
  /** 1-based position of the stage and the number of stages */
  step: number;
  steps: number;
  /** seconds left, once it can be estimated */
  secondsLeft?: number;
}

export function overallProgress(settings: AnalysisSettings, stage: string, fraction: number, elapsedSeconds: number): Overall {
  // the stages this run goes through, in core's order: the optional ones only when they run
  const stages = analysisStages.filter((s) => !(optionalStages as AnalysisStage[]).includes(s) || (settings.stages as AnalysisStage[]).includes(s));
  const total = stages.reduce((a, s) => a + weights[s], 0);
  const index = stages.indexOf(stage as AnalysisStage);
  if (index < 0) return { fraction: 0, step: 0, steps: stages.length };
  const before = stages.slice(0, index).reduce((a, s) => a + weights[s], 0);
  const overall = Math.min(1, (before + weights[stages[index]] * Math.min(1, Math.max(0, fraction))) / total);
  const secondsLeft = overall >= 0.1 && elapsedSeconds >= 2 ? (elapsedSeconds * (1 - overall)) / overall : undefined;
  return { fraction: overall, step: index + 1, steps: stages.length, secondsLeft };
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  const m = Math.floor(seconds / 60),
    s = Math.round(seconds % 60);
  return s ? `${m} min ${s} s` : `${m} min`;
}
