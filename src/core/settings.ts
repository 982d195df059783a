// The analysis settings: what the user chooses (the panel's controls, the CLI's flags, the
// extension's settings) and their defaults.

export type Normalization = 'max-norm' | 'center' | 'standardize' | 'none';
/** what the user asks for: a normalisation, or 'auto' (standardise when the features' spreads differ by
 * orders of magnitude, else max-norm; see data/normalize.ts) */
export type NormalizationSetting = 'auto' | Normalization;
export const normalizationSettings: NormalizationSetting[] = ['auto', 'max-norm', 'center', 'standardize', 'none'];
export type Activation = 'threshold' | 'relu';
export const activations: Activation[] = ['threshold', 'relu'];
export type ClassMode = 'auto' | 'binary' | 'one-vs-rest' | 'pairwise';
export const classModes: ClassMode[] = ['auto', 'binary', 'one-vs-rest', 'pairwise'];

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

/** Every stage of an analysis, in the order core/analysis.ts runs them: the names of its progress and timings. */
export type AnalysisStage = 'parse' | 'normalize' | 'sanity' | 'separation' | 'memorization' | 'findings' | 'bottleneck' | OptionalStage;
export const analysisStages: AnalysisStage[] = ['parse', 'normalize', 'sanity', 'separation', 'memorization', 'findings', 'bottleneck', ...optionalStages];

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

/** The bounds of a numeric setting: the one source for the CLI's flags, the panel's fields, the
 * extension's settings.json values and the manifest's `minimum`/`maximum` (a test compares them). */
export interface NumberRule {
  integer: boolean;
  min: number;
  max: number;
  /** the bound itself is not allowed (η and the held-out fraction lie strictly inside (0, 1)) */
  exclusive?: boolean;
}

export type NumericSetting =
  'draws' | 'maxWidth' | 'eta' | 'rowLimit' | 'maxBytes' | 'maxFeatures' | 'kappa' | 'networkDepth' | 'networkWidth' | 'testFraction';

export const numberRules: Record<NumericSetting, NumberRule> = {
  draws: { integer: true, min: 1, max: 100_000 },
  maxWidth: { integer: true, min: 1, max: 1 << 20 },
  eta: { integer: false, min: 0, max: 1, exclusive: true },
  rowLimit: { integer: true, min: 2, max: Number.MAX_SAFE_INTEGER },
  maxBytes: { integer: true, min: 1, max: Number.MAX_SAFE_INTEGER },
  maxFeatures: { integer: true, min: 1, max: Number.MAX_SAFE_INTEGER },
  kappa: { integer: false, min: 0, max: Number.MAX_VALUE, exclusive: true },
  networkDepth: { integer: true, min: 1, max: 64 },
  networkWidth: { integer: true, min: 1, max: 1 << 14 },
  testFraction: { integer: false, min: 0, max: 1, exclusive: true },
};
/** λ and the λ grid: any number ≥ 0; the extra ℓp norms: any p ≥ 1 */
export const lambdaRule: NumberRule = { integer: false, min: 0, max: Number.MAX_VALUE };
export const extraPRule: NumberRule = { integer: false, min: 1, max: Number.MAX_VALUE };

const shown = (x: number) => x.toLocaleString('en-US');

/** What a value must be, as the error messages say it: "a whole number from 1 to 100,000". */
export function ruleText(rule: NumberRule): string {
  const kind = rule.integer ? 'a whole number' : 'a number';
  const open = rule.max >= Number.MAX_SAFE_INTEGER;
  if (rule.exclusive) return open ? `${kind} above ${shown(rule.min)}` : `${kind} strictly between ${shown(rule.min)} and ${shown(rule.max)}`;
  return open ? `${kind} ≥ ${shown(rule.min)}` : `${kind} from ${shown(rule.min)} to ${shown(rule.max)}`;
}

export function satisfies(rule: NumberRule, x: unknown): x is number {
  if (typeof x !== 'number' || !Number.isFinite(x) || (rule.integer && !Number.isInteger(x))) return false;
  return rule.exclusive ? x > rule.min && x < rule.max : x >= rule.min && x <= rule.max;
}

/** A typed-in value (CLI flag, panel field) as the number the rule allows, or the rule's text as the error. */
export function parseNumber(rule: NumberRule, text: string): { value: number } | { error: string } {
  const x = Number(text.trim());
  return text.trim() !== '' && satisfies(rule, x) ? { value: x } : { error: ruleText(rule) };
}

/** Every setting of `s` that breaks its rule, with what it must be (empty when all are valid). */
export function settingProblems(s: AnalysisSettings): { key: keyof AnalysisSettings; problem: string }[] {
  const problems: { key: keyof AnalysisSettings; problem: string }[] = [];
  for (const [key, rule] of Object.entries(numberRules) as [NumericSetting, NumberRule][]) {
    if (!satisfies(rule, s[key])) problems.push({ key, problem: ruleText(rule) });
  }
  if (s.lambda !== 'auto' && !satisfies(lambdaRule, s.lambda)) problems.push({ key: 'lambda', problem: `${ruleText(lambdaRule)}, or "auto"` });
  if (!Array.isArray(s.lambdaGrid) || !s.lambdaGrid.every((l) => satisfies(lambdaRule, l)))
    problems.push({ key: 'lambdaGrid', problem: `a list of numbers ≥ 0` });
  if (!Array.isArray(s.extraP) || !s.extraP.every((p) => satisfies(extraPRule, p))) problems.push({ key: 'extraP', problem: 'a list of numbers ≥ 1' });
  if (!Array.isArray(s.stages) || !s.stages.every((st) => optionalStages.includes(st)))
    problems.push({ key: 'stages', problem: `a list of ${optionalStages.join(', ')}` });
  const enums: [keyof AnalysisSettings, readonly string[]][] = [
    ['mode', classModes],
    ['normalize', normalizationSettings],
    ['activation', activations],
    ['imageColor', imageColors],
  ];
  for (const [key, allowed] of enums) if (!allowed.includes(s[key] as string)) problems.push({ key, problem: `one of ${allowed.join(', ')}` });
  return problems;
}
