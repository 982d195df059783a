import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFixture } from '../helpers';
import { errorOf, load } from './writers';
import { createRng } from '../../../src/core/random';

const rows = (X: Float32Array, d: number) => Array.from({ length: X.length / d }, (_, i) => Array.from(X.subarray(i * d, (i + 1) * d)));
const labelsOf = (ds: { y: Int32Array; classNames: string[] }) => Array.from(ds.y, (c) => ds.classNames[c]);

test('iris.csv: header, 4 named features, label column "label", 3 classes of 50', () => {
  const ds = load('iris.csv', readFixture('iris.csv'));
  assert.equal(ds.format, 'csv');
  assert.equal(ds.N, 150);
  assert.equal(ds.d, 4);
  assert.deepEqual(ds.featureNames, ['sepal_length', 'sepal_width', 'petal_length', 'petal_width']);
  assert.equal(ds.labelColumn, 'label');
  assert.deepEqual(ds.classNames, ['0', '1', '2']);
  assert.deepEqual(
    [0, 1, 2].map((c) => ds.y.filter((v) => v === c).length),
    [50, 50, 50],
  );
  // first data row is line 2 of the file: 5.1,3.5,1.4,0.2,0
  assert.equal(ds.sourceRows[0], 2);
  assert.deepEqual(rows(ds.X, 4)[0], [5.1, 3.5, 1.4, 0.2].map(Math.fround));
  assert.equal(ds.sourceRows[149], 151);
  assert.equal(ds.pixel, false);
});

test('two-moons.csv: every value equals Number() of its text, stored as float32', () => {
  const bytes = readFixture('two-moons.csv');
  const ds = load('two-moons.csv', bytes);
  const lines = new TextDecoder().decode(bytes).trim().split('\n').slice(1);
  assert.equal(ds.N, lines.length);
  lines.forEach((line, i) => {
    const cells = line.split(',');
    assert.equal(ds.X[2 * i], Math.fround(Number(cells[0])));
    assert.equal(ds.X[2 * i + 1], Math.fround(Number(cells[1])));
    assert.equal(ds.classNames[ds.y[i]], cells[2]);
  });
});

