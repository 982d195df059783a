// The report's dataset section and the first stages on it: the dataset's facts, the sanity check
// (duplicates, conflicts) and the separation δ.
import type { Normalization } from '../settings';

/** The widest feature's spread against the median feature's (population std of the values as read). */
export interface FeatureScales {
  widest: string;
  widestStd: number;
  medianStd: number;
  ratio: number;
}

export interface ClassCount {
  name: string;
  count: number;
}

export interface DatasetFacts {
  file: string;
  format: string;
  /** points analysed (after sampling) */
  N: number;
  d: number;
  classes: ClassCount[];
  /** label column name (or index as a string) */
  labelColumn: string;
  /** the normalisation applied (settings.normalize resolved when it is 'auto') */
  normalization: Normalization;
  /** why: present when settings.normalize was 'auto' */
  normalizationReason?: string;
  /** the spread of the features before normalisation (null: no feature varies) */
  featureScales?: FeatureScales | null;
  /** true when pixel data was divided by 255 first */
  pixelScaled: boolean;
  /** whether the data is treated as images, and why (the format or the user decides, never the values) */
  images: string;
  /** largest Euclidean norm after the normalisation's shift/scale, before dividing by it */
  R: number;
  /** present when the row limit sampled the data */
  sampling?: { totalRows: number; keptRows: number; seed: string };
  /** delimited text: how the first row was read (column names or data) */
  header?: string;
  /** a Hugging Face DatasetDict folder: which split was read and which were not */
  split?: string;
}

/** A point named as the user sees it: its row in the source file (1-based, as an editor shows lines;
 * for binary formats the record index, 0-based) and its label. */
export interface PointRef {
  row: number;
  label: string;
}

export interface SanityReport {
  /** number of rows that repeat an earlier row exactly (features and label) */
  duplicates: number;
  /** the first groups of identical rows with the same label */
  duplicateGroups: { rows: number[]; label: string }[];
  /** identical feature vectors carrying different labels: no function can memorize them */
  conflicts: { rows: number[]; labels: string[] }[];
  /** classes with fewer than two points, and other findings, as sentences */
  warnings: string[];
}

export interface NearPair {
  a: PointRef;
  b: PointRef;
  distance: number;
}

export interface SeparationReport {
  /** δ: min over opposite-class pairs of the Euclidean distance, after normalisation */
  delta: number;
  /** source rows of the pair attaining δ */
  rows: [number, number];
  labels: [string, string];
  /** the closest opposite-class pairs, closest first */
  closestPairs: NearPair[];
  /** points whose nearest opposite-class neighbour is closest (the worst offenders), closest first */
  worstPoints: { point: PointRef; neighbor: PointRef; distance: number }[];
  /** distribution of every point's nearest opposite-class distance */
  nearestOppositeQuantiles: { q: number; distance: number }[];
}
