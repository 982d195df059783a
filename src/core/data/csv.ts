// CSV and TSV, parsed from bytes in one pass: numbers are read straight from the bytes and labels are
// interned by their bytes, so no string is made per cell and a 100 MB file never becomes one string.
// RFC 4180 quoting ("" inside quotes, delimiters and newlines inside quotes), CRLF, a UTF-8 BOM and
// blank lines are handled; the delimiter (, ; tab |) and the header are detected.
import { Float32Buffer, Int32Buffer, LabelTable, RawRows, decodeLabel } from './builder';
import { resolveLabelColumn } from './columns';
import { ParseContext, Ticker } from './context';
import { DatasetError } from './dataset';
import { DataLimits, checkFeatures, checkMatrix } from './limits';
import { DecimalScanner, numberFromText } from './number';
import type { RowSampler } from './sample';

const QUOTE = 34,
  LF = 10,
  CR = 13,
  SPACE = 32,
  TAB = 9;
const DELIMITERS = [44 /* , */, 59 /* ; */, TAB, 124 /* | */];
const SAMPLE_BYTES = 64 << 10;
const SAMPLE_RECORDS = 20;
const FLOAT32_MAX = 3.4028234663852886e38;
const HEADER_LABEL_NAMES = ['label', 'class', 'target'];

export function parseCsv(bytes: Uint8Array, ctx: ParseContext, preferTab: boolean): RawRows {
  const file = ctx.file;
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const delim = detectDelimiter(bytes, start, preferTab);
  const first = nextRecord(bytes, start, 1, delim, file);
  if (!first) throw new DatasetError(file, 'the file is empty: expected rows of numbers with a label column');
  const second = nextRecord(bytes, first.next, first.nextLine, delim, file);
  const decision = readHeader(first.fields, second?.fields, ctx.options.label);
  const header = decision !== undefined;
  const columns = first.fields.length;
  const names = header ? first.fields.map((f) => f.trim()) : undefined;
  const label = resolveLabelColumn(file, columns, names, ctx.options.label);
  const columnNames = names ?? first.fields.map((_, i) => String(i));
  if (columns < 2) {
    throw new DatasetError(file, `found a single column: expected features and a label separated by , ; tab or |`, first.line);
  }
  checkFeatures(file, columns - 1, ctx.limits, first.line);
  const rows = parseRows(bytes, header ? first.next : first.start, header ? first.nextLine : first.line, {
    file,
    delim,
    columns,
    label,
    columnNames,
    ticker: new Ticker(bytes.length, ctx.env),
    sampler: ctx.sampler,
    limits: ctx.limits,
  });
  return {
    file,
    header: decision ?? `none: line ${first.line} is data`,
    format: delim === TAB ? 'tsv' : 'csv',
    d: columns - 1,
    featureNames: columnNames.filter((_, i) => i !== label),
    labelColumn: columnNames[label],
    ...rows,
  };
}

interface RowSpec {
  file: string;
  delim: number;
  columns: number;
  label: number;
  columnNames: string[];
  ticker: Ticker;
  sampler: RowSampler;
  limits: DataLimits;
}

