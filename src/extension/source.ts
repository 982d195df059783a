// Reading a dataset through vscode.workspace.fs (so remote and virtual workspaces work), with the
// sibling files its parser needs, and the cache key: content hash + settings.
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import type { AnalysisSettings } from '../core/report';
import { checkFileSize, folderFiles, folderName, folderSplits, siblingNames } from '../protocol/datasetFiles';
import type { DatasetBytes } from '../protocol/worker';
import { basename } from './datasetFiles';

export interface WorkspaceDataset extends DatasetBytes<Uint8Array> {
  uri: vscode.Uri;
  /** sha-256 of the file and its siblings */
  contentHash: string;
}

/**
 * Refuses a file larger than maxBytes before reading it, so the extension host never holds it.
 * `pickSplit` is asked which split of a folder with several (a Hugging Face DatasetDict) to read.
 */
export async function readDataset(uri: vscode.Uri, maxBytes: number, pickSplit?: (splits: string[]) => Promise<string | undefined>): Promise<WorkspaceDataset> {
  const name = basename(uri);
  const stat = await vscode.workspace.fs.stat(uri);
  if (stat.type & vscode.FileType.Directory) return readFolder(uri, name, maxBytes, pickSplit);
  checkFileSize(name, stat.size, maxBytes);
  const bytes = await vscode.workspace.fs.readFile(uri);
  const hash = createHash('sha256').update(bytes);
  const siblings: Record<string, Uint8Array> = {};
  for (const sibling of siblingNames(name)) {
    try {
      const b = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(uri, '..', sibling));
      siblings[sibling] = b;
      hash.update(sibling).update(b);
    } catch {
      // a candidate that does not exist: the parser says what it misses, if anything
    }
  }
  return { uri, name, bytes, siblings, contentHash: hash.digest('hex') };
}

/**
 * A folder dataset (an image folder, a Hugging Face save_to_disk folder): the files of it that its
 * format reads (protocol/datasetFiles.ts), two levels deep, passed as siblings by relative path.
 */
async function readFolder(
  uri: vscode.Uri,
  name: string,
  maxBytes: number,
  pickSplit?: (splits: string[]) => Promise<string | undefined>,
): Promise<WorkspaceDataset> {
  const listing: string[] = [];
  for (const [entry, type] of await vscode.workspace.fs.readDirectory(uri)) {
    if (type & vscode.FileType.File) listing.push(entry);
    else if (type & vscode.FileType.Directory) {
      for (const [inner, innerType] of await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(uri, entry))) {
        if (innerType & vscode.FileType.File) listing.push(`${entry}/${inner}`);
      }
    }
  }
  const hash = createHash('sha256');
  const siblings: Record<string, Uint8Array> = {};
  let total = 0;
  const splits = folderSplits(listing);
  const split = splits.length > 1 ? await pickSplit?.(splits) : undefined;
  for (const path of folderFiles(listing, split).sort()) {
    const b = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(uri, ...path.split('/')));
    total += b.length;
    checkFileSize(folderName(name), total, maxBytes);
    siblings[path] = b;
    hash.update(path).update(b);
  }
  return { uri, name: folderName(name), bytes: new Uint8Array(0), siblings, contentHash: hash.digest('hex') };
}

export function cacheKey(contentHash: string, settings: AnalysisSettings): string {
  return `${contentHash}:${JSON.stringify(settings, Object.keys(settings).sort())}`;
}

/** Least-recently-used map: reports are small, but a session can analyse many files and settings. */
export class LruCache<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly capacity: number) {}
  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }
  set(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value!);
  }
}
