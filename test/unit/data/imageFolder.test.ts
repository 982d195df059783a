// Image folders (root/<class>/<image>): PNGs written by fast-png and JPEGs by jpeg-js (the real npm
// encoders), checked against the pixels written, PIL's grayscale formula computed here, a bilinear
// resize computed here, and the CSV of the same digits; corrupt images are named.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { deflateSync } from 'node:zlib';
import { decode as decodePng, encode as encodePng } from 'fast-png';
import { encode as encodeJpeg } from 'jpeg-js';
import { loadDataset } from '../../../src/core/data/index';
import type { LoadOptions } from '../../../src/core/data/index';
import { nodeInflate } from '../../../src/node/inflate';
import { fixturePath } from '../helpers';
import { errorOf, load, utf8 } from './writers';

const folder = (files: Record<string, Uint8Array>, options: LoadOptions = {}) => load('imgs/', new Uint8Array(0), options, files);

/** The fixture folder's files by relative path, as the hosts pass them. */
function readFolder(dir: string): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  for (const c of fs.readdirSync(dir))
    for (const f of fs.readdirSync(path.join(dir, c))) files[`${c}/${f}`] = new Uint8Array(fs.readFileSync(path.join(dir, c, f)));
  return files;
}

const gray = (w: number, h: number, f: (x: number, y: number) => number) =>
  encodePng({ width: w, height: h, channels: 1, depth: 8, data: Uint8Array.from({ length: w * h }, (_, k) => f(k % w, Math.floor(k / w))) });

