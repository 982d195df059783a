import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load } from './writers';

test('LIBSVM: sparse rows made dense with d = the largest index; qid and comments ignored', () => {
  const text = '# a comment line\n+1 1:0.5 3:2 # trailing comment\n-1 qid:7 2:1.5\n\n+1 3:-4e-1\n';
  const ds = load('a.svm', text);
  assert.equal(ds.format, 'libsvm');
  assert.equal(ds.d, 3);
  assert.deepEqual(ds.featureNames, ['1', '2', '3']);
  assert.deepEqual(Array.from(ds.X), [0.5, 0, 2, 0, 1.5, 0, 0, 0, Math.fround(-0.4)]);
  assert.deepEqual(ds.classNames, ['-1', '1']);
  assert.deepEqual(Array.from(ds.y), [1, 0, 1]);
  assert.deepEqual(Array.from(ds.sourceRows), [2, 3, 5]);
});

test('LIBSVM: a file using index 0 is read as 0-based; found by content without an extension', () => {
  const ds = load('data.txt', '0 0:1 2:3\n1 1:2\n');
  assert.equal(ds.format, 'libsvm');
  assert.equal(ds.d, 3);
  assert.deepEqual(ds.featureNames, ['0', '1', '2']);
  assert.deepEqual(Array.from(ds.X), [1, 0, 3, 0, 2, 0]);
});

test('LIBSVM errors name the line and the feature index', () => {
  assert.throws(() => load('e.svm', '1 1:2\n0 2:abc\n'), { message: 'e.svm, row 2, column 2: expected a number, found "abc"' });
  assert.throws(() => load('e.svm', '1 1:2\n0 x:1\n'), { message: 'e.svm, row 2: expected index:value with a whole-number index, found "x:1"' });
  assert.throws(() => load('e.svm', '1 1:2\n0 1.5:1\n'), { message: 'e.svm, row 2: expected index:value with a whole-number index, found "1.5:1"' });
  assert.throws(() => load('e.svm', '1 1:2\n0 2:nan\n'), { message: 'e.svm, row 2, column 2: expected a number, found "nan"' });
  assert.throws(() => load('e.svm', '1 1:2\n1:3 2:1\n'), { message: 'e.svm, row 2, column label: expected a label first, then index:value pairs' });
  assert.throws(() => load('e.svm', '1 1:2\n1 2:1\n'), /only one class/);
});
