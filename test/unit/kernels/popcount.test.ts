import { test } from 'node:test';
import assert from 'node:assert/strict';
import { markAndPopcountBelow, minAndPopcount, popcount32 } from '../../../src/core/kernels/popcount';
import { markMaskedSumBelow, minMaskedSum } from '../../../src/core/kernels/maskedSums';
import { createRng } from '../../../src/core/random';

const naivePopcount = (v: number) => {
  let c = 0;
  for (let j = 0; j < 32; j++) c += (v >>> j) & 1;
  return c;
};

test('popcount32 counts bits of every kind of word', () => {
  const rng = createRng('pop');
  const words = [0, 1, 0xffffffff, 0x80000000, 0x7fffffff, 0x55555555, -1, -2147483648];
  for (let q = 0; q < 2000; q++) words.push(Math.floor(rng.next() * 2 ** 32));
  for (const w of words) assert.equal(popcount32(w), naivePopcount(w >>> 0), `word ${w}`);
});

function randomBits(seed: string, rows: number, stride: number, density: number) {
  const rng = createRng(seed);
  const bits = new Uint32Array(rows * stride);
  for (let q = 0; q < bits.length; q++) {
    let w = 0;
    for (let j = 0; j < 32; j++) if (rng.next() < density) w |= 1 << j;
    bits[q] = w;
  }
  return bits;
}

test('minAndPopcount and markAndPopcountBelow equal full counts despite stopping early', () => {
  for (const [density, nWords] of [
    [0.5, 4],
    [0.1, 3],
    [0.02, 7],
    [0.9, 1],
  ] as const) {
    const stride = 8,
      N = 60;
    const bits = randomBits(`and-${density}`, N, stride, density);
    const u = randomBits(`u-${density}`, 1, stride, 0.5);
    const rows = Int32Array.from({ length: 40 }, (_, r) => (r * 7) % N);
    const full = Array.from(rows, (i) => {
      let c = 0;
      for (let w = 0; w < nWords; w++) c += naivePopcount((bits[i * stride + w] & u[w]) >>> 0);
      return c;
    });
    assert.equal(minAndPopcount(bits, stride, rows, rows.length, u, nWords), Math.min(...full));
    assert.equal(minAndPopcount(bits, stride, rows, 5, u, nWords), Math.min(...full.slice(0, 5)));
    for (const bound of [0, 1, Math.min(...full), Math.min(...full) + 1, 10, 64, 1000]) {
      const below = new Uint8Array(rows.length);
      const count = markAndPopcountBelow(bits, stride, rows, rows.length, u, nWords, bound, below);
      assert.deepEqual(
        [...below],
        full.map((c) => (c < bound ? 1 : 0)),
        `bound ${bound}`,
      );
      assert.equal(count, full.filter((c) => c < bound).length);
    }
  }
  assert.equal(minAndPopcount(new Uint32Array(4), 2, new Int32Array(0), 0, new Uint32Array(2), 2), 65);
});

test('minMaskedSum and markMaskedSumBelow equal full float64 sums over the listed units', () => {
  const rng = createRng('masked');
  const N = 50,
    n = 90;
  // ReLU-like: about half exactly 0, so some rows sum to 0 over the units
  const act = Float32Array.from({ length: N * n }, () => (rng.next() < 0.5 ? 0 : rng.next() * 3));
  const units = Int32Array.from({ length: 30 }, (_, q) => q * 3);
  const rows = Int32Array.from({ length: N }, (_, i) => N - 1 - i);
  const full = Array.from(rows, (i) => {
    let s = 0;
    for (const j of units) s += act[i * n + j];
    return s;
  });
  assert.equal(minMaskedSum(act, n, rows, N, units, units.length), Math.min(...full));
  for (const bound of [0, Math.min(...full), Math.min(...full) + 1e-9, 20, 45, Infinity]) {
    const below = new Uint8Array(N);
    const count = markMaskedSumBelow(act, n, rows, N, units, units.length, bound, below);
    assert.deepEqual(
      [...below],
      full.map((s) => (s < bound ? 1 : 0)),
      `bound ${bound}`,
    );
    assert.equal(count, full.filter((s) => s < bound).length);
  }
  assert.equal(minMaskedSum(act, n, rows, 0, units, units.length), Infinity);
});
