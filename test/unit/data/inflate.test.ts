// The Node gunzip sized by the gzip trailer (src/node/inflate.ts) unpacks exactly what zlib's default
// does, fails a forged trailer as zlib does, and still stops a bomb at the limit.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import test from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import { InflateLimitError } from '../../../src/core/env';
import { nodeInflate } from '../../../src/node/inflate';
import { createRng } from '../../../src/core/random';

const LIMIT = 1 << 30;
const reference = (gz: Uint8Array) => new Uint8Array(gunzipSync(gz));

/** bytes that compress a little (a few symbols, seeded), so the stream spans several of zlib's 16 KiB chunks */
function sample(n: number, seed: number): Uint8Array {
  const rng = createRng(`inflate ${seed}`);
  return Uint8Array.from({ length: n }, () => rng.int(7) * 31);
}

/** the gzip file with its trailer's ISIZE replaced */
function withSize(gz: Uint8Array, size: number): Uint8Array {
  const forged = gz.slice();
  new DataView(forged.buffer).setUint32(forged.length - 4, size >>> 0, true);
  return forged;
}

test('gunzip equals zlib on a real file (Fashion-MNIST labels, when installed) and on sizes around the chunk', (t) => {
  const fashion = '/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz';
  let real: Uint8Array | undefined;
  try {
    real = readFileSync(fashion);
  } catch {
    t.diagnostic(`${fashion} is not installed: synthetic data only`);
  }
  const cases = [...(real ? [real] : []), ...[0, 1, 16383, 16384, 16385, 100_000, 1_000_003].map((n, i) => gzipSync(sample(n, i)))];
  for (const gz of cases) assert.deepEqual(nodeInflate.gunzip(gz, LIMIT), reference(gz));
});

/** what zlib's default gunzip does with the same limit: the bytes, or its error's code */
function outcome(f: () => Uint8Array): Uint8Array | string {
  try {
    return new Uint8Array(f());
  } catch (e) {
    return e instanceof InflateLimitError ? 'limit' : String((e as NodeJS.ErrnoException).code);
  }
}
const zlibDefault = (gz: Uint8Array, limit: number) =>
  outcome(() => {
    try {
      return gunzipSync(gz, { maxOutputLength: limit });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw new InflateLimitError(limit);
      throw e;
    }
  });

test('two members: the trailer sizes only the last, and the output is both', () => {
  const a = sample(300_000, 7);
  const b = sample(20_000, 8);
  assert.deepEqual(nodeInflate.gunzip(new Uint8Array([...gzipSync(a), ...gzipSync(b)]), LIMIT), new Uint8Array([...a, ...b]));
});

test('a forged trailer (too small, too large, 4 GiB) fails as zlib fails it, and a bomb stops at the limit whatever its trailer claims', () => {
  const gz = gzipSync(sample(300_000, 7));
  const bomb = gzipSync(new Uint8Array(8 << 20));
  const cases: [Uint8Array, number][] = [
    ...[20_000, 300_001, 2 ** 32 - 1].map((claim): [Uint8Array, number] => [withSize(gz, claim), LIMIT]),
    [bomb, 1 << 20],
    [withSize(bomb, 1000), 1 << 20],
    [withSize(bomb, 2 ** 32 - 1), 1 << 20],
    [bomb, 8 << 20], // exactly at the limit is allowed
  ];
  for (const [bytes, limit] of cases)
    assert.deepEqual(
      outcome(() => nodeInflate.gunzip(bytes, limit)),
      zlibDefault(bytes, limit),
    );
  assert.equal(
    outcome(() => nodeInflate.gunzip(bomb, 1 << 20)),
    'limit',
  );
  assert.equal(
    outcome(() => nodeInflate.gunzip(withSize(gz, 20_000), LIMIT)),
    'Z_DATA_ERROR',
  );
});
