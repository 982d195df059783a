// The random first layer (SCIENCE.md §2, step 1): W with i.i.d. N(0, 1) entries, b with i.i.d. Uniform[−λ, λ].
//
// Draw t comes from its own stream createFastRng(childSeed(seed, 'draw', t)) (d normals a unit, so the
// fast generator of SCIENCE.md §7), so it is the same whatever else runs (other draws, other λ, other stages). Units are drawn one after another from that stream,
// each as its d weights then its bias, so the first n units of a draw are exactly a width-n draw: this is
// why prefixes of one draw are valid draws of every smaller width (SCIENCE.md §3), and why extending a draw
// unit by unit later yields the same numbers as drawing maxWidth units up front.
// The bias is λ·(2v − 1) with v uniform in [0, 1): the same v for every λ, so a λ sweep compares the
// same directions W with scaled offsets (common random numbers across λ).
import { childSeed, createFastRng, type Rng } from '../random';

export class FirstLayerDraw {
  readonly W: Float32Array;
  /** the biases for the first λ given */
  readonly b: Float32Array;
  /** one bias vector per λ given, in that order: λ·(2v − 1) from the same v */
  readonly biases: Float32Array[];
  readonly lambdas: readonly number[];
  /** units drawn so far */
  n = 0;
  private readonly rng: Rng;

  /** lambda: the maximal bias, or several (a λ sweep), each with its own bias vector over the same draw */
  constructor(
    seed: string,
    draw: number,
    readonly d: number,
    lambda: number | readonly number[],
    capacity: number,
  ) {
    this.rng = createFastRng(childSeed(seed, 'draw', draw));
    this.W = new Float32Array(capacity * d);
    this.lambdas = typeof lambda === 'number' ? [lambda] : lambda;
    this.biases = this.lambdas.map(() => new Float32Array(capacity));
    this.b = this.biases[0];
  }

  /** Draws units up to n (no-op if already there); never beyond the capacity given at construction. */
  extendTo(n: number): void {
    if (n > this.b.length) throw new RangeError(`width ${n} exceeds the draw's capacity ${this.b.length}`);
    const { W, biases, lambdas, d, rng } = this;
    for (let j = this.n; j < n; j++) {
      for (let k = 0; k < d; k++) W[j * d + k] = rng.normal();
      const v = 2 * rng.next() - 1;
      for (let l = 0; l < lambdas.length; l++) biases[l][j] = lambdas[l] * v;
    }
    if (n > this.n) this.n = n;
  }
}
