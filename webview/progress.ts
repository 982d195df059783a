// Overall progress of a run from the stage reports: each stage's share of a typical run, the stages
// done before it, and its own fraction; and the time left, estimated from the elapsed time once a
// tenth of the run is done.
import type { AnalysisSettings } from '../src/core/report';

/** Typical shares of a run's time per stage, in the order core/analysis.ts runs them (the optional
 * stages only when they run): measured orders of magnitude on the fixtures and Fashion-MNIST, an
 * estimate, not a promise. A stage missing here would show as stage 0 with the bar back at 0 %. */
const weights: Record<string, number> = {
  parse: 4,
  normalize: 1,
  sanity: 2,
  separation: 8,
  memorization: 40,
  findings: 8,
  // the bottleneck rows and their what-ifs (core's stage after the findings): 0.44 s of digits' 4.4 s
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
  const stages = Object.keys(weights).filter(
    (s) => !(['decomposition', 'lipschitz', 'generalization'] as string[]).includes(s) || (settings.stages as string[]).includes(s),
  );
  const total = stages.reduce((a, s) => a + weights[s], 0);
  const index = stages.indexOf(stage);
  if (index < 0) return { fraction: 0, step: 0, steps: stages.length };
  const before = stages.slice(0, index).reduce((a, s) => a + weights[s], 0);
  const overall = Math.min(1, (before + weights[stage] * Math.min(1, Math.max(0, fraction))) / total);
  const secondsLeft = overall >= 0.1 && elapsedSeconds >= 2 ? (elapsedSeconds * (1 - overall)) / overall : undefined;
  return { fraction: overall, step: index + 1, steps: stages.length, secondsLeft };
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  const m = Math.floor(seconds / 60),
    s = Math.round(seconds % 60);
  return s ? `${m} min ${s} s` : `${m} min`;
}
