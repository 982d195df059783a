// The Report: everything one analysis produces, as plain JSON-safe data. It is written in stages
// (see analysis.ts); every stage's field is optional until that stage has run. The CLI's --json output,
// the worker's partial results and the panel all use exactly this shape.

export type Normalization = 'max-norm' | 'center' | 'standardize' | 'none';
/** what the user asks for: a normalisation, or 'auto' (standardise when the features' spreads differ by
 * orders of magnitude, else max-norm; see data/normalize.ts) */
export type NormalizationSetting = 'auto' | Normalization;
export const normalizationSettings: NormalizationSetting[] = ['auto', 'max-norm', 'center', 'standardize', 'none'];
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
  normalize: NormalizationSetting;
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
  /** rows beyond this are dropped by seeded stratified sampling while reading (reported) */
  rowLimit: number;
  /** largest dataset in bytes: the file after decompression, and the N × d float32 matrix */
  maxBytes: number;
  /** largest number of features d */
  maxFeatures: number;
  /** the optional stages to run after the memorization curve */
  stages: OptionalStage[];
  /** admissibility constant κ of the mutual covering: r ≤ κ · d(c, C_other) (SCIENCE.md §4) */
  kappa: number;
  /** the ℓp norms of the Lipschitz stage besides 1, 2 and ∞ (SCIENCE.md §5) */
  extraP: number[];
  /** random ReLU networks of the Lipschitz stage: L hidden layers of width N */
  networkDepth: number;
  networkWidth: number;
  /** fraction of each class held out by the generalization check (SCIENCE.md §6) */
  testFraction: number;
  /** treat the data as images (pixels / 255, the convolutional card) though the format does not say so */
  images: boolean;
}

export type OptionalStage = 'decomposition' | 'lipschitz' | 'generalization';
export const optionalStages: OptionalStage[] = ['decomposition', 'lipschitz', 'generalization'];

export const defaultSettings: AnalysisSettings = {
  mode: 'auto',
  normalize: 'auto',
  activation: 'threshold',
  lambda: 1,
  lambdaGrid: [0, 0.25, 0.5, 0.75, 1, 1.5, 2],
  draws: 100,
  maxWidth: 4096,
  eta: 0.01,
  seed: '1',
  rowLimit: 100_000,
  maxBytes: 1 << 30,
  maxFeatures: 1_000_000,
  stages: [...optionalStages],
  kappa: 0.5,
  extraP: [],
  networkDepth: 2,
  networkWidth: 128,
  testFraction: 0.2,
  images: false,
};

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
  /** pointwise 95 % Wilson score interval of this P(n) alone (not a band for the whole curve at once) */
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

/** How a memorization curve was obtained (SCIENCE.md §3). */
export type CurveMethod =
  /** threshold activation: each draw's exact threshold n*(draw) from nested prefixes; the curve is
   * their empirical CDF, listed at every width where it jumps plus maxWidth (a step function) */
  | 'exact'
  /** ReLU: the cover loop run at each width of a geometric grid (ratio √2) on prefixes of each draw;
   * the grid stops once P ≥ 1 − η is reached and K is known up to 4 n* */
  | 'grid';

/** A confidence interval for n*(η), the (1 − η)-quantile of the per-draw threshold (SCIENCE.md §3). */
export interface WidthInterval {
  /** null: beyond the widths measured (maxWidth; for ReLU the last grid width visited) */
  lower: number | null;
  /** null: beyond the widths measured, or T too small for any finite upper end (see intervalWarning) */
  upper: number | null;
  /** confidence level, two-sided with equal tails (the order-statistic interval has at least this coverage) */
  level: number;
  /** how it was obtained, in words */
  method: string;
}

