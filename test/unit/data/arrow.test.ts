// Arrow IPC files and streams written by the real npm writer (apache-arrow's tableToIPC), and Hugging
// Face save_to_disk folders (IPC stream shards listed by state.json): string labels, list and
// fixed-size-list columns, nulls, and damaged files, which must fail with an error and never hang.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Table, tableFromArrays, tableToIPC } from 'apache-arrow';
import { analyze } from '../../../src/core/analysis';
import { DatasetError, detectFormat } from '../../../src/core/data/index';
import { lz4Frame } from '../../../src/core/data/arrowCodecs';
import { LabelColumnError } from '../../../src/core/data/dataset';
import { defaultSettings } from '../../../src/core/report';
import { nodeInflate } from '../../../src/node/inflate';
import { readFixture } from '../helpers';
import { comparableReport, csvTable, embeddings, errorOf, load, parquet } from './writers';

const irisText = new TextDecoder().decode(readFixture('iris.csv'));
const irisCsv = load('iris.csv', irisText);

test('arrow: an IPC file and an IPC stream, in batches of 40 rows, read iris exactly as its CSV does', () => {
  const table = csvTable(irisText);
  const batched = new Table([0, 40, 80, 120].map((s) => table.slice(s, s + 40)).flatMap((t) => t.batches));
  assert.equal(batched.batches.length, 4);
  for (const [name, bytes] of [
    ['iris.arrow', tableToIPC(batched, 'file')],
    ['iris.arrows', tableToIPC(batched, 'stream')],
    ['iris.feather', tableToIPC(batched, 'file')],
  ] as const) {
    const ds = load(name, bytes);
    assert.equal(ds.format, 'arrow', name);
    assert.deepEqual(Array.from(ds.X), Array.from(irisCsv.X), name);
    assert.deepEqual(Array.from(ds.y), Array.from(irisCsv.y), name);
    assert.deepEqual(ds.classNames, irisCsv.classNames);
    assert.deepEqual(ds.featureNames, irisCsv.featureNames);
    assert.deepEqual(
      Array.from(ds.sourceRows),
      Array.from({ length: 150 }, (_, i) => i),
    );
  }
});

test('arrow: found by content without an extension, file and stream', () => {
  const table = csvTable(irisText);
  for (const mode of ['file', 'stream'] as const) {
    const bytes = tableToIPC(table, mode);
    assert.equal(detectFormat('iris.bin', bytes), 'arrow', mode);
    assert.equal(load('iris.bin', bytes).N, 150, mode);
  }
});

test('arrow: list and fixed-size-list columns are one vector per row; string columns other than the label are not features', () => {
  for (const mode of ['file', 'stream'] as const) {
    const ds = load('emb.arrow', tableToIPC(embeddings(), mode));
    assert.equal(ds.d, 6);
    assert.deepEqual(ds.featureNames, ['emb[0]', 'emb[1]', 'emb[2]', 'fixed[0]', 'fixed[1]', 'fixed[2]']);
    assert.deepEqual(ds.classNames, ['cat', 'dog']);
    assert.deepEqual(Array.from(ds.X.subarray(6 * 5, 6 * 6)), [5, 2.5, -5, 105, 102.5, 95]);
    assert.deepEqual(Array.from(ds.y), [1, 0, 1, 0, 1, 0, 1, 0]);
  }
});

test('arrow: a null is an error naming its row and column, in a number column, a vector and the label', () => {
  const withNull = tableFromArrays({ a: [1, 2, null, 4], label: ['x', 'y', 'x', 'y'] });
  assert.equal(
    errorOf(() => load('n.arrow', tableToIPC(withNull, 'file'))).message,
    'n.arrow, row 2, column a: a missing value (null): expected a number; drop or fill the missing values first',
  );
  const rows = Array.from({ length: 8 }, (_, i): (number | null)[] => [i, i * 0.5, -i]);
  rows[6][1] = null;
  assert.equal(
    errorOf(() => load('v.arrow', tableToIPC(embeddings(rows), 'stream'))).message,
    'v.arrow, row 6, column emb[1]: a missing value (null): expected a number; drop or fill the missing values first',
  );
  const noLabel = tableFromArrays({ a: [1, 2, 3, 4], label: ['x', null, 'x', 'y'] });
  assert.equal(
    errorOf(() => load('l.arrow', tableToIPC(noLabel, 'file'))).message,
    'l.arrow, row 1, column label: a missing label (null): every row needs a label; drop those rows first',
  );
});

