// The analysis settings as the host, the panel and the CLI see them: core's schema and defaults,
// re-exported so that none of them imports core at run time for them.
export {
  defaultSettings, normalizationSettings, optionalStages, severities,
  type Activation, type AnalysisSettings, type ClassMode, type ImageColor, type NormalizationSetting, type OptionalStage, type Severity,
} from '../core/report';
export { AUTO_STANDARDIZE_RATIO } from '../core/data/normalize';