/** The width figures of one network (a two-class orientation, or the one-vs-rest network). */
export interface NetworkFigures {
  /** per draw: exact n*(draw) ('exact'), or the smallest grid width that interpolates ('grid');
   * null if the draw does not interpolate within maxWidth (or within the widths visited) */
  thresholds: (number | null)[];
  curve: CurvePoint[];
  /** n*(η): smallest n with P(n) ≥ 1 − η */
  requiredWidth: number | null;
  requiredWidthInterval?: WidthInterval;
  /** K at the required width (mean over draws; summed over classes for one-vs-rest) */
  K: number | null;
  /** K at n*, 1.5 n*, 2 n*, 4 n* capped at maxWidth ('exact'), or the grid widths in [n*, 4 n*] ('grid') */
  kCurve: KPoint[];
  /** n(d + 1) + K(n + 1) + (K + outputs) at the required width with the measured K rounded up;
   * outputs = 1 for two classes, the number of classes for one-vs-rest */
  parameters: number | null;
  /** A literal forward pass (from the weights, sharing no code with the kernels) of one network at the
   * required width classified every point correctly; for 'exact' also: at that width every draw's
   * cover loop interpolated exactly when its exact threshold said so. */
  verified: boolean;
}

export interface OrientationResult extends NetworkFigures {
  negative: string;
  positive: string;
}

export interface LambdaSweepPoint {
  lambda: number;
  requiredWidth: number | null;
  requiredWidthInterval?: WidthInterval;
  /** P(maxWidth) at this λ; for 'grid' (ReLU), which stops at n*, P at the last width visited */
  pAtMax: number;
  /** P(n) at this λ (the paper's heat map is these curves side by side) */
  curve: CurvePoint[];
}

/** What every memorization result was computed with. */
export interface MemorizationSetup {
  activation: Activation;
  method: CurveMethod;
  /** the λ used (the sweep's best when settings.lambda is 'auto') */
  lambda: number;
  draws: number;
  eta: number;
  maxWidth: number;
  /** the sweep over settings.lambdaGrid on the main network (the main orientation for two classes, the
   * one-vs-rest network for more), on the first `draws` draws: all T when λ is 'auto' (it chooses λ),
   * else as many as the work budget allows (memorize/budget.ts; then listed in the approximations) */
  lambdaSweep?: {
    grid: LambdaSweepPoint[];
    /** the λ with the smallest point estimate n* */
    best: number;
    /** the other λ whose n* interval overlaps the best's: the draws do not tell them apart from it */
    indistinguishable?: number[];
    draws: number;
  };
  /** present when T is too small for η: P ≥ 1 − η cannot be shown at all (T < 1/η), or n*'s interval
   * can have no upper end (T below drawsForUpperEnd) */
  intervalWarning?: string;
}

/** Two classes. */
export interface MemorizationReport extends MemorizationSetup, NetworkFigures {
  /** the orientation shown as the main result: settings.negativeClass as X⁻ if given, else the
   * authors' convention (the second class in sorted order as X⁻) */
  orientation: { negative: string; positive: string };
  /** both orientations, the main one first */
  orientations: OrientationResult[];
  /** X⁻ of the orientation with the smaller required width; null when both are equal (or both none) */
  smallerNegative: string | null;
  /** why no width is reported, when requiredWidth is null */
  reason?: string;
}

/** More than two classes. */
export interface MulticlassReport extends MemorizationSetup {
  /** one-vs-rest: class c as X⁻ against all others, one shared first layer per draw; it interpolates iff
   * every class's subproblem does, so its n*(draw) is the max over classes; K summed over classes */
  oneVsRest?: NetworkFigures & {
    /** per class: its own subproblem's n*, and its K in the shared network at the network's n* */
    perClass: { name: string; requiredWidth: number | null; requiredWidthInterval?: WidthInterval; K: number | null }[];
    reason?: string;
  };
  /** required width for every ordered class pair (row class as X⁻, column class as X⁺; the matrix is not
   * symmetric, the algorithm is not); null on the diagonal and where no width reaches P ≥ 1 − η. Every
   * pair uses the same T first-layer draws. */
  pairwise?: { classes: string[]; width: (number | null)[][] };
}

