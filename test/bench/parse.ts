// CSV parsing throughput: our byte parser (loadDataset) against a naive split/Number baseline, both
// on the same ~100 MB CSV generated in memory, in the same run. Run:
//   node --import tsx test/bench/parse.ts [MB]
// Each figure is the best of two runs; the ratio compares wall times.
import { loadDataset } from '../../src/core/data/index';
import { createRng } from '../../src/core/random';
import { nodeInflate } from '../../src/node/inflate';

const targetMB = Number(process.argv[2] ?? 100);

/** Rows of `d` features written like typical exports, then an integer class label. */
function generate(style: 'short' | 'full', d: number): Uint8Array {
  const rng = createRng('bench-parse');
  const lines: string[] = [['f0', ...Array.from({ length: d - 1 }, (_, j) => `f${j + 1}`), 'label'].join(',')];
  let bytes = 0;
  while (bytes < targetMB * 1e6) {
    const row = Array.from({ length: d }, () => {
      const v = rng.normal() * 10;
      return style === 'short' ? v.toFixed(4) : String(v); // 'full': shortest round-trip doubles, ~17 digits
    });
    row.push(String(rng.int(10)));
    const line = row.join(',');
    lines.push(line);
    bytes += line.length + 1;
  }
  return new TextEncoder().encode(lines.join('\n') + '\n');
}

/**
 * Best of `runs` in wall time and in CPU time of this process: the machine is shared, so the fastest
 * run is the least disturbed one, and CPU time is what other load disturbs least.
 */
function time<T>(f: () => T, runs = 2): { seconds: number; cpuSeconds: number; result: T } {
  let best = Infinity;
  let bestCpu = Infinity;
  let result!: T;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    result = f();
    const cpu = process.cpuUsage(c0);
    best = Math.min(best, performance.now() - t0);
    bestCpu = Math.min(bestCpu, (cpu.user + cpu.system) / 1000);
  }
  return { seconds: best / 1000, cpuSeconds: bestCpu / 1000, result };
}

for (const style of ['short', 'full'] as const) {
  const bytes = generate(style, 10);
  const mb = bytes.length / 1e6;
  // Warm both up on a slice so the JIT has compiled them before timing.
  const cut = bytes.subarray(0, bytes.indexOf(10, 1 << 20) + 1);
  loadDataset({ name: 'warm.csv', bytes: cut }, {}, { inflate: nodeInflate });
  naive(cut);

  const ours = time(() => loadDataset({ name: 'bench.csv', bytes }, {}, { inflate: nodeInflate }));
  const base = time(() => naive(bytes));
  if (ours.result.N !== base.result) throw new Error(`row counts differ: ${ours.result.N} vs ${base.result}`);
  const oursRate = mb / ours.seconds;
  const baseRate = mb / base.seconds;
  console.log(
    `${style.padEnd(5)} ${mb.toFixed(1)} MB, ${ours.result.N} rows × ${ours.result.d}: ` +
      `ours ${oursRate.toFixed(1)} MB/s (${(mb / ours.cpuSeconds).toFixed(1)} per CPU second), naive split+Number ${baseRate.toFixed(1)} MB/s (decode included), ratio ${(oursRate / baseRate).toFixed(2)}×`,
  );
}

/** The baseline a quick script would write: decode, split lines and cells, Number() each. Returns rows. */
function naive(bytes: Uint8Array): number {
  const text = new TextDecoder().decode(bytes);
  const rows = text
    .split('\n')
    .slice(1)
    .filter((l) => l !== '')
    .map((l) => l.split(',').map(Number));
  return rows.length;
}
