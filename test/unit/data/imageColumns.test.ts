// Image columns (Hugging Face's Image feature: struct<bytes: binary, path: string> holding PNG/JPEG
// bytes) in Arrow, Parquet and save_to_disk folders, and DatasetDict folders (dataset_dict.json, one
// split read). The fixtures (make-arrow.ts: apache-arrow, parquet-wasm, fast-png) hold the same images
// as the digits-png image folder, so the decoded pixels must agree with that folder's exactly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Binary, Field, Int64, Struct, Table, Utf8, tableFromIPC, tableToIPC, vectorFromArray } from 'apache-arrow';
import { encode as encodePng } from 'fast-png';
import { encode as encodeJpeg } from 'jpeg-js';
import { loadDataset, type LoadOptions } from '../../../src/core/data/index';
import { chooseSplit, folderFiles, folderSplits } from '../../../src/core/data/formats';
import { nodeInflate } from '../../../src/node/inflate';
import { readSource } from '../../../src/node/source';
import { fixturePath, readFixture } from '../helpers';
import { errorOf, load, parquet } from './writers';

const read = (dir: string, options: LoadOptions = {}, split?: string) =>
  loadDataset(readSource(fixturePath(dir), 2 ** 31, split), options, { inflate: nodeInflate });
const folder = (options: LoadOptions = {}) => read('digits-png', options);

const imageType = new Struct([new Field('bytes', new Binary(), true), new Field('path', new Utf8(), true)]);
/** A table as `datasets` writes one: an Image column and an int64 label. */
const imageTable = (images: ({ bytes: Uint8Array | null; path: string | null } | null)[], labels: number[]) =>
  new Table({ image: vectorFromArray(images, imageType), label: vectorFromArray(labels.map(BigInt), new Int64()) });
const png = (seed: number) =>
  encodePng({ width: 4, height: 3, channels: 1, depth: 8, data: Uint8Array.from({ length: 12 }, (_, k) => (k * 29 + seed * 53) % 256) });

test('image column: a DatasetDict folder reads its train split by default, pixels and labels exactly those of the digits image folder', () => {
  const expected = folder();
  const ds = read('digits-images-hf');
  assert.equal(ds.format, 'huggingface');
  assert.equal(ds.pixel, true);
  assert.deepEqual([ds.N, ds.d, ds.labelColumn], [24, 64, 'label']);
  assert.deepEqual(ds.classNames, expected.classNames);
  assert.deepEqual(Array.from(ds.X), Array.from(expected.X));
  assert.deepEqual(Array.from(ds.y), Array.from(expected.y));
  assert.deepEqual(ds.featureNames, expected.featureNames);
  assert.equal(ds.pixelReason, 'images: an image column (image) of PNG images, converted to grayscale (datasetGeometry.imageColor), 8 × 8');
  assert.match(ds.split!, /^the train split of a DatasetDict \(dataset_dict\.json\); its other splits \(test\) are not read/);
});

test('DatasetDict: --split reads that split alone (the host reads no other split), an unknown split is an error naming the splits', () => {
  const listing = [
    'dataset_dict.json',
    ...['test', 'train'].flatMap((s) => ['state.json', 'dataset_info.json', 'data-00000-of-00001.arrow'].map((f) => `${s}/${f}`)),
  ];
  assert.deepEqual(folderSplits(listing), ['test', 'train']);
  assert.deepEqual(folderSplits(['state.json', 'data-00000-of-00001.arrow']), []);
  assert.equal(chooseSplit(['test', 'train']), 'train');
  assert.equal(chooseSplit(['b', 'a']), 'b');
  assert.equal(chooseSplit(['test', 'train'], 'valid'), undefined);
  assert.deepEqual(folderFiles(listing, 'test'), ['dataset_dict.json', 'test/state.json', 'test/dataset_info.json', 'test/data-00000-of-00001.arrow']);
  assert.deepEqual(folderFiles(listing), ['dataset_dict.json', 'train/state.json', 'train/dataset_info.json', 'train/data-00000-of-00001.arrow']);
  assert.throws(() => folderFiles(listing, 'valid'), /no split "valid" in the dataset_dict\.json folder: its splits are test, train/);
  assert.throws(() => folderFiles(['state.json'], 'test'), /a split was asked for \(test\), but the folder has no dataset_dict\.json/);

  const source = readSource(fixturePath('digits-images-hf'), 2 ** 31, 'test');
  assert.deepEqual(Object.keys(source.siblings).sort(), ['dataset_dict.json', 'test/data-00000-of-00001.arrow', 'test/dataset_info.json', 'test/state.json']);
  const ds = loadDataset(source, {}, { inflate: nodeInflate });
  assert.deepEqual([ds.N, ds.d], [12, 64]);
  assert.deepEqual(Array.from(ds.y), [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1]);
  assert.match(ds.split!, /^the test split of a DatasetDict \(dataset_dict\.json\); its other splits \(train\) are not read/);
  // the train split's images are not those of the test split
  assert.notDeepEqual(Array.from(ds.X.subarray(0, 64)), Array.from(read('digits-images-hf').X.subarray(0, 64)));
});