/** An exponent p ∈ [1, ∞] in JSON: 'inf' stands for ∞ (JSON has no Infinity). */
export type PValue = number | 'inf';

/** mean, min and max over independent draws */
export interface Spread {
  mean: number;
  min: number;
  max: number;
}

export interface DataBoundEntry {
  p: PValue;
  /** δ_p: min over pairs with different labels of ‖x − x'‖_p, after normalisation (Infinity never: one class has no entry) */
  delta: number;
  /** 2/δ_p, the smallest Lip_p of any function that is −1 on X⁻ and +1 on X⁺; null when δ_p = 0 (none exists) */
  bound: number | null;
  /** source rows of the pair attaining δ_p */
  rows: [number, number];
  labels: [string, string];
  /** the McShane extension with L = 2/δ_p was evaluated and interpolates every point (null: too large to check) */
  attained: boolean | null;
}

export interface LipschitzEstimate {
  p: PValue;
  /** largest ‖∇f(x)‖_{p'} found (data points, random points, local search): a true lower bound per draw */
  lower: Spread;
  /** ‖W_L‖_{p→|·|} ∏ ‖W_l‖_{p→p} (Riesz–Thorin between the exact p = 1, 2, ∞ norms), or such a
   * product at another exponent q carried over by norm equivalence (Lip_p ≤ Lip_q for q ≥ p,
   * Lip_p ≤ d^{1/q − 1/p} Lip_q for q < p), whichever is smallest: a true upper bound per draw */
  upper: Spread;
  /** E‖g‖_{p'} for p ≥ 2, E‖g‖_2 for p < 2, g ~ N(0, I_d): the paper's scale, up to constants and log factors */
  reference: number;
}

export interface RandomNetworkStudy {
  /** hidden layers */
  L: number;
  /** hidden width */
  N: number;
  draws: number;
  /** input dimension (the dataset's d) */
  d: number;
  /** distribution of the hidden biases, in words */
  bias: string;
  estimates: LipschitzEstimate[];
  /** the same estimates over a grid of p (the curve against p) */
  againstP: LipschitzEstimate[];
  /** lower and upper estimates at each width of a grid, for the p values of `estimates` */
  againstWidth: { N: number; estimates: LipschitzEstimate[] }[];
}

export interface CertifiedPoint {
  point: PointRef;
  /** x ∈ X⁻: f(x) = Σ_k ReLU(m_k − ⟨u_k, h(x)⟩) > 0; x ∈ X⁺: min_k (⟨u_k, h(x)⟩ − m_k) ≥ 0, the gap
   * before any second-layer neuron switches on */
  margin: number;
  /** margin / Lipschitz upper bound (of f for X⁻, of every m_k − ⟨u_k, h(·)⟩ for X⁺): no ℓp
   * perturbation shorter than this changes the class */
  certified: number;
  /** margin / the gradient norm at the point (the local, first-order distance to the boundary);
   * null where that gradient is 0 */
  estimated: number | null;
}

export interface MemorizerEstimate {
  p: PValue;
  /** Lip_p of f = Σ_k ReLU(m_k − ⟨u_k, h(x)⟩) (X⁻ iff f > 0): lower and upper estimates */
  lower: number;
  upper: number;
  /** the same for the scaled f (SCALED_DEFINITION: smallest value 2 on X⁻, 0 on X⁺, the data bound's gap) */
  scaledLower: number;
  scaledUpper: number;
  /** 2/δ_p: no function with that gap can have a smaller Lip_p */
  dataBound: number | null;
}

export interface MemorizerRobustness {
  /** the threshold network (σ = 1[t > 0]) jumps across every decision boundary: it has no Lipschitz constant */
  threshold: string;
  /** the ReLU variant of the construction at its required width, one draw that interpolates */
  relu?: {
    orientation: { negative: string; positive: string };
    width: number;
    lambda: number;
    K: number;
    /** 2 / min over X⁻ of f: "scaled" figures are this times the raw ones (SCALED_DEFINITION) */
    scale: number;
    /** draws behind the ReLU required width (its grid study) */
    draws: number;
    estimates: MemorizerEstimate[];
    /** per p: the least robust training points, smallest certified radius first */
    radii: { p: PValue; leastRobust: CertifiedPoint[]; medianCertified: number }[];
    notes: string[];
  };
  /** why there is no ReLU analysis (more than two classes, no width reached, δ = 0) */
  reason?: string;
}

