// Asked only when the default label rule failed (core's parser said the label column is missing or
// ambiguous): offer the header's columns of a text table.
import * as vscode from 'vscode';
import type { JobFailure } from './pool';

export function isLabelColumnProblem(failure: JobFailure): boolean {
  return failure.kind === 'dataset' && /label/i.test(failure.detail.detail ?? failure.detail.message);
}

/** The first line's fields of a csv/tsv file, or undefined for other formats. */
export function headerColumns(name: string, bytes: Uint8Array): string[] | undefined {
  const m = /\.(csv|tsv)$/i.exec(name);
  if (!m) return undefined;
  const head = new TextDecoder().decode(bytes.subarray(0, 64 * 1024));
  const line = head.split(/\r?\n/, 1)[0]?.replace(/^\uFEFF/, '') ?? '';
  const sep = m[1].toLowerCase() === 'tsv' ? '\t' : ',';
  const fields = line.split(sep).map((f) => f.trim().replace(/^"(.*)"$/, '$1'));
  return fields.length > 1 ? fields : undefined;
}

export async function pickLabelColumn(uri: vscode.Uri, reason: string): Promise<string | number | undefined> {
  const bytes = await vscode.workspace.fs.readFile(uri);
  const columns = headerColumns(uri.path, bytes);
  if (!columns) return undefined;
  const picked = await vscode.window.showQuickPick(
    columns.map((c, i) => ({ label: c || `#${i}`, description: vscode.l10n.t('column {0}', i), index: i })),
    { title: vscode.l10n.t('Which column holds the labels?'), placeHolder: reason },
  );
  return picked ? picked.index : undefined;
}
