// LIBSVM / svmlight: `label index:value index:value ... # comment` per line, sparse, made dense with
// d = the largest index. Indices are 1-based; a file that uses index 0 anywhere is read as 0-based
// (as scikit-learn's zero_based='auto' does). `qid:` fields are ignored; blank and # lines skipped.
// Two scans: the first checks every line, bounds each index by the feature limit as it is read and
// notes where the kept rows start; the second writes the kept rows into the dense matrix, allocated
// only once d is known and checked.
import { LabelTable, RawRows } from './builder';
import { ParseContext, Ticker } from './context';
import { DatasetError } from './dataset';
import { checkMatrix, limitError } from './limits';
import { DecimalScanner } from './number';

const LF = 10,
  CR = 13,
  SPACE = 32,
  TAB = 9,
  HASH = 35,
  COLON = 58;
const isSpace = (c: number) => c === SPACE || c === TAB;

interface Line {
  /** first byte after the label, end of the pairs (before a comment), 1-based line */
  pairs: number;
  end: number;
  line: number;
}

export function parseLibsvm(bytes: Uint8Array, ctx: ParseContext): RawRows {
  const { file, sampler } = ctx;
  const b = bytes;
  const scan = new DecimalScanner();
  const labels = new LabelTable();
  const labelIds: number[] = [];
  const kept: Line[] = [];
  let minIndex = Infinity;
  let maxIndex = -1;
  forEachLine(b, ctx, (p, end, line) => {
    const labelStart = p;
    while (p < end && !isSpace(b[p])) p++;
    if (b.subarray(labelStart, p).includes(COLON)) {
      throw new DatasetError(file, 'expected a label first, then index:value pairs', line, 'label');
    }
    const labelId = labels.idOfBytes(b, labelStart, p);
    const pairs = p;
    readPairs(b, scan, p, end, file, line, (index) => {
      // (a 0-based file's d is one more than its largest index: checkMatrix below sees that)
      if (index > ctx.limits.maxFeatures) {
        throw limitError(file, 'maxFeatures', `feature index ${index} means more than the limit of ${ctx.limits.maxFeatures} features`, line);
      }
      if (index < minIndex) minIndex = index;
      if (index > maxIndex) maxIndex = index;
    });
    if (sampler.keep(labelId, line)) {
      labelIds.push(labelId);
      kept.push({ pairs, end, line });
    }
  });
  const N = kept.length;
  const base = minIndex === 0 ? 0 : 1;
  const d = maxIndex < 0 ? 0 : maxIndex - base + 1;
  if (N > 0 && d === 0) throw new DatasetError(file, 'no features: expected index:value pairs after the labels');
  checkMatrix(file, N, d, ctx.limits);
  const X = new Float32Array(N * d);
  kept.forEach((row, i) => readPairs(b, scan, row.pairs, row.end, file, row.line, (index, value) => (X[i * d + index - base] = value)));
  return {
    file,
    format: 'libsvm',
    d,
    featureNames: Array.from({ length: d }, (_, j) => String(j + base)),
    labelColumn: 'label',
    X,
    labelIds: Int32Array.from(labelIds),
    labels,
    sourceRows: Int32Array.from(kept, (row) => row.line),
  };
}

/** Calls `each(start, end, line)` for every line with content: comment cut, spaces trimmed at the start. */
function forEachLine(b: Uint8Array, ctx: ParseContext, each: (start: number, end: number, line: number) => void): void {
  const n = b.length;
  const ticker = new Ticker(n, ctx.env);
  let line = 0;
  for (let p = n > 2 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0; p < n;) {
    if (p >= ticker.next) ticker.tick(p);
    line++;
    let end = b.indexOf(LF, p);
    if (end < 0) end = n;
    const next = end + 1;
    if (end > p && b[end - 1] === CR) end--;
    const hash = b.subarray(p, end).indexOf(HASH);
    if (hash >= 0) end = p + hash;
    while (p < end && isSpace(b[p])) p++;
    if (p < end) each(p, end, line);
    p = next;
  }
}

/** The index:value pairs of one line from p to end (qid: fields skipped), each checked. */
function readPairs(
  b: Uint8Array,
  scan: DecimalScanner,
  p: number,
  end: number,
  file: string,
  line: number,
  each: (index: number, value: number) => void,
): void {
  for (;;) {
    while (p < end && isSpace(b[p])) p++;
    if (p >= end) return;
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
    each(index, value);
  }
}

function token(b: Uint8Array, start: number, end: number): string {
  let p = start;
  while (p < end && !isSpace(b[p])) p++;
  return new TextDecoder().decode(b.subarray(start, p));
}
