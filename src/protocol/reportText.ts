// The report's words, shared by the panel, the exports and the CLI: core's pure text functions (the
// headline, the summaries, the findings' rows, the SCIENCE.md citations), re-exported so that the
// panel and the host import them from here and never reach into core's stages at run time.
export { formatMarkdown, formatText, headlineNetwork, headlineSentences, oneVsRestMeaning, oneVsRestNote, randomEstimateText } from '../core/summary';
export { bottleneckNetwork, bySeverity, csvCell, failsAt, flaggedRowsCsv, formatCheck, severityCounts, whatIfEffect } from '../core/findings/format';
export { fileStem, reportExport, type ExportKind } from '../core/exports';
export { explainNoWidth } from '../core/noWidth';
export { SCALED_DEFINITION } from '../core/lipschitz/scaled';
export { scienceDocument, scienceSection, splitCitations, type CitationPart } from '../core/science';
