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
