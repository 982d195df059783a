import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DecimalScanner } from '../../../src/core/data/number';
import { createRng } from '../../../src/core/random';
import { utf8 } from './writers';

function parseAll(text: string): { value: number; end: number } {
  const scan = new DecimalScanner();
  const b = utf8(text);
  const value = scan.parse(b, 0, b.length);
  return { value, end: scan.pos };
}

test('agrees exactly with Number() on short decimals (≤ 15 digits, |exponent| ≤ 22)', () => {
  const rng = createRng('number-short');
  for (let k = 0; k < 50_000; k++) {
    const digits = 1 + rng.int(15);
    const mantissa = String(Math.floor(rng.next() * 10 ** digits));
    const point = rng.int(mantissa.length + 1);
    let text = mantissa.slice(0, point) + '.' + mantissa.slice(point);
    if (text.endsWith('.')) text = text.slice(0, -1);
    if (text.startsWith('.')) text = '0' + text;
    if (rng.next() < 0.3) text += `e${rng.int(15) - 7}`;
    if (rng.next() < 0.5) text = '-' + text;
    const { value, end } = parseAll(text);
    assert.equal(end, text.length, text);
    assert.ok(Object.is(value, Number(text)), `${text}: ${value} vs ${Number(text)}`);
  }
});

test('agrees with Number() after Math.fround on long, tiny, huge and round-trip doubles', () => {
  const rng = createRng('number-long');
  const styles = [
    () => String(rng.normal() * 10 ** (rng.int(40) - 20)), // shortest round-trip text, up to 17 digits, often with exponent
    () => (rng.normal() * 1000).toPrecision(17 + rng.int(5)),
    () => (rng.next() * 100).toFixed(18),
    () => `${rng.int(10)}.${'9'.repeat(20)}e${rng.int(80) - 40}`,
    () => String(Math.fround(rng.normal())), // exactly representable float32 values written as doubles
    () => `${Math.floor(rng.next() * 1e16)}${Math.floor(rng.next() * 1e6)}`,
  ];
  for (let k = 0; k < 60_000; k++) {
    const text = styles[k % styles.length]();
    const { value, end } = parseAll(text);
    assert.equal(end, text.length, text);
    assert.equal(Math.fround(value), Math.fround(Number(text)), text);
  }
});

test('stops at the first byte that cannot continue a number, and reports no number as NaN at the start', () => {
  assert.deepEqual(parseAll('12.5,7'), { value: 12.5, end: 4 });
  assert.deepEqual(parseAll('3e'), { value: 3, end: 1 });
  assert.deepEqual(parseAll('3e+'), { value: 3, end: 1 });
  assert.deepEqual(parseAll('-2.5E-1x'), { value: -0.25, end: 7 });
  for (const junk of ['', '-', '.', '+.', 'abc', 'NaN', 'Infinity']) {
    const { value, end } = parseAll(junk);
    assert.ok(Number.isNaN(value), junk);
    assert.equal(end, 0, junk);
  }
});

/** The longest prefix that is a decimal number, as the scanner's grammar defines it. */
const NUMBER_PREFIX = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/;

/**
 * Whether the scanner owes the exact Number() value: when no non-zero digit follows the 15th
 * significant one (otherwise it promises the same float32 only).
 */
function exactExpected(text: string): boolean {
  const m = /^[+-]?(\d*)\.?(\d*)/.exec(text)!;
  return (m[1] + m[2]).replace(/^0+/, '').replace(/0+$/, '').length <= 15;
}

test('random byte soup: stops where the decimal grammar ends, NaN when none starts, value of Number() of the prefix', () => {
  const rng = createRng('number-soup');
  const alphabet = '0000000123456789....eE+-,x';
  for (let k = 0; k < 100_000; k++) {
    const length = 1 + rng.int(30);
    let text = '';
    for (let j = 0; j < length; j++) text += alphabet[rng.int(alphabet.length)];
    const { value, end } = parseAll(text);
    const prefix = NUMBER_PREFIX.exec(text)?.[0];
    if (prefix === undefined) {
      assert.ok(Number.isNaN(value) && end === 0, `${text}: ${value} at ${end}`);
      continue;
    }
    assert.equal(end, prefix.length, text);
    if (exactExpected(prefix)) assert.ok(Object.is(value, Number(prefix)), `${prefix}: ${value} vs ${Number(prefix)}`);
    else assert.equal(Math.fround(value), Math.fround(Number(prefix)), prefix);
  }
});

test('the 15-digit boundary of the one-pass path: 14 to 17 digits, leading zeros, a point anywhere, signs, exponents', () => {
  const rng = createRng('number-boundary');
  for (let k = 0; k < 50_000; k++) {
    const digits = 14 + rng.int(4);
    let mantissa = '';
    for (let j = 0; j < digits; j++) mantissa += String(rng.int(10));
    if (rng.next() < 0.3) mantissa = '0'.repeat(1 + rng.int(20)) + mantissa;
    const point = rng.int(mantissa.length + 1);
    let text = point === mantissa.length ? mantissa : `${mantissa.slice(0, point)}.${mantissa.slice(point)}`;
    if (rng.next() < 0.3) text += `${rng.next() < 0.5 ? 'e' : 'E'}${['', '+', '-'][rng.int(3)]}${rng.int(30)}`;
    text = ['', '-', '+'][rng.int(3)] + text;
    const { value, end } = parseAll(text);
    assert.equal(end, text.length, text);
    if (exactExpected(text)) assert.ok(Object.is(value, Number(text)), `${text}: ${value} vs ${Number(text)}`);
    else assert.equal(Math.fround(value), Math.fround(Number(text)), text);
  }
  for (const text of [
    '999999999999999',
    '1000000000000000',
    '12345678901234.5',
    '1234567890123450000000000',
    '0.123456789012345',
    '0000000000000000000001',
    '-0',
    '-0.0',
    '+0',
    '1e22',
    '1e23',
    '123456789012345e-22',
  ])
    assert.ok(Object.is(parseAll(text).value, Number(text)), text);
});
