// The benchmark of record (issue 11): the user's own job. Each dataset is analysed with the default
// settings and every stage, as the panel runs it: one WorkerPool job on the real worker bundle
// (dist/worker.js, with its task threads on every core), in a fresh child process per job so each
// job's peak RSS is its own. Printed per job: wall time, CPU time (all threads), peak RSS, each stage's
// time, and the time to the headline: from the click (reading the file) until a partial report the
// panel receives holds the sanity check, δ and n*.
//
//   node --import tsx test/bench/job.ts [job ...] [--root DIR] [--baseline DIR] [--minutes M] [--max-gb G]
//
// --root DIR runs DIR/dist/worker.js (another checkout's build, e.g. today's main) instead of this one;
// --baseline DIR runs every job with both builds and prints their ratio. Every child runs under a
// watchdog: killed after M minutes (default 20) or at G GB resident (default 6), and the row then says
// so and names the last stage reached.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { defaultSettings, type AnalysisSettings, type Report } from '../../src/core/report';
import { WorkerPool } from '../../src/worker/pool';
import { hasHeadline } from '../../src/protocol/headline';

const repoRoot = path.join(__dirname, '..', '..');
const FASHION = '/usr/share/datasets/fashion-mnist';
/** written once from the IDX files; /tmp/ in the repository is git-ignored */
const scratch = path.join(repoRoot, 'tmp', 'bench');

interface JobSpec {
  name: string;
  /** which part of the user's work this is */
  what: string;
  file: () => string | undefined;
  settings: AnalysisSettings;
}

const fixture = (f: string) => () => path.join(repoRoot, 'test', 'fixtures', f);
const jobs: JobSpec[] = [
  { name: 'two-moons', what: 'two-moons.csv, defaults', file: fixture('two-moons.csv'), settings: defaultSettings },
  { name: 'iris', what: 'iris.csv, 3 classes, defaults', file: fixture('iris.csv'), settings: defaultSettings },
  { name: 'digits', what: 'digits.csv, 10 classes, defaults', file: fixture('digits.csv'), settings: defaultSettings },
  { name: 'fashion-0v6', what: 'Fashion 0-vs-6 CSV 12,000 × 784, --classes 0,6', file: fashionPairCsv, settings: { ...defaultSettings, classes: ['0', '6'] } },
  {
    name: 'fashion-train',
    what: 'Fashion training IDX 60,000 × 784, 10 classes',
    file: () => fashionFile('train-images-idx3-ubyte.gz'),
    settings: defaultSettings,
  },
];

/** What the child reports back on its last stdout line. */
interface Outcome {
  wallMs: number;
  cpuMs: number;
  peakMB: number;
  headlineMs: number | null;
  timings: Record<string, number>;
  /** the last stage the worker reported progress for */
  lastStage: string;
  approximations: string[];
  error?: string;
  /** the highest resident memory the parent saw while each stage was the last one reported (MB) */
  peakByStage?: Record<string, number>;
}

if (process.argv[2] === '--child') {
  void child(process.argv[3], process.argv[4], JSON.parse(process.argv[5]) as AnalysisSettings);
} else {
  void parent(process.argv.slice(2));
}

// ---- the child: one job through the worker pool, as the extension host runs it
async function child(root: string, file: string, settings: AnalysisSettings): Promise<void> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const elapsed = () => performance.now() - t0;
  const siblings: Record<string, Uint8Array> = {};
  const labels = file.replace('images-idx3', 'labels-idx1');
  if (labels !== file) siblings[path.basename(labels)] = fs.readFileSync(labels);
  const bytes = fs.readFileSync(file);
  const pool = new WorkerPool(path.join(root, 'dist', 'worker.js'), () => 1, { info() {}, warn() {}, error() {} });
  let headlineMs: number | null = null;
  let lastStage = '';
  const job = pool.run(
    { name: path.basename(file), bytes, siblings, settings, threads: availableParallelism() },
    {
      onProgress: (stage) => {
        if (stage === lastStage) return;
        process.stderr.write(`[${(elapsed() / 1000).toFixed(2)} s] ${(lastStage = stage)}\n`);
        // the parent's watchdog reads this file to name the stage a killed job had reached and the stage
        // each RSS sample belongs to: written whole by a rename, since a read between writeFileSync's
        // truncation and its write found it empty, which the parent took for the parse stage (what put a
        // later stage's 1.7 GB there)
        const stageFile = process.env.JOB_STAGE_FILE;
        if (stageFile) {
          fs.writeFileSync(`${stageFile}.new`, stage);
          fs.renameSync(`${stageFile}.new`, stageFile);
        }
      },
      onPartial: (r) => {
        if (headlineMs === null && hasHeadline(r)) {
          headlineMs = elapsed();
          // a job the watchdog kills later still has its time to the headline
          if (process.env.JOB_STAGE_FILE) fs.writeFileSync(`${process.env.JOB_STAGE_FILE}.headline`, String(headlineMs));
        }
      },
    },
  );
  let report: Report | undefined;
  let error: string | undefined;
  try {
    report = await job.result;
  } catch (e) {
    error = (e as Error).message;
  }
  const wallMs = elapsed();
  const cpu = process.cpuUsage(cpu0);
  pool.dispose();
  const outcome: Outcome = {
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    peakMB: process.resourceUsage().maxRSS / 1024,
    headlineMs,
    timings: report?.timings ?? {},
    lastStage,
    approximations: (report?.approximations ?? []).map((a) => `${a.figure}: ${a.used}/${a.of} ${a.kind}`),
    error,
  };
  process.stdout.write(JSON.stringify(outcome) + '\n');
  process.exit(0);
}

