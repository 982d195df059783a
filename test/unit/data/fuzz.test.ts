// Property-based tests of every reader (fast-check, fixed seed):
// 1. round trip: generated arrays, written by this file's own writers (not the readers' code; Parquet by
//    the real writer parquet-wasm, Arrow by apache-arrow's), load
//    back exactly (float32 values, one class per distinct label, rows in order);
// 2. mutants of valid files (byte flips, truncations, inserted delimiters, quotes and newlines, huge
//    numbers, random bytes) never crash and never hang: they load into a consistent dataset or fail
//    with a DatasetError that names the file (and a row inside the file when it names one).
// `npm test` runs FUZZ_RUNS (default below) cases per property; FUZZ_RUNS=20000 is the long mode.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DatasetError, type Dataset } from '../../../src/core/data/index';
import { readFixture } from '../helpers';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { gzip, idx, load, npy, parquet, utf8, zip } from './writers';

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
const params = { numRuns: RUNS, seed: SEED, endOnFailure: true };
// mutants may claim huge sizes: a small byte limit keeps every run small, and a refusal is a DatasetError
const LIMITS = { maxBytes: 8 << 20, rowLimit: 1000 };

interface Table {
  X: number[][];
  labels: string[];
}

const labelText = fc.oneof(fc.constantFrom('a', 'b', 'setosa', 'c d', 'ünï', '7', '-3', '1.5'), fc.integer({ min: -1000, max: 1000 }).map(String));

/** N rows × d float32 features and labels with at least two distinct values. */
const table = (integersOnly = false): fc.Arbitrary<Table> =>
  fc.record({ d: fc.integer({ min: 1, max: 6 }), n: fc.integer({ min: 2, max: 25 }) }).chain(({ d, n }) =>
    fc.record({
      X: fc.array(
        fc.array(integersOnly ? fc.integer({ min: 0, max: 255 }) : fc.float({ noNaN: true, noDefaultInfinity: true }).map((v) => (Object.is(v, -0) ? 0 : v)), {
          minLength: d,
          maxLength: d,
        }),
        { minLength: n, maxLength: n },
      ),
      labels: fc.array(labelText, { minLength: n, maxLength: n }).filter((ls) => new Set(ls.map(classKey)).size >= 2),
    }),
  );

/** Labels that denote the same number are one class; others are their trimmed text. */
function classKey(label: string): string {
  const t = label.trim();
  return t !== '' && Number.isFinite(Number(t)) ? String(Number(t)) : t;
}

/** The dataset holds exactly the table: values, and the same partition of rows into classes. */
function assertSame(ds: Dataset, t: Table, what: string): void {
  assert.equal(ds.N, t.X.length, what);
  assert.equal(ds.d, t.X[0].length, what);
  assert.deepEqual(Array.from(ds.X), t.X.flat().map(Math.fround), what);
  const names = t.labels.map(classKey);
  for (let i = 0; i < ds.N; i++) {
    for (let j = 0; j < i; j++) assert.equal(ds.y[i] === ds.y[j], names[i] === names[j], `${what}: rows ${j} and ${i}`);
  }
}

