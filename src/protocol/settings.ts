// The analysis settings as the host, the panel and the CLI see them: core's schema, defaults and the
// one validator, re-exported so that none of them imports core at run time for them.
export {
  activations,
  analysisStages,
  classModes,
  defaultSettings,
  extraPRule,
  imageColors,
  lambdaRule,
  normalizationSettings,
  numberRules,
  optionalStages,
  parseNumber,
  ruleText,
  settingProblems,
  severities,
  type Activation,
  type AnalysisStage,
  type AnalysisSettings,
  type ClassMode,
  type ImageColor,
  type NormalizationSetting,
  type NumberRule,
  type NumericSetting,
  type OptionalStage,
  type Severity,
} from '../core/report';
export { AUTO_STANDARDIZE_RATIO } from '../core/data/normalize';
