// Questions asked only when the data cannot answer them: the label column when the one the rule chose
// cannot hold the labels, two classes when binary mode meets multi-class data, and the split of a
// Hugging Face DatasetDict folder. The choices come
// with the failure (core read them while parsing), so nothing here reads or parses the file again.
import * as vscode from 'vscode';
import { chooseSplit } from '../protocol/datasetFiles';

/** How a question is put to the user: VS Code's quick pick, or the tests' scripted answers. */
export type Ask = (items: string[], options: vscode.QuickPickOptions & { canPickMany?: boolean }) => Promise<string[] | undefined>;

export const quickPick: Ask = async (items, options) => {
  if (options.canPickMany) return vscode.window.showQuickPick(items, { ...options, canPickMany: true });
  const one = await vscode.window.showQuickPick(items, options);
  return one === undefined ? undefined : [one];
};

export async function pickTwoClasses(ask: Ask, names: string[]): Promise<[string, string] | undefined> {
  const picked = await ask(names, {
    canPickMany: true,
    title: vscode.l10n.t('Binary mode: which two classes?'),
    placeHolder: vscode.l10n.t('Pick exactly two of {0}', names.join(', ')),
  });
  if (picked?.length === 2) return [picked[0], picked[1]];
  if (picked) void vscode.window.showWarningMessage(vscode.l10n.t('Pick exactly two classes (you picked {0}).', picked.length));
  return undefined;
}

export async function pickLabelColumn(ask: Ask, candidates: string[], reason: string): Promise<string | undefined> {
  if (candidates.length === 0) return undefined;
  const picked = await ask(candidates, { title: vscode.l10n.t('Which column holds the labels?'), placeHolder: reason });
  return picked?.[0];
}

/** A DatasetDict folder's split; the default (train, else the first) is offered first and read when none is picked. */
export async function pickSplit(ask: Ask, splits: string[]): Promise<string | undefined> {
  const first = chooseSplit(splits);
  const picked = await ask([...splits.filter((s) => s === first), ...splits.filter((s) => s !== first)], {
    title: vscode.l10n.t('Which split of the dataset?'),
    placeHolder: vscode.l10n.t('The folder holds {0} splits (dataset_dict.json); {1} is read when none is picked', splits.length, first ?? ''),
  });
  return picked?.[0];
}
