// A part of the job, not the job: the separation stage only, on Fashion 0-vs-6 (classes 0 and 6 of the
// Fashion-MNIST training split, 12,000 × 784, pixels/255 then max-norm as the tool does). Every point's
// exact nearest opposite point — δ, its pair, the worst points — by the blocked float32 kernel with its
// certified bound and exact recheck (kernels().nearestAcross), on every core and on one thread, against
// the scan it replaced (kept below as the baseline: projection sort, outward scan, float64 distances),
// run in this process on one thread. CPU seconds are the process's (all threads); the machine is shared,
// so compare the ratio. `npm run bench separation`, after `npm run build` (it loads dist/kernels.wasm).
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { normalize } from '../../src/core/data/index';
import { selectClasses } from '../../src/core/data/select-classes';
import { useKernels } from '../../src/core/kernels/backend';
import { spreadProjection, squaredDistanceBounded, type NearestOpposite } from '../../src/core/kernels/distances';
import { nearestOppositeAll } from '../../src/core/geometry/separation';
import { startThreads } from '../../src/worker/threads';
import { wasmKernels } from '../unit/helpers';
import { fashionAvailable, loadFashion } from './_fashion';

if (!fashionAvailable()) process.exit(0);
useKernels(wasmKernels());
const pair = selectClasses(loadFashion('train'), ['0', '6']);
const points = { X: normalize(pair, 'max-norm').X, N: pair.N, d: pair.d, y: pair.y };
const cores = availableParallelism();
const threads = startThreads(path.join(__dirname, '..', '..', 'dist', 'tasks.js'), cores);

function timed<T>(f: () => T): { wall: number; cpu: number; result: T } {
  const c0 = process.cpuUsage(), t0 = performance.now();
  const result = f();
  const c = process.cpuUsage(c0);
  return { wall: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6, result };
}
/** the run of least CPU time among `reps` after a warm-up (V8 compiles the optimised kernel in the background) */
function best<T>(reps: number, f: () => T) {
  f();
  const runs = Array.from({ length: reps }, () => timed(f));
  return runs.reduce((a, b) => (b.cpu < a.cpu ? b : a));
}

console.log(`separation stage only, Fashion 0-vs-6 (${points.N} × ${points.d}): every point's exact nearest opposite point`);
const all = best(3, () => nearestOppositeAll(points, { parallel: threads }));
const one = best(2, () => nearestOppositeAll(points));
const old = timed(() => oldScan(points.X, points.N, points.d, points.y));
const same = (a: NearestOpposite, b: NearestOpposite) =>
  a.neighbor.every((j, i) => j === b.neighbor[i]) && a.distance.every((s, i) => s === b.distance[i]);
const f = (s: number) => `${s.toFixed(2)} s`;
let delta = Infinity;
for (const s of one.result.distance) delta = Math.min(delta, s);
console.log(`  blocked kernel, ${cores} threads: ${f(all.wall)} wall (${f(all.cpu)} CPU)`);
console.log(`  blocked kernel, one thread:   ${f(one.wall)} wall (${f(one.cpu)} CPU)`);
console.log(`  baseline, the former scan (TypeScript, one thread): ${f(old.wall)} wall (${f(old.cpu)} CPU)`);
console.log(`  ratio (CPU, one thread each): ${(old.cpu / one.cpu).toFixed(1)}×; δ = ${delta}`);
console.log(`  identical results (every neighbour and distance): ${same(one.result, old.result) && same(all.result, old.result) ? 'yes' : 'NO'}`);
threads.dispose();

/**
 * The scan the blocked kernel replaced (kernels/distances.ts before it): points sorted by their projection
 * on a direction of large spread; each scans outward and stops once the projection gap exceeds its best.
 */
function oldScan(X: Float32Array, N: number, d: number, label: Int32Array): NearestOpposite {
  const proj = spreadProjection(X, N, d);
  const order = Int32Array.from({ length: N }, (_, i) => i).sort((a, b) => proj[a] - proj[b] || a - b);
  const rank = new Int32Array(N);
  for (let r = 0; r < N; r++) rank[order[r]] = r;
  const neighbor = new Int32Array(N).fill(-1);
  const best2 = new Float64Array(N).fill(Infinity);
  for (let i = 0; i < N; i++) {
    const pi = proj[i];
    let lo = rank[i] - 1, hi = rank[i] + 1;
    let loOpen = lo >= 0, hiOpen = hi < N;
    while (loOpen || hiOpen) {
      const gapLo = loOpen ? pi - proj[order[lo]] : Infinity;
      const gapHi = hiOpen ? proj[order[hi]] - pi : Infinity;
      const fromLo = gapLo <= gapHi;
      const gap = fromLo ? gapLo : gapHi;
      if (gap * gap > best2[i] * (1 + 1e-9) + 1e-300) break;
      const j = order[fromLo ? lo : hi];
      if (fromLo) loOpen = --lo >= 0;
      else hiOpen = ++hi < N;
      if (label[j] === label[i]) continue;
      const s = squaredDistanceBounded(X, d, i, j, best2[i]);
      if (s < best2[i] || (s === best2[i] && j < neighbor[i])) {
        best2[i] = s;
        neighbor[i] = j;
      }
    }
  }
  return { neighbor, distance: best2.map(Math.sqrt) };
}
