// The workspace the extension-host suite runs in: the bundled sample, the largest real dataset of
// test/fixtures, iris as Parquet, Arrow (plain and LZ4-compressed), HDF5 and a Hugging Face save_to_disk folder, an image folder of digits, a malformed file, a truncated Parquet file, two ;- and |-separated files whose last column
// cannot be the label, and Fashion-MNIST where it is installed. Used by the code-server driver, the desktop
// runner and `npm run vscode`.
const fs = require('fs'),
  path = require('path');

const root = path.resolve(__dirname, '..');
const FASHION = '/usr/share/datasets/fashion-mnist';

exports.prepareTestWorkspace = function prepareTestWorkspace(dir, { withIris = false } = {}) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const fixtures = path.join(root, 'test', 'fixtures');
  fs.copyFileSync(path.join(root, 'media', 'samples', 'two-moons.csv'), path.join(dir, 'two-moons.csv'));
  fs.copyFileSync(path.join(fixtures, 'digits.csv'), path.join(dir, 'digits.csv'));
  fs.copyFileSync(path.join(fixtures, 'iris.parquet'), path.join(dir, 'iris.parquet'));
  fs.copyFileSync(path.join(fixtures, 'iris.arrow'), path.join(dir, 'iris.arrow'));
  for (const name of ['iris.h5', 'iris-lz4.arrow']) fs.copyFileSync(path.join(fixtures, name), path.join(dir, name));
  // folder datasets, opened from the explorer's folder menu
  for (const folder of ['iris-hf', 'digits-png', 'digits-images-hf']) fs.cpSync(path.join(fixtures, folder), path.join(dir, folder), { recursive: true });
  if (withIris) fs.copyFileSync(path.join(fixtures, 'iris.csv'), path.join(dir, 'iris.csv'));
  writeLeakySplit(path.join(fixtures, 'iris.csv'), dir);
  for (const name of ['malformed.csv', 'semicolon.csv', 'pipe.csv']) {
    fs.copyFileSync(path.join(root, 'test', 'extension', 'fixtures', name), path.join(dir, name));
  }
  // a damaged binary file: iris.parquet cut after 2,000 bytes, as an interrupted copy leaves it
  fs.writeFileSync(path.join(dir, 'damaged.parquet'), fs.readFileSync(path.join(fixtures, 'iris.parquet')).subarray(0, 2000));
  // Fashion-MNIST's training split where Debian's dataset-fashion-mnist is installed: the suite then
  // prints how long the panel takes to show the headline of a real-size job (issue 11)
  for (const f of ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz']) {
    const src = path.join(FASHION, f);
    if (fs.existsSync(src)) fs.copyFileSync(src, path.join(dir, f));
  }
  return dir;
};

/** Compare with… (issue 16): iris split into iris-train.csv (rows i mod 5 ≠ 0) and iris-test.csv (the rest, with
 * half of its "2" rows left out, so the class balance shifts), then three train rows planted at the end of the test
 * file: an exact copy, a copy whose label is flipped to the next class, and a copy moved by 0.001 in its first feature.
 * Deterministic, so the suite can name every row on both sides. */
function writeLeakySplit(irisCsv, dir) {
  const [header, ...rows] = fs.readFileSync(irisCsv, 'utf8').trim().split('\n');
  const train = rows.filter((_, i) => i % 5 !== 0);
  const test = rows.filter((r, i) => i % 5 === 0 && !(r.endsWith(',2') && i % 10 === 5));
  const flipped = rows[51].replace(/,(\d)$/, (_, c) => `,${(Number(c) + 1) % 3}`);
  const moved = rows[102].replace(/^[^,]+/, (x) => (Number(x) + 0.001).toFixed(3));
  const write = (name, lines) => fs.writeFileSync(path.join(dir, name), [header, ...lines].join('\n') + '\n');
  write('iris-train.csv', train);
  write('iris-test.csv', [...test, rows[1], flipped, moved]);
}
