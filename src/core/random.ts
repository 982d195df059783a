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
  return new FastRng(new Xoshiro128ss([init.int32(), init.int32(), init.int32(), init.int32()]));
}

/**
 * createFastRng's generator, a class rather than closures in an object literal: V8 runs the methods
 * of a class (one shape for every generator, its methods on the prototype) about twice as fast in the
 * first layers' draws (extendTo, d normals a unit: 120 draws of 512 units at d = 64 with three λ,
 * 54 → 26 ms besides the allocation), where every draw, and every random network, makes a new generator.
 */
class FastRng implements Rng {
  private spare = 0;
  private hasSpare = false;

  constructor(private readonly bits: Xoshiro128ss) {}

  next(): number {
    return this.bits.u32() * 2 ** -32;
  }

  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    let u: number, v: number, s: number;
    do {
      // (u32 + 0.5)·2⁻³¹ − 1: symmetric in (−1, 1), never exactly ±1 or 0
      u = (this.bits.u32() + 0.5) * 2 ** -31 - 1;
      v = (this.bits.u32() + 0.5) * 2 ** -31 - 1;
      s = u * u + v * v;
    } while (s >= 1);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * f;
    this.hasSpare = true;
    return u * f;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }
}

/** xoshiro128** from the state (four 32-bit words): each call returns the next output as an unsigned 32-bit integer. */
export function xoshiro128ss(state: readonly number[]): () => number {
  const g = new Xoshiro128ss(state);
  return () => g.u32();
}

/** xoshiro128**'s state and step (xoshiro128ss, createFastRng) */
class Xoshiro128ss {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(state: readonly number[]) {
    [this.s0, this.s1, this.s2, this.s3] = state.map((w) => w | 0);
    // the all-zero state is the generator's one fixed point
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** the next output, an unsigned 32-bit integer */
  u32(): number {
    const r = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9);
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return r >>> 0;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
