// The data checks' report section (SCIENCE.md §9).
import type { PointRef } from './dataset';

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
  /** the second file of a leakage check, its rows, and the distance scale between the files */
  against?: { file: string; N: number; medianAcross: number };
  dataset: DatasetFinding[];
  rows: FindingRows[];
}
