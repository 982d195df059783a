// Geometry test inputs: the real datasets of test/fixtures as normalised points, and synthetic point clouds.
// The shared CSVs are all-numeric with a header and the label last; the real parsers live in
// src/core/data, this only reads these three files.
import { readFixture } from '../helpers';
import { createRng } from '../../../src/core/random';
import type { LabeledPoints } from '../../../src/core/points';

/** A shared CSV, max-norm normalised as SCIENCE.md §1 (every point divided by the largest norm). */
export function fixturePoints(name: string): LabeledPoints {
  const lines = new TextDecoder().decode(readFixture(name)).trim().split(/\r?\n/).slice(1);
  const rows = lines.map((l) => l.split(',').map(Number));
  const d = rows[0].length - 1;
  const labels = rows.map((r) => String(r[d]));
  const classNames = [...new Set(labels)].sort((a, b) => Number(a) - Number(b));
  const X = new Float32Array(rows.length * d);
  let R = 0;
  rows.forEach((r) => (R = Math.max(R, Math.hypot(...r.slice(0, d)))));
  rows.forEach((r, i) => r.slice(0, d).forEach((v, k) => (X[i * d + k] = v / R)));
  return { X, N: rows.length, d, y: Int32Array.from(labels, (l) => classNames.indexOf(l)), classNames };
}

/** Gaussian blobs: for each class, `centers[c]` (d-vectors) with `perBlob` points of spread `sigma` each. */
export function gaussianBlobs(centers: number[][][], perBlob: number, sigma: number, seed: string): LabeledPoints {
  const rng = createRng(seed);
  const d = centers[0][0].length;
  const points: number[][] = [],
    y: number[] = [];
  centers.forEach((blobs, c) =>
    blobs.forEach((m) => {
      for (let p = 0; p < perBlob; p++) {
        points.push(m.map((v) => v + sigma * rng.normal()));
        y.push(c);
      }
    }),
  );
  return { X: Float32Array.from(points.flat()), N: points.length, d, y: Int32Array.from(y), classNames: centers.map((_, c) => `c${c}`) };
}

/** N uniform points in [−1, 1]^d with random labels in {0, 1}: no structure at all. */
export function randomLabelled(N: number, d: number, seed: string): LabeledPoints {
  const rng = createRng(seed);
  const X = Float32Array.from({ length: N * d }, () => 2 * rng.next() - 1);
  const y = Int32Array.from({ length: N }, (_, i) => (i < 2 ? i : rng.int(2)));
  return { X, N, d, y, classNames: ['a', 'b'] };
}
