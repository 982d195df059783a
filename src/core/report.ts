// The Report: everything one analysis produces, as plain JSON-safe data. It is written in stages
// (see analysis.ts); every stage's field is optional until that stage has run. The CLI's --json output,
// the worker's partial results and the panel all use exactly this shape.

export type Normalization = 'max-norm' | 'center' | 'standardize' | 'none';
export type Activation = 'threshold' | 'relu';
export type ClassMode = 'auto' | 'binary' | 'one-vs-rest' | 'pairwise';

export interface AnalysisSettings {
  /** label column, by name or 0-based index; undefined: label/class/target/y, else the last column */
  label?: string | number;
  /** restrict to these two classes (by name) */
  classes?: [string, string];
  /** auto: binary for 2 classes, one-vs-rest and pairwise for more */
  mode: ClassMode;
  /** the class used as X⁻ for two-class data; default as the authors: the second class in order */
  negativeClass?: string;
  normalize: Normalization;
  activation: Activation;
  /** maximal bias λ of the first layer, or 'auto' to use the sweep's best λ */
  lambda: number | 'auto';
  lambdaGrid: number[];
  /** T: independent first-layer draws */
  draws: number;
  /** largest first-layer width tried */
  maxWidth: number;
  /** failure probability: required width is the smallest n with P(n) ≥ 1 − η */
  eta: number;
  seed: string;
  /** rows beyond this are dropped by seeded stratified sampling (reported) */
  rowLimit: number;
}

export const defaultSettings: AnalysisSettings = {
  mode: 'auto',
  normalize: 'max-norm',
  activation: 'threshold',
  lambda: 1,
  lambdaGrid: [0, 0.25, 0.5, 0.75, 1, 1.5, 2],
  draws: 100,
  maxWidth: 4096,
  eta: 0.01,
  seed: '1',
  rowLimit: 100_000,
};

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
  normalization: Normalization;
  /** true when pixel data was divided by 255 first */
  pixelScaled: boolean;
  /** largest Euclidean norm after the normalisation's shift/scale, before dividing by it */
  R: number;
  /** present when the row limit sampled the data */
  sampling?: { totalRows: number; keptRows: number; seed: string };
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

export interface CurvePoint {
  n: number;
  /** empirical P(n): fraction of draws that interpolate at width n */
  p: number;
  /** 95 % Wilson score interval */
  lo: number;
  hi: number;
}

export interface KPoint {
  n: number;
  /** mean, min and max of K over the draws measured at this width */
  K: number;
  min: number;
  max: number;
}

export interface OrientationResult {
  negative: string;
  positive: string;
  /** n*(draw) per draw; null if the draw does not interpolate within maxWidth */
  thresholds: (number | null)[];
  curve: CurvePoint[];
  requiredWidth: number | null;
  /** K at the required width (mean over draws), and at a few widths above */
  K: number | null;
  kCurve: KPoint[];
  /** n(d + 1) + K(n + 1) + (K + 1) at the required width with the measured K (rounded up) */
  parameters: number | null;
  /** a literal forward pass of one network at the required width classified every point correctly */
  verified: boolean;
}

export interface LambdaSweepPoint {
  lambda: number;
  requiredWidth: number | null;
  /** P(maxWidth) at this λ */
  pAtMax: number;
}

export interface MemorizationReport {
  activation: Activation;
  lambda: number;
  draws: number;
  eta: number;
  maxWidth: number;
  /** the orientation shown as the main result (the one with the smaller required width) */
  orientation: { negative: string; positive: string };
  thresholds: (number | null)[];
  curve: CurvePoint[];
  requiredWidth: number | null;
  K: number | null;
  kCurve: KPoint[];
  parameters: number | null;
  verified: boolean;
  /** both orientations, for two classes; one entry otherwise */
  orientations: OrientationResult[];
  lambdaSweep?: { grid: LambdaSweepPoint[]; best: number };
  /** why no width is reported, when requiredWidth is null */
  reason?: string;
}

export interface MulticlassReport {
  /** one-vs-rest: one shared first layer, K summed over classes */
  oneVsRest?: {
    requiredWidth: number | null;
    thresholds: (number | null)[];
    curve: CurvePoint[];
    K: number | null;
    parameters: number | null;
    perClass: { name: string; requiredWidth: number | null; K: number | null }[];
  };
  /** required width for every class pair (row class as X⁻, column class as X⁺); null on the diagonal */
  pairwise?: { classes: string[]; width: (number | null)[][] };
}

/** One ball of the mutual covering (SPEC §4). Full centers stay out of the JSON (d can be 784); the
 * panel gets the center's norm and its 2-D projection. */
