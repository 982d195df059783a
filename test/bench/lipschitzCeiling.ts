// Is the flattening of the p < 2 slopes in test/bench/lipschitz.ts a search failure or the network's
// own ceiling? For one hidden layer, ∂_k f(x) = Σ_i w_i W_ik D_i(x) with D_i ∈ {0, 1}, so for any biases
// Lip_1 ≤ max_k max(Σ_i (w_i W_ik)_+, Σ_i (w_i W_ik)_−): a certified ceiling of about √(2N)/π that does
// not grow with d. Once d nears N the lower estimate of Lip_1 must flatten under it, whatever the
// search; √d growth needs N ≫ d. Prints the lower estimate (the project's search) beside the ceiling.
// Run: node --import tsx test/bench/lipschitzCeiling.ts [draws] [width N] [largest d]
import { createRng } from '../../src/core/random';
import { defaultSearch, lowerEstimates, sampleGradients } from '../../src/core/lipschitz/estimates';
import { randomReluNetwork, type ReluNetwork } from '../../src/core/lipschitz/reluNetwork';

const draws = Number(process.argv[2] ?? 3);
const width = Number(process.argv[3] ?? 512);
const largestD = Number(process.argv[4] ?? width / 2);
const dims = [4, 8, 16, 32, 64, 128, 256, 512, 1024].filter((d) => d <= largestD);
const bias = { kind: 'normal', std: 0.1 } as const;

console.log(`L = 1, width N = ${width}: lower estimate of Lip_1 against the certified ceiling (means over ${draws} draws)`);
console.log(['d'.padStart(4), 'lower'.padStart(10), 'ceiling'.padStart(10), 'ratio'.padStart(8), 'ms'.padStart(8)].join(''));
for (const d of dims) {
  let lower = 0,
    ceiling = 0;
  const t0 = performance.now();
  for (let t = 0; t < draws; t++) {
    const net = randomReluNetwork(d, 1, width, bias, createRng(`shallow/${d}/${t}`));
    const sample = sampleGradients(net, [], defaultSearch, createRng(`shallow-sample/${d}/${t}`));
    lower += lowerEstimates(net, [1], sample, defaultSearch, () => createRng(`shallow-search/${d}/${t}`))[0].value / draws;
    ceiling += lip1Ceiling(net) / draws;
  }
  const ms = performance.now() - t0;
  console.log(
    [
      String(d).padStart(4),
      lower.toFixed(2).padStart(10),
      ceiling.toFixed(2).padStart(10),
      (lower / ceiling).toFixed(3).padStart(8),
      ms.toFixed(0).padStart(8),
    ].join(''),
  );
}

function lip1Ceiling(net: ReluNetwork): number {
  const { W } = net.hidden[0];
  let best = 0;
  for (let k = 0; k < W.cols; k++) {
    let pos = 0,
      neg = 0;
    for (let i = 0; i < W.rows; i++) {
      const c = net.w[i] * W.data[i * W.cols + k];
      if (c > 0) pos += c;
      else neg -= c;
    }
    best = Math.max(best, pos, neg);
  }
  return best;
}
