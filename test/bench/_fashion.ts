// Fashion-MNIST for the benchmarks: the Debian package dataset-fashion-mnist's gzip IDX files, loaded as
// the tool loads them (never committed).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { loadDataset, type Dataset } from '../../src/core/data/index';
import { nodeInflate } from '../../src/node/inflate';

const DIR = '/usr/share/datasets/fashion-mnist';
const FILES = ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz', 't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'];

/** whether the files are there (installing the package when running as root); says why not when they are not */
export function fashionAvailable(): boolean {
  if (FILES.every((f) => fs.existsSync(`${DIR}/${f}`))) return true;
  if (process.getuid?.() === 0) {
    console.log('Fashion-MNIST is missing: installing the Debian package dataset-fashion-mnist (running as root).');
    spawnSync('apt-get', ['install', '-y', 'dataset-fashion-mnist'], { stdio: 'inherit' });
    if (FILES.every((f) => fs.existsSync(`${DIR}/${f}`))) return true;
  }
  console.log(`SKIPPED: Fashion-MNIST not found in ${DIR}. Install it with \`sudo apt-get install dataset-fashion-mnist\` and rerun.`);
  return false;
}

export function loadFashion(split: 'train' | 't10k'): Dataset {
  const images = `${split}-images-idx3-ubyte.gz`,
    labels = `${split}-labels-idx1-ubyte.gz`;
  return loadDataset(
    { name: images, bytes: fs.readFileSync(`${DIR}/${images}`), siblings: { [labels]: fs.readFileSync(`${DIR}/${labels}`) } },
    { rowLimit: 1e6 },
    { inflate: nodeInflate },
  );
}
