// LIBSVM / svmlight: `label index:value index:value ... # comment` per line, sparse, made dense with
// d = the largest index. Indices are 1-based; a file that uses index 0 anywhere is read as 0-based
// (as scikit-learn's zero_based='auto' does). `qid:` fields are ignored; blank and # lines skipped.
import { Float32Buffer, Int32Buffer, LabelTable, RawRows } from './builder';
import { ParseContext, Ticker } from './context';
import { DatasetError } from './dataset';
import { DecimalScanner } from './number';

const LF = 10, CR = 13, SPACE = 32, TAB = 9, HASH = 35, COLON = 58;
const isSpace = (c: number) => c === SPACE || c === TAB;

export function parseLibsvm(bytes: Uint8Array, ctx: ParseContext): RawRows {
  const file = ctx.file;
  const b = bytes;
  const n = b.length;
  const ticker = new Ticker(n, ctx.env);
  const labels = new LabelTable();
  const scan = new DecimalScanner();
  const labelIds = new Int32Buffer();
  const sourceRows = new Int32Buffer();
  // (row, index, value) triplets, made dense once the largest index is known
  const tripletRows = new Int32Buffer();
  const tripletIndices = new Int32Buffer();
  const values = new Float32Buffer();
  let minIndex = Infinity;
  let maxIndex = -1;
  let line = 0;
  for (let p = n > 2 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0; p < n; ) {
    if (p >= ticker.next) ticker.tick(p);
    line++;
    let end = b.indexOf(LF, p);
    if (end < 0) end = n;
    const next = end + 1;
    if (end > p && b[end - 1] === CR) end--;
    const hash = b.subarray(p, end).indexOf(HASH);
    if (hash >= 0) end = p + hash;
    while (p < end && isSpace(b[p])) p++;
    if (p === end) {
      p = next;
      continue;
    }
    const row = labelIds.length;
    const labelStart = p;
    while (p < end && !isSpace(b[p])) p++;
    if (b.subarray(labelStart, p).includes(COLON)) {
      throw new DatasetError(file, 'expected a label first, then index:value pairs', line, 'label');
    }
    labelIds.push(labels.idOfBytes(b, labelStart, p));
    sourceRows.push(line);
    for (;;) {
      while (p < end && isSpace(b[p])) p++;
      if (p >= end) break;
      const tokenStart = p;
      if (b[p] === 113 /* q */ && b[p + 1] === 105 && b[p + 2] === 100 && b[p + 3] === COLON) {
        while (p < end && !isSpace(b[p])) p++;
        continue;
      }
      const index = scan.parse(b, p, end);
      p = scan.pos;
      if (p === tokenStart || b[p] !== COLON || !Number.isInteger(index) || index < 0) {
        throw new DatasetError(file, `expected index:value with a whole-number index, found ${JSON.stringify(token(b, tokenStart, end))}`, line);
      }
      const value = scan.parse(b, p + 1, end);
      const valueEnd = scan.pos;
      if (valueEnd === p + 1 || (valueEnd < end && !isSpace(b[valueEnd])) || !(Math.abs(value) <= 3.4028234663852886e38)) {
        throw new DatasetError(file, `expected a number, found ${JSON.stringify(token(b, p + 1, end))}`, line, String(index));
      }
      p = valueEnd;
      tripletRows.push(row);
      tripletIndices.push(index);
      values.push(value);
      if (index < minIndex) minIndex = index;
      if (index > maxIndex) maxIndex = index;
    }
    p = next;
  }
  const N = labelIds.length;
  const base = minIndex === 0 ? 0 : 1;
  const d = maxIndex < 0 ? 0 : maxIndex - base + 1;
  if (N > 0 && d === 0) throw new DatasetError(file, 'no features: expected index:value pairs after the labels');
  const X = new Float32Array(N * d);
  for (let t = 0; t < values.length; t++) X[tripletRows.data[t] * d + tripletIndices.data[t] - base] = values.data[t];
  return {
    file,
    format: 'libsvm',
    d,
    featureNames: Array.from({ length: d }, (_, j) => String(j + base)),
    labelColumn: 'label',
    X,
    labelIds: labelIds.toArray(),
    labels,
    sourceRows: sourceRows.toArray(),
  };
}

function token(b: Uint8Array, start: number, end: number): string {
  let p = start;
  while (p < end && !isSpace(b[p])) p++;
  return new TextDecoder().decode(b.subarray(start, p));
}
