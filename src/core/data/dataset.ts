// The parsed dataset every parser produces and every analysis consumes.

export interface Dataset {
  /** file name as shown to the user (basename or workspace-relative path) */
  file: string;
  /** one of FORMATS (formats.ts): csv, tsv, json, jsonl, npy, npz, idx, libsvm, parquet, arrow; or a folder's: huggingface, imagefolder */
  format: string;
  N: number;
  d: number;
  /** row-major N × d feature values as read (not normalised) */
  X: Float32Array;
  /** class index of each point into classNames */
  y: Int32Array;
  /** distinct labels, sorted (numerically when all numeric) */
  classNames: string[];
  featureNames: string[];
  /** the label column's name, or its index as a string */
  labelColumn: string;
  /** where each point comes from: the 1-based line of a text file, the 0-based record of a binary one */
  sourceRows: Int32Array;
  /** the format says these are images: IDX unsigned bytes, or an array shaped (N, h, w) or (N, h, w, c) */
  pixel: boolean;
  /** the report's images line when the format has more to say (an image folder's colour, size and resizing) */
  pixelReason?: string;
  /** present when the row limit sampled the data */
  sampling?: { totalRows: number; keptRows: number; seed: string };
  /** delimited text: how the first row was read (column names or data), as a sentence */
  header?: string;
  /** a Hugging Face DatasetDict folder: which split was read, as a sentence */
  split?: string;
}

/** A bad input, located: every message names the file, and the row and column when they exist. */
export class DatasetError extends Error {
  constructor(
    readonly file: string,
    readonly detail: string,
    readonly row?: number,
    readonly column?: string,
  ) {
    super(`${file}` + (row !== undefined ? `, row ${row}` : '') + (column !== undefined ? `, column ${column}` : '') + `: ${detail}`);
    this.name = 'DatasetError';
  }
}

/**
 * The label column the rule (or the user) chose cannot hold the labels: the user picks one of
 * `candidates`, which the parser already read (a header's names, a record's keys or column indices).
 */
export class LabelColumnError extends DatasetError {
  constructor(
    file: string,
    detail: string,
    readonly candidates: string[],
  ) {
    super(file, detail);
    this.name = 'LabelColumnError';
  }
}

/** Binary mode met data with more than two classes: the user picks two of `classes`. */
export class ClassChoiceError extends DatasetError {
  constructor(
    file: string,
    detail: string,
    readonly classes: string[],
  ) {
    super(file, detail);
    this.name = 'ClassChoiceError';
  }
}
