// Which file names are datasets: the rule is core's one list of formats (core/data/formats.ts).
// package.json's menu `when` clauses spell the same pattern (a unit test compares them).
export { FORMATS, datasetFilePattern, datasetSearchGlob, isTextFormat } from '../core/data/formats';