test('image column: the same images in Parquet (zstd) and in an Arrow IPC file decode as the image folder does, RGB too', () => {
  const arrowFile = tableToIPC(tableFromIPC(readFixture('digits-images-hf/train/data-00000-of-00001.arrow')), 'file');
  for (const options of [{}, { imageColor: 'rgb' as const }]) {
    const expected = folder(options);
    for (const ds of [load('digits-images.parquet', readFixture('digits-images.parquet'), options), load('digits.arrow', arrowFile, options)]) {
      assert.equal(ds.pixel, true);
      assert.deepEqual([ds.N, ds.d], [24, options.imageColor === 'rgb' ? 192 : 64]);
      assert.deepEqual(Array.from(ds.X), Array.from(expected.X));
      assert.deepEqual(Array.from(ds.y), Array.from(expected.y));
      assert.deepEqual(ds.featureNames, expected.featureNames);
    }
  }
});

test('image column: the row limit samples before decoding, and keeps the rows the image folder keeps', () => {
  const options = { rowLimit: 10, seed: '7' };
  const expected = folder(options);
  for (const ds of [read('digits-images-hf', options), load('digits-images.parquet', readFixture('digits-images.parquet'), options)]) {
    assert.deepEqual(ds.sampling, { totalRows: 24, keptRows: 10, seed: '7' });
    assert.deepEqual(Array.from(ds.sourceRows), Array.from(expected.sourceRows));
    assert.deepEqual(Array.from(ds.X), Array.from(expected.X));
  }
});

test('image column: images of other sizes are resized as in an image folder, JPEG too; other columns are not features', () => {
  const jpeg = encodeJpeg({ width: 4, height: 3, data: Uint8Array.from({ length: 48 }, (_, k) => (k % 4 === 3 ? 255 : (k * 7) % 256)) }, 95).data;
  const big = encodePng({ width: 8, height: 6, channels: 1, depth: 8, data: Uint8Array.from({ length: 48 }, (_, k) => (k * 5) % 256) });
  const images = [png(0), png(1), new Uint8Array(jpeg), big];
  const table = imageTable(
    images.map((bytes, i) => ({ bytes, path: `${i}.img` })),
    [0, 1, 0, 1],
  );
  const withScore = new Table({
    ...Object.fromEntries(table.schema.fields.map((f, j) => [f.name, table.getChildAt(j)!])),
    score: vectorFromArray([1.5, 2, 3, 4]),
  });
  const ds = load('mixed.arrow', tableToIPC(withScore, 'file'));
  const files = Object.fromEntries(images.map((b, i) => [`${i % 2}/${i}.${i === 2 ? 'jpg' : 'png'}`, b]));
  const expected = load('imgs/', new Uint8Array(0), {}, files);
  assert.equal(ds.d, 12);
  // the folder's records are class 0's files, then class 1's: table rows 0, 2, 1, 3
  [0, 2, 1, 3].forEach((row, k) => assert.deepEqual(Array.from(ds.X.subarray(row * 12, row * 12 + 12)), Array.from(expected.X.subarray(k * 12, k * 12 + 12))));
  assert.match(
    ds.pixelReason!,
    /^images: an image column \(image\) of JPEG and PNG images, converted to grayscale \(datasetGeometry\.imageColor\), 4 × 3; 1 of 4 images of other sizes were resized \(bilinear\) to 4 × 3, the most common size$/,
  );
  assert.match(expected.pixelReason!, /1 of 4 images of other sizes were resized \(bilinear\) to 4 × 3/);
});

test('image column: a corrupt image, a missing one and a path without bytes are errors naming the row and the column', () => {
  const good = png(3);
  const cut = good.subarray(0, 30);
  const ipc = (images: Parameters<typeof imageTable>[0]) =>
    tableToIPC(
      imageTable(
        images,
        images.map((_, i) => i % 2),
      ),
      'file',
    );
  const corrupt = errorOf(() =>
    load(
      'bad.arrow',
      ipc([
        { bytes: good, path: 'a.png' },
        { bytes: good, path: 'b.png' },
        { bytes: cut, path: 'c.png' },
      ]),
    ),
  );
  assert.equal(corrupt.row, 2);
  assert.equal(corrupt.column, 'image');
  assert.match(corrupt.message, /^bad\.arrow, row 2, column image: 1 of 3 images could not be decoded: row 2 \(.+\)$/);
  const inParquet = errorOf(() =>
    load(
      'bad.parquet',
      parquet(
        imageTable(
          [
            { bytes: good, path: 'a.png' },
            { bytes: cut, path: 'c.png' },
          ],
          [0, 1],
        ),
      ),
    ),
  );
  assert.equal(inParquet.row, 1);
  assert.equal(inParquet.column, 'image');
  for (const missing of [null, { bytes: null, path: '/data/c.png' }]) {
    const e = errorOf(() => load('missing.arrow', ipc([{ bytes: good, path: 'a.png' }, missing])));
    assert.equal(e.row, 1);
    assert.match(e.message, /no image bytes \(null\): every row needs its PNG or JPEG image embedded/);
  }
  const e = errorOf(() =>
    load(
      'missing.parquet',
      parquet(
        imageTable(
          [
            { bytes: good, path: 'a.png' },
            { bytes: null, path: '/data/c.png' },
          ],
          [0, 1],
        ),
      ),
    ),
  );
  assert.equal(e.row, 1);
  assert.equal(e.column, 'image');
});