export interface DecompositionComponent {
  /** 'minus' or 'plus': the class side in the first orientation (options.negative is X⁻) */
  side: 'minus' | 'plus';
  /** the class's name (or 'rest') */
  className: string;
  size: number;
  radius: number;
  /** d(c, C_other): distance from this center to the nearest center of the other class */
  distance: number;
  /** r ≤ κ · d(c, C_other) with d > 0 */
  admissible: boolean;
  centerNorm: number;
  /** Gaussian mean width w(X_j − c_j) by Monte Carlo, and its standard error */
  width: number;
  widthSE: number;
  /** w² / r³; null for a ball of radius 0 (a single point, or identical points), where it is undefined */
  complexitySlide: number | null;
  /** w² / d³(c, C_other); null when d = 0 (a label conflict) */
  complexityJournal: number | null;
  /** up to the first 20 members, as 0-based point indices into the analysed data */
  sampleMembers: number[];
}

/** The bound of SPEC §4 for one orientation (which class is X⁻), up to absolute constants. */
export interface DecompositionBound {
  negative: string;
  positive: string;
  Mminus: number;
  Mplus: number;
  /** ω⁻, ω⁺ = max over that class's components of w²/d³ (journal form; used in every term below) */
  omegaMinus: number;
  omegaPlus: number;
  /** the same maxima in the slide form w²/r³ (radius-0 components skipped); null if all have r = 0 */
  omegaSlideMinus: number | null;
  omegaSlidePlus: number | null;
  /** R δ_c⁻¹ log(M⁻M⁺/η), R ω⁻, R ω⁺ (R: largest norm of the analysed points, 1 after max-norm) */
  terms: { separation: number; omegaMinus: number; omegaPlus: number };
  /** max of the three terms: the first-layer width the theorem asks for, up to an absolute constant */
  predictedWidth: number;
  /** M⁻ + R δ_c⁻¹ log(2M⁻M⁺) + R max(ω⁻, ω⁺), up to absolute constants */
  predictedNeurons: number;
  /** the theorem's second-layer bound K ≤ M⁻ */
  Kbound: number;
}

export interface DecompositionMeasurement {
  lambda: number;
  /** measured n* at this λ (memorization report) */
  requiredWidth: number | null;
  /** measured / predicted width: the empirical constant */
  ratio: number | null;
  measuredK: number | null;
}

export interface DecompositionReport {
  kappa: number;
  eta: number;
  widthDraws: number;
  /** how centers are chosen, in words */
  centerRule: string;
  /** R: largest Euclidean norm among the analysed points */
  R: number;
  N: number;
  d: number;
  /** the first orientation (X⁻ = options.negative) */
  Mminus: number;
  Mplus: number;
  components: DecompositionComponent[];
  /** number of splits the covering took */
  splits: number;
  /** identical points with opposite labels (0-based point indices): no bound exists, bound fields are null */
  conflicts: { minus: number[]; plus: number[] }[];
  /** δ_c: min distance between opposite-class centers */
  deltaC: number;
  /** ω of each side (first orientation), journal form w²/d³, not multiplied by R */
  omega: { minus: number; plus: number };
  /** the first orientation's bound; null on conflicts */
  bound: DecompositionBound | null;
  predictedWidth: number | null;
  /** both orientations (the covering is shared; only the roles of the classes swap) */
  orientations: DecompositionBound[];
  /** the orientation with the smaller predicted neuron count (index into orientations) */
  smallerOrientation: number | null;
  /** theory against measurement, per λ (first orientation), when the memorization report is known */
  measured: DecompositionMeasurement[];
  /** n* at the λ with the smallest measured n*, and its ratio to the prediction */
  measuredWidth: number | null;
  ratio: number | null;
  measuredK: number | null;
  /** worst case vs this instance, over a range of N (see worstCaseSeries for the references) */
  worstCase: {
    reference: string;
    /** worst case: neurons / parameters of the reference network for N arbitrary points in this d;
     * instance: this dataset's predicted neurons and parameters (constant in N, up to constants) */
    series: { N: number; worstCaseNeurons: number; worstCaseParameters: number; instanceNeurons: number | null; instanceParameters: number | null }[];
  };
  /** 2-D view: PCA for d > 2, the raw plane for d ≤ 2 */
  projection: {
    method: 'raw' | 'pca';
    /** fraction of the variance the two axes explain (1 for raw) */
    explainedVariance: number;
    /** subsample of at most ~2000 points: coordinates, side (0 = X⁻, 1 = X⁺), component index */
    points: { x: number; y: number; side: 0 | 1; component: number }[];
    /** per component, same order as components; radius unprojected (the projection shrinks distances) */
    centers: { x: number; y: number; radius: number }[];
  };
  sentence: string;
}

export interface Report {
  schema: 1;
  dataset: DatasetFacts;
  settings: AnalysisSettings;
  sanity?: SanityReport;
  separation?: SeparationReport;
  memorization?: MemorizationReport;
  multiclass?: MulticlassReport;
  decomposition?: DecompositionReport;
  /** sentences for the user: sampling, skipped stages and why */
  notes: string[];
  /** milliseconds per stage */
  timings: Record<string, number>;
}
