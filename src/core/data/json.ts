// JSON and JSON lines. Accepted shapes:
// - rows, as a JSON array or one per line: objects whose number-valued keys are the features (keys
//   with other values, such as an id string, are ignored) plus a label key; objects
//   {"features": [...], "label": ...}; or arrays [f1, ..., fd, label] (label by index, default last);
// - columns: {"X": [[...], ...], "y": [...]} (also x/data/features with y/Y/labels/label/target).
// Rows are named by the 1-based line where the row starts.
// Missing values: null (or an absent key) is a missing value in every row, the first included, and a
// missing value is an error naming the row and the column; a key is a feature when its value in the
// first row is a number or null (other keys, such as an id string, are ignored).
import { LabelTable, RawRows } from './builder';
import { DEFAULT_LABEL_NAMES, resolveLabelColumn } from './columns';
import { ParseContext, Ticker } from './context';
import { DatasetError, LabelColumnError } from './dataset';
import { JsonSyntaxError, JsonValue, LongNumber, parseJsonText } from './jsonText';
import { checkMatrix } from './limits';

type Json = JsonValue | undefined;

export function parseJson(bytes: Uint8Array, ctx: ParseContext): RawRows {
  let text: string;
  try {
    text = new TextDecoder().decode(bytes);
  } catch {
    throw new DatasetError(ctx.file, `${bytes.length} bytes are too many for one JSON text: write one row per line (JSON lines, .jsonl) instead`);
  }
  const doc = parseText(text, ctx.file, 0);
  if (Array.isArray(doc)) {
    const lines = arrayElementLines(bytes);
    return rowsFromRecords(doc, (i) => lines[i] ?? i + 1, 'json', ctx);
  }
  if (doc !== null && typeof doc === 'object') return rowsFromColumns(doc as Record<string, Json>, bytes, ctx);
  throw new DatasetError(ctx.file, 'expected an array of rows or an object {"X": [[...]], "y": [...]}');
}

export function parseJsonl(bytes: Uint8Array, ctx: ParseContext): RawRows {
  // Line by line from the bytes: a large file is never one string.
  const decoder = new TextDecoder();
  const records: Json[] = [];
  const lineOf: number[] = [];
  const ticker = new Ticker(bytes.length, ctx.env);
  let line = 0;
  for (let p = 0; p < bytes.length;) {
    if (p >= ticker.next) ticker.tick(p);
    let end = bytes.indexOf(10, p);
    if (end < 0) end = bytes.length;
    line++;
    const content = decoder.decode(bytes.subarray(p, end)).trim();
    p = end + 1;
    if (content === '' || content.startsWith('//')) continue;
    records.push(parseText(content, ctx.file, line));
    lineOf.push(line);
  }
  return rowsFromRecords(records, (i) => lineOf[i], 'jsonl', ctx);
}

