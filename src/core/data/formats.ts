// The one list of dataset formats and the file names that mean them. Format detection, the
// workspace search, the menus (package.json's `when` clauses, compared with datasetFilePattern by a
// unit test) and the error for an unknown format are all derived from it.

export interface FileFormat {
  format: string;
  /** extensions without the dot, lower case; a name may also end in one of these followed by .gz */
  extensions: string[];
  /** other endings of the name that mean the format (IDX's `train-images-idx3-ubyte`) */
  endings?: string[];
  /** text formats name rows by line (1-based), so the panel can open the file there; binary ones by record */
  text?: boolean;
  /** the label is one of named columns (a header's names, a record's keys), so the user can pick another */
  namedColumns?: boolean;
}

export const FILE_FORMATS: readonly FileFormat[] = [
  { format: 'csv', extensions: ['csv'], text: true, namedColumns: true },
  { format: 'tsv', extensions: ['tsv', 'tab'], text: true, namedColumns: true },
  { format: 'json', extensions: ['json'], text: true, namedColumns: true },
  { format: 'jsonl', extensions: ['jsonl', 'ndjson'], text: true, namedColumns: true },
  { format: 'npy', extensions: ['npy'] },
  { format: 'npz', extensions: ['npz'] },
  { format: 'idx', extensions: ['idx', 'idx1', 'idx2', 'idx3', 'idx4'], endings: ['-ubyte'] },
  { format: 'libsvm', extensions: ['svm', 'libsvm', 'svmlight'], text: true },
  { format: 'parquet', extensions: ['parquet', 'pq'], namedColumns: true },
];

export const FORMATS = FILE_FORMATS.map((f) => f.format);

export const isTextFormat = (format: string) => FILE_FORMATS.some((f) => f.format === format && f.text);

export const hasNamedColumns = (format: string) => FILE_FORMATS.some((f) => f.format === format && f.namedColumns);

// '-' needs no escape outside a character class, and the manifest's copy reads better without one
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function namePattern(formats: readonly FileFormat[]): string {
  const extensions = formats.flatMap((f) => f.extensions).join('|');
  const endings = formats.flatMap((f) => f.endings ?? []).map(escape);
  return `(\\.(${extensions})${endings.map((e) => `|${e}`).join('')})`;
}

/** Which file names are datasets: any name of FILE_FORMATS, optionally gzipped. */
export const datasetFilePattern = new RegExp(`${namePattern(FILE_FORMATS)}(\\.gz)?$`, 'i');

/** The format a (gunzipped) file name says, or undefined. */
export function formatOfName(name: string): string | undefined {
  return FILE_FORMATS.find((f) => new RegExp(`${namePattern([f])}$`, 'i').test(name))?.format;
}

/** A workspace search glob for every dataset name (gzipped ones included). */
export const datasetSearchGlob = `**/{${[
  ...FILE_FORMATS.flatMap((f) => f.extensions.map((e) => `*.${e}`)),
  ...FILE_FORMATS.flatMap((f) => (f.endings ?? []).map((e) => `*${e}`)),
  '*.gz',
].join(',')}}`;
