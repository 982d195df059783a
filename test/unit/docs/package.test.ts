// The packaged extension against its details page and docs: `vsce ls` (the files `npm run package`
// puts in the .vsix) must hold the science document, the icon and every file the README links to or
// shows, and nothing of the tests, the sources or the datasets. The manifest's links agree.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { scienceDocument } from '../../../src/core/science';
import { headings, linkTargets, slug } from './markdown';

const root = path.resolve(import.meta.dirname, '../../..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
const packaged = execFileSync(process.execPath, [path.join(root, 'node_modules/@vscode/vsce/vsce'), 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' })
  .split('\n')
  .map((l) => l.trim())
  .filter(Boolean);

test('the .vsix holds the science document, the icon, the changelog and everything the README shows or links to', () => {
  for (const f of [scienceDocument.join('/'), manifest.icon, 'README.md', 'CHANGELOG.md', 'LICENSE', 'package.nls.json', 'media/panel.css', 'media/icon.svg']) {
    assert.ok(packaged.includes(f), `${f} is packaged (${packaged.join(', ')})`);
  }
  const local = linkTargets(readme).filter((t) => !/^[a-z]+:/.test(t) && !t.startsWith('#'));
  assert.ok(
    local.some((t) => /\.png$/.test(t)),
    'the README shows a picture',
  );
  for (const target of local) {
    const [file, anchor] = target.split('#');
    assert.ok(packaged.includes(file), `the README's ${target} resolves inside the package`);
    if (anchor)
      assert.ok(
        headings(readFileSync(path.join(root, file), 'utf8'))
          .map(slug)
          .includes(anchor),
        `${file} has a heading with anchor #${anchor}`,
      );
  }
});

test('the .vsix holds nothing of the tests, the sources, the scripts or the datasets', () => {
  const stray = packaged.filter(
    (f) => /^(test|src|e2e|scripts|webview|node_modules|\.vscode-test)\//.test(f) || /\.(csv|tsv|npy|npz|idx|gz|ts|map|vsix)$/.test(f) || /-ubyte$/.test(f),
  );
  assert.deepEqual(stray, []);
  // the bundles the manifest and the host load (test:unit builds them first), and no other output
  assert.deepEqual(packaged.filter((f) => f.startsWith('dist/')).sort(), [
    'dist/extension.js',
    'dist/h5wasm.js',
    'dist/taskThread.js',
    'dist/webview.js',
    'dist/worker.js',
  ]);
});

test('the icon is a square PNG of 128 or 256 pixels, and the manifest links one repository', () => {
  const png = readFileSync(path.join(root, manifest.icon));
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
  const width = png.readUInt32BE(16),
    height = png.readUInt32BE(20);
  assert.ok(width === height && (width === 128 || width === 256), `${width} × ${height}`);
  const repo = manifest.repository.url.replace(/\.git$/, '');
  assert.equal(manifest.bugs.url, `${repo}/issues`);
  assert.ok(manifest.homepage.startsWith(repo));
  for (const url of readme.match(/https:\/\/github\.com\/[^\s)#]+/g) ?? []) assert.ok(url.startsWith(repo), `${url} is under ${repo}`);
  assert.match(manifest.galleryBanner.color, /^#[0-9a-f]{6}$/i);
});
