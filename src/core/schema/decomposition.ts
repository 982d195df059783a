// The decomposition stage's report section: the cluster/radius bound and its capacity references (SCIENCE.md §4).

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
