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
    return parseDecimal(this, b, start, end);
  }
}

/**
 * Kept small so the compiler inlines it into the parsers' loops. Up to 15 digits (integer part, then
 * fraction) form an integer m below 2^53 exactly; when the number ends there without an exponent, m or
 * m / 10^fraction digits is a single exact operation and the result. A 16th digit or an exponent hands
 * the state to finishDecimal, which carries on from where this loop stopped.
 */
function parseDecimal(scan: DecimalScanner, b: Uint8Array, start: number, end: number): number {
  let i = start;
  let c = i < end ? b[i] : 0;
  const neg = c === 45; /* - */
  if (neg || c === 43 /* + */) c = ++i < end ? b[i] : 0;
  let m = 0;
  let exp10 = 0;
  let room = MAX_FAST_DIGITS;
  while (c >= 48 && c <= 57 && room > 0) {
    m = m * 10 + (c - 48);
    room--;
    c = ++i < end ? b[i] : 0;
  }
  let inFraction = false;
  if (c === 46 /* . */ && room > 0) {
    inFraction = true;
    c = ++i < end ? b[i] : 0;
    while (c >= 48 && c <= 57 && room > 0) {
      m = m * 10 + (c - 48);
      exp10--;
      room--;
      c = ++i < end ? b[i] : 0;
    }
  }
  if (room === MAX_FAST_DIGITS) {
    scan.pos = start;
    return NaN;
  }
  if ((c >= 46 && c <= 57 && c !== 47) || (c | 0x20) === 101 /* a digit, . or e/E: more to read */) {
    return finishDecimal(scan, b, start, i, end, neg, m, exp10, MAX_FAST_DIGITS - room, inFraction);
  }
  scan.pos = i;
  const v = exp10 === 0 ? m : m / POW10[-exp10];
  return neg ? -v : v;
}

/**
 * The rest of a number whose first `read` digits (m, exp10, up to i, in the fraction or not)
 * parseDecimal took: more digits, of which only the first 15 significant ones are kept (later ones
 * shift the exponent, and a non-zero one among them is noted as dropped), the exponent, the rounding.
 */
function finishDecimal(
  scan: DecimalScanner,
  b: Uint8Array,
  start: number,
  i: number,
  end: number,
  neg: boolean,
  m: number,
  exp10: number,
  read: number,
  inFraction: boolean,
): number {
  // significant digits in m: the `read` digits less the leading zeros, which added nothing to m
  let digits = read;
  while (digits > 0 && m < POW10[digits - 1]) digits--;
  let dropped = false;
  let c = i < end ? b[i] : 0;
  if (!inFraction) {
    while (c >= 48 && c <= 57) {
      if (digits < MAX_FAST_DIGITS) {
        m = m * 10 + (c - 48);
        if (m !== 0) digits++;
      } else {
        exp10++;
        if (c !== 48) dropped = true;
      }
      c = ++i < end ? b[i] : 0;
    }
    if (c === 46 /* . */) c = ++i < end ? b[i] : 0;
  }
  while (c >= 48 && c <= 57) {
    if (digits < MAX_FAST_DIGITS) {
      m = m * 10 + (c - 48);
      exp10--;
      if (m !== 0) digits++;
    } else if (c !== 48) {
      dropped = true;
    }
    c = ++i < end ? b[i] : 0;
  }
  if ((c | 0x20) === 101 /* e or E */) {
    let j = i + 1;
    let eneg = false;
    if (j < end && (b[j] === 45 || b[j] === 43)) {
      eneg = b[j] === 45;
      j++;
    }
    let e = 0;
    const first = j;
    while (j < end) {
      const d = b[j] - 48;
      if (d < 0 || d > 9) break;
      if (e < 100000) e = e * 10 + d;
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

export interface ExactDecimal {
  neg: boolean;
  /** significant digits without leading or trailing zeros ('' for zero) */
  digits: string;
  /** value = 0.digits × 10^exp */
  exp: number;
  /** equal for equal values: "1", "1.0", "+1" and "10e-1" share it */
  key: string;
  /** the exact value as a plain decimal (scientific beyond 40 places) */
  text: string;
  value: number;
}

/**
 * The exact value of a decimal text `[+-]digits[.digits][(e|E)[+-]digits]`, or undefined for any
 * other text. Labels compare by it, so integers beyond 2^53 (or decimals beyond double precision)
 * that round to the same double stay different classes.
 */
export function exactDecimal(raw: string): ExactDecimal | undefined {
  const t = raw.trim();
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(t);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
  const all = m[2] + (m[3] ?? '');
  const lead = all.length - all.replace(/^0+/, '').length;
  const digits = all.slice(lead).replace(/0+$/, '');
  const shift = Number(m[4] ?? 0);
  if (!Number.isSafeInteger(shift)) return undefined;
  const exp = digits === '' ? 0 : m[2].length - lead + shift;
  const neg = m[1] === '-' && digits !== '';
  const key = digits === '' ? '0' : `${neg ? '-' : ''}0.${digits}e${exp}`;
  return { neg, digits, exp, key, text: plainDecimal(neg, digits, exp), value: Number(t) };
}

function plainDecimal(neg: boolean, digits: string, exp: number): string {
  if (digits === '') return '0';
  const sign = neg ? '-' : '';
  if (exp > 40 || exp < -40) return `${sign}${digits[0]}${digits.length > 1 ? '.' + digits.slice(1) : ''}e${exp - 1}`;
  if (exp <= 0) return `${sign}0.${'0'.repeat(-exp)}${digits}`;
  if (exp >= digits.length) return sign + digits + '0'.repeat(exp - digits.length);
  return `${sign}${digits.slice(0, exp)}.${digits.slice(exp)}`;
}
