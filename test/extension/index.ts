// Entry of the extension-host tests: `run()` is the contract both runners use — code-server's test
// driver here (e2e/run-in-code-server.js) and @vscode/test-electron on desktop (run-desktop.ts).
// Bundled by esbuild into dist/test/extension/index.js; mocha stays a runtime dependency.
import Mocha from 'mocha';

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 120_000, reporter: 'spec' });
  // define suite()/test() as globals, then load the suites (bundled, executed lazily by the import)
  mocha.suite.emit('pre-require', globalThis, 'dataset-geometry', mocha);
  await import('./analysis.test');
  await new Promise<void>((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const skipped = runner.stats?.pending ?? 0;
      // a skipped test (one whose data is not installed) is neither passed nor failed
      console.log(`${mocha.suite.total() - failures - skipped} passed, ${failures} failed${skipped ? `, ${skipped} skipped` : ''}`);
      failures ? reject(new Error(`${failures} tests failed.`)) : resolve();
    });
  });
}
