// A part of the job, not the job: the separation stage only. Every point's exact nearest opposite point
// — δ, its pair, the worst points — by the blocked float32 kernel with its certified bound and exact
// recheck (kernels().nearestAcross), with the points' sketch ruling most pairs out (kernels/sketch.ts),
// on every core and on one thread, against the same kernel without the sketch (every pair measured,
// one thread); then the Lipschitz stage's δ₁ and δ∞ from those nearest points, with the sketch and
// without. Fashion 0-vs-6 (classes 0 and 6 of the Fashion-MNIST training split, 12,000 × 784) by
// default; `train` for the whole split (60,000 × 784, 10 classes: δ₂ only). Pixels/255 then max-norm,
// as the tool does. CPU seconds are the process's (all threads); the machine is shared, so compare the
// ratio. `npm run bench separation [train]`, after `npm run build` (it loads dist/kernels.wasm).
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { normalize } from '../../src/core/data/index';
import { selectClasses } from '../../src/core/data/select-classes';
import { useKernels } from '../../src/core/kernels/backend';
import type { NearestOpposite } from '../../src/core/kernels/distances';
import { nearestOppositeAll } from '../../src/core/geometry/separation';
import { separationP } from '../../src/core/lipschitz/separationP';
import { startThreads } from '../../src/worker/threads';
import { wasmKernels } from '../unit/helpers';
import { fashionAvailable, loadFashion } from './_fashion';

if (!fashionAvailable()) process.exit(0);
const train = process.argv.includes('train');
const wasm = wasmKernels();
useKernels(wasm);
const data = train ? loadFashion('train') : selectClasses(loadFashion('train'), ['0', '6']);
const points = { X: normalize(data, 'max-norm').X, N: data.N, d: data.d, y: data.y };
const cores = availableParallelism();
const threads = startThreads(path.join(__dirname, '..', '..', 'dist', 'taskThread.js'), cores);

function timed<T>(f: () => T): { wall: number; cpu: number; result: T } {
  const c0 = process.cpuUsage(),
    t0 = performance.now();
  const result = f();
  const c = process.cpuUsage(c0);
  return { wall: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6, result };
}
/** the run of least CPU time among `reps` after a warm-up (V8 compiles the optimised kernel in the background) */
function best<T>(reps: number, f: () => T) {
  if (reps > 1) f();
  const runs = Array.from({ length: reps }, () => timed(f));
  return runs.reduce((a, b) => (b.cpu < a.cpu ? b : a));
}
/** the kernels without the sketch: every pair measured (the kernel before the sketch) */
const unsketched = () => useKernels({ ...wasm, sketch: undefined });
const f = (s: number) => `${s.toFixed(2)} s`;
const line = (what: string, t: { wall: number; cpu: number }) => console.log(`  ${what}: ${f(t.wall)} wall (${f(t.cpu)} CPU)`);

console.log(`separation stage only, Fashion ${train ? 'training split' : '0-vs-6'} (${points.N} × ${points.d}): every point's exact nearest opposite point`);
const reps = train ? 1 : 3;
const all = best(reps, () => nearestOppositeAll(points, { parallel: threads }));
// the training split on one thread too would take minutes more: there, threads only
const one = train ? all : best(reps, () => nearestOppositeAll(points));
unsketched();
const old = best(train ? 1 : 2, () => nearestOppositeAll(points, train ? { parallel: threads } : {}));
useKernels(wasm);
const same = (a: NearestOpposite, b: NearestOpposite) => a.neighbor.every((j, i) => j === b.neighbor[i]) && a.distance.every((s, i) => s === b.distance[i]);
let delta = Infinity;
for (const s of one.result.distance) delta = Math.min(delta, s);
line(`with the sketch, ${cores} threads`, all);
if (!train) line('with the sketch, one thread', one);
line(`baseline, every pair measured, ${train ? `${cores} threads` : 'one thread'}`, old);
console.log(`  ratio (CPU): ${(old.cpu / (train ? all.cpu : one.cpu)).toFixed(1)}×; δ₂ = ${delta}`);
console.log(`  identical results (every neighbour and distance): ${same(one.result, old.result) && same(all.result, old.result) ? 'yes' : 'NO'}`);
if (!train) {
  for (const p of [1, Infinity]) {
    const fast = timed(() => separationP(points.X, points.N, points.d, points.y, p, undefined, one.result));
    const slow = timed(() => separationP(points.X, points.N, points.d, points.y, p, undefined, { ...one.result, sketch: undefined }));
    line(`δ${p === 1 ? '₁' : '∞'} = ${fast.result.delta} with the sketch, one thread`, fast);
    line(`δ${p === 1 ? '₁' : '∞'} without it`, slow);
    console.log(`  same δ and pair: ${fast.result.delta === slow.result.delta && `${fast.result.pair}` === `${slow.result.pair}` ? 'yes' : 'NO'}`);
  }
}
threads.dispose();
