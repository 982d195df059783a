import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../../src/core/analysis';
import { isImageShaped } from '../../../src/core/data/ndarray';
import { formatText } from '../../../src/core/summary';
import { defaultSettings } from '../../../src/core/report';
import { nodeInflate } from '../../../src/node/inflate';
import { readFixture } from '../helpers';
import { idx } from './writers';

const settings = { ...defaultSettings, draws: 10, maxWidth: 512, stages: ['decomposition' as const] };
const bytes = (s: string) => new TextEncoder().encode(s);

// four integer columns within 0..255 whose count is a square: ages, children, rooms, floor
const ages = ['age,children,rooms,floor,label'];
for (let i = 0; i < 40; i++) ages.push(`${20 + ((i * 7) % 50)},${i % 4},${1 + (i % 6)},${i % 12},${i % 2 ? 'yes' : 'no'}`);
const agesCsv = bytes(`${ages.join('\n')}\n`);

test('an integer table within 0..255 is not pixel-scaled and gets no image card; the report says why', () => {
  const r = analyze({ name: 'ages.csv', bytes: agesCsv }, settings, { inflate: nodeInflate });
  assert.equal(r.dataset.pixelScaled, false);
  assert.match(r.dataset.images, /^a table, not images/);
  assert.equal(r.decomposition!.convolutional, undefined);
  // R is the largest norm in the file's own units, not in units of 255
  let largest = 0;
  for (const line of ages.slice(1)) largest = Math.max(largest, Math.hypot(...line.split(',').slice(0, 4).map(Number)));
  assert.ok(Math.abs(r.dataset.R - largest) < 1e-4, `${r.dataset.R} vs ${largest}`);
  const text = formatText(r);
  assert.ok(!text.includes('pixels / 255'), text);
  assert.ok(text.includes('a table, not images'), text);
  // digits.csv (0..16 grey levels) too, unless the user marks it
  const digits = analyze({ name: 'digits.csv', bytes: readFixture('digits.csv') }, { ...settings, classes: ['3', '8'], stages: [] }, { inflate: nodeInflate });
  assert.equal(digits.dataset.pixelScaled, false);
});

test('the user can mark a table as images: then it is divided by 255 and says so', () => {
  const r = analyze({ name: 'ages.csv', bytes: agesCsv }, { ...settings, images: true, stages: [] }, { inflate: nodeInflate });
  assert.equal(r.dataset.pixelScaled, true);
  assert.match(r.dataset.images, /marked so by the user/);
});

test('IDX unsigned-byte images still are images: pixel-scaled, with the convolutional card', () => {
  // 24 images of 4 × 4, two classes: a bright square in one of two corners, with a little noise
  const N = 24,
    values: number[] = [],
    labels: number[] = [];
  for (let i = 0; i < N; i++) {
    const c = i % 2;
    labels.push(c);
    for (let r = 0; r < 4; r++)
      for (let q = 0; q < 4; q++) {
        const inside = c === 0 ? r < 2 && q < 2 : r >= 2 && q >= 2;
        values.push(inside ? 200 + ((i * 13 + r * 4 + q) % 50) : (i * 7 + r + q) % 30);
      }
  }
  const r = analyze(
    { name: 'toy-images-idx3-ubyte', bytes: idx(0x08, [N, 4, 4], values), siblings: { 'toy-labels-idx1-ubyte': idx(0x08, [N], labels) } },
    settings,
    { inflate: nodeInflate },
  );
  assert.equal(r.dataset.pixelScaled, true);
  assert.match(r.dataset.images, /IDX format stores images/);
  assert.equal(r.decomposition!.convolutional?.side, 4);
});

test('image-shaped arrays are (N, h, w) or (N, h, w, c ≤ 4); a matrix is a table', () => {
  assert.ok(isImageShaped([10, 28, 28]));
  assert.ok(isImageShaped([10, 32, 32, 3]));
  assert.ok(!isImageShaped([10, 784]));
  assert.ok(!isImageShaped([10, 8, 8, 16]));
});