test('arrow: every truncation of a file and of a stream is an error, never a hang or a short table', () => {
  const table = csvTable(irisText).slice(0, 20);
  for (const mode of ['file', 'stream'] as const) {
    const bytes = tableToIPC(table, mode);
    for (let n = 1; n < bytes.length; n++) {
      let rows: number | undefined;
      try {
        rows = load('t.arrow', bytes.subarray(0, n)).N;
      } catch (e) {
        assert.ok(e instanceof DatasetError && e.message.startsWith('t.arrow'), `${mode} cut at ${n}: ${e}`);
      }
      // a stream cut exactly after a whole batch is a shorter valid stream; a file never is
      assert.ok(rows === undefined || (mode === 'stream' && rows === 20), `${mode} cut at ${n}: ${rows} rows`);
    }
    const cut = errorOf(() => load('t.arrow', bytes.subarray(0, bytes.length - 3)));
    assert.match(cut.message, mode === 'file' ? /truncated: an Arrow IPC file ends with its footer and the magic bytes ARROW1/ : /truncated|damaged/);
  }
});

test('arrow: a wrong magic number, a message length past the end and a buffer outside its body are refused before apache-arrow reads them', () => {
  const file = tableToIPC(csvTable(irisText), 'file');
  const wrong = file.slice();
  wrong.set([0x41, 0x52, 0x52, 0x4f, 0x57, 0x32], 0); // ARROW2
  assert.equal(
    errorOf(() => load('m.arrow', wrong)).message,
    'm.arrow: not an Arrow IPC file or stream: expected the magic bytes ARROW1 or a message length at the start',
  );
  const stream = tableToIPC(csvTable(irisText), 'stream');
  const long = stream.slice();
  new DataView(long.buffer).setInt32(4, 0x7ffffff0, true); // the schema message's length
  assert.match(errorOf(() => load('s.arrows', long)).message, /^s\.arrows: truncated: expected \d+ bytes \(the Arrow message at byte 0\)/);
  // a Buffer struct of the record batch's metadata is (offset, length) as int64: the first feature's
  // values (150 float64 = 1200 bytes at offset 0) are given an absurd length
  const batch = stream.slice();
  const view = new DataView(batch.buffer);
  let patched = false;
  for (let k = 0; k + 16 <= batch.length && !patched; k += 8) {
    if (view.getBigInt64(k, true) === 0n && view.getBigInt64(k + 8, true) === 1200n) {
      view.setBigInt64(k + 8, 1n << 40n, true);
      patched = true;
    }
  }
  assert.ok(patched, 'the first feature buffer');
  assert.match(errorOf(() => load('b.arrows', batch)).message, /^b\.arrows: damaged Arrow metadata: a buffer at 0 of 1099511627776 bytes in a body of \d+/);
});

/** A save_to_disk folder: the dataset is the folder's name with '/', its files siblings by relative path. */
function hfFolder(table: Table, shards: number): Record<string, Uint8Array> {
  const size = Math.ceil(table.numRows / shards);
  const names = Array.from({ length: shards }, (_, k) => `data-${String(k).padStart(5, '0')}-of-${String(shards).padStart(5, '0')}.arrow`);
  const files: Record<string, Uint8Array> = Object.fromEntries(names.map((n, k) => [n, tableToIPC(table.slice(k * size, (k + 1) * size), 'stream')]));
  files['state.json'] = new TextEncoder().encode(JSON.stringify({ _data_files: names.map((filename) => ({ filename })) }));
  files['dataset_info.json'] = new TextEncoder().encode('{}');
  return files;
}