test('digits.csv: 1797 × 64, ten classes; integer grey levels 0..16 in a CSV are a table, not pixels', () => {
  const ds = load('digits.csv', readFixture('digits.csv'));
  assert.equal(ds.N, 1797);
  assert.equal(ds.d, 64);
  assert.deepEqual(ds.classNames, ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  assert.equal(Math.max(...ds.X), 16);
  assert.equal(ds.pixel, false);
});

test('header detection: a file without a header names columns by index and keeps its first row', () => {
  const ds = load('plain.csv', '1,2,a\n3,4,b\n5,6,a\n');
  assert.equal(ds.N, 3);
  assert.deepEqual(ds.featureNames, ['0', '1']);
  assert.equal(ds.labelColumn, '2');
  assert.deepEqual(Array.from(ds.sourceRows), [1, 2, 3]);
  assert.deepEqual(labelsOf(ds), ['a', 'b', 'a']);
});

test('header detection: names over numbers is a header even when the label column is text', () => {
  const ds = load('h.csv', 'x,y0,species\n1,2,setosa\n3,4,virginica\n');
  assert.deepEqual(ds.featureNames, ['x', 'y0']);
  assert.equal(ds.labelColumn, 'species');
  assert.deepEqual(labelsOf(ds), ['setosa', 'virginica']);
  assert.deepEqual(Array.from(ds.sourceRows), [2, 3]);
});

test('header detection: numeric column names are a header when a label name is among them', () => {
  const ds = load('n.csv', '1,2,label\n5,6,a\n7,8,b\n');
  assert.deepEqual(ds.featureNames, ['1', '2']);
  assert.deepEqual(ds.classNames, ['a', 'b']);
  const chosen = load('n.csv', '10,20,kind\n5,6,a\n7,8,b\n', { label: 'kind' });
  assert.equal(chosen.labelColumn, 'kind');
  assert.equal(chosen.N, 2);
  const yesNo = load('yn.csv', '1,2,y\n3,4,n\n');
  assert.equal(yesNo.N, 2);
  assert.deepEqual(yesNo.classNames, ['n', 'y']);
});

test('label column: default names label/class/target/y case-insensitively, else the last column', () => {
  assert.equal(load('a.csv', 'Class,f1,f2\n0,1,2\n1,3,4\n').labelColumn, 'Class');
  assert.equal(load('b.csv', 'f1,TARGET,f2\n1,0,2\n3,1,4\n').labelColumn, 'TARGET');
  const last = load('c.csv', 'f1,f2,kind\n1,2,0\n3,4,1\n');
  assert.equal(last.labelColumn, 'kind');
  assert.deepEqual(last.featureNames, ['f1', 'f2']);
});

test('label column chosen by name or by 0-based index', () => {
  const text = 'a,b,c\n1,10,100\n2,20,200\n3,10,300\n';
  const byName = load('t.csv', text, { label: 'b' });
  assert.deepEqual(byName.featureNames, ['a', 'c']);
  assert.deepEqual(byName.classNames, ['10', '20']);
  assert.deepEqual(rows(byName.X, 2), [
    [1, 100],
    [2, 200],
    [3, 300],
  ]);
  const byIndex = load('t.csv', text, { label: 1 });
  assert.deepEqual(Array.from(byIndex.y), Array.from(byName.y));
  assert.equal(load('t.csv', text, { label: '1' }).labelColumn, 'b');
  assert.throws(() => load('t.csv', text, { label: 'nope' }), /t\.csv: no label column "nope": the columns are a, b, c/);
  assert.throws(() => load('t.csv', text, { label: 3 }), /no label column 3/);
});

test('labels: numeric labels sort numerically and merge equal values; text labels sort by code point', () => {
  const numeric = load('n.csv', 'f,label\n1,10\n2,9\n3,+9.0\n4,-1\n');
  assert.deepEqual(numeric.classNames, ['-1', '9', '10']);
  assert.deepEqual(labelsOf(numeric), ['10', '9', '9', '-1']);
  const text = load('s.csv', 'f,label\n1,b\n2,B\n3,a\n4,b\n');
  assert.deepEqual(text.classNames, ['B', 'a', 'b']);
  assert.deepEqual(labelsOf(text), ['b', 'B', 'a', 'b']);
});

test('delimiters: semicolon, tab (TSV), pipe; a .tsv file reports format tsv', () => {
  for (const [delim, name] of [
    [';', 'a.csv'],
    ['\t', 'a.tsv'],
    ['|', 'a.txt'],
    ['\t', 'noext'],
  ] as const) {
    const ds = load(name, `p${delim}q${delim}label\n1.5${delim}2${delim}x\n3${delim}4e1${delim}y\n`);
    assert.deepEqual(
      rows(ds.X, 2),
      [
        [1.5, 2],
        [3, 40],
      ],
      name,
    );
    assert.equal(ds.format, delim === '\t' ? 'tsv' : 'csv');
  }
  // European CSV: semicolons with a comma inside quoted text
  const eu = load('eu.csv', 'a;b;label\n1;2;"x, y"\n3;4;z\n');
  assert.deepEqual(eu.classNames, ['x, y', 'z']);
});

test('RFC 4180 quoting: quoted numbers, escaped quotes, embedded newlines and delimiters; CRLF; BOM', () => {
  const text = '\uFEFF"f 1","f,2",label\r\n"1.5",2,"say ""hi"""\r\n3,"4","two\r\nlines"\r\n5,6,plain\r\n';
  const ds = load('q.csv', text);
  assert.deepEqual(ds.featureNames, ['f 1', 'f,2']);
  assert.deepEqual(rows(ds.X, 2), [
    [1.5, 2],
    [3, 4],
    [5, 6],
  ]);
  assert.deepEqual(labelsOf(ds), ['say "hi"', 'two\r\nlines', 'plain']);
  // the record with the embedded newline starts on line 3; the next record starts on line 5
  assert.deepEqual(Array.from(ds.sourceRows), [2, 3, 5]);
});

test('blank lines are skipped and rows keep their real line numbers; spaces around cells are allowed', () => {
  const ds = load('b.csv', 'a,b,label\n\n1, 2 ,0\n   \n\n3,4, 1\n\n');
  assert.deepEqual(rows(ds.X, 2), [
    [1, 2],
    [3, 4],
  ]);
  assert.deepEqual(Array.from(ds.sourceRows), [3, 6]);
  assert.deepEqual(ds.classNames, ['0', '1']);
});

test('a last line without newline is read', () => {
  assert.equal(load('e.csv', 'a,label\n1,0\n2,1').N, 2);
});

test('a non-numeric feature is reported by file, line and column name', () => {
  const lines = ['sepal_length,sepal_width,petal_length,petal_width,label'];
  for (let i = 0; i < 20; i++) lines.push(`5.1,3.5,1.4,${i === 15 ? 'abc' : '0.2'},${i % 2}`);
  const e = errorOf(() => load('iris.csv', lines.join('\n')));
  assert.equal(e.message, 'iris.csv, row 17, column petal_width: expected a number, found "abc"');
  assert.equal(e.row, 17);
  assert.equal(e.column, 'petal_width');
});

test('empty cells, NaN, Infinity and out-of-float32 values are errors with row and column', () => {
  assert.equal(errorOf(() => load('e.csv', 'a,b,label\n1,2,0\n1,,1\n')).message, 'e.csv, row 3, column b: empty cell: expected a number');
  assert.match(errorOf(() => load('e.csv', 'a,b,label\n1,NaN,0\n1,2,1\n')).message, /^e\.csv, row 2, column b: expected a number, found "NaN"$/);
  assert.match(errorOf(() => load('e.csv', 'a,b,label\n1,2,0\n-Infinity,2,1\n')).message, /row 3, column a: expected a number, found "-Infinity"/);
  assert.match(errorOf(() => load('e.csv', 'a,b,label\n1,2,0\n1e39,2,1\n')).message, /row 3, column a: expected a number within ±3\.4e38 \(float32\)/);
  assert.match(errorOf(() => load('e.csv', 'a,b,label\n1,2,0\n1,2,\n')).message, /row 3, column label: empty label/);
  assert.match(errorOf(() => load('e.csv', 'a,b,label\n1,2,0\n1,"x",1\n')).message, /row 3, column b: expected a number, found "x"/);
});

test('ragged rows and broken quotes are errors that say what was expected', () => {
  assert.equal(errorOf(() => load('r.csv', 'a,b,label\n1,2,0\n1,2\n')).message, 'r.csv, row 3: expected 3 columns, found 2');
  assert.equal(errorOf(() => load('r.csv', 'a,b,label\n1,2,0\n1,2,1,4,5\n')).message, 'r.csv, row 3: expected 3 columns, found 5');
  assert.match(errorOf(() => load('r.csv', 'a,b,label\n1,2,0\n1,2,"open\n')).message, /r\.csv, row 3: a quoted field never ends/);
});

test('fewer than two classes, an empty file and a single column are errors', () => {
  assert.match(errorOf(() => load('one.csv', 'a,label\n1,x\n2,x\n')).message, /one\.csv: only one class \("x"\) in label column label/);
  assert.match(errorOf(() => load('empty.csv', '\n\n')).message, /empty\.csv: the file is empty/);
  assert.match(errorOf(() => load('single.csv', 'a\n1\n2\n')).message, /single\.csv, row 1: found a single column/);
  assert.match(errorOf(() => load('head.csv', 'a,b,label\n')).message, /head\.csv: no data rows found/);
});

test('odd but valid numbers go through Number(): hex, leading dot, trailing dot, exponent forms', () => {
  const ds = load('n.csv', 'a,b,c,d,label\n0x10,.5,5.,1E+2,0\n-0,+3,1e-3,00012,1\n');
  assert.deepEqual(rows(ds.X, 4), [
    [16, 0.5, 5, 100],
    [-0, 3, Math.fround(1e-3), 12],
  ]);
});

/** Cell texts that take the fast run, end it (spaces, quotes, signs, long digits, exponents), or sit at its edges. */
function cellText(rng: ReturnType<typeof createRng>): string {
  const digits = (k: number) => Array.from({ length: k }, () => String(rng.int(10))).join('');
  const forms = [
    () => String(rng.int(256)),
    () => String(rng.int(10)),
    () => (rng.normal() * 100).toFixed(rng.int(6)),
    () => '0'.repeat(1 + rng.int(20)) + digits(1 + rng.int(3)), // leading zeros, up to 23 digits in all
    () => `-0${rng.next() < 0.5 ? '.0' : ''}`,
    () => digits(14 + rng.int(4)), // both sides of the 15-digit boundary
    () => `${digits(1 + rng.int(8))}.${digits(5 + rng.int(12))}`,
    () => digits(20 + rng.int(18)), // very long integers, below float32's 3.4e38
    () => String(rng.normal() * 10 ** (rng.int(40) - 20)), // shortest round-trip doubles, often with e-xx
    () => `${rng.int(10)}.${rng.int(10)}${'eE'[rng.int(2)]}${['', '+', '-'][rng.int(3)]}${rng.int(30)}`,
    () => ['+7', '.5', '5.', '-.25', '0x1f', '00012'][rng.int(6)],
    () => ` ${rng.int(100)}${rng.next() < 0.5 ? ' ' : ''}`, // spaces around
    () => `"${rng.int(1000) / 8}"`, // quoted
  ];
  return forms[rng.int(forms.length)]();
}

test('random CSVs: every value is Math.fround(Number(cell)), every label and source line kept, whatever the cell forms', () => {
  const rng = createRng('csv-fast-path');
  for (let file = 0; file < 150; file++) {
    const columns = 2 + rng.int(6);
    const label = rng.int(columns);
    const newline = rng.next() < 0.3 ? '\r\n' : '\n';
    const classes = file % 2 ? ['a', 'b', 'c'] : ['0', '1', '2']; // numeric labels look like features
    const names = Array.from({ length: columns }, (_, j) => (j === label ? 'label' : `f${j}`));
    let text = names.join(',') + newline;
    let line = 2;
    const expected: number[] = [];
    const labels: string[] = [];
    const lines: number[] = [];
    const rows = 2 + rng.int(40); // labels a, b, c in turn: at least two classes
    for (let r = 0; r < rows; r++) {
      if (rng.next() < 0.1) {
        text += (rng.next() < 0.5 ? '' : '  ') + newline; // blank lines: fewer rows than lines
        line++;
      }
      const cells = names.map((_, j) => (j === label ? classes[r % 3] : cellText(rng)));
      cells.forEach((cell, j) => {
        if (j !== label) expected.push(Math.fround(Number(cell.trim().replace(/^"|"$/g, ''))));
      });
      labels.push(cells[label]);
      lines.push(line++);
      const last = r === rows - 1 && rng.next() < 0.5; // the last line without a newline
      text += cells.join(',') + (last ? '' : newline);
    }
    const ds = load('random.csv', text);
    assert.equal(ds.labelColumn, 'label');
    assert.deepEqual(Array.from(ds.X), expected, text);
    assert.deepEqual(labelsOf(ds), labels);
    assert.deepEqual(Array.from(ds.sourceRows), lines);
  }
});

test('a bad cell inside a run of plain cells is reported with its row and column, before or after the label', () => {
  const header = 'a,b,label,c,d';
  const good = '1,2,x,3,4';
  for (const [col, name] of [
    [0, 'a'],
    [1, 'b'],
    [3, 'c'],
    [4, 'd'],
  ] as const) {
    for (const [bad, message] of [
      ['1x', 'expected a number, found "1x"'],
      ['', 'empty cell: expected a number'],
      ['1e39', 'expected a number within ±3.4e38 (float32), found 1e39'],
      ['12345678901234567890123456789012345678901', 'expected a number within ±3.4e38 (float32), found 12345678901234567890123456789012345678901'],
      ['-', 'expected a number, found "-"'],
    ] as const) {
      const cells = good.split(',');
      cells[col] = bad;
      const text = [header, good, cells.join(','), good.replace('x', 'y')].join('\n');
      assert.equal(errorOf(() => load('bad.csv', text)).message, `bad.csv, row 3, column ${name}: ${message}`, `${bad} in ${name}`);
    }
  }
  assert.equal(errorOf(() => load('r.csv', `${header}\n${good}\n1,2\n`)).message, 'r.csv, row 3: expected 5 columns, found 2');
  assert.equal(errorOf(() => load('r.csv', `${header}\n${good}\n1,2,x,3,4,5,6\n`)).message, 'r.csv, row 3: expected 5 columns, found 7');
});

test('label in the first column and files without a header take the fast run too', () => {
  const ds = load('first.csv', '0,1,2,5\n1,4,5,6\n0,7,8,9\n');
  assert.equal(ds.labelColumn, '3');
  const byFirst = load('first.csv', 'label,a,b\n1,1,2\n2,3,4\r\n1,-0,007');
  assert.deepEqual(Array.from(byFirst.X), [1, 2, 3, 4, -0, 7]);
  assert.deepEqual(labelsOf(byFirst), ['1', '2', '1']);
  assert.deepEqual(rows(ds.X, 3), [
    [0, 1, 2],
    [1, 4, 5],
    [0, 7, 8],
  ]);
  assert.equal(ds.header, 'none: line 1 is data');
});