const csvCell = (s: string) => (/[",\n]/.test(s) || s !== s.trim() ? `"${s.replaceAll('"', '""')}"` : s);

const writers: Record<string, (t: Table) => { name: string; bytes: Uint8Array; siblings?: Record<string, Uint8Array> }> = {
  csv: (t) => ({
    name: 't.csv',
    bytes: utf8([[...t.X[0].map((_, j) => `f${j}`), 'label'].join(','), ...t.X.map((r, i) => [...r.map(String), csvCell(t.labels[i])].join(','))].join('\r\n')),
  }),
  tsv: (t) => ({
    name: 't.tsv',
    bytes: utf8(
      [['label', ...t.X[0].map((_, j) => `f${j}`)].join('\t'), ...t.X.map((r, i) => [t.labels[i], ...r.map((v) => v.toExponential())].join('\t'))].join('\n') +
        '\n',
    ),
  }),
  json: (t) => ({
    name: 't.json',
    bytes: utf8(
      JSON.stringify(
        t.X.map((r, i) => ({ features: r, label: t.labels[i] })),
        null,
        1,
      ),
    ),
  }),
  jsonl: (t) => ({
    name: 't.jsonl',
    bytes: utf8(t.X.map((r, i) => JSON.stringify(Object.fromEntries([...r.map((v, j) => [`x${j}`, v]), ['class', t.labels[i]]]))).join('\n')),
  }),
  libsvm: (t) => ({
    name: 't.svm',
    bytes: utf8(t.X.map((r, i) => [t.labels[i].replace(/\s/g, '_'), ...r.map((v, j) => `${j + 1}:${v}`)].join(' ')).join('\n')),
  }),
  npy: (t) => ({
    name: 't_X.npy',
    bytes: npy('<f4', [t.X.length, t.X[0].length], t.X.flat()),
    siblings: {
      't_y.npy': npy(
        '<i8',
        [t.labels.length],
        t.labels.map((_, i) => Number(classIndex(t)[i])),
      ),
    },
  }),
  npz: (t) => ({
    name: 't.npz',
    bytes: zip({ 'X.npy': npy('<f8', [t.X.length, t.X[0].length], t.X.flat()), 'y.npy': npy('<i4', [t.labels.length], classIndex(t)) }, true),
  }),
  'csv.gz': (t) => ({ name: 't.csv.gz', bytes: gzip(writers.csv(t).bytes) }),
  parquet: (t) => ({ name: 't.parquet', bytes: parquet(arrowTable(t), 'SNAPPY', 7) }),
  'parquet (zstd)': (t) => ({ name: 't.pq', bytes: parquet(arrowTable(t), 'ZSTD') }),
  'arrow (file)': (t) => ({ name: 't.arrow', bytes: tableToIPC(arrowTable(t), 'file') }),
  'arrow (stream)': (t) => ({ name: 't.arrows', bytes: tableToIPC(arrowTable(t), 'stream') }),
};

/** The table as Arrow columns (float32 features, text labels), for the Parquet writer. */
const arrowTable = (t: Table) =>
  tableFromArrays({ ...Object.fromEntries(t.X[0].map((_, j) => [`f${j}`, Float32Array.from(t.X, (r) => r[j])])), label: t.labels });

/** Labels as class indices (for the binary formats, which hold numbers). */
const classIndex = (t: Table) => {
  const keys = [...new Set(t.labels.map(classKey))];
  return t.labels.map((l) => keys.indexOf(classKey(l)));
};

for (const [format, write] of Object.entries(writers)) {
  test(`round trip (${format}): ${RUNS} generated tables load back exactly`, () => {
    fc.assert(
      fc.property(table(), (t) => {
        const file = write(format === 'libsvm' ? { ...t, labels: t.labels.map((l) => l.replace(/\s/g, '_')) } : t);
        const expected = format === 'libsvm' ? { ...t, labels: t.labels.map((l) => l.replace(/\s/g, '_')) } : t;
        // LIBSVM drops zeros nowhere here (every index is written), so d is the table's d
        assertSame(load(file.name, file.bytes, {}, file.siblings), expected, format);
      }),
      params,
    );
  });
}

test(`round trip (idx): ${RUNS} generated unsigned-byte image sets load back exactly`, () => {
  fc.assert(
    fc.property(table(true), (t) => {
      const n = t.X.length,
        d = t.X[0].length;
      const ds = load('t-images-idx3-ubyte', idx(0x08, [n, 1, d], t.X.flat()), {}, { 't-labels-idx1-ubyte': idx(0x08, [n], classIndex(t)) });
      assertSame(ds, t, 'idx');
      assert.equal(ds.pixel, true);
    }),
    params,
  );
});

// ---- mutants of valid files ----

const seedTable: Table = {
  X: Array.from({ length: 12 }, (_, i) => [i * 0.5, (i % 5) - 2, i * i]),
  labels: Array.from({ length: 12 }, (_, i) => ['x', 'y', 'z'][i % 3]),
};
const irisHead = readFixture('iris.csv').subarray(0, 1200);
const seeds: { format: string; name: string; bytes: Uint8Array; siblings?: Record<string, Uint8Array> }[] = [
  { format: 'csv (iris)', name: 'iris.csv', bytes: irisHead.subarray(0, irisHead.lastIndexOf(10) + 1) },
  ...Object.entries(writers).map(([format, write]) => ({ format, ...write(seedTable) })),
  {
    format: 'npz (stored)',
    name: 's.npz',
    bytes: zip({ 'X.npy': npy('<f8', [12, 3], seedTable.X.flat()), 'y.npy': npy('|u1', [12], classIndex(seedTable)) }, false),
  },
  {
    format: 'idx',
    name: 's-images-idx3-ubyte',
    bytes: idx(
      0x08,
      [12, 1, 3],
      seedTable.X.flat().map((v) => Math.abs(Math.round(v)) % 256),
    ),
    siblings: { 's-labels-idx1-ubyte': idx(0x08, [12], classIndex(seedTable)) },
  },
];

const INSERTS = [
  ',',
  ';',
  '\t',
  '"',
  '\n',
  '\r',
  ':',
  '{',
  '[',
  '}',
  ']',
  'null',
  '1e999',
  '-99999999999999999999999999',
  '9007199254740993',
  'NaN',
  '\u00e9',
  '\u0000',
].map(utf8);

/** One edit of a file: what fuzzers do to find a reader's blind spots. */
const mutation = (size: number) =>
  fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), at: fc.nat(size - 1), value: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat(size - 1) }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(size), what: fc.constantFrom(...INSERTS) }),
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat(size - 1), length: fc.integer({ min: 1, max: 16 }) }),
    fc.record({ kind: fc.constant('random' as const), at: fc.nat(size), what: fc.uint8Array({ minLength: 1, maxLength: 12 }) }),
  );
