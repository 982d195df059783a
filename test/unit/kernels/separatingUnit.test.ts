import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  countTrailingZeros,
  firstSeparatingUnit,
  listUnseparated,
  rowMaxima,
  scanFirstSeparatingUnits,
  UNSEPARATED,
} from '../../../src/core/kernels/separatingUnit';
import { createRng } from '../../../src/core/random';

const bit = (bits: Uint32Array, off: number, j: number) => (bits[off + (j >>> 5)] >>> (j & 31)) & 1;

function naiveFirst(bits: Uint32Array, aOff: number, bOff: number, nWords: number): number {
  for (let j = 0; j < nWords * 32; j++) if (bit(bits, aOff, j) === 1 && bit(bits, bOff, j) === 0) return j;
  return -1;
}

/** rows whose units are active with probability p */
function randomRows(seed: string, N: number, stride: number, p: number) {
  const rng = createRng(seed);
  const bits = new Uint32Array(N * stride);
  for (let q = 0; q < bits.length; q++) for (let j = 0; j < 32; j++) if (rng.next() < p) bits[q] |= 1 << j;
  return bits;
}

test('countTrailingZeros finds the lowest set bit', () => {
  for (let j = 0; j < 32; j++) {
    assert.equal(countTrailingZeros(1 << j), j);
    assert.equal(countTrailingZeros((0xffffffff << j) | 0), j);
  }
});

test('firstSeparatingUnit equals the bit-by-bit definition', () => {
  const stride = 4,
    N = 40;
  const bits = randomRows('sep', N, stride, 0.97); // dense rows: separations are rare and late
  for (let a = 0; a < N; a++) {
    for (let b = 0; b < N; b++) {
      for (const nWords of [1, 2, 4]) {
        assert.equal(firstSeparatingUnit(bits, a * stride, b * stride, nWords), naiveFirst(bits, a * stride, b * stride, nWords));
      }
    }
  }
});

test('scanFirstSeparatingUnits: max over pairs, stops at an unseparated pair, resumes to the same answer', () => {
  const stride = 3,
    N = 30;
  const bits = randomRows('scan', N, stride, 0.9);
  const neg = Int32Array.from({ length: 12 }, (_, i) => i);
  const pos = Int32Array.from({ length: 18 }, (_, i) => 12 + i);
  const naive = (nWords: number) => {
    let max = -1;
    for (const a of neg) {
      for (const c of pos) {
        const j = naiveFirst(bits, c * stride, a * stride, nWords);
        if (j < 0) return null;
        max = Math.max(max, j);
      }
    }
    return max;
  };
  // One pass with every word.
  const once = Float64Array.of(-1, 0);
  const full = scanFirstSeparatingUnits(bits, stride, neg, pos, 3, once);
  assert.equal(full ? once[0] : null, naive(3));
  // Growing the number of words as a draw is extended.
  const state = Float64Array.of(-1, 0);
  for (const nWords of [1, 2, 3]) {
    const finished = scanFirstSeparatingUnits(bits, stride, neg, pos, nWords, state);
    const want = naive(nWords);
    assert.equal(finished, want !== null, `nWords ${nWords}`);
    if (finished) assert.equal(state[0], want);
    else {
      // it stopped at the first pair (in a-major order) with no separating unit within nWords
      const p = state[1],
        a = neg[Math.floor(p / pos.length)],
        c = pos[p % pos.length];
      assert.equal(naiveFirst(bits, c * stride, a * stride, nWords), -1);
    }
  }
  assert.equal(state[0], once[0]);
  // A pair of identical rows is never separated.
  bits.copyWithin(12 * stride, 3 * stride, 4 * stride);
  const twin = Float64Array.of(-1, 0);
  assert.equal(scanFirstSeparatingUnits(bits, stride, neg, pos, 3, twin), false);
  assert.ok(twin[1] <= 3 * pos.length, 'stops at or before the pair (x⁻ = 3, x⁺ = 12)');
});

test('listUnseparated: from where a scan stopped, every pair no unit separates, and the max over the others; undefined past the cap', () => {
  const stride = 3,
    N = 40;
  const bits = randomRows('list', N, stride, 0.9);
  // a twin pair (x⁻ = 2, x⁺ = 20): never separated, whatever the words
  bits.copyWithin(2 * stride, 20 * stride, 21 * stride);
  const neg = Int32Array.from({ length: 15 }, (_, i) => i);
  const pos = Int32Array.from({ length: 25 }, (_, i) => 15 + i);
  for (const nWords of [1, 2, 3]) {
    const state = Float64Array.of(-1, 0);
    assert.equal(scanFirstSeparatingUnits(bits, stride, neg, pos, nWords, state), false);
    const stoppedAt = state[1];
    const want: number[] = [];
    let max = -1;
    for (let at = stoppedAt; at < neg.length * pos.length; at++) {
      const a = Math.floor(at / pos.length),
        c = at % pos.length;
      const j = naiveFirst(bits, pos[c] * stride, neg[a] * stride, nWords);
      if (j < 0) want.push(a, c);
      else max = Math.max(max, j);
    }
    const before = state[0];
    const got = listUnseparated(bits, stride, neg, pos, nWords, state, want.length / 2);
    assert.deepEqual(Array.from(got!), want, `nWords ${nWords}`);
    assert.equal(state[0], Math.max(before, max), `nWords ${nWords}`);
    assert.equal(state[1], stoppedAt, 'the scan position stays');
    assert.ok(
      want.some((v, k) => k % 2 === 0 && v === 2 && want[k + 1] === 5),
      'the twin pair is listed',
    );
    // one pair fewer than there are: no list
    assert.equal(listUnseparated(bits, stride, neg, pos, nWords, Float64Array.of(-1, stoppedAt), want.length / 2 - 1), undefined);
  }
});

test("rowMaxima: each row's latest first separating unit over its pairs, by the bit-by-bit definition", () => {
  const stride = 3,
    N = 40;
  const bits = randomRows('rows', N, stride, 0.93);
  bits.copyWithin(5 * stride, 30 * stride, 31 * stride); // row 5 equals x⁺ row 30: never separated
  const rows = Int32Array.from({ length: 20 }, (_, i) => i);
  const pos = Int32Array.from({ length: 20 }, (_, i) => 20 + i);
  for (const nWords of [1, 2, 3]) {
    const out = new Int32Array(rows.length);
    rowMaxima(bits, stride, rows, pos, nWords, out);
    rows.forEach((a, r) => {
      const firsts = Array.from(pos, (c) => naiveFirst(bits, c * stride, a * stride, nWords));
      assert.equal(out[r], firsts.includes(-1) ? UNSEPARATED : Math.max(...firsts), `row ${a}, nWords ${nWords}`);
    });
    assert.equal(out[5], UNSEPARATED);
  }
  const none = new Int32Array(2);
  rowMaxima(bits, stride, rows.subarray(0, 2), new Int32Array(0), 3, none);
  assert.deepEqual([...none], [-1, -1]);
});
