// The analysis settings: what the user chooses (the panel's controls, the CLI's flags, the
// extension's settings) and their defaults.

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
  /** image folders: convert the images to grayscale, or keep their RGB channels */
  imageColor: ImageColor;
}

export type ImageColor = 'grayscale' | 'rgb';
export const imageColors: ImageColor[] = ['grayscale', 'rgb'];

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
  imageColor: 'grayscale',
};
