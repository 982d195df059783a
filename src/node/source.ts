// Reading a dataset from the local file system for the CLI and the benchmarks (the extension reads
// through vscode.workspace.fs, extension/source.ts): the file and its sibling files, or a folder
// dataset's files, as the loader's DatasetSource.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DatasetSource } from '../core/data/context';
import { DatasetError } from '../core/data/dataset';
import { checkFileSize, folderFiles, folderName, siblingNames } from '../protocol/datasetFiles';

/** `split`: a Hugging Face DatasetDict folder's split to read (default train). */
export function readSource(file: string, maxBytes: number, split?: string): Required<DatasetSource> {
  if (fs.statSync(file, { throwIfNoEntry: false })?.isDirectory()) return readFolder(file, maxBytes, split);
  let bytes: Uint8Array;
  try {
    checkFileSize(path.basename(file), fs.statSync(file).size, maxBytes);
    bytes = fs.readFileSync(file);
  } catch (e) {
    if (e instanceof DatasetError) throw e;
    throw new DatasetError(file, `cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`);
  }
  const siblings: Record<string, Uint8Array> = {};
  for (const name of siblingNames(path.basename(file))) {
    const p = path.join(path.dirname(file), name);
    if (fs.existsSync(p)) siblings[name] = fs.readFileSync(p);
  }
  return { name: path.basename(file), bytes, siblings };
}

/** A folder dataset: the files its format reads (two levels deep), as siblings by relative path. */
function readFolder(dir: string, maxBytes: number, split?: string): Required<DatasetSource> {
  const listing = fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? fs
          .readdirSync(path.join(dir, e.name), { withFileTypes: true })
          .filter((f) => f.isFile())
          .map((f) => `${e.name}/${f.name}`)
      : e.isFile()
        ? [e.name]
        : [],
  );
  const name = folderName(path.basename(path.resolve(dir)));
  const siblings: Record<string, Uint8Array> = {};
  let total = 0;
  for (const p of folderFiles(listing, split).sort()) {
    siblings[p] = fs.readFileSync(path.join(dir, ...p.split('/')));
    total += siblings[p].length;
    checkFileSize(name, total, maxBytes);
  }
  return { name, bytes: new Uint8Array(0), siblings };
}
