// The data checks' report section (SCIENCE.md §9).
import type { DatasetFacts, PointRef } from './dataset';
import type { Normalization } from '../settings';

/** How much a finding matters: error (the data cannot be used as it is), warning (look), info (know). */
export type Severity = 'error' | 'warning' | 'info';
export const severities: Severity[] = ['error', 'warning', 'info'];

/** One flagged row of a per-row finding: its place in the file, its label, its score, and its partner if it has one. */
export interface FlaggedRow {
  row: number;
  label: string;
  /** the finding's score for this row: `FindingRows.score` says what it measures */
  score: number;
  /** the other point of a pair (duplicates, leaks), in the file `partnerFile` names if not this one */
  partner?: PointRef;
  /** label errors: the label most of the neighbours carry */
  suggested?: string;
  /** outliers: the distance to the k-th nearest point of the same class, and its median over the row's class (the score is their ratio) */
  distance?: number;
  typical?: number;
}

/** A finding about rows: all of them, most suspicious first. */
export interface FindingRows {
  kind: string;
  severity: Severity;
  /** one line: the rule that flagged these rows */
  reason: string;
  /** what each row's score measures */
  score: string;
  /** the second file of a comparison (leakage), where the partners' rows are */
  partnerFile?: string;
  rows: FlaggedRow[];
}

/** A finding about the dataset as a whole (classes, columns). */
export interface DatasetFinding {
  kind: string;
  severity: Severity;
  reason: string;
  /** the columns concerned, by name */
  columns?: string[];
}

export interface FindingsReport {
  /** neighbours per point of the label-error and outlier checks */
  k: number;
  /** the median over points of the distance to the nearest other point (the scale of "near") */
  medianNearest: number;
  /** pairs closer than this are near-duplicates: NEAR_DUPLICATE_FRACTION × medianNearest */
  nearDuplicateDistance: number;
  /** the second file of a leakage check, its rows (and its row-limit sample), and the distance scale between the files */
  against?: { file: string; N: number; medianAcross: number; sampling?: DatasetFacts['sampling'] };
  dataset: DatasetFinding[];
  rows: FindingRows[];
  /** the threshold network's bottleneck rows (two classes, after the memorization study; SCIENCE.md §9) */
  bottleneck?: BottleneckReport;
}

/** A row that sets n*(draw): in a pair (x⁻, x⁺) whose first separating unit is the draw's last. */
export interface BottleneckRow {
  row: number;
  label: string;
  /** draws (of BottleneckReport.draws) in which it is in such a pair */
  draws: number;
  /** mean over those draws of (its pairs' latest first separating unit + 1) / n*(draw), in (0, 1] */
  lateness: number;
  /** the label-error and duplicate findings that list it too: the first rows to look at */
  alsoFlagged?: string[];
}

export interface BottleneckReport {
  /** the memorization study's threshold network: two classes in its main orientation (X⁻, X⁺), or
   * one-vs-rest (each class as X⁻ against the others, one shared first layer) */
  network: { kind: 'binary'; negative: string; positive: string } | { kind: 'one-vs-rest' };
  /** draws counted: those with a threshold among the first whatIfDraws */
  draws: number;
  /** the rows that set n*(draw) most often, then latest; at most BOTTLENECK_LISTED */
  rows: BottleneckRow[];
  /** per draw scanned: its n*(draw), how many pairs are separated only by its last unit, and the first of them (its X⁻ row, then its X⁺ row) */
  perDraw: { draw: number; width: number; pairs: number; rows: [number, number] }[];
  /** n*(η) on the first whatIfDraws draws, before and after removing the top k rows of the ranking */
  whatIf: { k: number; rows: number[]; before: number | null; after: number | null }[];
  /** the draws recomputed for the ranking and the what-if: all T, or the first ones within the work budget */
  whatIfDraws: number;
  /** the mode the rows left are renormalised in: the analysis's, as a direct analysis of the reduced file with --normalize set to it */
  normalization: Normalization;
}
