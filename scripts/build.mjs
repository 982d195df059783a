// One build for every bundle: the extension host entry, the analysis worker and its task threads, the CLI (Node, CommonJS)
// and the panel's app (browser, IIFE). `--watch` rebuilds on change; `--production` minifies.
// First the WebAssembly kernels: AssemblyScript -> dist/kernels.wasm, embedded (base64) into every
// bundle as __DATASET_GEOMETRY_KERNELS_WASM__, so core loads it without touching the file system.
import * as esbuild from 'esbuild';
import asc from 'assemblyscript/asc';
import * as fs from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const wasmSource = 'src/core/kernels/wasm/assembly/kernels.ts';
const wasmFile = 'dist/kernels.wasm';
fs.mkdirSync('dist', { recursive: true });
const { error, stderr } = await asc.main([wasmSource, '--outFile', wasmFile, '-O3', '--runtime', 'stub', '--noAssert', '--enable', 'simd']);
if (error) {
  console.error(stderr.toString());
  throw error;
}
const define = { __DATASET_GEOMETRY_KERNELS_WASM__: JSON.stringify(fs.readFileSync(wasmFile).toString('base64')) };

// h5wasm (the HDF5 library: 4 MB of WebAssembly inside its JavaScript) is a bundle of its own beside
// the others, required at run time only when a file is HDF5 (core/data/hdf5.ts imports it dynamically)
// (`from`: where dist/h5wasm.js is seen from the bundle's own directory)
const h5wasmApart = (from) => ({
  name: 'h5wasm-apart',
  setup: (build) => build.onResolve({ filter: /^h5wasm$/ }, () => ({ path: `${from}h5wasm.js`, external: true })),
});
const node = {
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  bundle: true,
  sourcemap: !production,
  minify: production,
  define,
  plugins: [h5wasmApart('./')],
};
const browser = { platform: 'browser', target: 'chrome120', format: 'iife', bundle: true, sourcemap: !production, minify: production, define };
const bundles = [
  { ...node, entryPoints: { cli: 'src/cli/main.ts' }, banner: { js: '#!/usr/bin/env node' } },
  { ...node, entryPoints: { extension: 'src/extension/main.ts' }, external: ['vscode'] },
  { ...node, entryPoints: { worker: 'src/worker/main.ts' } },
  { ...node, entryPoints: { taskThread: 'src/worker/taskThread.ts' } },
  { ...node, entryPoints: { h5wasm: 'node_modules/h5wasm/dist/esm/hdf5_hl.js' }, plugins: [], sourcemap: false },
  { ...browser, entryPoints: { webview: 'webview/main.ts' } },
  // extension-host tests: mocha stays a runtime require (it loads its reporters dynamically)
  { ...node, entryPoints: { 'test/extension/index': 'test/extension/index.ts' }, external: ['vscode', 'mocha'], plugins: [h5wasmApart('../../')] },
];

const contexts = await Promise.all(bundles.map((b) => esbuild.context({ ...b, outdir: 'dist', logLevel: 'warning' })));
if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}
