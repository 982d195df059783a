// Dataset loading: bytes in (the host reads the file and its siblings), a Dataset out. No file system
// here, so the same code serves the worker, the CLI and the tests.
import { defaultSettings, type AnalysisSettings } from '../report';
import { RawRows, finishDataset } from './builder';
import { DatasetSource, LoadEnv, LoadOptions, ParseContext } from './context';
import { detectDelimiter, parseCsv } from './csv';
import { Dataset, DatasetError } from './dataset';
import { isGzip } from './gzip';
import { parseIdx } from './idx';
import { parseJson, parseJsonl } from './json';
import { parseLibsvm } from './libsvm';
import { parseNpy, parseNpz } from './npy';
import { splitPath } from './paths';
import { FORMATS, FOLDER_FORMATS, chooseSplit, folderFormatOf, folderSplits, formatOfName, isFolderName, siblingNames, stripGz } from './formats';
import { ARROW_MAGIC, parseArrow } from './arrow';
import { hasHdf5Signature, loadHdf5Reader, parseHdf5 } from './hdf5';
import { parseImageFolder } from './imageFolder';
import { PARQUET_MAGIC, parseParquet } from './parquet';
import { RowSampler } from './sample';
import { DataLimits, checkFileSize, formatBytes, limitError } from './limits';
import { InflateLimitError } from '../env';

export type { DatasetSource, LoadEnv, LoadOptions } from './context';
export type { Dataset } from './dataset';
export { DatasetError } from './dataset';
export { normalize } from './normalize';
export { siblingNames } from './formats';

/**
 * The format by name (formats.ts; a trailing .gz is looked through), else by content: Parquet magic, HDF5 signature, Arrow IPC magic or stream marker, npy magic, zip magic
 * (npz), IDX magic, gzip ('gzip': unpack, then ask again), then text: JSON, JSON lines, LIBSVM lines,
 * else delimited text (tsv when the detected delimiter is a tab). 'unknown' for binary data it can't place.
 */
export function detectFormat(name: string, bytes: Uint8Array): string {
  const plain = stripGz(splitPath(name).base);
  const byName = formatOfName(plain);
  if (byName) return byName;
  if (startsWith(bytes, PARQUET_MAGIC)) return 'parquet';
  if (hasHdf5Signature(bytes)) return 'hdf5';
  // an IPC file, or a stream: its first message's continuation marker and a positive length
  if (
    startsWith(bytes, ARROW_MAGIC) ||
    (startsWith(bytes, [0xff, 0xff, 0xff, 0xff]) && bytes.length >= 8 && bytes[7] < 0x80 && bytes.subarray(4, 8).some((b) => b))
  )
    return 'arrow';
  if (startsWith(bytes, [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59])) return 'npy';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) return 'npz';
  if (isGzip(bytes)) return 'gzip';
  if (looksLikeIdx(bytes)) return 'idx';
  return sniffText(bytes);
}

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((m, i) => bytes[i] === m);
}

/** IDX: 0, 0, a known type code, 1..4 dimensions, and a size that matches the header. */
function looksLikeIdx(b: Uint8Array): boolean {
  if (b.length < 8 || b[0] !== 0 || b[1] !== 0 || ![8, 9, 11, 12, 13, 14].includes(b[2])) return false;
  const dims = b[3];
  if (dims < 1 || dims > 4 || b.length < 4 + 4 * dims) return false;
  const size = { 8: 1, 9: 1, 11: 2, 12: 4, 13: 4, 14: 8 }[b[2]] ?? 1;
  let count = 1;
  for (let k = 0; k < dims; k++) count *= new DataView(b.buffer, b.byteOffset).getUint32(4 + 4 * k);
  return b.length === 4 + 4 * dims + count * size;
}

