// Every random draw in Dataset Geometry comes from here: a seeded generator (seedrandom's ARC4, the
// library's default, identical on every platform), so the same seed, data and settings reproduce the
// same numbers in the worker, the CLI and the tests.
import seedrandom from 'seedrandom';

export interface Rng {
  /** uniform in [0, 1) */
  next(): number;
  /** standard normal N(0, 1) */
  normal(): number;
  /** uniform integer in [0, n) */
  int(n: number): number;
}

export function createRng(seed: string): Rng {
  const prng = seedrandom(seed);
  let spare: number | null = null;
  const next = () => prng.double();
  return {
    next,
    // Marsaglia's polar method; it yields normals in pairs, so keep the second for the next call.
    normal() {
      if (spare !== null) {
        const s = spare;
        spare = null;
        return s;
      }
      let u: number, v: number, s: number;
      do {
        u = 2 * next() - 1;
        v = 2 * next() - 1;
        s = u * u + v * v;
      } while (s >= 1 || s === 0);
      const f = Math.sqrt((-2 * Math.log(s)) / s);
      spare = v * f;
      return u * f;
    },
    int(n: number) {
      return Math.floor(next() * n);
    },
  };
}

/** A child seed, so independent parts (draw t, class c, ...) get their own stream whatever order they run in. */
export function childSeed(seed: string, ...path: (string | number)[]): string {
  return [seed, ...path].join('/');
}

/**
 * A faster generator for bulk normals (the first layers' weights: d·width per draw, where seedrandom's
 * ARC4 at ~250 ns a normal was most of a small dataset's memorization time): xoshiro128** (Blackman and
 * Vigna), its 128-bit state taken from seedrandom's stream of the same seed, so it is just as seeded
 * and platform-independent. Uniforms have 32 bits, plenty for float32 weights; normals by the polar method.
 */
export function createFastRng(seed: string): Rng {
  const init = seedrandom(seed);
  const u32 = xoshiro128ss([init.int32(), init.int32(), init.int32(), init.int32()]);
  const next = () => u32() * 2 ** -32;
  let spare = 0,
    hasSpare = false;
  return {
    next,
    normal() {
      if (hasSpare) {
        hasSpare = false;
        return spare;
      }
      let u: number, v: number, s: number;
      do {
        // (u32 + 0.5)·2⁻³¹ − 1: symmetric in (−1, 1), never exactly ±1 or 0
        u = (u32() + 0.5) * 2 ** -31 - 1;
        v = (u32() + 0.5) * 2 ** -31 - 1;
        s = u * u + v * v;
      } while (s >= 1);
      const f = Math.sqrt((-2 * Math.log(s)) / s);
      spare = v * f;
      hasSpare = true;
      return u * f;
    },
    int: (n) => Math.floor(next() * n),
  };
}

/** xoshiro128** from the state (four 32-bit words): each call returns the next output as an unsigned 32-bit integer. */
export function xoshiro128ss(state: readonly number[]): () => number {
  let [s0, s1, s2, s3] = state.map((w) => w | 0);
  // the all-zero state is the generator's one fixed point
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1;
  return () => {
    const r = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return r >>> 0;
  };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
