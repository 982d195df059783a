// The Report: everything one analysis produces, as plain JSON-safe data. It is written in stages
// (see analysis.ts); every stage's field is optional until that stage has run. The CLI's --json output,
// the worker's partial results and the panel all use exactly this shape.
// Each section's shape lives beside the others in schema/ (and the settings in settings.ts); this
// file puts them together and re-exports them all, so `core/report` stays the one import for a Report.
export * from './settings';
export * from './schema/dataset';
export * from './schema/memorization';
export * from './schema/lipschitz';
export * from './schema/generalization';
export * from './schema/decomposition';
export * from './schema/findings';
import type { DatasetFacts, SanityReport, SeparationReport } from './schema/dataset';
import type { DecompositionReport } from './schema/decomposition';
import type { FindingsReport } from './schema/findings';
import type { GeneralizationReport } from './schema/generalization';
import type { LipschitzReport } from './schema/lipschitz';
import type { MemorizationReport, MulticlassReport } from './schema/memorization';
import type { AnalysisSettings } from './settings';

export interface Report {
  schema: 1;
  dataset: DatasetFacts;
  settings: AnalysisSettings;
  sanity?: SanityReport;
  separation?: SeparationReport;
  memorization?: MemorizationReport;
  multiclass?: MulticlassReport;
  lipschitz?: LipschitzReport;
  generalization?: GeneralizationReport;
  decomposition?: DecompositionReport;
  /** the model-free data checks (SCIENCE.md §9) */
  findings?: FindingsReport;
  /** sentences for the user: sampling, skipped stages and why */
  notes: string[];
  /** every figure computed on a subsample, within a work budget or from fewer draws than T */
  approximations?: Approximation[];
  /** milliseconds per stage */
  timings: Record<string, number>;
}

/** A figure that is not computed on all points with the user's T and no budget: the panel shows `sentence`
 * next to the figure, the text and the Markdown report in their Approximations section, so no
 * approximated number goes unlabelled. */
export interface Approximation {
  /** the figure, as its path in this report: 'lipschitz.random', 'memorization.kCurve', … */
  figure: string;
  kind: 'subsample' | 'budget' | 'draws';
  /** what was used, out of how many: points, draws, search steps, … (the sentence names the unit) */
  used: number;
  of: number;
  sentence: string;
}
