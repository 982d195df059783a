// Command-line arguments → AnalysisSettings. Bad arguments are UsageErrors (exit code 2).
import {
  activations,
  AUTO_STANDARDIZE_RATIO,
  defaultSettings,
  extraPRule,
  lambdaRule,
  normalizationSettings,
  numberRules,
  optionalStages,
  parseNumber,
  severities,
  type Activation,
  type AnalysisSettings,
  type NormalizationSetting,
  type NumberRule,
  type OptionalStage,
  type Severity,
} from '../protocol/settings';

export class UsageError extends Error {}

export interface CliOptions {
  /** analyze: the whole report; check: the data checks only, for CI */
  command: 'analyze' | 'check';
  file: string;
  /** check: the second file to look for leaks in */
  against?: string;
  /** check: exit with 1 when a finding of this severity or a worse one exists */
  failOn: Severity;
  settings: AnalysisSettings;
  output: 'text' | 'json' | 'markdown';
  out?: string;
  quiet: boolean;
  /** threads the stages spread over; 0 = every core */
  threads: number;
  /** a Hugging Face DatasetDict folder: the split to read (default train) */
  split?: string;
}

export const usage = `Usage: dataset-geometry analyze <file> [options]
       dataset-geometry check <file> [--against FILE] [--fail-on error|warning|info] [options]

analyze: how wide a neural network must be to memorize a labeled dataset (Dirksen, Finke, Genzel, JMLR 2024).
check:   the data checks only (label errors, duplicates, outliers, columns, leaks; SCIENCE.md §9), for CI:
         exit code 1 when a finding at the --fail-on severity or worse exists (default error), 0 otherwise,
         2 for bad input or arguments; a short list, or every flagged row with --json.

Options:
  --label COL              label column, by name or 0-based index (default: label/class/target/y, else the last);
                           HDF5: the labels dataset's path (default: y beside X, labels beside data or images)
  --classes A,B            analyse only these two classes
  --one-vs-rest            multi-class: one-vs-rest only      --pairwise   multi-class: pairwise only
  --negative CLASS         the class used as X⁻ (two classes; default: the second class, as the authors)
  --normalize MODE         ${normalizationSettings.join(' | ')} (default ${defaultSettings.normalize}: standardise when the
                           features' spreads differ ${AUTO_STANDARDIZE_RATIO}-fold or more, else max-norm)
  --activation A           threshold (default) | relu
  --lambda X|auto          maximal first-layer bias λ (default ${defaultSettings.lambda}); auto: the λ of the sweep needing the smallest width
  --draws T                first-layer draws (default ${defaultSettings.draws})
  --max-width N            largest first-layer width tried (default ${defaultSettings.maxWidth})
  --eta E                  failure probability: n* is the smallest n with P(n) ≥ 1 − E (default ${defaultSettings.eta})
  --seed S                 seed of every random draw (default "${defaultSettings.seed}")
  --row-limit N            rows beyond N are sampled while reading (stratified, seeded; default ${defaultSettings.rowLimit})
  --max-bytes B            largest dataset after decompression, and largest kept rows × features float32 matrix (default ${defaultSettings.maxBytes})
  --max-features D         largest number of features (default ${defaultSettings.maxFeatures})
  --skip STAGES            leave out optional stages: ${optionalStages.join(',')} (comma-separated)
  --kappa K                admissibility constant κ of the cluster/radius covering (default ${defaultSettings.kappa})
  --p P1,P2                ℓp norms for the Lipschitz estimates besides 1, 2 and ∞ (each ≥ 1)
  --net-depth L            random ReLU networks: L hidden layers (default ${defaultSettings.networkDepth})
  --net-width N            random ReLU networks: width N (default ${defaultSettings.networkWidth})
  --images                 treat the data as images (pixels / 255, the convolutional card): IDX and image-shaped arrays are, tables are not
  --rgb                    image folders: keep the RGB channels (default: converted to grayscale)
  --split NAME             a Hugging Face DatasetDict folder (dataset_dict.json): the split to read (default train)
  --test-fraction F        fraction of each class held out by the generalization check (default ${defaultSettings.testFraction})
  --against FILE           check: also the leaks between <file> and FILE (same columns; read with the same options)
  --fail-on SEVERITY       check: error (default) | warning | info
  --json | --markdown      output format (default: a short text report; check has no --markdown)
  --out FILE               write the report to FILE instead of stdout
  --quiet                  no progress on stderr
  --threads N              threads to spread the stages over (default: every core; the report is the same)
`;

