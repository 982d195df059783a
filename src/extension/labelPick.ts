// Questions asked only when the data cannot answer them: the label column when the default rule
// failed (core's parser found no label column or key), and two classes when binary mode meets
// multi-class data.
import * as vscode from 'vscode';
import type { JobFailure } from './pool';

export function isLabelColumnProblem(failure: JobFailure): boolean {
  return failure.kind === 'dataset' && /\bno label (column|key)\b/i.test(failure.detail.detail ?? failure.detail.message);
}

export function needsTwoClasses(failure: JobFailure): boolean {
  return failure.kind === 'internal' && /needs two classes/i.test(failure.detail.message);
}

export async function pickTwoClasses(names: string[]): Promise<[string, string] | undefined> {
  const picked = await vscode.window.showQuickPick(names, {
    canPickMany: true,
    title: vscode.l10n.t('Binary mode: which two classes?'),
    placeHolder: vscode.l10n.t('Pick exactly two of {0}', names.join(', ')),
  });
  if (picked?.length === 2) return [picked[0], picked[1]];
  if (picked) void vscode.window.showWarningMessage(vscode.l10n.t('Pick exactly two classes (you picked {0}).', picked.length));
  return undefined;
}

/** The candidate label columns of a text table, or undefined for other formats. */
export function labelCandidates(name: string, bytes: Uint8Array): string[] | undefined {
  const format = /\.(csv|tsv|jsonl|json)$/i.exec(name)?.[1].toLowerCase();
  if (!format) return undefined;
  const text = new TextDecoder().decode(format === 'json' ? bytes : bytes.subarray(0, 64 * 1024)).replace(/^\uFEFF/, '');
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  try {
    if (format === 'jsonl') return Object.keys(JSON.parse(firstLine));
    if (format === 'json') {
      const doc: unknown = JSON.parse(text);
      const record = Array.isArray(doc) ? doc[0] : doc;
      return record && typeof record === 'object' ? Object.keys(record) : undefined;
    }
  } catch {
    return undefined; // the parser's own error is the better message
  }
  const fields = firstLine.split(format === 'tsv' ? '\t' : ',').map((f) => f.trim().replace(/^"(.*)"$/, '$1'));
  return fields.length > 1 ? fields : undefined;
}

export async function pickLabelColumn(uri: vscode.Uri, reason: string): Promise<string | undefined> {
  const candidates = labelCandidates(uri.path, await vscode.workspace.fs.readFile(uri));
  if (!candidates?.length) return undefined;
  const picked = await vscode.window.showQuickPick(candidates, { title: vscode.l10n.t('Which column holds the labels?'), placeHolder: reason });
  return picked;
}
