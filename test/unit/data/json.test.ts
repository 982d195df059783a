import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arrayElementLines } from '../../../src/core/data/json';
import { load, utf8 } from './writers';

const labelsOf = (ds: { y: Int32Array; classNames: string[] }) => Array.from(ds.y, (c) => ds.classNames[c]);

test('JSON array of objects: number-valued keys are features, other keys ignored, label by default name', () => {
  const text = `[
  {"id": "a", "w": 1.5, "h": 2, "label": "cat"},
  {"id": "b", "w": 3, "h": 4, "label": "dog"},

  {"id": "c", "w": 5, "h": 6, "label": "cat"}
]`;
  const ds = load('pets.json', text);
  assert.equal(ds.format, 'json');
  assert.deepEqual(ds.featureNames, ['w', 'h']);
  assert.equal(ds.labelColumn, 'label');
  assert.deepEqual(Array.from(ds.X), [1.5, 2, 3, 4, 5, 6]);
  assert.deepEqual(labelsOf(ds), ['cat', 'dog', 'cat']);
  assert.deepEqual(Array.from(ds.sourceRows), [2, 3, 5]);
});

test('JSON: label key chosen by option; {features, label} rows; array rows with the label last', () => {
  const byOption = load('o.json', '[{"a": 1, "b": 0}, {"a": 2, "b": 1}]', { label: 'a' });
  assert.deepEqual(byOption.featureNames, ['b']);
  assert.deepEqual(byOption.classNames, ['1', '2']);
  const featureRows = load('f.json', '[{"features": [1, 2], "label": 0}, {"features": [3, 4], "label": 1}]');
  assert.deepEqual(Array.from(featureRows.X), [1, 2, 3, 4]);
  assert.deepEqual(Array.from(featureRows.y), [0, 1]);
  const arrays = load('a.json', '[[1, 2, "x"], [3, 4, "y"]]');
  assert.deepEqual(Array.from(arrays.X), [1, 2, 3, 4]);
  assert.deepEqual(arrays.classNames, ['x', 'y']);
  assert.deepEqual(Array.from(load('a.json', '[[0, 2, 3], [1, 4, 5]]', { label: 0 }).X), [2, 3, 4, 5]);
});

test('JSON columns {X: [[...]], y: [...]}: rows are numbered by the line where each X row starts', () => {
  const text = '{\n  "y": [0, 1, 1],\n  "X": [\n    [1, 2],\n    [3, 4],\n    [5, 6]\n  ]\n}';
  const ds = load('cols.json', text);
  assert.equal(ds.N, 3);
  assert.deepEqual(Array.from(ds.X), [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(labelsOf(ds), ['0', '1', '1']);
  assert.deepEqual(Array.from(ds.sourceRows), [4, 5, 6]);
  assert.match(
    String(errorMessage(() => load('c.json', '{"X": [[1], [2]], "y": [0]}'))),
    /c\.json: expected as many labels as rows: X has 2 rows, y has 1 labels/,
  );
});

test('JSON lines: one row per line, blank lines skipped, lines numbered', () => {
  const ds = load('r.jsonl', '{"a": 1, "label": "p"}\n\n{"a": 2, "label": "q"}\n{"a": 3, "label": "p"}\n');
  assert.equal(ds.format, 'jsonl');
  assert.deepEqual(Array.from(ds.X), [1, 2, 3]);
  assert.deepEqual(Array.from(ds.sourceRows), [1, 3, 4]);
});

function errorMessage(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
}

test('JSON errors name the file, the row (line) and the key', () => {
  const text = '[\n{"a": 1, "b": 2, "label": 0},\n{"a": 1, "b": "x", "label": 1}\n]';
  assert.equal(
    errorMessage(() => load('e.json', text)),
    'e.json, row 3, column b: expected a number, found "x"',
  );
  assert.equal(
    errorMessage(() => load('e.jsonl', '{"a": 1, "label": 0}\n{"label": 1}\n')),
    'e.jsonl, row 2, column a: missing value: expected a number',
  );
  assert.equal(
    errorMessage(() => load('e.jsonl', '{"a": 1, "label": 0}\n{"a": null, "label": 1}\n')),
    'e.jsonl, row 2, column a: missing value (null): expected a number',
  );
  assert.equal(
    errorMessage(() => load('e.jsonl', '{"a": 1, "label": 0}\n{"a": 2}\n')),
    'e.jsonl, row 2, column label: expected a label (a string or a number), found nothing',
  );
  assert.match(
    errorMessage(() => load('e.jsonl', '{"a": 1, "label": 0}\n{"a": 2,\n')),
    /^e\.jsonl, row 2: invalid JSON/,
  );
  assert.match(
    errorMessage(() => load('e.json', '[\n{"a": 1, "label": 0},\n{"a": 2 "label": 1}\n]')),
    /^e\.json, row 3: invalid JSON/,
  );
  assert.equal(
    errorMessage(() => load('e.json', '[{"a": 1e999, "label": 0}, {"a": 1, "label": 1}]')),
    'e.json, row 1, column a: expected a number within ±3.4e38 (float32), found Infinity',
  );
  assert.match(
    errorMessage(() => load('e.json', '[{"a": 1, "z": 0}]')),
    /e\.json: no label key: expected one of label, class, target, y/,
  );
  assert.match(
    errorMessage(() => load('e.json', '[{"label": 1, "name": "x"}]')),
    /no numeric features/,
  );
  assert.match(
    errorMessage(() => load('e.json', '[[1, 0], [2]]')),
    /e\.json, row 1: expected an array of 2 values/,
  );
});

test('arrayElementLines finds where each element starts, ignoring brackets inside strings', () => {
  const text = '[\n {"s": "[not, an] {element}", "label": 1},\n\n 7, "x\\"y",\n [1,\n 2]\n]';
  assert.deepEqual(arrayElementLines(utf8(text)), [2, 4, 4, 5]);
  assert.deepEqual(arrayElementLines(utf8('{"a": [[1]], "X": [\n[1],\n[2]]}'), 'X'), [2, 3]);
});
