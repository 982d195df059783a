// No import cycles in src/ and webview/: a cycle makes module load order decide which binding is still
// undefined, and it hides which module depends on which. Type-only imports are erased at build time and
// do not count. The imports are read with TypeScript's own parser, relative paths resolved as the
// bundler does (file.ts, then folder/index.ts).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';
import { repoRoot } from '../helpers';
import { productFiles } from './sourceFiles';

/** The relative modules a file imports at run time. */
function runTimeImports(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  const out: string[] = [];
  for (const s of source.statements) {
    let specifier: ts.Expression | undefined;
    if (ts.isImportDeclaration(s)) {
      const clause = s.importClause;
      const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : undefined;
      const typeOnly = clause && (clause.isTypeOnly || (!clause.name && named && named.length > 0 && named.every((e) => e.isTypeOnly)));
      if (!typeOnly) specifier = s.moduleSpecifier;
    } else if (ts.isExportDeclaration(s) && !s.isTypeOnly) {
      specifier = s.moduleSpecifier;
    }
    if (specifier && ts.isStringLiteral(specifier) && specifier.text.startsWith('.')) out.push(specifier.text);
  }
  return out;
}

function resolve(from: string, specifier: string, known: Set<string>): string | undefined {
  const base = path.resolve(path.dirname(from), specifier);
  return [`${base}.ts`, path.join(base, 'index.ts'), base].find((c) => known.has(c));
}

/** The strongly connected components with more than one file (Tarjan), each sorted. */
function cycles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>(),
    low = new Map<string, number>(),
    stack: string[] = [],
    onStack = new Set<string>(),
    found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || graph.get(v)?.includes(v)) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

test('the cycle finder finds a planted cycle and nothing in a tree', () => {
  const g = new Map([
    ['a', ['b']],
    ['b', ['c']],
    ['c', ['a', 'd']],
    ['d', []],
  ]);
  assert.deepEqual(cycles(g), [['a', 'b', 'c']]);
  g.set('c', ['d']);
  assert.deepEqual(cycles(g), []);
});

test('src/ and webview/ have no import cycles (run-time imports)', () => {
  const files = productFiles();
  const known = new Set(files);
  const graph = new Map(files.map((f) => [f, runTimeImports(f).flatMap((s) => resolve(f, s, known) ?? [])]));
  assert.ok([...graph.values()].flat().length > files.length, 'the imports were read');
  const found = cycles(graph).map((c) => c.map((f) => path.relative(repoRoot, f)));
  assert.deepEqual(found, [], found.map((c) => c.join(' → ')).join('\n'));
});
