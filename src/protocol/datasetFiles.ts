// Which file names are datasets, which sibling files they need, and the size limit checked before
// reading: core's one list of formats (core/data/formats.ts). package.json's menu `when` clauses
// spell the same pattern (a unit test compares them).
export {
  FORMATS,
  chooseSplit,
  datasetFilePattern,
  datasetSearchGlob,
  folderFiles,
  folderName,
  folderSplits,
  formatOfName,
  isTextFormat,
  siblingNames,
} from '../core/data/formats';
export { checkFileSize } from '../core/data/limits';
