// The workspace the extension-host suite runs in: the bundled sample, the largest shared dataset
// (shared/data beside the clone) and a malformed file. Used by the code-server driver, the desktop
// runner and `npm run vscode`.
const fs = require('fs'), path = require('path');

const root = path.resolve(__dirname, '..');

exports.prepareTestWorkspace = function prepareTestWorkspace(dir, { withIris = false } = {}) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const shared = path.resolve(root, '..', 'shared', 'data');
  fs.copyFileSync(path.join(root, 'media', 'samples', 'two-moons.csv'), path.join(dir, 'two-moons.csv'));
  fs.copyFileSync(path.join(shared, 'digits.csv'), path.join(dir, 'digits.csv'));
  if (withIris) fs.copyFileSync(path.join(shared, 'iris.csv'), path.join(dir, 'iris.csv'));
  fs.copyFileSync(path.join(root, 'test', 'extension', 'fixtures', 'malformed.csv'), path.join(dir, 'malformed.csv'));
  return dir;
};
