// The direction of dependencies (core ← protocol ← worker, extension, cli, webview) is ESLint's to
// enforce (eslint.config.mjs): a wrong import in a file placed in each folder fails, a right one passes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ESLint } from 'eslint';
import { repoRoot } from '../helpers';

const eslint = new ESLint({ cwd: repoRoot });

/** The import-direction messages ESLint gives `code` as if it were the file at `file`. */
async function restricted(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${repoRoot}/${file}` });
  return result.messages.filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message);
}

test('the panel may not import core at run time, only its types, or protocol', async () => {
  const wrong = await restricted('webview/sections/probe.ts', "import { summarize } from '../../src/core/summary';\nexport const s = summarize;\n");
  assert.equal(wrong.length, 1);
  assert.match(wrong[0], /through src\/protocol/);
  assert.deepEqual(await restricted('webview/sections/probe.ts', "import type { Report } from '../../src/core/report';\nexport type R = Report;\n"), []);
  assert.deepEqual(
    await restricted('webview/sections/probe.ts', "import { headlineSentences } from '../../src/protocol/reportText';\nexport const h = headlineSentences;\n"),
    [],
  );
  assert.equal((await restricted('webview/probe.ts', "import * as vscode from 'vscode';\nexport const v = vscode;\n")).length, 1);
});

test('core imports neither Node, VS Code nor the folders built on it', async () => {
  for (const source of ['node:fs', 'fs', 'vscode', '../protocol/failure', '../../node/threads', '../worker/main', '../extension/pool']) {
    const messages = await restricted('src/core/geometry/probe.ts', `import * as m from '${source}';\nexport const x = m;\n`);
    assert.equal(messages.length, 1, source);
  }
  assert.deepEqual(await restricted('src/core/geometry/probe.ts', "import { serial } from '../parallel';\nexport const s = serial;\n"), []);
});

test('the host takes core run-time code through protocol, and the worker and CLI never import VS Code', async () => {
  assert.equal((await restricted('src/extension/probe.ts', "import { loadDataset } from '../core/data';\nexport const l = loadDataset;\n")).length, 1);
  assert.deepEqual(
    await restricted('src/extension/probe.ts', "import { siblingNames } from '../protocol/datasetFiles';\nexport const s = siblingNames;\n"),
    [],
  );
  assert.equal((await restricted('src/worker/probe.ts', "import * as vscode from 'vscode';\nexport const v = vscode;\n")).length, 1);
  assert.equal((await restricted('src/protocol/probe.ts', "import { WorkerPool } from '../extension/pool';\nexport const p = WorkerPool;\n")).length, 1);
});
