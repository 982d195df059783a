// Decimal numbers read straight from bytes, so a 100 MB text file is parsed without a string per cell.
//
// Guarantee: for a plain decimal `[+-]digits[.digits][(e|E)[+-]digits]` the result r satisfies
// Math.fround(r) === Math.fround(Number(text)), and r === Number(text) whenever the text has at most
// 15 significant digits and a decimal exponent within ±22 (Clinger's fast path: an integer below 2^53
// times or divided by an exact power of ten is a single, correctly rounded operation). Longer mantissas
// are cut to 15 digits; the true value then lies between the cut value and the cut value plus one unit
// in the 15th digit, and when both bounds round to the same float32 that float32 is the answer
// (rounding is monotone). Everything else falls back to Number() on the text.

const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));
const MAX_FAST_DIGITS = 15;

/** A scanner object (not a module-level result) so the hot loops hold it in a local variable. */
export class DecimalScanner {
  /** where the last parse stopped: the first byte that is not part of the number */
  pos = 0;

  /**
   * Parses the number starting at `start` (no leading spaces) and stops at the first byte that cannot
   * continue it, left in `pos`. Returns NaN, with pos = start, when no number starts there.
   */
  parse(b: Uint8Array, start: number, end: number): number {
    const v = parseShortDecimal(this, b, start, end);
    return v === v ? v : parseDecimal(this, b, start, end);
  }

  /** Only the short form of parseShortDecimal: NaN, with pos unchanged, for anything else. */
  parseShort(b: Uint8Array, start: number, end: number): number {
    return parseShortDecimal(this, b, start, end);
  }
}

/**
 * The common case, small enough for the compiler to inline into the parsers' loops: `[-]digits[.digits]`
 * with at most 15 digits in all and no exponent. Then the digits form an integer below 2^53 and the
 * value is it, or it divided by an exact power of ten: one correctly rounded operation, so exactly
 * Number(text), as parseDecimal would return. Anything else (a sign +, more digits, an exponent, no
 * digit at all) gives NaN and leaves `pos` alone, for parseDecimal to judge.
 */
function parseShortDecimal(scan: DecimalScanner, b: Uint8Array, start: number, end: number): number {
  let i = start;
  let c = i < end ? b[i] : 0;
  const neg = c === 45; /* - */
  if (neg) c = ++i < end ? b[i] : 0;
  let m = 0;
  const first = i;
  while (c >= 48 && c <= 57) {
    m = m * 10 + (c - 48);
    c = ++i < end ? b[i] : 0;
  }
  let digits = i - first;
  let fraction = 0;
  if (c === 46 /* . */) {
    const point = ++i;
    c = i < end ? b[i] : 0;
    while (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      c = ++i < end ? b[i] : 0;
    }
    fraction = i - point;
    digits += fraction;
  }
  if (digits === 0 || digits > MAX_FAST_DIGITS || (c | 0x20) === 101 /* e or E */) return NaN;
  scan.pos = i;
  const v = fraction === 0 ? m : m / POW10[fraction];
  return neg ? -v : v;
}

function parseDecimal(scan: DecimalScanner, b: Uint8Array, start: number, end: number): number {
  let i = start;
  let neg = false;
  let c = i < end ? b[i] : 0;
  if (c === 45 /* - */) {
    neg = true;
    i++;
  } else if (c === 43 /* + */) {
    i++;
  }
  let m = 0;
  let digits = 0;
  let exp10 = 0;
  let sawDigit = false;
  let dropped = false;
  while (i < end) {
    c = b[i] - 48;
    if (c < 0 || c > 9) break;
    sawDigit = true;
    if (digits < MAX_FAST_DIGITS) {
      m = m * 10 + c;
      if (m !== 0) digits++;
    } else {
      exp10++;
      if (c !== 0) dropped = true;
    }
    i++;
  }
  if (i < end && b[i] === 46 /* . */) {
    i++;
    while (i < end) {
      c = b[i] - 48;
      if (c < 0 || c > 9) break;
      sawDigit = true;
      if (digits < MAX_FAST_DIGITS) {
        m = m * 10 + c;
        exp10--;
        if (m !== 0) digits++;
      } else if (c !== 0) {
        dropped = true;
      }
      i++;
    }
  }
  if (!sawDigit) {
    scan.pos = start;
    return NaN;
  }
  if (i < end && (b[i] | 0x20) === 101 /* e or E */) {
    let j = i + 1;
    let eneg = false;
    if (j < end && (b[j] === 45 || b[j] === 43)) {
      eneg = b[j] === 45;
      j++;
    }
    let e = 0;
    const first = j;
    while (j < end) {
      c = b[j] - 48;
      if (c < 0 || c > 9) break;
      if (e < 100000) e = e * 10 + c;
      j++;
    }
    // "1e" or "1e+" is no number at all for Number(): leave the 'e' unconsumed so the caller sees junk.
    if (j > first) {
      exp10 += eneg ? -e : e;
      i = j;
    }
  }
  scan.pos = i;
  if (m === 0) return neg ? -0 : 0;
  if (exp10 >= -22 && exp10 <= 22) {
    const v = exact(m, exp10);
    if (!dropped) return neg ? -v : v;
    const lo = Math.fround(v);
    if (lo === Math.fround(exact(m + 1, exp10))) return neg ? -lo : lo;
  }
  return slowNumber(b, start, i);
}

function exact(m: number, exp10: number): number {
  return exp10 >= 0 ? m * POW10[exp10] : m / POW10[-exp10];
}

function slowNumber(b: Uint8Array, start: number, end: number): number {
  // The bytes of a decimal number are ASCII, so a char-code string is its exact text.
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(b[i]);
  return Number(s);
}

/** Number() of a cell's text, but only for real, finite numbers: empty cells, NaN and Infinity give NaN. */
export function numberFromText(text: string): number {
  const t = text.trim();
  if (t === '') return NaN;
  const v = Number(t);
  return Number.isFinite(v) ? v : NaN;
}
