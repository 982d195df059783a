// Loading the new formats against the CSV of the same data, in the same run: Fashion-MNIST's training
// split (60,000 × 784) written once into tmp/ (git-ignored) as CSV and as zstd Parquet, then each file
// loaded in a fresh child process that prints its wall time, CPU time and peak RSS. Run:
//   node --import tsx test/bench/formats.ts
// Targets (issue 17): Parquet loads in under 3 s; peak memory while loading (the peak RSS less the
// RSS before the file was read) under twice the decoded Float32 data.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tableFromArrays } from 'apache-arrow';
import { loadDataset } from '../../src/core/data/index';
import { nodeInflate } from '../../src/node/inflate';
import { parquet } from '../unit/data/writers';
import { fashionAvailable, loadFashion } from './_fashion';

const TMP = path.resolve(__dirname, '..', '..', 'tmp');

/** In the child: load one file, print one JSON line. */
function measure(file: string): void {
  const rss0 = process.memoryUsage().rss;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const ds = loadDataset({ name: path.basename(file), bytes: fs.readFileSync(file) }, { rowLimit: 1e6 }, { inflate: nodeInflate });
  const cpu = process.cpuUsage(c0);
  const seconds = (performance.now() - t0) / 1000;
  const peak = process.resourceUsage().maxRSS * 1024;
  console.log(JSON.stringify({ N: ds.N, d: ds.d, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, peakIncrease: peak - rss0, float32: ds.X.byteLength, fileBytes: fs.statSync(file).size }));
}

function writeFiles(): { csv: string; parquet: string } {
  fs.mkdirSync(TMP, { recursive: true });
  const csv = path.join(TMP, 'fashion-train.csv');
  const pq = path.join(TMP, 'fashion-train.parquet');
  if (fs.existsSync(csv) && fs.existsSync(pq)) return { csv, parquet: pq };
  const ds = loadFashion('train');
  const names = Array.from({ length: ds.d }, (_, j) => `pixel${j}`);
  const lines = [[...names, 'label'].join(',')];
  for (let i = 0; i < ds.N; i++) lines.push([...ds.X.subarray(i * ds.d, (i + 1) * ds.d), ds.classNames[ds.y[i]]].join(','));
  fs.writeFileSync(csv, lines.join('\n') + '\n');
  // uint8 pixel columns and an int64 label, as pandas would write the same frame
  const columns: Record<string, Uint8Array | BigInt64Array> = {};
  names.forEach((n, j) => (columns[n] = Uint8Array.from({ length: ds.N }, (_, i) => ds.X[i * ds.d + j])));
  columns.label = BigInt64Array.from(ds.y, (c) => BigInt(ds.classNames[c]));
  fs.writeFileSync(pq, parquet(tableFromArrays(columns), 'ZSTD'));
  return { csv, parquet: pq };
}

function child(file: string): { seconds: number; cpuSeconds: number; peakIncrease: number; float32: number; fileBytes: number; N: number; d: number } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', __filename, '--measure', file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

if (process.argv[2] === '--measure') {
  measure(process.argv[3]);
} else if (fashionAvailable()) {
  const files = writeFiles();
  const MB = (n: number) => `${(n / 1e6).toFixed(0)} MB`;
  const csv = child(files.csv);
  for (const [kind, file] of [['csv', files.csv], ['parquet (zstd)', files.parquet]] as const) {
    const m = kind === 'csv' ? csv : child(file);
    console.log(
      `${kind.padEnd(15)} ${MB(m.fileBytes)} file, ${m.N} × ${m.d}: ${m.seconds.toFixed(2)} s wall (${m.cpuSeconds.toFixed(2)} s CPU), ` +
        `peak memory +${MB(m.peakIncrease)} = ${(m.peakIncrease / m.float32).toFixed(2)}× the Float32 data (${MB(m.float32)}); ` +
        `time ${(m.seconds / csv.seconds).toFixed(2)}× the CSV's (under load: wall times include other users' work)`,
    );
  }
}