type Mutation = typeof mutation extends (n: number) => fc.Arbitrary<infer M> ? M : never;

function mutate(b: Uint8Array, m: Mutation): Uint8Array {
  const out = Array.from(b);
  if (m.kind === 'flip') out[m.at] = m.value;
  else if (m.kind === 'truncate') out.length = m.at;
  else if (m.kind === 'delete') out.splice(m.at, m.length);
  else out.splice(m.at, 0, ...m.what);
  return Uint8Array.from(out);
}

/** A loaded dataset is consistent: sizes agree, values finite, classes used and in range, rows in order. */
function assertConsistent(ds: Dataset): void {
  assert.ok(ds.N >= 1 && ds.d >= 1);
  assert.equal(ds.X.length, ds.N * ds.d);
  assert.ok(ds.X.every(Number.isFinite));
  assert.ok(ds.classNames.length >= 2);
  assert.ok(ds.y.every((c) => c >= 0 && c < ds.classNames.length));
  assert.equal(new Set(ds.classNames).size, ds.classNames.length);
  for (let i = 1; i < ds.N; i++) assert.ok(ds.sourceRows[i] > ds.sourceRows[i - 1]);
}

for (const seed of seeds) {
  // the timeout is the hang guard: one mutant that loops forever fails the test instead of the suite
  test(`mutants (${seed.format}): ${RUNS * 2} edits of a valid file load consistently or fail with a DatasetError`, { timeout: 120_000 }, () => {
    const tally = { runs: 0, loaded: 0, refused: 0, withRow: 0 };
    const lines = (b: Uint8Array) => b.reduce((n, c) => n + (c === 10 ? 1 : 0), 1);
    fc.assert(
      fc.property(fc.array(mutation(seed.bytes.length), { minLength: 1, maxLength: 3 }), fc.boolean(), (edits, inSibling) => {
        tally.runs++;
        const target = inSibling && seed.siblings ? Object.keys(seed.siblings)[0] : undefined;
        let bytes = seed.bytes;
        let siblings = seed.siblings;
        if (target) siblings = { [target]: edits.reduce(mutate, seed.siblings![target]) };
        else bytes = edits.reduce(mutate, bytes);
        try {
          assertConsistent(load(seed.name, bytes, LIMITS, siblings));
          tally.loaded++;
        } catch (e) {
          if (!(e instanceof DatasetError)) throw e; // a crash: fast-check shrinks it and reports the edits
          tally.refused++;
          // the file opened or its partner (a count mismatch is reported against the labels file)
          assert.ok(e.message.startsWith(e.file) && [seed.name, ...Object.keys(seed.siblings ?? {})].includes(e.file.split(':')[0]), e.message);
          if (e.row !== undefined) {
            tally.withRow++;
            const limit = e.file === seed.name ? Math.max(lines(bytes), 1 << 16) : 1 << 16;
            assert.ok(Number.isInteger(e.row) && e.row >= 0 && e.row <= limit, e.message);
          }
        }
      }),
      { ...params, numRuns: RUNS * 2 },
    );
    assert.equal(tally.loaded + tally.refused, tally.runs);
    process.stdout.write(
      `# fuzz ${seed.format}: ${tally.runs} mutants, ${tally.loaded} loaded, ${tally.refused} refused (${tally.withRow} naming a row), 0 crashes, 0 hangs\n`,
    );
  });
}
