// Shared test fixtures: the real datasets in shared/data (beside every clone of the repository).
import * as fs from 'node:fs';
import * as path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..');
export const sharedDataPath = (name: string) => path.resolve(repoRoot, '..', 'shared', 'data', name);
export const readSharedData = (name: string) => new Uint8Array(fs.readFileSync(sharedDataPath(name)));