test('huggingface folder: shards in state.json order read as one table; the row limit samples across shards as in the CSV', () => {
  const files = hfFolder(csvTable(irisText), 3);
  const ds = load('iris/', new Uint8Array(0), {}, files);
  assert.equal(ds.format, 'huggingface');
  assert.deepEqual(Array.from(ds.X), Array.from(irisCsv.X));
  assert.deepEqual(Array.from(ds.y), Array.from(irisCsv.y));
  const sampled = load('iris/', new Uint8Array(0), { rowLimit: 30, seed: '7' }, files);
  const csv = load('iris.csv', irisText, { rowLimit: 30, seed: '7' });
  assert.deepEqual(sampled.sampling, csv.sampling);
  assert.deepEqual(
    Array.from(sampled.sourceRows, (r) => r + 2),
    Array.from(csv.sourceRows),
  );
  assert.deepEqual(Array.from(sampled.X), Array.from(csv.X));
});

test('huggingface folder: a shard listed but missing, a damaged state.json and a damaged shard name the file', () => {
  const files = hfFolder(csvTable(irisText), 2);
  const { ['data-00001-of-00002.arrow']: _, ...missing } = files;
  assert.equal(
    errorOf(() => load('iris/', new Uint8Array(0), {}, missing)).message,
    'iris/data-00001-of-00002.arrow: listed in state.json but not in the folder (an incomplete copy?)',
  );
  assert.match(
    errorOf(() => load('iris/', new Uint8Array(0), {}, { ...files, 'state.json': new TextEncoder().encode('{"_data_files": 3') })).message,
    /^iris\/state\.json: not valid JSON/,
  );
  const shard = files['data-00000-of-00002.arrow'];
  assert.match(
    errorOf(() => load('iris/', new Uint8Array(0), {}, { ...files, 'data-00000-of-00002.arrow': shard.subarray(0, 100) })).message,
    /^iris\/data-00000-of-00002\.arrow: truncated/,
  );
  assert.match(
    errorOf(() => load('empty/', new Uint8Array(0), {}, { 'notes.txt': new Uint8Array(1) })).message,
    /^empty\/: not a dataset folder: expected huggingface or imagefolder/,
  );
});

test('a Parquet file, an Arrow file, an Arrow stream, a Hugging Face folder and the CSV of the same data give identical reports', () => {
  const settings = { ...defaultSettings, draws: 20 };
  const env = { inflate: nodeInflate };
  const csv = comparableReport(analyze({ name: 'iris.csv', bytes: readFixture('iris.csv') }, settings, env), 0);
  const table = csvTable(irisText);
  const sources = [
    { name: 'iris.parquet', bytes: parquet(table, 'ZSTD', 64) },
    { name: 'iris.arrow', bytes: tableToIPC(table, 'file') },
    { name: 'iris.arrows', bytes: tableToIPC(table, 'stream') },
    { name: 'iris/', bytes: new Uint8Array(0), siblings: hfFolder(table, 2) },
  ];
  for (const source of sources) assert.equal(comparableReport(analyze(source, settings, env), 2), csv, source.name);
});

test('arrow and huggingface: a label column with one value asks for another, offering the columns read', () => {
  const table = tableFromArrays({ a: Float64Array.from([1, 2, 3, 4]), b: Float64Array.from([0, 1, 0, 1]), label: ['x', 'x', 'x', 'x'] });
  for (const [name, bytes, siblings] of [
    ['one.arrow', tableToIPC(table, 'file'), undefined],
    ['one/', new Uint8Array(0), hfFolder(table, 1)],
  ] as const) {
    const e = errorOf(() => load(name, bytes, {}, siblings));
    assert.ok(e instanceof LabelColumnError, name);
    assert.deepEqual(e.candidates, ['a', 'b', 'label'], name);
  }
});

test('arrow compressed bodies (written by Arrow C++, pyarrow 25): LZ4_FRAME and ZSTD read iris exactly as its CSV does', () => {
  for (const name of ['iris-lz4.arrow', 'iris-zstd.arrows']) {
    const ds = load(name, readFixture(name));
    assert.deepEqual(Array.from(ds.X), Array.from(irisCsv.X), name);
    assert.deepEqual(Array.from(ds.y), Array.from(irisCsv.y), name);
    assert.deepEqual(ds.classNames, irisCsv.classNames, name);
  }
});

