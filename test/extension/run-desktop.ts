// The desktop path: the same suite (dist/test/extension/index.js, `run()`) in a downloaded desktop
// VS Code via @vscode/test-electron, for machines that can reach Microsoft's update server:
//   npm run build && npx tsx test/extension/run-desktop.ts
// (Here, where that download is impossible, `npm run test:e2e` runs it inside code-server.)
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runTests } from '@vscode/test-electron';
const { prepareTestWorkspace } = require('../../e2e/workspace.js') as { prepareTestWorkspace(dir: string): string };

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..', '..');
  const workspace = prepareTestWorkspace(mkdtempSync(path.join(tmpdir(), 'dataset-geometry-')));
  await runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(root, 'dist', 'test', 'extension', 'index.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