const oneOf = <T extends string>(flag: string, value: string, allowed: readonly T[]): T => {
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${flag} must be one of ${allowed.join(', ')}, not "${value}"`);
  return value as T;
};

const number = (flag: string, value: string, rule: NumberRule): number => {
  const parsed = parseNumber(rule, value);
  if ('error' in parsed) throw new UsageError(`${flag} expects ${parsed.error}, not "${value}"`);
  return parsed.value;
};

/** --threads: a CLI-only choice (the extension has its own datasetGeometry.threads) */
const THREADS_RULE: NumberRule = { integer: true, min: 1, max: 256 };

/** the flags that set one numeric setting, each checked by that setting's rule in the one schema */
const numericFlags: Record<string, keyof typeof numberRules> = {
  '--draws': 'draws',
  '--max-width': 'maxWidth',
  '--eta': 'eta',
  '--row-limit': 'rowLimit',
  '--max-bytes': 'maxBytes',
  '--max-features': 'maxFeatures',
  '--kappa': 'kappa',
  '--net-depth': 'networkDepth',
  '--net-width': 'networkWidth',
  '--test-fraction': 'testFraction',
};

export function parseArgs(argv: string[]): CliOptions {
  const [command, ...rest] = argv;
  if (command !== 'analyze' && command !== 'check') throw new UsageError(command ? `unknown command "${command}"` : 'no command given');
  let against: string | undefined;
  let split: string | undefined;
  let failOn: Severity = 'error';
  const settings: AnalysisSettings = { ...defaultSettings };
  let file: string | undefined;
  let output: CliOptions['output'] = 'text';
  let out: string | undefined;
  let quiet = false;
  let threads = 0;
  let oneVsRest = false;
  let pairwise = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (!arg.startsWith('--')) {
      if (file !== undefined) throw new UsageError(`unexpected argument "${arg}" (one file at a time)`);
      file = arg;
      continue;
    }
    const flagOnly: Record<string, () => void> = {
      '--json': () => (output = 'json'),
      '--markdown': () => (output = 'markdown'),
      '--quiet': () => (quiet = true),
      '--one-vs-rest': () => (oneVsRest = true),
      '--pairwise': () => (pairwise = true),
      '--images': () => (settings.images = true),
      '--rgb': () => (settings.imageColor = 'rgb'),
    };
    if (flagOnly[arg]) {
      flagOnly[arg]();
      continue;
    }
    const value = rest[++i];
    if (value === undefined) throw new UsageError(`${arg} needs a value`);
    const numeric = numericFlags[arg];
    if (numeric) {
      settings[numeric] = number(arg, value, numberRules[numeric]);
      continue;
    }
    switch (arg) {
      case '--label':
        settings.label = /^\d+$/.test(value) ? Number(value) : value;
        break;
      case '--classes': {
        const names = value.split(',').map((s) => s.trim());
        if (names.length !== 2 || names.some((s) => !s)) throw new UsageError(`--classes expects two class names A,B, not "${value}"`);
        settings.classes = [names[0], names[1]];
        break;
      }
      case '--negative':
        settings.negativeClass = value;
        break;
      case '--normalize':
        settings.normalize = oneOf<NormalizationSetting>(arg, value, normalizationSettings);
        break;
      case '--activation':
        settings.activation = oneOf<Activation>(arg, value, activations);
        break;
      case '--lambda':
        settings.lambda = value === 'auto' ? 'auto' : number(arg, value, lambdaRule);
        break;
      case '--seed':
        settings.seed = value;
        break;
      case '--skip': {
        const skipped = value.split(',').map((v) => oneOf<OptionalStage>(arg, v.trim(), optionalStages));
        settings.stages = optionalStages.filter((st) => !skipped.includes(st));
        break;
      }
      case '--p':
        settings.extraP = value.split(',').map((v) => number(arg, v, extraPRule));
        break;
      case '--out':
        out = value;
        break;
      case '--against':
        against = value;
        break;
      case '--split':
        split = value;
        break;
      case '--fail-on':
        failOn = oneOf<Severity>(arg, value, severities);
        break;
      case '--threads':
        threads = number(arg, value, THREADS_RULE);
        break;
      default:
        throw new UsageError(`unknown option "${arg}"`);
    }
  }
  if (file === undefined) throw new UsageError('no dataset file given');
  if (command === 'analyze' && (against !== undefined || failOn !== 'error')) throw new UsageError('--against and --fail-on belong to the check command');
  if (command === 'check' && (output as CliOptions['output']) === 'markdown') throw new UsageError('check writes text or --json, not --markdown');
  if (oneVsRest !== pairwise) settings.mode = oneVsRest ? 'one-vs-rest' : 'pairwise';
  if (settings.classes && (oneVsRest || pairwise)) throw new UsageError('--classes picks two classes; it cannot be combined with --one-vs-rest or --pairwise');
  return { command, file, against, failOn, settings, output, out, quiet, threads, ...(split !== undefined ? { split } : {}) };
}
