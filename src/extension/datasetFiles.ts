// Finding the workspace's dataset files (the rule itself is in protocol/datasetFiles.ts).
import * as vscode from 'vscode';
import { datasetFilePattern, datasetSearchGlob, formatOfName, isTextFormat } from '../protocol/datasetFiles';

export function isDatasetFile(uri: vscode.Uri): boolean {
  return datasetFilePattern.test(uri.path);
}

const excludeGlob = '**/{node_modules,.git,.vscode-test,dist,out}/**';

export async function findDatasetFiles(token?: vscode.CancellationToken): Promise<vscode.Uri[]> {
  const found = await vscode.workspace.findFiles(datasetSearchGlob, excludeGlob, 2000, token);
  return found.filter(isDatasetFile).sort((a, b) => a.path.localeCompare(b.path));
}

export function basename(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

/** The file opens in a text editor, so a row can be shown at its line: a text format by its name, not
 * gzipped (binary formats, gzipped files and folders do not open as text). */
export function opensAsText(uri: vscode.Uri): boolean {
  const format = formatOfName(basename(uri));
  return format !== undefined && isTextFormat(format);
}
