// `npm test`: everything, in order, with one closing line "N passed, N failed" summed over the suites.
// Suites: typecheck (each folder with its own tsconfig), lint (ESLint, with the direction of
// dependencies between folders), build, core unit tests and CLI tests (node's
// test runner), then the suites that need a real VS Code / Chromium when their entry exists.
import { spawnSync } from 'node:child_process';

const suites = [
  { name: 'typecheck', cmd: 'npm', args: ['run', '--silent', 'typecheck'] },
  { name: 'lint', cmd: 'npm', args: ['run', '--silent', 'lint'] },
  { name: 'unit + cli', cmd: 'npm', args: ['run', '--silent', 'test:unit'], counts: 'node' },
  // the extension-host tests inside code-server; e2e/run.sh first runs scripts/e2e-tools.sh (cached)
  { name: 'extension host (code-server)', cmd: 'npm', args: ['run', '--silent', 'test:e2e'], counts: 'summary' },
  // the panel on the built bundle in headless Chromium (the Chromium the e2e suite installed)
  { name: 'webview (headless Chromium)', cmd: 'npm', args: ['run', '--silent', 'test:webview'], counts: 'node' },
];

let passed = 0,
  failed = 0;
for (const s of suites) {
  console.log(`\n=== ${s.name} ===`);
  const r = spawnSync(s.cmd, s.args, { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 1 << 28 });
  process.stdout.write(r.stdout ?? '');
  const out = r.stdout ?? '';
  if (s.counts === 'node') {
    const pass = Number(/^ℹ pass (\d+)/m.exec(out)?.[1] ?? 0),
      fail = Number(/^ℹ fail (\d+)/m.exec(out)?.[1] ?? 0);
    passed += pass;
    failed += fail;
    if (r.status !== 0 && fail === 0) failed += 1; // the runner itself failed
  } else if (s.counts === 'summary') {
    const m = [...out.matchAll(/^(\d+) passed, (\d+) failed/gm)].pop();
    if (m) {
      passed += Number(m[1]);
      failed += Number(m[2]);
    }
    if (r.status !== 0 && (!m || Number(m[2]) === 0)) failed += 1;
  } else {
    r.status === 0 ? passed++ : failed++;
  }
  if (r.status !== 0) console.log(`--- ${s.name} failed (exit ${r.status})`);
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