// ---- the parent: one guarded child per job and build
async function parent(argv: string[]): Promise<void> {
  const flag = (name: string) => {
    const i = argv.indexOf(name);
    if (i < 0) return undefined;
    const v = argv[i + 1];
    argv.splice(i, 2);
    return v;
  };
  const root = path.resolve(flag('--root') ?? repoRoot);
  const baseline = flag('--baseline');
  const minutes = Number(flag('--minutes') ?? 20);
  const maxGB = Number(flag('--max-gb') ?? 6);
  const chosen = jobs.filter((j) => argv.length === 0 || argv.includes(j.name));
  console.log(
    `the user's job: default settings, every stage, through ${path.relative(process.cwd(), root) || '.'}/dist/worker.js on ${availableParallelism()} cores` +
      `${baseline ? `, against ${baseline}` : ''}; watchdog ${minutes} min, ${maxGB} GB`,
  );
  for (const job of chosen) {
    const file = job.file();
    if (!file) {
      console.log(`${job.name.padEnd(14)} SKIPPED: Fashion-MNIST not found in ${FASHION} (apt-get install dataset-fashion-mnist)`);
      continue;
    }
    const ours = await guarded(root, file, job.settings, minutes, maxGB);
    print(job, ours, root === repoRoot ? 'ours' : path.basename(root));
    if (baseline) {
      const base = await guarded(path.resolve(baseline), file, job.settings, minutes, maxGB);
      print(job, base, path.basename(baseline));
      if (!base.error && !ours.error) {
        console.log(
          `${''.padEnd(14)} ratio baseline/ours: wall ${(base.wallMs / ours.wallMs).toFixed(1)}×, CPU ${(base.cpuMs / ours.cpuMs).toFixed(1)}×` +
            (base.headlineMs && ours.headlineMs ? `, headline ${(base.headlineMs / ours.headlineMs).toFixed(1)}×` : '') +
            `, peak RSS ${(base.peakMB / ours.peakMB).toFixed(1)}×`,
        );
      }
    }
  }
}

const s = (ms: number | null) => (ms === null ? '–' : `${(ms / 1000).toFixed(2)} s`);

function print(job: JobSpec, o: Outcome, which: string): void {
  const stages = Object.entries(o.timings)
    .map(([k, v]) => `${k} ${s(v)}`)
    .join(', ');
  if (o.error) {
    console.log(
      `${job.name.padEnd(14)} ${which.padEnd(8)} ${o.error} (last stage reached: ${o.lastStage || 'none'}; headline ${s(o.headlineMs)}; peak RSS ${o.peakMB.toFixed(0)} MB)` +
        (stages ? `\n${''.padEnd(24)}stages done: ${stages}` : ''),
    );
    printPeaks(o);
    return;
  }
  console.log(
    `${job.name.padEnd(14)} ${which.padEnd(8)} headline ${s(o.headlineMs).padStart(8)}   whole report ${s(o.wallMs).padStart(8)}   CPU ${s(o.cpuMs).padStart(8)}   peak RSS ${o.peakMB.toFixed(0).padStart(5)} MB   [${job.what}]`,
  );
  console.log(`${''.padEnd(24)}stages: ${stages}`);
  if (o.approximations.length) console.log(`${''.padEnd(24)}approximations: ${o.approximations.join('; ')}`);
  printPeaks(o);
}

