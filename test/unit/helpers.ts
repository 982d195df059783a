// Test fixtures: the real datasets in test/fixtures (see its README for provenance and licences).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { KernelBackend } from '../../src/core/kernels/backend';
import { createWasmKernels } from '../../src/core/kernels/wasm/wasmKernels';

export const repoRoot = path.resolve(__dirname, '..', '..');
export const fixturePath = (name: string) => path.resolve(repoRoot, 'test', 'fixtures', name);
export const readFixture = (name: string) => new Uint8Array(fs.readFileSync(fixturePath(name)));

/** The WebAssembly kernels as built by `npm run build` (which `npm run test:unit` runs first). */
export function wasmKernels(): KernelBackend {
  const file = path.resolve(repoRoot, 'dist', 'kernels.wasm');
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first (npm run test:unit does).`);
  return createWasmKernels(new Uint8Array(fs.readFileSync(file)));
}
