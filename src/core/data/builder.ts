// What every parser fills: growable feature/label/row buffers, then one place that turns raw label
// strings into sorted classes, decides `pixel`, and checks there is something to memorize.
import { Dataset, DatasetError, LabelColumnError } from './dataset';
import { hasNamedColumns } from './formats';
import { ExactDecimal, exactDecimal, numberFromText } from './number';

/** A typed array that grows as values are pushed (by 1.5×, or to what reserve asks for). */
class GrowableArray<A extends Float32Array | Int32Array> {
  data: A;
  length = 0;
  constructor(
    private readonly make: (n: number) => A,
    capacity: number,
  ) {
    this.data = make(Math.max(16, capacity));
  }
  /** Makes room for `extra` more values and returns the (possibly new) backing array. */
  reserve(extra: number): A {
    const need = this.length + extra;
    if (need > this.data.length) {
      const next = this.make(Math.max(need, Math.ceil(this.data.length * 1.5)));
      next.set(this.data.subarray(0, this.length));
      this.data = next;
    }
    return this.data;
  }
  push(v: number): void {
    this.reserve(1)[this.length++] = v;
  }
  toArray(): A {
    return this.data.length === this.length ? this.data : (this.data.slice(0, this.length) as A);
  }
}

export class Float32Buffer extends GrowableArray<Float32Array> {
  constructor(capacity = 1024) {
    super((n) => new Float32Array(n), capacity);
  }
}

export class Int32Buffer extends GrowableArray<Int32Array> {
  constructor(capacity = 1024) {
    super((n) => new Int32Array(n), capacity);
  }
}

/** Labels as they appear in the file, interned to small ids in order of first appearance. */
export class LabelTable {
  readonly names: string[] = [];
  private readonly ids = new Map<string, number>();
  // Byte-keyed lookup so the text parsers can intern a label without decoding it on every row.
  private readonly byHash = new Map<number, number[]>();
  private readonly bytesOf: Uint8Array[] = [];

  id(label: string): number {
    let id = this.ids.get(label);
    if (id === undefined) {
      id = this.names.length;
      this.names.push(label);
      this.ids.set(label, id);
    }
    return id;
  }

  idOfBytes(b: Uint8Array, start: number, end: number): number {
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ b[i], 16777619);
    const bucket = this.byHash.get(h);
    if (bucket) {
      for (const id of bucket) if (sameBytes(this.bytesOf[id], b, start, end)) return id;
    }
    const id = this.id(decodeLabel(b.subarray(start, end)));
    this.bytesOf[id] = b.slice(start, end);
    if (bucket) bucket.push(id);
    else this.byHash.set(h, [id]);
    return id;
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A label's text from its bytes. Invalid UTF-8 is not replaced by U+FFFD (that would merge caf\xE9 and
 * caf\xE8 into one class): each byte of an invalid sequence is written \xNN, so labels that differ in
 * their bytes keep different names.
 */
export function decodeLabel(b: Uint8Array): string {
  try {
    return strictUtf8.decode(b);
  } catch {
    let out = '';
    for (let i = 0; i < b.length;) {
      const n = utf8SequenceLength(b, i);
      if (n > 0) {
        out += strictUtf8.decode(b.subarray(i, i + n));
        i += n;
      } else {
        out += `\\x${b[i].toString(16).toUpperCase().padStart(2, '0')}`;
        i++;
      }
    }
    return out;
  }
}

/** Length of the valid UTF-8 sequence starting at i, or 0. */
function utf8SequenceLength(b: Uint8Array, i: number): number {
  const c = b[i];
  const n = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
  if (n === 0 || i + n > b.length) return 0;
  for (let k = 1; k < n; k++) if ((b[i + k] & 0xc0) !== 0x80) return 0;
  try {
    strictUtf8.decode(b.subarray(i, i + n)); // overlong forms and surrogates
    return n;
  } catch {
    return 0;
  }
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array, start: number, end: number): boolean {
  if (!a || a.length !== end - start) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[start + i]) return false;
  return true;
}