function printPeaks(o: Outcome): void {
  const peaks = Object.entries(o.peakByStage ?? {}).map(([k, mb]) => `${k} ${mb} MB`);
  if (peaks.length) console.log(`${''.padEnd(24)}peak RSS by stage: ${peaks.join(', ')}`);
}

/** Runs one job in a child process, killed after `minutes` or once its resident memory passes `maxGB`. */
function guarded(root: string, file: string, settings: AnalysisSettings, minutes: number, maxGB: number): Promise<Outcome> {
  const stageFile = path.join(scratch, `stage-${process.pid}`);
  fs.mkdirSync(scratch, { recursive: true });
  fs.writeFileSync(stageFile, '');
  const proc = spawn(process.execPath, ['--import', 'tsx', __filename, '--child', root, file, JSON.stringify(settings)], {
    stdio: ['ignore', 'pipe', 'ignore'],
    env: { ...process.env, JOB_STAGE_FILE: stageFile },
  });
  let out = '';
  proc.stdout.on('data', (b) => (out += b));
  let peakKB = 0;
  // which stage holds the memory: typed arrays and WebAssembly memories are outside the JS heap, so only RSS counts them
  const peakByStage: Record<string, number> = {};
  let killed: string | undefined;
  const t0 = performance.now();
  const watch = setInterval(() => {
    const rssKB = residentKB(proc.pid!);
    // 0: the child has ended or not yet started, and a 0 MB sample would stand for the stage it last named
    if (rssKB > 0) {
      peakKB = Math.max(peakKB, rssKB);
      const stage = fs.readFileSync(stageFile, 'utf8') || 'parse';
      peakByStage[stage] = Math.max(peakByStage[stage] ?? 0, Math.round(rssKB / 1024));
    }
    if (rssKB > maxGB * 1024 * 1024)
      killed = `killed at ${(rssKB / 1024 / 1024).toFixed(1)} GB resident after ${((performance.now() - t0) / 60000).toFixed(1)} min`;
    else if (performance.now() - t0 > minutes * 60000) killed = `not finished after ${minutes} min`;
    if (killed) proc.kill('SIGKILL');
  }, 250);
  return new Promise((resolve) => {
    proc.on('exit', () => {
      clearInterval(watch);
      const lastStage = fs.readFileSync(stageFile, 'utf8');
      const headline = fs.existsSync(`${stageFile}.headline`) ? Number(fs.readFileSync(`${stageFile}.headline`, 'utf8')) : null;
      for (const f of [stageFile, `${stageFile}.new`, `${stageFile}.headline`]) fs.rmSync(f, { force: true });
      const last = out.trim().split('\n').at(-1);
      if (!killed && last?.startsWith('{')) return resolve({ ...(JSON.parse(last) as Outcome), peakByStage });
      resolve({
        wallMs: performance.now() - t0,
        cpuMs: 0,
        peakMB: peakKB / 1024,
        headlineMs: headline,
        timings: {},
        lastStage,
        approximations: [],
        error: killed ?? 'the job process ended without a result',
        peakByStage,
      });
    });
  });
}

function residentKB(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

function fashionFile(name: string): string | undefined {
  const f = path.join(FASHION, name);
  return fs.existsSync(f) && fs.existsSync(f.replace('images-idx3', 'labels-idx1')) ? f : undefined;
}

/** Classes 0 and 6 of the training split as a CSV (pixels 0–255, then the label), as a user would have it. */
function fashionPairCsv(): string | undefined {
  const images = fashionFile('train-images-idx3-ubyte.gz');
  if (!images) return undefined;
  const out = path.join(scratch, 'fashion-0v6.csv');
  if (fs.existsSync(out)) return out;
  const px = gunzipSync(fs.readFileSync(images));
  const lb = gunzipSync(fs.readFileSync(images.replace('images-idx3', 'labels-idx1')));
  const N = px.readUInt32BE(4),
    d = px.readUInt32BE(8) * px.readUInt32BE(12);
  const lines = [
    [...Array(d).keys()]
      .map((j) => `p${j}`)
      .concat('label')
      .join(','),
  ];
  for (let i = 0; i < N; i++) {
    const label = lb[8 + i];
    if (label !== 0 && label !== 6) continue;
    lines.push(`${px.subarray(16 + i * d, 16 + (i + 1) * d).join(',')},${label}`);
  }
  fs.mkdirSync(scratch, { recursive: true });
  fs.writeFileSync(out, lines.join('\n') + '\n');
  return out;
}
