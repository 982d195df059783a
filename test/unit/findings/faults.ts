// Real datasets with injected faults, written as real files (CSV text, IDX bytes) and read back
// through the loader: flipped labels, jittered copies, copies across two split files. Each fault
// remembers where it is, so the tests can check that the findings name exactly these rows.
import * as fs from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { DatasetSource } from '../../../src/core/data';
import { createRng, type Rng } from '../../../src/core/random';
import { idx, utf8 } from '../data/writers';
import { readFixture } from '../helpers';

export interface Table {
  X: number[][];
  labels: string[];
  /** every class, for flips */
  classes: string[];
  /** the row a point at index i has in the written file (what the findings name) */
  rowOf(i: number): number;
  /** the rows and labels as a file of this table's format */
  write(name: string, X: number[][], labels: string[]): DatasetSource;
  /** one copy of x, moved by a small amount (scaled to the data: a 10⁻³ of each feature's spread, a few grey levels of a few pixels) */
  jitter(x: number[], rng: Rng): number[];
}

/** A fixture CSV (header, features, label last) as a table; written back with the same header. */
export function csvTable(name: string): Table {
  const [header, ...lines] = new TextDecoder().decode(readFixture(name)).trim().split('\n');
  const X = lines.map((l) => l.split(',').slice(0, -1).map(Number));
  const labels = lines.map((l) => l.slice(l.lastIndexOf(',') + 1));
  const d = X[0].length;
  const spread = Array.from({ length: d }, (_, j) => {
    const v = X.map((x) => x[j]);
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    return Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
  });
  return {
    X,
    labels,
    classes: [...new Set(labels)].sort(),
    rowOf: (i) => i + 2, // line 1 is the header
    write: (file, rows, ls) => ({ name: file, bytes: utf8([header, ...rows.map((x, i) => `${x.join(',')},${ls[i]}`)].join('\n') + '\n') }),
    jitter: (x, rng) => x.map((v, j) => v + 1e-3 * (spread[j] || 1) * rng.normal()),
  };
}

/** The first `count` Fashion-MNIST training images of classes 0 and 6 (T-shirt/top, shirt), as IDX files. */
export function fashionTable(count: number): Table {
  const dir = '/usr/share/datasets/fashion-mnist/';
  const images = gunzipSync(fs.readFileSync(dir + 'train-images-idx3-ubyte.gz'));
  const labelBytes = gunzipSync(fs.readFileSync(dir + 'train-labels-idx1-ubyte.gz'));
  const X: number[][] = [],
    labels: string[] = [];
  for (let i = 0; i < 60000 && X.length < count; i++) {
    const c = labelBytes[8 + i];
    if (c !== 0 && c !== 6) continue;
    X.push([...images.subarray(16 + i * 784, 16 + (i + 1) * 784)]);
    labels.push(String(c));
  }
  return {
    X,
    labels,
    classes: ['0', '6'],
    rowOf: (i) => i, // IDX rows are 0-based records
    write: (file, rows, ls) => ({
      name: `${file}-images-idx3-ubyte`,
      bytes: idx(0x08, [rows.length, 28, 28], rows.flat()),
      siblings: { [`${file}-labels-idx1-ubyte`]: idx(0x08, [ls.length], ls.map(Number)) },
    }),
    jitter: (x, rng) => {
      const y = x.slice();
      for (let n = 0; n < 8; n++) {
        const j = rng.int(784);
        y[j] = Math.min(255, Math.max(0, y[j] + (y[j] > 127 ? -3 : 3)));
      }
      return y;
    },
  };
}

/** distinct indices in [0, n), seeded, avoiding `avoid` */
export function pick(rng: Rng, n: number, count: number, avoid: Set<number> = new Set()): number[] {
  const out = new Set<number>();
  while (out.size < count) {
    const i = rng.int(n);
    if (!avoid.has(i)) out.add(i);
  }
  return [...out];
}

export function otherClass(rng: Rng, classes: string[], label: string): string {
  const others = classes.filter((c) => c !== label);
  return others[rng.int(others.length)];
}

export { createRng };
