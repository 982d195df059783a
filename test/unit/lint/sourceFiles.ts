// The TypeScript files of src/ and webview/ the lint tests read (the AssemblyScript kernels are
// another language, compiled apart).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../helpers';

function below(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'assembly' ? [] : below(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

export const productFiles = (): string[] => [...below(path.join(repoRoot, 'src')), ...below(path.join(repoRoot, 'webview'))];

/** Every file that may use what the product exports: the product, its tests, benches and scripts. */
export function readerFiles(): string[] {
  const extra = ['test', 'scripts', 'e2e'].flatMap((d) => listAll(path.join(repoRoot, d)));
  return [...productFiles(), ...extra];
}

function listAll(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'fixtures' ? [] : listAll(p);
    return /\.(ts|js|mjs)$/.test(e.name) ? [p] : [];
  });
}