export interface LipschitzReport {
  dataBound: DataBoundEntry[];
  random: RandomNetworkStudy;
  memorizer: MemorizerRobustness;
}

export interface AccuracyAtWidth {
  /** first-layer width, trained on the train split */
  n: number;
  /** test accuracy over the scored draws (GeneralizationReport.scoreDraws) */
  accuracy: Spread;
}

export interface GeneralizationReport {
  /** fraction of each class held out for testing */
  testFraction: number;
  seed: string;
  train: number;
  test: number;
  activation: Activation;
  lambda: number;
  /** T behind n* on the train split: the user's, as behind the memorization study's n* */
  draws: number;
  /** the first this many of those draws are scored on the test split (the accuracies' draws) */
  scoreDraws: number;
  /** X⁻ / X⁺ of the binary problem (two classes only) */
  orientation?: { negative: string; positive: string };
  /** n* on the train split of the two-class network, or of the one-vs-rest network for more classes
   * (null: not reached within maxWidth) */
  requiredWidth: number | null;
  /** the memorizing network's test accuracy at n* and at larger widths; one-vs-rest predicts the class
   * whose subnetwork alone fires, and counts a point wrong when none or several do */
  widths: AccuracyAtWidth[];
  /** 1-nearest-neighbour (Euclidean, normalised data) test accuracy on the same split */
  nearestNeighbour: number;
  /** the data dimension beside n*, and Yu et al.'s reading of it in one sentence */
  yu: { d: number; requiredWidth: number | null; reading: string };
  /** multi-class: every class pair as its own binary problem (row class X⁻, column class X⁺),
   * test accuracy of the network at that pair's n*, and of 1-NN; null on the diagonal */
  pairwise?: { classes: string[]; accuracy: (number | null)[][]; requiredWidth: (number | null)[][]; nearestNeighbour: (number | null)[][] };
}

/** A result on memorizing N arbitrary labelled points with threshold networks (geometry/capacity.ts). */
export interface CapacityReference {
  name: string;
  /** 'construction': enough for any N points (an upper bound on the worst case); 'lower bound': needed
   * by any network that realises every labelling */
  kind: 'construction' | 'lower bound';
  /** false: Õ, with constants and log factors set to 1 */
  exact: boolean;
  formula: string;
  /** hidden plus output units; null where the reference says nothing about neurons, or the figure is beyond 10¹⁵ */
  neurons: number | null;
  /** weights and biases; null where the reference gives none */
  parameters: number | null;
  /** the figures in words, e.g. "≈ 10^434 neurons" when too large to hold */
  text: string;
}

/** The worst case against the instance at one N. */
export interface WorstCasePoint {
  N: number;
  /** Baum's construction: ⌈N/d⌉ + 1 neurons and its parameters (k copies for k > 2 classes) */
  worstCaseNeurons: number;
  worstCaseParameters: number;
  /** Rajput et al.'s Õ(1/δ + √N) neurons (constants and logs set to 1); null when δ = 0 */
  separatedNeurons: number | null;
  /** the counting bound N / (2 log₂(eU)) */
  countingParameters: number;
  instanceNeurons: number | null;
  instanceParameters: number | null;
}

/** One ball of the mutual covering (SCIENCE.md §4). Full centers stay out of the JSON (d can be 784); the
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
  /** the paper's Gaussian mean width w(X_j − c_j) = E sup |⟨g, a⟩| by Monte Carlo, and its standard error
   * (the width in ω and the bound) */
  width: number;
  widthSE: number;
  /** the one-sided E sup ⟨g, a⟩ from the same draws, shown beside it (not used by the bound) */
  oneSidedWidth: number;
  oneSidedWidthSE: number;
  /** w² / r³; null for a ball of radius 0 (a single point, or identical points), where it is undefined */
  complexitySlide: number | null;
  /** w² / d³(c, C_other); null when d = 0 (a label conflict) */
  complexityJournal: number | null;
  /** up to the first 20 members, as 0-based point indices into the analysed data */
  sampleMembers: number[];
}

