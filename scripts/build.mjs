// One build for every bundle: the extension host entry, the analysis worker, the CLI (Node, CommonJS)
// and the panel's app (browser, IIFE). `--watch` rebuilds on change; `--production` minifies.
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const node = { platform: 'node', target: 'node20', format: 'cjs', bundle: true, sourcemap: !production, minify: production };
const browser = { platform: 'browser', target: 'chrome120', format: 'iife', bundle: true, sourcemap: !production, minify: production };
const bundles = [
  { ...node, entryPoints: { cli: 'src/cli/main.ts' }, banner: { js: '#!/usr/bin/env node' } },
  { ...node, entryPoints: { extension: 'src/extension/main.ts' }, external: ['vscode'] },
  { ...node, entryPoints: { worker: 'src/worker/main.ts' } },
  { ...browser, entryPoints: { webview: 'webview/main.ts' } },
  // extension-host tests: mocha stays a runtime require (it loads its reporters dynamically)
  { ...node, entryPoints: { 'test/extension/index': 'test/extension/index.ts' }, external: ['vscode', 'mocha'] },
];

const contexts = await Promise.all(bundles.map((b) => esbuild.context({ ...b, outdir: 'dist', logLevel: 'warning' })));
if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}
