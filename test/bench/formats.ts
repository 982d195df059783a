// Loading the new formats against the CSV of the same data, in the same run: Fashion-MNIST's training
// split (60,000 × 784) written once into /tmp/formats-fashion (outside the repository) as CSV, zstd
// Parquet, an Arrow IPC file, HDF5 (/images uint8 60,000 × 28 × 28 and /labels int64, uncompressed as
// h5py writes by default) and an image folder of 60,000 PNGs (fast-png), then each loaded in a
// fresh child process (read as the CLI reads it) that prints its wall time, CPU time and peak RSS. Run:
//   node --import tsx test/bench/formats.ts
// HDF5's time includes compiling its reader's WebAssembly, which a user's first HDF5 file pays.
// Targets (issue 17): Parquet loads in under 3 s, the image folder in under 60 s; peak memory while
// loading (the peak RSS less the RSS before the file was read) under twice the decoded Float32 data.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Table, tableFromArrays, tableToIPC } from 'apache-arrow';
import { encode } from 'fast-png';
import { loadDataset, prepareLoad } from '../../src/core/data/index';
import { nodeInflate } from '../../src/node/inflate';
import { readSource } from '../../src/node/source';
import { hdf5, parquet } from '../unit/data/writers';
import { fashionAvailable, loadFashion } from './_fashion';

const TMP = '/tmp/formats-fashion';
const PNG_DIR = path.join(TMP, 'train-png');

/** In the child: load one file, print one JSON line. */
async function measure(file: string): Promise<void> {
  const rss0 = process.memoryUsage().rss;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const source = readSource(file, 2 ** 31);
  await prepareLoad(source);
  const ds = loadDataset(source, { rowLimit: 1e6 }, { inflate: nodeInflate });
  const cpu = process.cpuUsage(c0);
  const seconds = (performance.now() - t0) / 1000;
  const peak = process.resourceUsage().maxRSS * 1024;
  console.log(
    JSON.stringify({
      N: ds.N,
      d: ds.d,
      seconds,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      peakIncrease: peak - rss0,
      float32: ds.X.byteLength,
      fileBytes: bytesOf(file),
    }),
  );
}

const bytesOf = (file: string): number =>
  fs.statSync(file).isDirectory() ? fs.readdirSync(file).reduce((n, f) => n + bytesOf(path.join(file, f)), 0) : fs.statSync(file).size;

/** Each wanted file written once (missing ones only), from the IDX files. */
async function writeFiles(wanted: (kind: string) => boolean): Promise<Record<string, string>> {
  fs.mkdirSync(TMP, { recursive: true });
  const files = {
    csv: path.join(TMP, 'fashion-train.csv'),
    'parquet (zstd)': path.join(TMP, 'fashion-train.parquet'),
    arrow: path.join(TMP, 'fashion-train.arrow'),
    hdf5: path.join(TMP, 'fashion-train.h5'),
    'image folder': PNG_DIR,
  };
  const missing = (kind: keyof typeof files) => wanted(kind) && !fs.existsSync(files[kind]);
  if (!Object.keys(files).some((k) => missing(k as keyof typeof files))) return files;
  const ds = loadFashion('train');
  const names = Array.from({ length: ds.d }, (_, j) => `pixel${j}`);
  if (missing('csv')) {
    const lines = [[...names, 'label'].join(',')];
    for (let i = 0; i < ds.N; i++) lines.push([...ds.X.subarray(i * ds.d, (i + 1) * ds.d), ds.classNames[ds.y[i]]].join(','));
    fs.writeFileSync(files.csv, lines.join('\n') + '\n');
  }
  // uint8 pixel columns and an int64 label, as pandas would write the same frame
  const columns: Record<string, Uint8Array | BigInt64Array> = {};
  names.forEach((n, j) => (columns[n] = Uint8Array.from({ length: ds.N }, (_, i) => ds.X[i * ds.d + j])));
  columns.label = BigInt64Array.from(ds.y, (c) => BigInt(ds.classNames[c]));
  const table = tableFromArrays(columns);
  // record batches of 10,000 rows, as a writer streaming the data would make them
  if (missing('arrow'))
    fs.writeFileSync(files.arrow, tableToIPC(new Table(Array.from({ length: 6 }, (_, k) => table.slice(k * 10_000, (k + 1) * 10_000).batches).flat()), 'file'));
  if (missing('image folder')) {
    ds.classNames.forEach((c) => fs.mkdirSync(path.join(PNG_DIR, c), { recursive: true }));
    for (let i = 0; i < ds.N; i++) {
      const data = Uint8Array.from(ds.X.subarray(i * ds.d, (i + 1) * ds.d));
      fs.writeFileSync(
        path.join(PNG_DIR, ds.classNames[ds.y[i]], `${String(i).padStart(5, '0')}.png`),
        encode({ width: 28, height: 28, channels: 1, depth: 8, data }),
      );
    }
  }
  if (missing('parquet (zstd)')) fs.writeFileSync(files['parquet (zstd)'], parquet(table, 'ZSTD'));
  if (missing('hdf5')) {
    const images = { path: 'images', data: Uint8Array.from(ds.X), shape: [ds.N, 28, 28] };
    fs.writeFileSync(files.hdf5, await hdf5([images, { path: 'labels', data: columns.label as BigInt64Array }]));
  }
  return files;
}

function child(file: string): { seconds: number; cpuSeconds: number; peakIncrease: number; float32: number; fileBytes: number; N: number; d: number } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', __filename, '--measure', file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

async function main(): Promise<void> {
  // `formats.ts arrow 'image folder'`: only those (and the CSV, the baseline)
  const only = process.argv.slice(2);
  const wanted = (kind: string) => kind === 'csv' || only.length === 0 || only.includes(kind);
  const files = await writeFiles(wanted);
  const MB = (n: number) => `${(n / 1e6).toFixed(0)} MB`;
  const csv = child(files.csv);
  for (const [kind, file] of Object.entries(files).filter(([kind]) => wanted(kind))) {
    const m = kind === 'csv' ? csv : child(file);
    console.log(
      `${kind.padEnd(15)} ${MB(m.fileBytes)} file, ${m.N} × ${m.d}: ${m.seconds.toFixed(2)} s wall (${m.cpuSeconds.toFixed(2)} s CPU), ` +
        `peak memory +${MB(m.peakIncrease)} = ${(m.peakIncrease / m.float32).toFixed(2)}× the Float32 data (${MB(m.float32)}); ` +
        `time ${(m.seconds / csv.seconds).toFixed(2)}× the CSV's (under load: wall times include other users' work)`,
    );
  }
}

if (process.argv[2] === '--measure') void measure(process.argv[3]);
else if (fashionAvailable()) void main();