function parseRows(b: Uint8Array, from: number, fromLine: number, spec: RowSpec) {
  const { file, delim, columns, label, columnNames, ticker, sampler } = spec;
  const n = b.length;
  const d = columns - 1;
  const last = columns - 1;
  // Sized once for the rows there can be, so each value is written once: growing and trimming a
  // buffer sized from the first rows (fresh pages and copies of ~200 MB) took 0.45 s of the parse of
  // the 155 MB Fashion-MNIST CSV, and counting the lines takes 0.08 s.
  // With the row limit, at most limit + 1 rows are held: a dropped row is written over by the next.
  const rowCapacity = Math.min(maxRows(b, from, columns), sampler.limit + 1);
  checkMatrix(file, rowCapacity, d, spec.limits);
  const xs = new Float32Buffer(rowCapacity * d);
  const labelIds = new Int32Buffer(rowCapacity);
  const sourceRows = new Int32Buffer(rowCapacity);
  const labels = new LabelTable();
  const scan = new DecimalScanner();
  const fail = (detail: string, row: number, col?: number): never => {
    throw new DatasetError(file, detail, row, col === undefined ? undefined : columnNames[col]);
  };

  let p = from;
  let line = fromLine;
  while (p < n) {
    if (p >= ticker.next) ticker.tick(p);
    let c = b[p];
    if (c === LF || c === CR || c === SPACE || c === TAB) {
      let q = p;
      while (q < n && (b[q] === SPACE || (b[q] === TAB && delim !== TAB))) q++;
      if (q >= n || b[q] === LF || b[q] === CR) {
        p = skipNewline(b, q);
        line++;
        continue; // blank line
      }
    }
    const rowLine = line;
    const X = xs.reserve(d);
    let k = xs.length;
    let labelId = -1;
    for (let col = 0; col < columns; col++) {
      // The common cells, read in a tight loop: feature cells before the label or the last column
      // that hold a decimal within float32 range right before the delimiter. The first other cell
      // (spaces, quotes, junk, the end of the row) goes the general way below, which reads it again.
      const runEnd = col <= label ? label : last;
      while (col < runEnd) {
        const v = scan.parse(b, p, n);
        const q = scan.pos;
        if (!(v <= FLOAT32_MAX && v >= -FLOAT32_MAX) || q >= n || b[q] !== delim) break;
        X[k++] = v;
        p = q + 1;
        col++;
      }
      while (p < n && b[p] === SPACE) p++;
      if (p < n && b[p] === QUOTE) {
        const q = readQuoted(b, p, file, line);
        p = q.next;
        line += q.newlines;
        while (p < n && b[p] === SPACE) p++;
        if (p < n && b[p] !== delim && b[p] !== LF && b[p] !== CR)
          fail('unexpected text after a closing quote: expected a delimiter or the end of the line', rowLine, col);
        if (col === label) {
          if (q.text.trim() === '') fail('empty label: expected a class name or number', rowLine, col);
          labelId = labels.id(q.label.trim());
        } else {
          X[k++] = checkedNumber(numberFromText(q.text), q.text, fail, rowLine, col);
        }
      } else if (col === label) {
        const s = p;
        while (p < n && (c = b[p]) !== delim && c !== LF && c !== CR) p++;
        let e = p;
        while (e > s && (b[e - 1] === SPACE || b[e - 1] === TAB)) e--;
        if (e === s) fail('empty label: expected a class name or number', rowLine, col);
        labelId = labels.idOfBytes(b, s, e);
      } else {
        const s = p;
        let v = scan.parse(b, p, n);
        let q = scan.pos;
        while (q < n && b[q] === SPACE) q++;
        c = q < n ? b[q] : LF;
        if (q === s || (c !== delim && c !== LF && c !== CR) || v > FLOAT32_MAX || v < -FLOAT32_MAX) {
          // Not a plain decimal, or too large: let Number() judge the whole cell (it also reads e.g.
          // hex), and insist on a finite value within float32 range.
          while (p < n && (c = b[p]) !== delim && c !== LF && c !== CR) p++;
          const text = new TextDecoder().decode(b.subarray(s, p));
          v = checkedNumber(numberFromText(text), text, fail, rowLine, col);
        } else {
          p = q;
        }
        X[k++] = v;
      }
      if (col < last) {
        if (p < n && b[p] === delim) p++;
        else fail(`expected ${columns} columns, found ${col + 1}`, rowLine);
      }
    }
    if (p < n && b[p] === delim) {
      fail(`expected ${columns} columns, found ${columns + countFields(b, p, delim)}`, rowLine);
    }
    p = skipNewline(b, p);
    line++;
    if (sampler.keep(labelId, rowLine)) {
      xs.length = k;
      labelIds.push(labelId);
      sourceRows.push(rowLine);
    }
  }
  return { X: xs.toArray(), labelIds: labelIds.toArray(), labels, sourceRows: sourceRows.toArray() };
}

function checkedNumber(v: number, text: string, fail: (detail: string, row: number, col?: number) => never, row: number, col: number): number {
  if (Number.isNaN(v)) {
    const t = text.trim();
    return fail(t === '' ? 'empty cell: expected a number' : `expected a number, found ${JSON.stringify(t)}`, row, col);
  }
  if (Math.abs(v) > FLOAT32_MAX) return fail(`expected a number within ±3.4e38 (float32), found ${text.trim()}`, row, col);
  return v;
}

function skipNewline(b: Uint8Array, p: number): number {
  if (p < b.length && b[p] === CR) p++;
  if (p < b.length && b[p] === LF) p++;
  return p;
}

/** Fields from p (just after a delimiter) to the end of the line, for the "found N columns" message. */
function countFields(b: Uint8Array, p: number, delim: number): number {
  let count = 0;
  let quoted = false;
  for (; p < b.length; p++) {
    const c = b[p];
    if (c === QUOTE) quoted = !quoted;
    else if (!quoted && c === delim) count++;
    else if (!quoted && (c === LF || c === CR)) break;
  }
  return count;
}

interface Quoted {
  text: string;
  /** the same text as a label: invalid UTF-8 kept apart (see decodeLabel) */
  label: string;
  next: number;
  newlines: number;
}

/** A quoted field starting at the quote at p; "" stands for one quote. */
function readQuoted(b: Uint8Array, p: number, file: string, line: number): Quoted {
  const start = p + 1;
  let newlines = 0;
  let escaped = false;
  for (let i = start; i < b.length; i++) {
    const c = b[i];
    if (c === QUOTE) {
      if (b[i + 1] === QUOTE) {
        escaped = true;
        i++;
        continue;
      }
      const unquote = (t: string) => (escaped ? t.replaceAll('""', '"') : t);
      const inner = b.subarray(start, i);
      return { text: unquote(new TextDecoder().decode(inner)), label: unquote(decodeLabel(inner)), next: i + 1, newlines };
    }
    if (c === LF) newlines++;
  }
  throw new DatasetError(file, 'a quoted field never ends: expected a closing " (write a quote inside quotes as "")', line);
}

