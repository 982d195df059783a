// Finding the workspace's dataset files (the rule itself is in protocol/datasetFiles.ts).
import * as vscode from 'vscode';
import { datasetFilePattern, datasetSearchGlob } from '../protocol/datasetFiles';

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