export interface RawRows {
  file: string;
  format: string;
  d: number;
  featureNames: string[];
  labelColumn: string;
  X: Float32Array;
  /** per row, an id into labels.names */
  labelIds: Int32Array;
  labels: LabelTable;
  sourceRows: Int32Array;
  /** true where the format says the data are images (IDX unsigned bytes, image-shaped arrays) */
  pixel?: boolean;
  /** why the format says images, when it has more to say than its name (an image folder's colour and sizes) */
  pixelReason?: string;
  /** present when the row limit sampled the rows while reading */
  sampling?: { totalRows: number; keptRows: number; seed: string };
  /** delimited text: how the first row was read (column names or data), as a sentence */
  header?: string;
  /** a Hugging Face DatasetDict folder: which split was read, as a sentence */
  split?: string;
}

/**
 * Classes: when every distinct label is a number, labels with the same exact value are one class (so
 * "1", "1.0" and "+1" agree, while 9007199254740992 and 9007199254740993 stay two), named by the
 * number (its shortest text when that is exact, else the exact decimal) and sorted numerically;
 * otherwise the label texts, sorted by code point (locale-independent, so the order is the same on
 * every machine).
 */
export function classesOf(labels: string[]): { classNames: string[]; classOfId: Int32Array } {
  const values = labels.map(numberFromText);
  // hexadecimal and other texts Number() reads are compared by their double
  const exact = labels.map((t, i) => exactDecimal(t) ?? (Number.isNaN(values[i]) ? undefined : exactDecimal(String(values[i]))));
  const numeric = values.every((v, i) => !Number.isNaN(v) && exact[i] !== undefined);
  let nameOfId = labels;
  if (numeric) {
    nameOfId = labels.map((_, i) => {
      const short = String(values[i]);
      return exactDecimal(short)!.key === exact[i]!.key ? short : exact[i]!.text;
    });
  }
  const classNames = [...new Set(nameOfId)];
  if (numeric) {
    const keyOf = new Map(nameOfId.map((n, i) => [n, exact[i]!]));
    classNames.sort((a, b) => compareExact(keyOf.get(a)!, keyOf.get(b)!));
  } else {
    classNames.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }
  const index = new Map(classNames.map((n, c) => [n, c]));
  return { classNames, classOfId: Int32Array.from(nameOfId, (n) => index.get(n)!) };
}

/** Exact order: by the doubles, and where they tie (beyond double precision) by the decimals. */
function compareExact(a: ExactDecimal, b: ExactDecimal): number {
  if (a.value !== b.value) return a.value - b.value;
  if (a.key === b.key) return 0;
  const sign = a.neg ? -1 : 1;
  if (a.exp !== b.exp) return sign * (a.exp - b.exp);
  return sign * (a.digits < b.digits ? -1 : 1);
}

export function finishDataset(raw: RawRows): Dataset {
  const N = raw.labelIds.length;
  if (N === 0) throw new DatasetError(raw.file, 'no data rows found');
  if (raw.d === 0) throw new DatasetError(raw.file, 'no features: expected at least one feature besides the label');
  const { classNames, classOfId } = classesOf(raw.labels.names);
  if (classNames.length < 2) {
    throw new LabelColumnError(
      raw.file,
      `only one class (${JSON.stringify(classNames[0])}) in label column ${raw.labelColumn}: memorization needs at least two classes; choose another label column`,
      hasNamedColumns(raw.format) ? [...raw.featureNames, raw.labelColumn] : [],
    );
  }
  const y = new Int32Array(N);
  for (let i = 0; i < N; i++) y[i] = classOfId[raw.labelIds[i]];
  return {
    file: raw.file,
    format: raw.format,
    N,
    d: raw.d,
    X: raw.X,
    y,
    classNames,
    featureNames: raw.featureNames,
    labelColumn: raw.labelColumn,
    sourceRows: raw.sourceRows,
    // integer values within 0..255 are no evidence of pixels (ages, counts, digits' 0..16 levels):
    // only the format (or the user, see data/images.ts) makes data images
    pixel: raw.pixel ?? false,
    ...(raw.pixelReason ? { pixelReason: raw.pixelReason } : {}),
    ...(raw.split ? { split: raw.split } : {}),
    ...(raw.sampling ? { sampling: raw.sampling } : {}),
    ...(raw.header ? { header: raw.header } : {}),
  };
}