interface RecordText {
  fields: string[];
  /** offset and line of the record's first byte, and of the byte after it */
  start: number;
  line: number;
  next: number;
  nextLine: number;
}

/** The next non-blank record as strings: the slow general reader, used for the header and sniffing. */
function nextRecord(b: Uint8Array, p: number, line: number, delim: number, file: string): RecordText | undefined {
  const n = b.length;
  for (;;) {
    let q = p;
    while (q < n && (b[q] === SPACE || (b[q] === TAB && delim !== TAB))) q++;
    if (q >= n) return undefined;
    if (b[q] !== LF && b[q] !== CR) break;
    p = skipNewline(b, q);
    line++;
  }
  const start = p;
  const startLine = line;
  const fields: string[] = [];
  for (;;) {
    let text: string;
    if (b[p] === QUOTE) {
      const q = readQuoted(b, p, file, line);
      line += q.newlines;
      p = q.next;
      const s = p;
      while (p < n && b[p] !== delim && b[p] !== LF && b[p] !== CR) p++;
      text = q.text + new TextDecoder().decode(b.subarray(s, p));
    } else {
      const s = p;
      while (p < n && b[p] !== delim && b[p] !== LF && b[p] !== CR) p++;
      text = new TextDecoder().decode(b.subarray(s, p));
    }
    fields.push(text);
    if (p < n && b[p] === delim) p++;
    else break;
  }
  const next = skipNewline(b, p);
  return { fields, start, line: startLine, next, nextLine: line + 1 };
}

/**
 * Whether the first record is a header, and why (undefined: it is data). A header is present when no
 * cell of the first record is a number; when its cells are 0, 1, …, m−1 in order (pandas' default
 * column names, written by to_csv for a frame without names: a data row that happens to read 0..m−1
 * is taken as names too); when a cell is the requested label column's name or label/class/target (not
 * y: "y" and "n" are plausible class values in a file without a header); or when some column has a
 * non-number in the first record and a number in the second (a name over values).
 */
export function readHeader(first: string[], second: string[] | undefined, labelOption?: string | number): string | undefined {
  const isNumber = (s: string | undefined) => s !== undefined && !Number.isNaN(numberFromText(s));
  if (first.every((f) => !isNumber(f))) return 'the first row (column names)';
  if (first.length > 1 && first.every((f, j) => f.trim() === String(j))) {
    return `the first row ${first.length > 3 ? `0, 1, …, ${first.length - 1}` : first.join(', ')}: pandas' default column names, read as names, not data`;
  }
  const names = [...HEADER_LABEL_NAMES, ...(typeof labelOption === 'string' ? [labelOption.trim().toLowerCase()] : [])];
  if (first.some((f) => names.includes(f.trim().toLowerCase()))) return 'the first row (column names)';
  if (first.some((f, j) => !isNumber(f) && isNumber(second?.[j]))) return 'the first row (column names)';
  return undefined;
}

/**
 * The delimiter among , ; tab | that splits the first records (up to 20, within 64 KB) into the same
 * number of fields, more than one; ties go to the most fields, then to the list order (tab first for
 * .tsv files).
 */
export function detectDelimiter(b: Uint8Array, start: number, preferTab: boolean): number {
  const end = Math.min(b.length, start + SAMPLE_BYTES);
  const sample = b.subarray(0, end);
  const candidates = preferTab ? [TAB, ...DELIMITERS.filter((c) => c !== TAB)] : DELIMITERS;
  let best = candidates[0];
  let bestScore = -1;
  for (const delim of candidates) {
    const counts: number[] = [];
    let p = start;
    let line = 1;
    try {
      while (counts.length < SAMPLE_RECORDS) {
        const r = nextRecord(sample, p, line, delim, '');
        // A record cut by the sample's end is not evidence.
        if (!r || (r.next >= end && end < b.length)) break;
        counts.push(r.fields.length);
        p = r.next;
        line = r.nextLine;
      }
    } catch {
      // an unterminated quote inside the sample: judge by the records read so far
    }
    if (counts.length === 0 || counts[0] < 2) continue;
    const consistent = counts.every((c) => c === counts[0]);
    const score = (consistent ? 1e6 : 0) + counts[0];
    if (score > bestScore) {
      bestScore = score;
      best = delim;
    }
  }
  return best;
}

/**
 * An upper bound on the records from `from` on, exact for a file without blank lines or newlines inside
 * quotes: its lines, not counting blank lines at the end. It is also held to what the bytes can hold
 * (every record of a readable file has `columns` non-empty cells and a separator after each), so a
 * broken file with a long first row cannot ask for a buffer far larger than the file.
 */
function maxRows(b: Uint8Array, from: number, columns: number): number {
  let end = b.length;
  while (end > from && (b[end - 1] === LF || b[end - 1] === CR || b[end - 1] === SPACE || b[end - 1] === TAB)) end--;
  if (end === from) return 0;
  let lines = 1;
  for (let p = b.indexOf(LF, from); p >= 0 && p < end; p = b.indexOf(LF, p + 1)) lines++;
  return Math.min(lines, Math.ceil((end - from + 1) / (2 * columns)));
}