/** The bound of SCIENCE.md §4 for one orientation (which class is X⁻), up to absolute constants. */
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
  /** n*'s interval divided by the predicted width (C inherits n*'s uncertainty; null ends as n*'s) */
  ratioInterval?: { lower: number | null; upper: number | null; level: number };
  measuredK: number | null;
}

/** EXPERIMENTAL (SCIENCE.md §4, convolutional variant): the convolutional variant, for s × s image data only. Computed on
 * a seeded subsample of each class (stated in `sample`) to bound its cost. */
export interface ConvolutionalDecomposition {
  experimental: true;
  /** image side s (d = s²) and filter side k */
  side: number;
  kernel: number;
  /** points used per side, out of the class sizes */
  sample: { minus: number; plus: number; ofMinus: number; ofPlus: number };
  /** min over the sampled opposite-class pairs of the orbit distance min_τ ‖x⁻ − τx⁺‖ (cyclic translations τ) */
  orbitSeparation: number;
  /** min plain Euclidean distance over the same pairs (never below the orbit separation) */
  plainSeparation: number;
  /** pairs whose orbit distance was computed (a translation-invariant lower bound ruled out the rest) of
   * all sampled pairs; exact is false when the work budget stopped the search (orbitSeparation is then
   * an upper bound on the sampled minimum) */
  orbitPairs: { computed: number; total: number; exact: boolean };
  /** bias range of the filters: Uniform[−λ, λ], λ = largest k × k patch norm (the analogue of λ = R) */
  lambda: number;
  draws: number;
  maxFilters: number;
  /** per draw, the exact number of random filters (each with all s² translates) at which the network interpolates; null: not within maxFilters */
  thresholds: (number | null)[];
  /** P(F): fraction of draws interpolating with F filters, at each F where it jumps */
  curve: { filters: number; p: number }[];
  /** smallest F with P(F) ≥ 1 − η; its first-layer units F·s² and weights F·(k² + 1) */
  requiredFilters: number | null;
  units: number | null;
  parameters: number | null;
  /** why the filter search was skipped, if it was */
  reason?: string;
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
  ratioInterval?: DecompositionMeasurement['ratioInterval'];
  measuredK: number | null;
  /** what threshold networks need for N arbitrary labelled points, against the measured network (capacity.ts) */
  worstCase: {
    reference: string;
    /** the references at this dataset's N, d and separation δ */
    references: CapacityReference[];
    /** the measured network: n* + K + outputs neurons and its parameter count; null without an n* */
    measured: { neurons: number; parameters: number } | null;
    /** what those numbers show, in one or two sentences */
    reading: string;
    /** worst case: Baum's network for N points in general position in this d (neurons, parameters),
     * Rajput et al.'s Õ(1/δ + √N) neurons and the counting bound on parameters;
     * instance: this dataset's predicted neurons and parameters (constant in N, up to constants) */
    series: WorstCasePoint[];
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
  /** EXPERIMENTAL: image data only (pixel data whose d is a perfect square) */
  convolutional?: ConvolutionalDecomposition;
}

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

/** A figure that is not computed on all points with the user's T and no budget: the panel, the text
 * and the Markdown report show `sentence` next to the figure, so no approximated number goes unlabelled. */
export interface Approximation {
  /** the figure, as its path in this report: 'lipschitz.random', 'memorization.kCurve', … */
  figure: string;
  kind: 'subsample' | 'budget' | 'draws';
  /** what was used, out of how many: points, draws, search steps, … (the sentence names the unit) */
  used: number;
  of: number;
  sentence: string;
}
