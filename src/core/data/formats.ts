// The one list of dataset formats and the file names that mean them. Format detection, the
// workspace search, the menus (package.json's `when` clauses, compared with datasetFilePattern by a
// unit test) and the error for an unknown format are all derived from it; so are the sibling files
// a format needs (the labels .npy beside the features, IDX's partner), which the host reads with it.
import { DatasetError } from './dataset';
import { splitPath } from './paths';

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
  { format: 'arrow', extensions: ['arrow', 'feather', 'arrows'], namedColumns: true },
  { format: 'hdf5', extensions: ['h5', 'hdf5'] },
];

/**
 * Datasets that are folders, opened from the explorer's folder menu. The host lists the folder's files
 * two levels deep (paths relative to it, '/'-separated), reads those `folderFiles` keeps, and passes
 * them as the source's `siblings` under those paths, with empty `bytes` and the folder's name ending
 * in '/' (folderName), which is how the loader knows a folder.
 * - huggingface: `datasets`' save_to_disk: state.json, dataset_info.json, data-*.arrow (IPC streams);
 *   a DatasetDict's: dataset_dict.json and a save_to_disk folder per split, of which one is read
 * - imagefolder: root/<class>/<image>.png|jpg|jpeg, the class the subfolder's name
 */
export interface FolderFormat {
  format: string;
  /** as FileFormat's: the label is one of named columns */
  namedColumns?: boolean;
  /** the files of the folder this format reads */
  reads: RegExp;
  /** the folder is of this format when one of its files matches */
  marker: RegExp;
}

export const FOLDER_FORMATS: readonly FolderFormat[] = [
  { format: 'huggingface', namedColumns: true, reads: /^(state\.json|dataset_info\.json|data-[^/]*\.arrow)$/, marker: /^state\.json$/ },
  // DatasetDict.save_to_disk: dataset_dict.json and one save_to_disk folder per split; one split is read (folderFiles)
  {
    format: 'huggingface',
    namedColumns: true,
    reads: /^(dataset_dict\.json|[^/]+\/(state\.json|dataset_info\.json|data-[^/]*\.arrow))$/,
    marker: /^dataset_dict\.json$/,
  },
  { format: 'imagefolder', reads: /^[^/]+\/[^/]+\.(png|jpe?g)$/i, marker: /^[^/]+\/[^/]+\.(png|jpe?g)$/i },
];

export const folderName = (base: string) => `${base}/`;
export const isFolderName = (name: string) => name.endsWith('/');

/** The folder format its files (relative paths) say, or undefined. */
export const folderFormatOf = (files: readonly string[]): FolderFormat | undefined => FOLDER_FORMATS.find((f) => files.some((p) => f.marker.test(p)));

/** A Hugging Face DatasetDict folder's splits (its subfolders holding a state.json), sorted; [] for other folders. */
export function folderSplits(files: readonly string[]): string[] {
  if (!files.includes('dataset_dict.json')) return [];
  return files.flatMap((p) => /^([^/]+)\/state\.json$/.exec(p)?.[1] ?? []).sort();
}

/** The split to read: the one asked for, else `train`, else the first; undefined when `wanted` is not a split. */
export const chooseSplit = (splits: readonly string[], wanted?: string): string | undefined =>
  wanted !== undefined ? splits.find((s) => s === wanted) : splits.includes('train') ? 'train' : splits[0];

/**
 * The files of a folder dataset the host must read (none when the folder is no dataset); of a
 * DatasetDict folder, those of one split (chooseSplit's), so the other splits are never read. Throws
 * when `split` is not one of the folder's.
 */
export function folderFiles(files: readonly string[], split?: string): string[] {
  const format = folderFormatOf(files);
  if (!format) return [];
  const splits = folderSplits(files);
  if (splits.length === 0 && split !== undefined)
    throw new DatasetError('dataset_dict.json', `a split was asked for (${split}), but the folder has no dataset_dict.json`);
  if (splits.length === 0) return files.filter((p) => format.reads.test(p));
  const chosen = chooseSplit(splits, split);
  if (chosen === undefined)
    throw new DatasetError('dataset_dict.json', `no split ${JSON.stringify(split)} in the dataset_dict.json folder: its splits are ${splits.join(', ')}`);
  return files.filter((p) => format.reads.test(p) && (p === 'dataset_dict.json' || p.startsWith(`${chosen}/`)));
}

export const FORMATS = FILE_FORMATS.map((f) => f.format);

export const isTextFormat = (format: string) => FILE_FORMATS.some((f) => f.format === format && f.text);

export const hasNamedColumns = (format: string) => [...FILE_FORMATS, ...FOLDER_FORMATS].some((f) => f.format === format && f.namedColumns);

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

export const stripGz = (name: string) => name.replace(/\.gz$/i, '');

/**
 * The files beside `name` that loading it may need, in order of preference, as paths built like
 * `name`: the host reads those that exist and passes them as `siblings` under these names.
 * - IDX: the partner file: `images`↔`labels` and `idx3`↔`idx1` swapped, with and without `.gz`.
 * - NPY features `S.npy`: labels in
 *   `…X.npy`/`…x.npy` (the stem is X, or ends in _X, -X or .X) → the same stem with `y` or `Y`;
 *   `…features.npy`/`…data.npy`/`…inputs.npy` → that word replaced by labels, label, targets, target, y;
 *   any other `S.npy` → S_labels, S_label, S_y, S_targets, S_target, S-labels, S-y (each `.npy`).
 * Other formats are self-contained: [].
 */
export function siblingNames(name: string): string[] {
  const { dir, base } = splitPath(name);
  const gz = /\.gz$/i.test(base);
  const plain = stripGz(base);
  if (formatOfName(plain) === 'idx') {
    const partner = /images/i.test(plain)
      ? plain.replace(/images/i, 'labels').replace(/idx3/i, 'idx1')
      : plain.replace(/labels/i, 'images').replace(/idx1/i, 'idx3');
    if (partner === plain) return [];
    return (gz ? [partner + '.gz', partner] : [partner, partner + '.gz']).map((b) => dir + b);
  }
  const npy = /^(.*)\.npy$/i.exec(plain);
  if (!npy) return [];
  const stem = npy[1];
  let stems: string[];
  const xMatch = /^(.*[_.-])?[Xx]$/.exec(stem);
  const wordMatch = /^(.*[_.-])?(features|data|inputs)$/i.exec(stem);
  if (xMatch) {
    stems = [`${xMatch[1] ?? ''}y`, `${xMatch[1] ?? ''}Y`];
  } else if (wordMatch) {
    stems = ['labels', 'label', 'targets', 'target', 'y'].map((w) => (wordMatch[1] ?? '') + w);
  } else {
    stems = ['_labels', '_label', '_y', '_targets', '_target', '-labels', '-y'].map((s) => stem + s);
  }
  return stems.map((s) => `${dir}${s}.npy`);
}
