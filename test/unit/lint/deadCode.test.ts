// No dead exports: every name src/ and webview/ export is used somewhere besides its declaration (in
// the product, its tests, benches or scripts). Names are counted as words, so a name that is only
// mentioned in a comment passes; a name nobody writes anywhere else cannot.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';
import { repoRoot } from '../helpers';
import { productFiles, readerFiles } from './sourceFiles';

/** VS Code calls these by name. */
const ENTRY_POINTS = new Set(['activate', 'deactivate']);

function exportedNames(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest);
  const exported = (s: ts.Statement) => ts.canHaveModifiers(s) && !!ts.getModifiers(s)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  return source.statements.filter(exported).flatMap((s) => {
    if (ts.isVariableStatement(s)) return s.declarationList.declarations.flatMap((d) => (ts.isIdentifier(d.name) ? [d.name.text] : []));
    const name = (s as ts.DeclarationStatement).name;
    return name && ts.isIdentifier(name) ? [name.text] : [];
  });
}

/** The exports (file: name) whose name appears nowhere but in their declaration. */
function unusedExports(products: Map<string, string>, readers: Map<string, string>): string[] {
  const words = new Map<string, number>();
  for (const text of readers.values()) for (const w of text.match(/[A-Za-z_$][\w$]*/g) ?? []) words.set(w, (words.get(w) ?? 0) + 1);
  return [...products].flatMap(([file, text]) =>
    exportedNames(file, text)
      .filter((n) => !ENTRY_POINTS.has(n) && (words.get(n) ?? 0) < 2)
      .map((n) => `${file}: ${n}`),
  );
}

test('the dead-export finder names an export used nowhere and passes one used in its own file', () => {
  const products = new Map([
    ['a.ts', 'export function used() {}\nexport const dead = 1;\nexport type Local = number;\nconst x: Local = 2;'],
    ['b.ts', "import { used } from './a';\nused();"],
  ]);
  assert.deepEqual(unusedExports(products, products), ['a.ts: dead']);
});

test('src/ and webview/ export nothing that nobody uses', () => {
  const read = (files: string[]) => new Map(files.map((f) => [path.relative(repoRoot, f), fs.readFileSync(f, 'utf8')]));
  const products = read(productFiles());
  assert.ok(products.size > 100, 'the sources were read');
  assert.deepEqual(unusedExports(products, read(readerFiles())), []);
});
