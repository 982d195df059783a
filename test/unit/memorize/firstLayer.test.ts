import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FirstLayerDraw } from '../../../src/core/memorize/firstLayer';
import seedrandom from 'seedrandom';
import { createFastRng, xoshiro128ss } from '../../../src/core/random';

test('a draw extended in steps equals the same draw made at full width (prefixes are valid draws)', () => {
  for (const d of [1, 2, 3, 64]) {
    const whole = new FirstLayerDraw('s', 4, d, 0.7, 300);
    whole.extendTo(300);
    const steps = new FirstLayerDraw('s', 4, d, 0.7, 300);
    for (const n of [1, 2, 33, 33, 256, 300]) steps.extendTo(n);
    assert.deepEqual(steps.W, whole.W, `W, d = ${d}`);
    assert.deepEqual(steps.b, whole.b, `b, d = ${d}`);
    const small = new FirstLayerDraw('s', 4, d, 0.7, 40);
    small.extendTo(40);
    assert.deepEqual(small.W, whole.W.subarray(0, 40 * d));
    assert.deepEqual(small.b, whole.b.subarray(0, 40));
  }
  assert.throws(() => new FirstLayerDraw('s', 0, 2, 1, 10).extendTo(11), RangeError);
});

test('draws are seeded: same seed and index agree, other index or seed differ; λ only scales the bias', () => {
  const make = (seed: string, t: number, lambda: number) => {
    const f = new FirstLayerDraw(seed, t, 5, lambda, 50);
    f.extendTo(50);
    return f;
  };
  assert.deepEqual(make('a', 1, 1).W, make('a', 1, 1).W);
  assert.notDeepEqual(make('a', 1, 1).W, make('a', 2, 1).W);
  assert.notDeepEqual(make('a', 1, 1).W, make('b', 1, 1).W);
  const one = make('a', 3, 1),
    half = make('a', 3, 0.5),
    zero = make('a', 3, 0);
  assert.deepEqual(half.W, one.W);
  one.b.forEach((v, j) => assert.equal(half.b[j], Math.fround(0.5 * v)));
  assert.ok(zero.b.every((v) => v === 0));
});

test('W is N(0, 1) and b is Uniform[−λ, λ] (moments within 5 standard errors)', () => {
  const n = 20000,
    d = 3,
    lambda = 2;
  const f = new FirstLayerDraw('moments', 0, d, lambda, n);
  f.extendTo(n);
  const mean = (a: Float32Array) => a.reduce((s, v) => s + v, 0) / a.length;
  const meanSq = (a: Float32Array) => a.reduce((s, v) => s + v * v, 0) / a.length;
  const m = n * d;
  assert.ok(Math.abs(mean(f.W)) < 5 / Math.sqrt(m));
  assert.ok(Math.abs(meanSq(f.W) - 1) < 5 * Math.sqrt(2 / m));
  assert.ok(f.b.every((v) => v >= -lambda && v <= lambda));
  assert.ok(Math.abs(mean(f.b)) < (5 * (lambda / Math.sqrt(3))) / Math.sqrt(n));
  // Var of Uniform[−λ, λ] is λ²/3; its sample variance has sd ≈ λ²·√(4/45)/√n
  assert.ok(Math.abs(meanSq(f.b) - (lambda * lambda) / 3) < 5 * lambda * lambda * Math.sqrt(4 / 45 / n));
});

test("the first layers' generator: xoshiro128** matches its reference outputs, and its normals are N(0, 1) in moments and tails", () => {
  // Blackman and Vigna's xoshiro128** from the state (1, 2, 3, 4)
  const g = xoshiro128ss([1, 2, 3, 4]);
  assert.deepEqual(
    Array.from({ length: 10 }, () => g()),
    [11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849, 3729100597, 4258142804],
  );
  const a = createFastRng('s/draw/3'),
    b = createFastRng('s/draw/3'),
    c = createFastRng('s/draw/4');
  const xs = Array.from({ length: 5 }, () => a.normal());
  assert.deepEqual(
    xs,
    Array.from({ length: 5 }, () => b.normal()),
  );
  assert.notDeepEqual(
    xs,
    Array.from({ length: 5 }, () => c.normal()),
  );
  const m = 200000,
    r = createFastRng('tails');
  let s1 = 0,
    s2 = 0,
    s3 = 0,
    s4 = 0,
    beyond2 = 0;
  for (let i = 0; i < m; i++) {
    const z = r.normal();
    s1 += z;
    s2 += z * z;
    s3 += z ** 3;
    s4 += z ** 4;
    if (Math.abs(z) > 2) beyond2++;
  }
  // standard errors of the sample moments of N(0, 1): √(1/m), √(2/m), √(15/m), √(96/m); P(|Z| > 2) = 0.0455
  assert.ok(Math.abs(s1 / m) < 5 * Math.sqrt(1 / m));
  assert.ok(Math.abs(s2 / m - 1) < 5 * Math.sqrt(2 / m));
  assert.ok(Math.abs(s3 / m) < 5 * Math.sqrt(15 / m));
  assert.ok(Math.abs(s4 / m - 3) < 5 * Math.sqrt(96 / m));
  assert.ok(Math.abs(beyond2 / m - 0.0455) < 5 * Math.sqrt((0.0455 * 0.9545) / m));
  const u = createFastRng('uniform'),
    us = Array.from({ length: m }, () => u.next());
  assert.ok(us.every((v) => v >= 0 && v < 1));
  assert.ok(Math.abs(us.reduce((x, v) => x + v, 0) / m - 0.5) < 5 * Math.sqrt(1 / 12 / m));
});

test("createFastRng is xoshiro128** from its seed's first four seedrandom int32, uniforms u·2⁻³², normals by the polar method (spare kept), int by floor", () => {
  // the definition written out, against the generator the draws use, over mixed calls
  const init = seedrandom('s/draw/7');
  const u32 = xoshiro128ss([init.int32(), init.int32(), init.int32(), init.int32()]);
  let spare: number | null = null;
  const reference = {
    next: () => u32() * 2 ** -32,
    normal(): number {
      if (spare !== null) {
        const s = spare;
        spare = null;
        return s;
      }
      let u: number, v: number, s: number;
      do {
        u = (u32() + 0.5) * 2 ** -31 - 1;
        v = (u32() + 0.5) * 2 ** -31 - 1;
        s = u * u + v * v;
      } while (s >= 1);
      const f = Math.sqrt((-2 * Math.log(s)) / s);
      spare = v * f;
      return u * f;
    },
    int: (n: number) => Math.floor(reference.next() * n),
  };
  const fast = createFastRng('s/draw/7');
  for (let i = 0; i < 3000; i++) {
    const call = i % 7 === 3 ? 'next' : i % 11 === 5 ? 'int' : 'normal';
    if (call === 'int') assert.equal(fast.int(1000), reference.int(1000));
    else assert.equal(fast[call](), reference[call]());
  }
});
