// Part benchmark (issue 11): the default job's later stages — decomposition, Lipschitz, generalization —
// each on its own, on Fashion-MNIST T-shirt (0) vs Shirt (6), 12,000 × 784, as the analysis runs them
// after the memorization study (λ = 1, class 6 as X⁻, every other setting at its default, the options
// built as the pipeline builds them). A part of
// the job, not the job: parsing, separation and the memorization study are not timed here (the
// separation runs once, untimed, because the Lipschitz stage reuses its nearest opposite points).
// `node --import tsx --expose-gc test/bench/stages.ts [decomposition|lipschitz|generalization ...]
// [--rows N] [--serial]` after `npm run build`. Prints wall and CPU seconds (all threads), and the
// process's peak RSS so far.
import * as fs from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { loadDataset } from '../../src/core/data/index';
import { normalize } from '../../src/core/data/normalize';
import { selectClasses } from '../../src/core/data/select-classes';
import { useKernels } from '../../src/core/kernels/backend';
import { separation } from '../../src/core/geometry/separation';
import { decompositionStudy } from '../../src/core/geometry/decomposition';
import { generalizationStudy } from '../../src/core/generalization';
import { lipschitzStudy } from '../../src/core/lipschitz';
import { generalizationOptions, lipschitzOptions } from '../../src/core/analysis';
import { defaultSettings } from '../../src/core/report';
import { serial, type Parallel } from '../../src/core/parallel';
import { startThreads } from '../../src/worker/threads';
import { nodeInflate } from '../../src/node/inflate';
import { wasmKernels } from '../unit/helpers';

const DIR = '/usr/share/datasets/fashion-mnist';
const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const value = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const wanted = args.filter((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1] === '--rows'));
const runs = (w: string) => wanted.length === 0 || wanted.includes(w);

if (!fs.existsSync(`${DIR}/train-images-idx3-ubyte.gz`)) {
  console.log(`SKIPPED: Fashion-MNIST not found in ${DIR} (sudo apt-get install dataset-fashion-mnist).`);
  process.exit(0);
}
useKernels(wasmKernels());
const parallel: Parallel = flag('--serial') ? serial : startThreads(path.join(__dirname, '..', '..', 'dist', 'taskThread.js'), availableParallelism());

const images = 'train-images-idx3-ubyte.gz',
  labels = 'train-labels-idx1-ubyte.gz';
const rowLimit = Number(value('--rows') ?? 1e6);
const train = loadDataset(
  { name: images, bytes: fs.readFileSync(`${DIR}/${images}`), siblings: { [labels]: fs.readFileSync(`${DIR}/${labels}`) } },
  { rowLimit: 1e6 },
  { inflate: nodeInflate },
);
const pair = selectClasses(train, ['0', '6']);
const N = Math.min(pair.N, rowLimit);
const scaled = normalize({ ...pair, N, X: pair.X.subarray(0, N * pair.d), y: pair.y.subarray(0, N) }, 'max-norm');
const points = { X: scaled.X, N, d: pair.d, y: pair.y.subarray(0, N), classNames: pair.classNames };
const settings = defaultSettings;
const negative = 1,
  lambda = 1;
const nearest = separation(points, { parallel }).nearest;
console.log(`Fashion 0 vs 6, ${N} × ${pair.d}, λ = ${lambda}, class 6 as X⁻, ${parallel.threads} thread(s), T = ${settings.draws}`);

function timed<T>(name: string, f: () => T): T {
  const c0 = process.cpuUsage(),
    t0 = performance.now();
  const result = f();
  const c = process.cpuUsage(c0);
  const wall = (performance.now() - t0) / 1000,
    cpu = (c.user + c.system) / 1e6;
  console.log(
    `part: ${name.padEnd(16)} ${wall.toFixed(2).padStart(8)} s wall ${cpu.toFixed(2).padStart(8)} s CPU   peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
  );
  return result;
}

if (runs('decomposition')) {
  timed('decomposition', () =>
    decompositionStudy(
      points,
      {
        negative,
        positive: 1 - negative,
        kappa: settings.kappa,
        eta: settings.eta,
        widthDraws: 200,
        seed: settings.seed,
        image: true,
      },
      { parallel },
    ),
  );
}
if (runs('lipschitz')) {
  const r = timed('lipschitz', () => lipschitzStudy({ ...points, nearest }, lipschitzOptions(settings, { lambda, negative }), { parallel }));
  if (flag('--print')) console.log(JSON.stringify(r.memorizer).slice(0, 2000));
}
if (runs('generalization')) {
  const r = timed('generalization', () =>
    generalizationStudy({ ...points, sketch: nearest.sketch }, generalizationOptions(settings, { lambda, negative }), { parallel }),
  );
  if (flag('--print')) console.log(JSON.stringify({ ...r, widths: r.widths }).slice(0, 2000));
}
if (parallel !== serial) (parallel as ReturnType<typeof startThreads>).dispose();