/** `line` > 0: one line of a JSON-lines file; 0: a whole document, whose error line is its row. */
function parseText(text: string, file: string, line: number): Json {
  try {
    return parseJsonText(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    if (line > 0) throw new DatasetError(file, `invalid JSON at column ${e.column} (${e.detail}): expected one JSON value per line`, line);
    throw new DatasetError(file, `invalid JSON at line ${e.line}, column ${e.column} (${e.detail})`, e.line);
  }
}

function rowsFromRecords(records: Json[], rowOf: (i: number) => number, format: string, ctx: ParseContext): RawRows {
  const file = ctx.file;
  if (records.length === 0) throw new DatasetError(file, 'no rows: expected at least one row');
  const first = records[0];
  const labels = new LabelTable();
  let read: (record: Json, row: number) => number[];
  let labelOf: (record: Json) => Json = (record) => (isObject(record) ? record[labelColumn] : undefined);
  let featureNames: string[];
  let labelColumn: string;

  if (Array.isArray(first)) {
    const width = first.length;
    const label = resolveLabelColumn(file, width, undefined, ctx.options.label);
    featureNames = Array.from({ length: width }, (_, j) => String(j)).filter((_, j) => j !== label);
    labelColumn = String(label);
    read = (record, row) => {
      if (!Array.isArray(record) || record.length !== width) throw new DatasetError(file, `expected an array of ${width} values like the first row`, row);
      return record.flatMap((v, j) => (j === label ? [] : [numberAt(v, file, row, String(j))]));
    };
    labelOf = (record) => (record as Json[])[label];
  } else if (isObject(first) && Array.isArray(first.features)) {
    const width = first.features.length;
    labelColumn = labelKey(
      Object.keys(first).filter((k) => k !== 'features'),
      ctx,
    );
    featureNames = Array.from({ length: width }, (_, j) => String(j));
    read = (record, row) => {
      const features = isObject(record) ? record.features : undefined;
      if (!Array.isArray(features) || features.length !== width)
        throw new DatasetError(file, `expected "features" as an array of ${width} numbers like the first row`, row);
      return features.map((v, j) => numberAt(v, file, row, `features[${j}]`));
    };
  } else if (isObject(first)) {
    labelColumn = labelKey(Object.keys(first), ctx);
    featureNames = Object.keys(first).filter((k) => k !== labelColumn && (isNumber(first[k]) || first[k] === null));
    read = (record, row) => {
      if (!isObject(record)) throw new DatasetError(file, 'expected an object like the first row', row);
      return featureNames.map((k) => numberAt(record[k], file, row, k));
    };
  } else {
    throw new DatasetError(file, `expected rows that are objects or arrays, found ${JSON.stringify(first)}`, rowOf(0));
  }

  const d = featureNames.length;
  if (d === 0) throw new DatasetError(file, 'no numeric features: expected number values besides the label', rowOf(0));
  const { sampler } = ctx;
  const capacity = Math.min(records.length, sampler.limit);
  checkMatrix(file, capacity, d, ctx.limits);
  const X = new Float32Array(capacity * d);
  const labelIds: number[] = [];
  const sourceRows: number[] = [];
  records.forEach((record, i) => {
    const row = rowOf(i);
    const values = read(record, row);
    const id = labelId(labels, labelOf(record), file, row, labelColumn);
    if (sampler.keep(id, row)) {
      X.set(values, labelIds.length * d);
      labelIds.push(id);
      sourceRows.push(row);
    }
  });
  return {
    file,
    format,
    d,
    featureNames,
    labelColumn,
    X: X.subarray(0, labelIds.length * d),
    labels,
    labelIds: Int32Array.from(labelIds),
    sourceRows: Int32Array.from(sourceRows),
  };
}

function labelKey(keys: string[], ctx: ParseContext): string {
  const option = ctx.options.label;
  if (option === undefined) {
    const found = DEFAULT_LABEL_NAMES.map((w) => keys.find((k) => k.toLowerCase() === w)).find((k) => k !== undefined);
    if (found) return found;
    throw new LabelColumnError(ctx.file, `no label key: expected one of ${DEFAULT_LABEL_NAMES.join(', ')}, or choose one of ${keys.join(', ')}`, keys);
  }
  const name = String(option);
  const found = keys.find((k) => k === name) ?? keys.find((k) => k.toLowerCase() === name.toLowerCase());
  if (found === undefined) throw new LabelColumnError(ctx.file, `no label key ${JSON.stringify(name)}: the keys are ${keys.join(', ')}`, keys);
  return found;
}

const X_KEYS = ['X', 'x', 'data', 'features'];
const Y_KEYS = ['y', 'Y', 'labels', 'label', 'target', 'targets'];

function rowsFromColumns(doc: Record<string, Json>, bytes: Uint8Array, ctx: ParseContext): RawRows {
  const file = ctx.file;
  const xKey = ctx.options.arrays?.x ?? X_KEYS.find((k) => Array.isArray(doc[k]));
  const yKey = ctx.options.arrays?.y ?? (typeof ctx.options.label === 'string' ? ctx.options.label : undefined) ?? Y_KEYS.find((k) => Array.isArray(doc[k]));
  const X = xKey === undefined ? undefined : doc[xKey];
  const y = yKey === undefined ? undefined : doc[yKey];
  if (!Array.isArray(X) || !Array.isArray(y)) {
    throw new DatasetError(file, `expected {"X": [[...], ...], "y": [...]} (or data/labels), found keys ${Object.keys(doc).join(', ')}`);
  }
  if (X.length !== y.length) throw new DatasetError(file, `expected as many labels as rows: ${xKey} has ${X.length} rows, ${yKey} has ${y.length} labels`);
  const lines = arrayElementLines(bytes, xKey);
  const records = X.map((row, i) => (Array.isArray(row) ? [...row, y[i]] : row));
  return rowsFromRecords(records, (i) => lines[i] ?? i + 1, 'json', { ...ctx, options: { ...ctx.options, label: undefined } });
}

const isNumber = (v: Json) => typeof v === 'number' || v instanceof LongNumber;

function numberAt(raw: Json, file: string, row: number, column: string): number {
  const v = raw instanceof LongNumber ? raw.value : raw;
  if (typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= 3.4028234663852886e38) return v;
  if (v === undefined || v === null) throw new DatasetError(file, `missing value${v === null ? ' (null)' : ''}: expected a number`, row, column);
  throw new DatasetError(
    file,
    `expected a number${typeof v === 'number' ? ' within ±3.4e38 (float32)' : ''}, found ${typeof v === 'number' ? v : JSON.stringify(v)}`,
    row,
    column,
  );
}

/** Labels keep their text: a long number its digits, so integers beyond 2^53 stay apart. */
function labelId(labels: LabelTable, v: Json, file: string, row: number, column: string): number {
  if (v instanceof LongNumber) return labels.id(v.text);
  if ((typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && v.trim() !== '') || typeof v === 'boolean') {
    return labels.id(String(v).trim());
  }
  throw new DatasetError(file, `expected a label (a string or a number), found ${JSON.stringify(v) ?? 'nothing'}`, row, column);
}

const isObject = (v: Json): v is { [key: string]: JsonValue } => v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof LongNumber);

/**
 * The 1-based line where each element of an array starts: the top-level array, or with `key` the
 * array under that key of the top-level object. A byte scan, so rows keep their place in the file.
 */
export function arrayElementLines(b: Uint8Array, key?: string): number[] {
  const lines: number[] = [];
  const targetDepth = key === undefined ? 1 : 2;
  let line = 1;
  let depth = 0;
  let inTarget = false;
  let expectElement = false;
  let lastKey = '';
  const element = () => {
    if (inTarget && depth === targetDepth && expectElement) {
      lines.push(line);
      expectElement = false;
    }
  };
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    if (c === 10) line++;
    else if (c === 32 || c === 9 || c === 13 || c === 58 /* : */) continue;
    else if (c === 34) {
      element();
      const start = i + 1;
      for (i++; i < b.length && b[i] !== 34; i++) if (b[i] === 92) i++;
      if (depth === 1 && key !== undefined) lastKey = new TextDecoder().decode(b.subarray(start, i));
    } else if (c === 91 || c === 123) {
      element();
      depth++;
      if (c === 91 && !inTarget && depth === targetDepth && (key === undefined || lastKey === key)) {
        inTarget = true;
        expectElement = true;
      }
    } else if (c === 93 || c === 125) {
      if (inTarget && depth === targetDepth) break;
      depth--;
    } else if (c === 44) {
      if (inTarget && depth === targetDepth) expectElement = true;
    } else {
      element();
    }
  }
  return lines;
}
