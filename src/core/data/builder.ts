// What every parser fills: growable feature/label/row buffers, then one place that turns raw label
// strings into sorted classes, decides `pixel`, and checks there is something to memorize.
import { Dataset, DatasetError } from './dataset';
import { numberFromText } from './number';

/** A typed array that grows as values are pushed (by 1.5×, or to what reserve asks for). */
class GrowableArray<A extends Float32Array | Int32Array> {
  data: A;
  length = 0;
  constructor(private readonly make: (n: number) => A, capacity: number) {
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
  private readonly decoder = new TextDecoder('utf-8');

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
    const id = this.id(this.decoder.decode(b.subarray(start, end)));
    this.bytesOf[id] = b.slice(start, end);
    if (bucket) bucket.push(id);
    else this.byHash.set(h, [id]);
    return id;
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
}

/**
 * Classes: when every distinct label is a number, labels with the same value are one class (so "1",
 * "1.0" and "+1" agree), named by the number and sorted numerically; otherwise the label texts,
 * sorted by code point (locale-independent, so the order is the same on every machine).
 */
export function finishDataset(raw: RawRows): Dataset {
  const N = raw.labelIds.length;
  if (N === 0) throw new DatasetError(raw.file, 'no data rows found');
  const values = raw.labels.names.map(numberFromText);
  const numeric = values.every((v) => !Number.isNaN(v));
  const nameOfId = numeric ? values.map((v) => String(v)) : raw.labels.names;
  const classNames = [...new Set(nameOfId)];
  if (numeric) classNames.sort((a, b) => Number(a) - Number(b));
  else classNames.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (classNames.length < 2) {
    throw new DatasetError(
      raw.file,
      `only one class (${JSON.stringify(classNames[0])}) in label column ${raw.labelColumn}: memorization needs at least two classes; choose another label column`,
    );
  }
  const classOfId = Int32Array.from(nameOfId, (n) => classNames.indexOf(n));
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
  };
}