test('image folder: the digits fixture reads back the pixels of digits.csv it was written from, in ImageFolder order', () => {
  const ds = folder(readFolder(fixturePath('digits-png')));
  assert.equal(ds.format, 'imagefolder');
  assert.equal(ds.pixel, true);
  assert.deepEqual([ds.N, ds.d], [24, 64]);
  assert.deepEqual(ds.classNames, ['0', '1']);
  assert.equal(ds.featureNames[9], 'pixel[1,1]');
  assert.equal(ds.pixelReason, 'images: an image folder of PNG files, converted to grayscale (datasetGeometry.imageColor), 8 × 8');
  const [, ...rows] = fs
    .readFileSync(fixturePath('digits.csv'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(','));
  const expected = ['0', '1'].flatMap((label) => rows.filter((r) => r[64] === label).slice(0, 12));
  assert.deepEqual(
    Array.from(ds.X),
    expected.flatMap((r) => r.slice(0, 64).map((v) => Math.round((Number(v) * 255) / 16))),
  );
  assert.deepEqual(
    Array.from(ds.y),
    expected.map((r) => Number(r[64])),
  );
  assert.deepEqual(
    Array.from(ds.sourceRows),
    Array.from({ length: 24 }, (_, i) => i),
  );
});

test("image folder: RGB converts to grayscale by PIL's convert('L') (ITU-R 601 in fixed point), or stays RGB (height × width × channel)", () => {
  const w = 5,
    h = 3;
  const rgb = Uint8Array.from({ length: w * h * 3 }, (_, k) => (k * 37 + 11) % 256);
  const rgba = Uint8Array.from({ length: w * h * 4 }, (_, k) => (k % 4 === 3 ? 128 : rgb[Math.floor(k / 4) * 3 + (k % 4)]));
  const files = {
    'a/rgb.png': encodePng({ width: w, height: h, channels: 3, depth: 8, data: rgb }),
    'b/rgba.png': encodePng({ width: w, height: h, channels: 4, depth: 8, data: rgba }),
    'b/gray16.png': encodePng({ width: w, height: h, channels: 1, depth: 16, data: Uint16Array.from({ length: w * h }, (_, k) => k * 4000 + 255) }),
  };
  const luma = Array.from({ length: w * h }, (_, p) => Math.floor((rgb[3 * p] * 299 + rgb[3 * p + 1] * 587 + rgb[3 * p + 2] * 114) / 1000 + 0.5));
  const fixedPoint = Array.from({ length: w * h }, (_, p) => (rgb[3 * p] * 19595 + rgb[3 * p + 1] * 38470 + rgb[3 * p + 2] * 7471 + 0x8000) >> 16);
  // the fixed point agrees with the rounded luma up to one level (PIL's own approximation)
  assert.ok(fixedPoint.every((v, p) => Math.abs(v - luma[p]) <= 1));
  const high = Array.from({ length: w * h }, (_, k) => (k * 4000 + 255) >> 8);
  const g = folder(files);
  assert.equal(g.d, w * h);
  // records: class a's rgb.png, then class b's files in name order (gray16 before rgba)
  assert.deepEqual(Array.from(g.X), [...fixedPoint, ...high, ...fixedPoint]);
  const c = folder(files, { imageColor: 'rgb' });
  assert.equal(c.d, w * h * 3);
  assert.equal(c.featureNames[4], 'pixel[0,1,G]');
  assert.deepEqual(Array.from(c.X), [...rgb, ...high.flatMap((v) => [v, v, v]), ...rgb]);
  assert.match(c.pixelReason!, /^images: an image folder of PNG files, RGB \(datasetGeometry\.imageColor\), 5 × 3$/);
});

test('image folder: JPEGs (jpeg-js, quality 100) decode within 3 levels of the pixels written; PNGs and JPEGs mix', () => {
  const w = 16,
    h = 16;
  const value = (x: number, y: number) => 40 + 8 * x + 4 * y;
  const rgba = Uint8Array.from({ length: w * h * 4 }, (_, k) => (k % 4 === 3 ? 255 : value((k >> 2) % w, Math.floor((k >> 2) / w))));
  const jpeg = new Uint8Array(encodeJpeg({ width: w, height: h, data: rgba }, 100).data);
  const ds = folder({ 'j/a.jpg': jpeg, 'p/b.png': gray(w, h, value) });
  assert.equal(ds.d, w * h);
  const worst = Math.max(...Array.from(ds.X.subarray(0, w * h), (v, k) => Math.abs(v - value(k % w, Math.floor(k / w)))));
  assert.ok(worst <= 3, `largest JPEG error ${worst}`);
  assert.match(ds.pixelReason!, /an image folder of JPG and PNG files/);
});

test('image folder: images of another size are resized (bilinear, centres aligned) to the most common size, and the report says so', () => {
  const small = [10, 50, 90, 130]; // 2 × 2
  const files = {
    'a/1.png': gray(4, 4, (x, y) => x + 4 * y),
    'a/2.png': gray(4, 4, (x, y) => 2 * x + y),
    'b/3.png': gray(2, 2, (x, y) => small[x + 2 * y]),
    'b/4.png': gray(4, 4, (x) => 100 + x),
  };
  const ds = folder(files);
  assert.equal(ds.d, 16);
  assert.equal(
    ds.pixelReason,
    'images: an image folder of PNG files, converted to grayscale (datasetGeometry.imageColor), 4 × 4; 1 of 4 images of other sizes were resized (bilinear) to 4 × 4, the most common size',
  );
  // brute force: source coordinate (i + ½)·2/4 − ½ clamped to [0, 1], linear in each axis
  const at = (t: number) => Math.min(1, Math.max(0, (t + 0.5) / 2 - 0.5));
  const expected = Array.from({ length: 16 }, (_, k) => {
    const sx = at(k % 4),
      sy = at(Math.floor(k / 4));
    const top = small[0] * (1 - sx) + small[1] * sx;
    const bottom = small[2] * (1 - sx) + small[3] * sx;
    return top * (1 - sy) + bottom * sy;
  });
  const resized = Array.from(ds.X.subarray(2 * 16, 3 * 16));
  resized.forEach((v, k) => assert.ok(Math.abs(v - expected[k]) < 1e-4, `pixel ${k}: ${v} vs ${expected[k]}`));
  assert.deepEqual([resized[0], resized[3], resized[12], resized[15]], [10, 50, 90, 130]);
});

test('image folder: corrupt images are one error naming each file (up to five) and the reason; other files are not images', () => {
  const good = gray(4, 4, (x, y) => x * y);
  const files = {
    'a/ok.png': good,
    'a/cut.png': good.subarray(0, 40),
    'b/noise.jpg': utf8('not a jpeg at all'),
    'b/ok.png': good,
    'b/zero.jpeg': new Uint8Array([0xff, 0xd8, 0xff, 0xc0, 0, 0]),
  };
  const e = errorOf(() => folder(files));
  assert.equal(e.file, 'imgs/');
  assert.match(
    e.message,
    /^imgs\/: 3 of 5 images could not be decoded: a\/cut\.png \(.+\); b\/noise\.jpg \(not a PNG or JPEG image \(b\/noise\.jpg starts with neither signature\)\); b\/zero\.jpeg \(.+\)$/,
  );
});

test('image folder: an image claiming more pixels than the feature limit is refused before it is decoded', () => {
  const big = gray(4, 4, () => 1).slice();
  new DataView(big.buffer).setUint32(16, 1 << 20); // IHDR width
  assert.match(
    errorOf(() => folder({ 'a/x.png': big, 'b/y.png': gray(4, 4, () => 2) }, { maxFeatures: 1000 })).message,
    /a\/x\.png \(a PNG of 1048576 × 4 pixels, more than the limit of 1000 features\)/,
  );
});

test('image folder: the row limit keeps the same stratified sample as the CSV of the same images, with progress per image', () => {
  const files = readFolder(fixturePath('digits-png'));
  const all = folder(files);
  const header = [...all.featureNames.map((_, j) => `f${j}`), 'label'].join(',');
  const csv = [header, ...Array.from({ length: all.N }, (_, i) => [...all.X.subarray(i * 64, (i + 1) * 64), all.classNames[all.y[i]]].join(','))].join('\n');
  const options = { rowLimit: 9, seed: '3' };
  const messages: string[] = [];
  const ds = loadDataset({ name: 'imgs/', bytes: new Uint8Array(0), siblings: files }, options, {
    inflate: nodeInflate,
    progress: (_s, _f, m) => m && messages.push(m),
  });
  const fromCsv = load('d.csv', csv, options);
  assert.deepEqual(ds.sampling, fromCsv.sampling);
  assert.deepEqual(
    Array.from(ds.sourceRows, (r) => r + 2),
    Array.from(fromCsv.sourceRows),
  );
  assert.deepEqual(Array.from(ds.X), Array.from(fromCsv.X));
  // the first pass only counts labels: the nine kept images are decoded once
  assert.deepEqual(messages, ['image 1 of 9']);
});

/** A non-interlaced 8-bit PNG whose line y is stored with filter type filters[y] (PNG §9), deflated by zlib. */
function filteredPng(width: number, height: number, colorType: 0 | 2 | 4 | 6, raw: Uint8Array, filters: number[]): Uint8Array {
  const bpp = { 0: 1, 2: 3, 4: 2, 6: 4 }[colorType];
  const line = width * bpp;
  const at = (y: number, x: number) => (y >= 0 && x >= 0 ? raw[y * line + x] : 0);
  const filtered = new Uint8Array((line + 1) * height);
  for (let y = 0; y < height; y++) {
    filtered[y * (line + 1)] = filters[y];
    for (let x = 0; x < line; x++) {
      const [a, b, c] = [at(y, x - bpp), at(y - 1, x), at(y - 1, x - bpp)];
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const predicted = [0, a, b, (a + b) >> 1, paeth][filters[y]];
      filtered[y * (line + 1) + 1 + x] = (raw[y * line + x] - predicted) & 0xff;
    }
  }
  const chunk = (type: string, data: Uint8Array) => {
    const out = new Uint8Array(12 + data.length);
    new DataView(out.buffer).setUint32(0, data.length);
    out.set(utf8(type), 4);
    out.set(data, 8);
    return out; // CRC left zero: neither decoder checks it
  };
  const ihdr = new Uint8Array(13);
  new DataView(ihdr.buffer).setUint32(0, width);
  new DataView(ihdr.buffer).setUint32(4, height);
  ihdr.set([8, colorType, 0, 0, 0], 8);
  const z = new Uint8Array(deflateSync(filtered));
  // the zlib stream split over two IDAT chunks, as writers with a chunk size do
  const parts = [PNG_SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', z.subarray(0, 7)), chunk('IDAT', z.subarray(7)), chunk('IEND', new Uint8Array(0))];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((o, p) => (out.set(p, o), o + p.length), 0);
  return out;
}
const PNG_SIGNATURE = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

test('image folder: PNGs of every filter type and 8-bit colour type decode exactly as fast-png decodes them', () => {
  const width = 7,
    height = 10;
  for (const colorType of [0, 2, 4, 6] as const) {
    const bpp = { 0: 1, 2: 3, 4: 2, 6: 4 }[colorType];
    const raw = Uint8Array.from({ length: width * height * bpp }, (_, k) => (k * 97 + colorType * 31 + ((k * k) % 13)) % 256);
    const bytes = filteredPng(width, height, colorType, raw, [0, 1, 2, 3, 4, 4, 3, 2, 1, 0]);
    for (const imageColor of ['grayscale', 'rgb'] as const) {
      const ours = folder({ 'a/x.png': bytes, 'b/y.png': bytes }, { imageColor });
      const png = decodePng(bytes);
      const channels = imageColor === 'rgb' ? 3 : 1;
      assert.equal(png.channels, bpp);
      assert.equal(ours.d, width * height * channels);
      // fast-png's samples, alpha dropped and converted as the folder converts (gray replicated, RGB by PIL's formula)
      const expected = Array.from({ length: width * height }, (_, p) => {
        const s = Array.from({ length: bpp }, (_, k) => png.data[p * bpp + k]);
        const rgb = bpp >= 3 ? s.slice(0, 3) : [s[0], s[0], s[0]];
        return channels === 3 ? rgb : bpp >= 3 ? [(rgb[0] * 19595 + rgb[1] * 38470 + rgb[2] * 7471 + 0x8000) >> 16] : [s[0]];
      }).flat();
      assert.deepEqual(Array.from(ours.X.subarray(0, ours.d)), expected, `colour type ${colorType}, ${imageColor}`);
    }
  }
});