function sniffText(b: Uint8Array): string {
  const head = new TextDecoder().decode(b.subarray(0, 64 << 10)).replace(/^\uFEFF/, '');
  // control characters other than tab, newlines and form feed: binary, not text
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x08\x0e-\x1f]/.test(head)) return 'unknown';
  const lines = head
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  const first = lines[0] ?? '';
  if (first.startsWith('[')) return 'json';
  if (first.startsWith('{')) {
    try {
      JSON.parse(first);
      return 'jsonl';
    } catch {
      return 'json';
    }
  }
  if (/^[+-]?[\w.]+(\s+(qid:\S+|\d+:\S+))+\s*(#.*)?$/.test(first)) return 'libsvm';
  return detectDelimiter(b, b[0] === 0xef ? 3 : 0, false) === 9 ? 'tsv' : 'csv';
}

/** The first sibling of `name` that the host passed in, with its name. */
function findSibling(source: DatasetSource): { name: string; bytes: Uint8Array } | undefined {
  const siblings = source.siblings ?? {};
  for (const candidate of siblingNames(source.name)) {
    const bytes = siblings[candidate] ?? siblings[splitPath(candidate).base];
    if (bytes) return { name: candidate, bytes };
  }
  return undefined;
}

/**
 * What must be awaited before loadDataset can read these sources (which stays synchronous): the HDF5
 * reader's WebAssembly, compiled only when a source is HDF5 by name or signature.
 */
export async function prepareLoad(...sources: (DatasetSource | undefined)[]): Promise<void> {
  const hdf5 = (s: DatasetSource) => formatOfName(stripGz(splitPath(s.name).base)) === 'hdf5' || hasHdf5Signature(s.bytes);
  if (sources.some((s) => s && hdf5(s))) await loadHdf5Reader();
}

/** The load options an analysis's settings give (every file of one analysis is read with the same). */
export function loadOptionsOf(settings: AnalysisSettings): LoadOptions {
  const { label, rowLimit, seed, maxBytes, maxFeatures, imageColor } = settings;
  return { label, rowLimit, seed, maxBytes, maxFeatures, imageColor };
}

/**
 * Parses `source` (gzip is unpacked first, up to options.maxBytes) into a Dataset: classes sorted,
 * `pixel` decided, and at most options.rowLimit rows kept by seeded stratified sampling while reading
 * (then `sampling` says so): a file with more rows is read twice, once counting labels and once
 * keeping the planned rows. Throws DatasetError for bad input or a limit hit, CancelledError when
 * env.cancel is set.
 */
export function loadDataset(source: DatasetSource, options: LoadOptions, env: LoadEnv): Dataset {
  const file = source.name;
  const limits: DataLimits = {
    maxBytes: options.maxBytes ?? defaultSettings.maxBytes,
    maxFeatures: options.maxFeatures ?? defaultSettings.maxFeatures,
  };
  const limit = options.rowLimit ?? Infinity;
  if (!(limit === Infinity || (Number.isInteger(limit) && limit >= 1))) throw new DatasetError(file, `row limit must be a positive integer, found ${limit}`);
  if (isFolderName(file)) return loadFolder(source, options, env, limits, limit);
  let bytes = source.bytes;
  let name = file;
  checkFileSize(file, bytes.length, limits.maxBytes);
  if (isGzip(bytes)) {
    bytes = gunzip(env, bytes, file, limits);
    name = stripGz(file);
  }
  const format = detectFormat(name, bytes);
  return sampled(file, limit, options, env, (sampler) => parseAs(format, bytes, { file, options, env, limits, sampler }, source));
}

/** Reads with `parse`, and again with the sampling plan when there are more rows than the limit. */
function sampled(file: string, limit: number, options: LoadOptions, env: LoadEnv, parse: (sampler: RowSampler) => RawRows): Dataset {
  const seed = options.seed ?? defaultSettings.seed;
  const first = new RowSampler(file, limit);
  let raw = parse(first);
  if (!first.complete) {
    raw = parse(first.secondPass(raw.labels.names, seed));
    raw.sampling = { totalRows: first.total, keptRows: raw.labelIds.length, seed };
  }
  env.progress?.('parse', 1);
  return finishDataset(raw);
}

/** A folder dataset (formats.ts, FOLDER_FORMATS): its files are the source's siblings, by relative path. */
function loadFolder(source: DatasetSource, options: LoadOptions, env: LoadEnv, limits: DataLimits, limit: number): Dataset {
  const file = source.name;
  const files = source.siblings ?? {};
  const total = Object.values(files).reduce((n, b) => n + b.length, 0);
  checkFileSize(file, total, limits.maxBytes);
  const format = folderFormatOf(Object.keys(files))?.format;
  const split = datasetDictSplit(file, files);
  return sampled(file, limit, options, env, (sampler) => {
    const ctx = { file, options, env, limits, sampler };
    if (split) return { ...parseArrow(huggingFaceShards(`${file}${split.name}/`, split.files), ctx, 'huggingface'), split: split.sentence };
    if (format === 'huggingface') return parseArrow(huggingFaceShards(file, files), ctx, 'huggingface');
    if (format === 'imagefolder') return parseImageFolder(files, options.imageColor ?? defaultSettings.imageColor, ctx);
    throw new DatasetError(
      file,
      `not a dataset folder: expected ${[...new Set(FOLDER_FORMATS.map((f) => f.format))].join(' or ')} (a Hugging Face save_to_disk folder with state.json and data-*.arrow, a DatasetDict's with dataset_dict.json, or class subfolders of .png/.jpg images)`,
    );
  });
}

/**
 * A DatasetDict folder's split: the one whose files the host passed (folderFiles reads one), its files
 * by path within it, and the report's sentence; undefined for other folders.
 */
function datasetDictSplit(
  folder: string,
  files: Record<string, Uint8Array>,
): { name: string; files: Record<string, Uint8Array>; sentence: string } | undefined {
  const name = chooseSplit(folderSplits(Object.keys(files)));
  if (name === undefined) return undefined;
  let listed: unknown;
  try {
    listed = JSON.parse(new TextDecoder().decode(files['dataset_dict.json'])).splits;
  } catch (e) {
    throw new DatasetError(`${folder}dataset_dict.json`, `not valid JSON (${(e as Error).message})`);
  }
  const splits = Array.isArray(listed) && listed.every((s) => typeof s === 'string') ? listed : [name];
  const inner = Object.fromEntries(Object.entries(files).flatMap(([p, b]) => (p.startsWith(`${name}/`) ? [[p.slice(name.length + 1), b]] : [])));
  const others = splits.filter((s) => s !== name);
  const sentence =
    `the ${name} split of a DatasetDict (dataset_dict.json)` +
    (others.length ? `; its other splits (${others.join(', ')}) are not read: choose one with --split or the folder's quick pick` : '');
  return { name, files: inner, sentence };
}

/** A save_to_disk folder's shards in the order its state.json lists them. */
function huggingFaceShards(folder: string, files: Record<string, Uint8Array>): { file: string; bytes: Uint8Array }[] {
  let state: { _data_files?: { filename?: unknown }[] };
  try {
    state = JSON.parse(new TextDecoder().decode(files['state.json']));
  } catch (e) {
    throw new DatasetError(`${folder}state.json`, `not valid JSON (${(e as Error).message})`);
  }
  const names = Array.isArray(state?._data_files) ? state._data_files.map((f) => f?.filename) : [];
  if (names.length === 0 || !names.every((n): n is string => typeof n === 'string')) {
    throw new DatasetError(`${folder}state.json`, 'expected "_data_files": a list of {"filename": "data-….arrow"}, as datasets\' save_to_disk writes');
  }
  return names.map((n) => {
    if (!files[n]) throw new DatasetError(`${folder}${n}`, 'listed in state.json but not in the folder (an incomplete copy?)');
    return { file: `${folder}${n}`, bytes: files[n] };
  });
}

function parseAs(format: string, bytes: Uint8Array, ctx: ParseContext, source: DatasetSource): RawRows {
  switch (format) {
    case 'csv':
    case 'tsv':
      return parseCsv(bytes, ctx, format === 'tsv');
    case 'json':
      return parseJson(bytes, ctx);
    case 'jsonl':
      return parseJsonl(bytes, ctx);
    case 'libsvm':
      return parseLibsvm(bytes, ctx);
    case 'parquet':
      return parseParquet(bytes, ctx);
    case 'arrow':
      return parseArrow([{ file: ctx.file, bytes }], ctx);
    case 'hdf5':
      return parseHdf5(bytes, ctx);
    case 'npy':
    case 'npz':
    case 'idx': {
      const sibling = findSibling(source);
      const partner = sibling && {
        name: sibling.name,
        bytes: isGzip(sibling.bytes) ? gunzip(ctx.env, sibling.bytes, sibling.name, ctx.limits) : sibling.bytes,
      };
      if (format === 'npy') return parseNpy(bytes, partner, ctx);
      if (format === 'npz') return parseNpz(bytes, ctx);
      return parseIdx(bytes, partner, siblingNames(source.name), ctx);
    }
    default:
      throw new DatasetError(
        ctx.file,
        `unrecognised format: expected one of ${FORMATS.join(', ')} (by extension, or content such as a header row of column names)`,
      );
  }
}

/** gzip data unpacked up to the byte limit; a damaged stream is a DatasetError naming the file. */
export function gunzip(env: LoadEnv, bytes: Uint8Array, file: string, limits: DataLimits): Uint8Array {
  try {
    return env.inflate.gunzip(bytes, limits.maxBytes);
  } catch (e) {
    if (e instanceof InflateLimitError) {
      throw limitError(file, 'maxBytes', `the gzip data unpack to more than ${formatBytes(limits.maxBytes)}, the limit (stopped there)`);
    }
    throw new DatasetError(file, `damaged gzip data (${(e as Error).message}): expected a complete .gz file`);
  }
}
