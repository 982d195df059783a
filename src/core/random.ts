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