test('arrow LZ4 frames of several 64 KB blocks, each linked to the ones before, decode exactly', () => {
  const ds = load('wave-lz4.arrows', readFixture('wave-lz4.arrows'));
  assert.equal(ds.N, 20000);
  const expected = Array.from({ length: 20000 }, (_, i) => [((i * 37) % 101) / 8, ((i * 37) % 101) / 4]).flat();
  assert.deepEqual(Array.from(ds.X), expected);
  assert.deepEqual(
    Array.from(ds.y),
    Array.from({ length: 20000 }, (_, i) => i % 2),
  );
});

test('lz4Frame: literals, overlapping matches and raw blocks decode to the stated length; bad offsets, lengths and sizes throw', () => {
  const frame = (...blocks: number[][]) => {
    const header = [0x04, 0x22, 0x4d, 0x18, 0x40, 0x40, 0x00]; // magic, version 1 linked, 64 KB blocks, checksum byte
    const body = blocks.flatMap((b) => [b.length & 0xff, (b.length >> 8) & 0xff, 0, 0, ...b]);
    return Uint8Array.from([...header, ...body, 0, 0, 0, 0]);
  };
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  // 'ab' then a match of 6 at offset 2 (overlapping: 'ababab'), then the literals 'c'
  assert.equal(text(lz4Frame(frame([0x22, 0x61, 0x62, 0x02, 0x00, 0x10, 0x63]), 9)), 'abababab' + 'c');
  // a second block matching into the first (linked blocks)
  assert.equal(text(lz4Frame(frame([0x30, 0x78, 0x79, 0x7a], [0x00, 0x03, 0x00]), 7)), 'xyzxyzx');
  // a stored (uncompressed) block: the size's high bit
  const stored = frame([0x71, 0x72]);
  stored[10] = 0x80;
  assert.equal(text(lz4Frame(stored, 2)), 'qr');
  assert.throws(() => lz4Frame(frame([0x10, 0x61, 0x05, 0x00]), 10), /offset outside the data/);
  assert.throws(() => lz4Frame(frame([0xf0, 0xff]), 300), /damaged LZ4 block/);
  assert.throws(() => lz4Frame(frame([0x30, 0x78, 0x79, 0x7a]), 4), /3 bytes where the buffer holds 4/);
  assert.throws(() => lz4Frame(frame([0x30, 0x78, 0x79, 0x7a]).subarray(0, 12), 3), /truncated|a block of/);
  assert.throws(() => lz4Frame(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]), 3), /no LZ4 frame magic/);
});

test('arrow compressed damage: every truncation is an error, a length past the byte limit is refused before decompressing, a damaged frame names the file', () => {
  const bytes = readFixture('iris-lz4.arrow');
  for (let cut = 0; cut < bytes.length; cut += 53) assert.ok(errorOf(() => load('c.arrow', bytes.subarray(0, cut))) instanceof DatasetError, `cut at ${cut}`);
  const wave = readFixture('wave-lz4.arrows');
  const limited = errorOf(() => load('wave.arrows', wave, { maxBytes: 100_000 }));
  assert.match(limited.message, /^wave\.arrows: a compressed record batch unpacks to more than .*, the limit/);
  const magic = wave.findIndex((_, i) => wave[i] === 0x04 && wave[i + 1] === 0x22 && wave[i + 2] === 0x4d && wave[i + 3] === 0x18);
  const huge = wave.slice();
  new DataView(huge.buffer).setBigInt64(magic - 8, 1n << 40n, true);
  assert.match(errorOf(() => load('huge.arrows', huge)).message, /unpacks to more than/);
  const damaged = wave.slice();
  damaged[magic] = 0;
  assert.match(errorOf(() => load('d.arrows', damaged)).message, /^d\.arrows: damaged Arrow data \(damaged LZ4 frame: no LZ4 frame magic\)/);
});
