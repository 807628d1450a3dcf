// INCRBYFLOAT / HINCRBYFLOAT arithmetic, bit-exact with Redis 7.0 on x86_64 Linux (glibc).
//
// Redis parses both operands with strtold (util.c string2ld) into an x87 80-bit long double: a
// 64-bit significand with an explicit integer bit, normal exponents down to 2^-16382 and
// subnormals down to 2^-16445. It adds in that format and prints the sum with "%.17Lf", trimmed
// (ld2string LD_STR_HUMAN). JS has no such type, so a value here is an exact binary number
// `mant * 2^exp` with a BigInt significand, and every step rounds exactly once, half to even,
// as glibc's strtold/printf and the x87 FPU (precision control "extended", the Linux default)
// do. The same rounding core serves IEEE doubles (double.ts) for hex-float input.
//
// Cost: a few BigInt operations per parse, add and print for ordinary inputs (microseconds);
// inputs near the ends of the exponent range (1e4000) cost BigInts of ~16k bits. Integer-only
// INCRBYFLOAT calls, the common case, take a plain-number fast path.

/** An x87 extended-precision value: `(neg ? -1 : 1) * mant * 2^exp` when `kind` is `'finite'`. */
export interface LongDouble {
  /** The sign bit; set for -0 and -inf too. */
  readonly neg: boolean;
  readonly kind: 'finite' | 'inf' | 'nan';
  /** Significand, 0 <= mant < 2^64; at least 2^63 unless the value is zero or subnormal. */
  readonly mant: bigint;
  /** Exponent of the significand's least significant bit. */
  readonly exp: number;
}

/** A binary floating-point format, described by its significand size and exponent range. */
export interface BinaryFormat {
  /** Significand bits, including the integer bit. */
  readonly precision: number;
  /** Exponent of the least significant bit of the smallest subnormal. */
  readonly minExp: number;
  /** Exponent of the least significant bit of the largest finite value. */
  readonly maxExp: number;
}

/** x87 80-bit extended: largest finite (2^64-1)*2^16320 ≈ 1.19e4932, smallest subnormal 2^-16445. */
export const X87_EXTENDED: BinaryFormat = { precision: 64, minExp: -16445, maxExp: 16320 };
/** IEEE 754 binary64: largest finite (2^53-1)*2^971 ≈ 1.80e308, smallest subnormal 2^-1074. */
export const IEEE_DOUBLE: BinaryFormat = { precision: 53, minExp: -1074, maxExp: 971 };

/**
 * string2ld copies its input into a buffer of MAX_LONG_DOUBLE_CHARS (util.h: 5*1024) bytes and
 * rejects strings that do not fit with their terminating NUL.
 */
export const MAX_LONG_DOUBLE_CHARS = 5 * 1024;

const ZERO: LongDouble = { neg: false, kind: 'finite', mant: 0n, exp: 0 };
const NEG_ZERO: LongDouble = { neg: true, kind: 'finite', mant: 0n, exp: 0 };
const INF: LongDouble = { neg: false, kind: 'inf', mant: 0n, exp: 0 };
const NEG_INF: LongDouble = { neg: true, kind: 'inf', mant: 0n, exp: 0 };
const NAN: LongDouble = { neg: false, kind: 'nan', mant: 0n, exp: 0 };

/** A rounding result: `mant * 2^exp`, or infinity on overflow. Zero when `mant` is 0n. */
export interface Rounded {
  readonly inf: boolean;
  readonly mant: bigint;
  readonly exp: number;
}

const ROUNDED_INF: Rounded = { inf: true, mant: 0n, exp: 0 };
const ROUNDED_ZERO: Rounded = { inf: false, mant: 0n, exp: 0 };

const HEX_DIGIT_BITS = [0, 1, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4];

/** Number of bits of `n` (n >= 0); 0 for 0n. O(bits). */
export function bitLength(n: bigint): number {
  if (n < 0x100000000n) {
    const x = Number(n);
    return x === 0 ? 0 : 32 - Math.clz32(x);
  }
  const s = n.toString(16);
  return (s.length - 1) * 4 + HEX_DIGIT_BITS[Number.parseInt(s[0]!, 16)]!;
}

/**
 * Rounds the exact value `num / den * 2^e2` (num >= 0, den > 0) to `fmt`, to nearest with ties
 * to even, with gradual underflow and overflow to infinity: what glibc's strto* functions and
 * the FPU return for a correctly rounded operation.
 */
export function roundToFormat(num: bigint, den: bigint, e2: number, fmt: BinaryFormat): Rounded {
  if (num === 0n) return ROUNDED_ZERO;
  // t = floor(log2(num / den)); the bit-length difference is t or t + 1.
  let t = bitLength(num) - bitLength(den);
  if (t >= 0 ? num < den << BigInt(t) : num << BigInt(-t) < den) t--;
  const top = t + e2; // 2^top <= value < 2^(top+1)
  // Below half the smallest subnormal: rounds to zero (and keeps the BigInts below small).
  if (top < fmt.minExp - 1) return ROUNDED_ZERO;
  let lsb = Math.max(top - (fmt.precision - 1), fmt.minExp);
  if (lsb > fmt.maxExp) return ROUNDED_INF;
  // q holds the significand plus a guard and a round bit; `sticky` is whatever lies below.
  const k = e2 - lsb + 2;
  let q: bigint;
  let sticky: boolean;
  if (k >= 0) {
    const n = num << BigInt(k);
    q = n / den;
    sticky = q * den !== n;
  } else {
    const d = den << BigInt(-k);
    q = num / d;
    sticky = q * d !== num;
  }
  let mant = q >> 2n;
  const low = q & 3n;
  if (low === 3n || (low === 2n && (sticky || (mant & 1n) === 1n))) {
    mant++;
    if (mant >> BigInt(fmt.precision) !== 0n) {
      mant >>= 1n;
      lsb++;
      if (lsb > fmt.maxExp) return ROUNDED_INF;
    }
  }
  return mant === 0n ? ROUNDED_ZERO : { inf: false, mant, exp: lsb };
}

// ---------------------------------------------------------------------------------------------
// Scanning: the syntax glibc's strtod/strtold accept (C locale).

/**
 * What strtod's scanner found at the start of a string. `end` is the index after the last char
 * consumed, or the start index when nothing converts (strtod's `endptr == nptr`).
 */
export interface ScannedNumber {
  readonly end: number;
  readonly neg: boolean;
  /** `none`: no conversion; `dec`/`hex`: value is digits * 10^exp (dec) or digits * 2^exp (hex). */
  readonly kind: 'none' | 'dec' | 'hex' | 'inf' | 'nan';
  /** Significant digits (decimal or hex), without leading or trailing zeros; '' for zero. */
  readonly digits: string;
  readonly exp: number;
  /** Index where the number's text starts (its sign, after any whitespace), for Number(). */
  readonly start: number;
}

// A decimal exponent beyond this overflows or underflows whatever digits precede it; capping
// the accumulated exponent keeps it an exact small integer however many digits it has.
const EXPONENT_CAP = 1_000_000_000;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 0x20;
  return l >= 97 && l <= 102 ? l - 87 : -1;
}

/** C-locale isspace: space, \t, \n, \v, \f, \r. */
export function isCSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

function matchesWord(s: string, i: number, word: string): boolean {
  if (s.length - i < word.length) return false;
  for (let j = 0; j < word.length; j++) if ((s.charCodeAt(i + j) | 0x20) !== word.charCodeAt(j)) return false;
  return true;
}

/** Parses [eEpP][+-]?digits at `i`; returns [exponent, end] or null when nothing is consumed. */
function scanExponent(s: string, i: number): [number, number] | null {
  let j = i + 1;
  let neg = false;
  const c = s.charCodeAt(j);
  if (c === 43 || c === 45) {
    neg = c === 45;
    j++;
  }
  if (!isDigit(s.charCodeAt(j))) return null;
  let e = 0;
  while (isDigit(s.charCodeAt(j))) {
    if (e < EXPONENT_CAP) e = e * 10 + (s.charCodeAt(j) - 48);
    j++;
  }
  return [neg ? -e : e, j];
}

/** Significant digits of int+frac digit runs and the exponent adjustment for dropped zeros. */
function significand(s: string, intStart: number, intEnd: number, fracStart: number, fracEnd: number) {
  let digits = s.slice(intStart, intEnd) + s.slice(fracStart, fracEnd);
  let lead = 0;
  while (lead < digits.length && digits.charCodeAt(lead) === 48) lead++;
  let trail = digits.length;
  while (trail > lead && digits.charCodeAt(trail - 1) === 48) trail--;
  const dropped = digits.length - trail;
  digits = digits.slice(lead, trail);
  return { digits, dropped, fracLen: fracEnd - fracStart };
}

/**
 * Scans a floating-point number at `from` with glibc strtod's grammar: leading whitespace, a
 * sign, then `inf`/`infinity`, `nan`/`nan(chars)` (case-insensitive), a hex float
 * (`0x` hexdigits [`.` hexdigits] [`p` exponent]) or a decimal ([digits][`.` digits][`e` exponent]).
 * O(length).
 */
export function scanNumber(s: string, from = 0): ScannedNumber {
  let i = from;
  while (isCSpace(s.charCodeAt(i))) i++;
  const start = i;
  let neg = false;
  const sc = s.charCodeAt(i);
  if (sc === 43 || sc === 45) {
    neg = sc === 45;
    i++;
  }
  const none: ScannedNumber = { end: from, neg: false, kind: 'none', digits: '', exp: 0, start };
  const c = s.charCodeAt(i) | 0x20;
  if (c === 105 /* i */) {
    if (matchesWord(s, i, 'infinity')) return { end: i + 8, neg, kind: 'inf', digits: '', exp: 0, start };
    if (matchesWord(s, i, 'inf')) return { end: i + 3, neg, kind: 'inf', digits: '', exp: 0, start };
    return none;
  }
  if (c === 110 /* n */) {
    if (!matchesWord(s, i, 'nan')) return none;
    let end = i + 3;
    if (s.charCodeAt(end) === 40 /* ( */) {
      let j = end + 1;
      for (;;) {
        const d = s.charCodeAt(j);
        if (isDigit(d) || ((d | 0x20) >= 97 && (d | 0x20) <= 122) || d === 95) j++;
        else break;
      }
      if (s.charCodeAt(j) === 41 /* ) */) end = j + 1;
    }
    return { end, neg, kind: 'nan', digits: '', exp: 0, start };
  }
  if (s.charCodeAt(i) === 48 && (s.charCodeAt(i + 1) | 0x20) === 120 /* x */) {
    const h = i + 2;
    const hasDigit =
      hexValue(s.charCodeAt(h)) >= 0 || (s.charCodeAt(h) === 46 && hexValue(s.charCodeAt(h + 1)) >= 0);
    if (hasDigit) {
      let j = h;
      while (hexValue(s.charCodeAt(j)) >= 0) j++;
      const intEnd = j;
      let fracStart = j;
      if (s.charCodeAt(j) === 46) {
        fracStart = ++j;
        while (hexValue(s.charCodeAt(j)) >= 0) j++;
      }
      const sig = significand(s, h, intEnd, fracStart, j);
      let exp = 0;
      const e = (s.charCodeAt(j) | 0x20) === 112 /* p */ ? scanExponent(s, j) : null;
      if (e !== null) [exp, j] = e;
      exp += 4 * (sig.dropped - sig.fracLen);
      return { end: j, neg, kind: 'hex', digits: sig.digits, exp, start };
    }
    // "0x" without hex digits: strtod converts the "0" and stops at the "x".
  }
  let j = i;
  while (isDigit(s.charCodeAt(j))) j++;
  const intEnd = j;
  let fracStart = j;
  if (s.charCodeAt(j) === 46) {
    fracStart = ++j;
    while (isDigit(s.charCodeAt(j))) j++;
  }
  if (intEnd === i && j === fracStart) return none; // no digit at all, or a lone "."
  const sig = significand(s, i, intEnd, fracStart, j);
  let exp = 0;
  const e = (s.charCodeAt(j) | 0x20) === 101 /* e */ ? scanExponent(s, j) : null;
  if (e !== null) [exp, j] = e;
  exp += sig.dropped - sig.fracLen;
  return { end: j, neg, kind: 'dec', digits: sig.digits, exp, start };
}

// ---------------------------------------------------------------------------------------------
// Decimal and hex to binary.

const POW5_CACHE: bigint[] = [1n];

/** 5^n, cached for the small exponents ordinary inputs use. */
function pow5(n: number): bigint {
  if (n < 400) {
    for (let i = POW5_CACHE.length; i <= n; i++) POW5_CACHE.push(POW5_CACHE[i - 1]! * 5n);
    return POW5_CACHE[n]!;
  }
  return 5n ** BigInt(n);
}

/**
 * Rounds a scanned `dec` or `hex` significand to `fmt`. `maxDecExp`/`minDecExp` bound the decimal
 * exponents the format can hold (beyond them the result is infinity or zero without computing).
 */
export function roundScanned(n: ScannedNumber, fmt: BinaryFormat, decRange: [number, number]): Rounded {
  if (n.digits === '') return ROUNDED_ZERO;
  if (n.kind === 'hex') return roundToFormat(BigInt('0x' + n.digits), 1n, n.exp, fmt);
  // value = D * 10^E, with 10^(nd-1+E) <= value < 10^(nd+E)
  const nd = n.digits.length;
  const E = n.exp;
  if (nd - 1 + E > decRange[1]) return ROUNDED_INF;
  if (nd + E < decRange[0]) return ROUNDED_ZERO;
  const D = BigInt(n.digits);
  return E >= 0 ? roundToFormat(D * pow5(E), 1n, E, fmt) : roundToFormat(D, pow5(-E), E, fmt);
}

// 10^4933 > LDBL_MAX ≈ 1.19e4932, so a value of at least that overflows; 10^-4951 is below half
// the smallest subnormal (2^-16446 ≈ 1.82e-4951), so a value under that rounds to zero.
const LD_DECIMAL_RANGE: [number, number] = [-4951, 4932];

function fromRounded(neg: boolean, r: Rounded): LongDouble {
  if (r.inf) return neg ? NEG_INF : INF;
  if (r.mant === 0n) return neg ? NEG_ZERO : ZERO;
  return { neg, kind: 'finite', mant: r.mant, exp: r.exp };
}

/**
 * Parses a value the way Redis's string2ld does (getLongDoubleFromObject): glibc strtold on the
 * whole string, rejecting an empty string, one of MAX_LONG_DOUBLE_CHARS bytes or more, leading
 * whitespace, trailing characters (a NUL included), NaN, and values that overflow to infinity
 * or underflow to zero (ERANGE). `inf`, `-infinity`, hex floats and subnormals are accepted.
 *
 * @returns the value, or null when Redis replies "ERR value is not a valid float".
 * @remarks O(N) in the length of the string, plus BigInt work proportional to its digits.
 */
export function parseLongDouble(s: string): LongDouble | null {
  if (s.length === 0 || s.length >= MAX_LONG_DOUBLE_CHARS || isCSpace(s.charCodeAt(0))) return null;
  const n = scanNumber(s, 0);
  if (n.end !== s.length) return null;
  switch (n.kind) {
    case 'none':
    case 'nan':
      return null;
    case 'inf':
      return n.neg ? NEG_INF : INF;
    default: {
      const r = roundScanned(n, X87_EXTENDED, LD_DECIMAL_RANGE);
      if (r.inf || (r.mant === 0n && n.digits !== '')) return null; // ERANGE
      return fromRounded(n.neg, r);
    }
  }
}

/** The long double equal to a JS number (every double is exactly representable). O(1). */
export function longDoubleFromNumber(d: number): LongDouble {
  if (Number.isNaN(d)) return NAN;
  if (d === Number.POSITIVE_INFINITY) return INF;
  if (d === Number.NEGATIVE_INFINITY) return NEG_INF;
  if (d === 0) return Object.is(d, -0) ? NEG_ZERO : ZERO;
  const { mant, exp } = decomposeDouble(d);
  const m = BigInt(mant);
  const shift = X87_EXTENDED.precision - bitLength(m);
  return { neg: d < 0, kind: 'finite', mant: m << BigInt(shift), exp: exp - shift };
}

const F64 = new DataView(new ArrayBuffer(8));

/** |d| = mant * 2^exp for a finite nonzero double, mant < 2^53 an exact integer. O(1). */
export function decomposeDouble(d: number): { mant: number; exp: number } {
  F64.setFloat64(0, d);
  const hi = F64.getUint32(0);
  const lo = F64.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  const frac = (hi & 0xfffff) * 0x100000000 + lo;
  return biased === 0 ? { mant: frac, exp: -1074 } : { mant: frac + 2 ** 52, exp: biased - 1075 };
}

/** True for a finite value (not infinity, not NaN). O(1). */
export function isFiniteLD(x: LongDouble): boolean {
  return x.kind === 'finite';
}

// Beyond this exponent gap the smaller operand lies below a quarter ulp of the larger (normal)
// one, so the rounded sum is the larger operand itself.
const NEGLIGIBLE_GAP = 2 * 64 + 2;

/**
 * `a + b` rounded to the x87 extended format, to nearest with ties to even: Redis's
 * `value += incr`. inf + -inf is NaN; an exact zero sum of nonzero operands is +0.
 * @remarks O(1) for operands of similar magnitude; BigInt work grows with the exponent gap.
 */
export function addLongDouble(a: LongDouble, b: LongDouble): LongDouble {
  if (a.kind === 'nan' || b.kind === 'nan') return NAN;
  if (a.kind === 'inf') return b.kind === 'inf' && b.neg !== a.neg ? NAN : a;
  if (b.kind === 'inf') return b;
  if (a.mant === 0n) return b.mant === 0n ? (a.neg && b.neg ? NEG_ZERO : ZERO) : b;
  if (b.mant === 0n) return a;
  if (a.exp - b.exp > NEGLIGIBLE_GAP) return a;
  if (b.exp - a.exp > NEGLIGIBLE_GAP) return b;
  const e = Math.min(a.exp, b.exp);
  const am = a.mant << BigInt(a.exp - e);
  const bm = b.mant << BigInt(b.exp - e);
  let sum = (a.neg ? -am : am) + (b.neg ? -bm : bm);
  if (sum === 0n) return ZERO;
  const neg = sum < 0n;
  if (neg) sum = -sum;
  return fromRounded(neg, roundToFormat(sum, 1n, e, X87_EXTENDED));
}

// ---------------------------------------------------------------------------------------------
// Formatting.

const TEN_17 = 10n ** 17n;

/**
 * Redis's ld2string(LD_STR_HUMAN): glibc "%.17Lf" (exact value rounded half to even at 17
 * decimals), trailing zeros and then the dot removed, "-0" turned into "0"; infinities print as
 * "inf"/"-inf" and NaN as glibc does ("nan"/"-nan"). Used by INCRBYFLOAT, HINCRBYFLOAT and
 * addReplyHumanLongDouble (GEOPOS, GEOSEARCH WITHCOORD).
 * @remarks O(D) in the number of digits printed (up to 4933 for the largest values).
 */
export function formatLongDoubleHuman(x: LongDouble): string {
  if (x.kind === 'inf') return x.neg ? '-inf' : 'inf';
  if (x.kind === 'nan') return x.neg ? '-nan' : 'nan';
  if (x.mant === 0n) return '0';
  const sign = x.neg ? '-' : '';
  if (x.exp >= 0) return sign + (x.mant << BigInt(x.exp)).toString();
  const shift = -x.exp;
  const scaled = x.mant * TEN_17;
  let q = 0n;
  if (shift <= 64 + 57 + 1) {
    const sh = BigInt(shift);
    q = scaled >> sh;
    const rem = scaled - (q << sh);
    const half = 1n << (sh - 1n);
    if (rem > half || (rem === half && (q & 1n) === 1n)) q++;
  } // else scaled < 2^121 < 2^(shift-1): less than half a unit of the 17th decimal.
  if (q === 0n) return '0';
  const digits = q.toString().padStart(18, '0');
  const int = digits.slice(0, -17);
  let end = digits.length;
  while (digits.charCodeAt(end - 1) === 48) end--;
  return end > int.length ? sign + int + '.' + digits.slice(int.length, end) : sign + int;
}

// ---------------------------------------------------------------------------------------------
// Commands.

/** Why an INCRBYFLOAT failed; the names match the constants in errors.ts. */
export type IncrByFloatError = 'NOT_FLOAT' | 'NAN_OR_INF';

/** Why an HINCRBYFLOAT failed (Redis t_hash.c texts in the comments). */
export type HIncrByFloatError =
  /** "ERR value is not a valid float": the increment does not parse. */
  | 'NOT_FLOAT'
  /** "ERR value is NaN or Infinity": the increment is inf. */
  | 'VALUE_NAN_OR_INF'
  /** "ERR hash value is not a float": the stored field does not parse. */
  | 'HASH_VALUE_NOT_FLOAT'
  /** "ERR increment would produce NaN or Infinity". */
  | 'NAN_OR_INF';

export type IncrByFloatResult<E> = { ok: true; value: string } | { ok: false; error: E };

// Integers of up to 15 digits parse and add exactly as doubles, and String() prints them as
// "%.17Lf" + trimming does; this is the common case and skips all BigInt work.
const SMALL_INTEGER = /^-?[0-9]{1,15}$/;

function fastIntegerSum(current: string | null, incr: string): string | null {
  if (!SMALL_INTEGER.test(incr) || (current !== null && !SMALL_INTEGER.test(current))) return null;
  return String((current === null ? 0 : Number(current)) + Number(incr));
}

/**
 * INCRBYFLOAT on a string value: `current` is the stored value (null for a missing key, which
 * counts as 0), `incr` the argument. Like Redis's incrbyfloatCommand the stored value is parsed
 * first, then the increment (either failing: NOT_FLOAT); a NaN or infinite sum, which includes
 * any infinite operand, fails with NAN_OR_INF. The result is what Redis stores and replies.
 * @remarks O(N) in the length of the inputs.
 * @see https://redis.io/commands/incrbyfloat/
 */
export function incrByFloat(current: string | null, incr: string): IncrByFloatResult<IncrByFloatError> {
  const fast = fastIntegerSum(current, incr);
  if (fast !== null) return { ok: true, value: fast };
  const value = current === null ? ZERO : parseLongDouble(current);
  const by = value === null ? null : parseLongDouble(incr);
  if (value === null || by === null) return { ok: false, error: 'NOT_FLOAT' };
  const sum = addLongDouble(value, by);
  if (!isFiniteLD(sum)) return { ok: false, error: 'NAN_OR_INF' };
  return { ok: true, value: formatLongDoubleHuman(sum) };
}

/**
 * HINCRBYFLOAT on a hash field: `current` is the field's value (null when the field is missing).
 * Redis checks the increment first (NOT_FLOAT, then VALUE_NAN_OR_INF for an infinite one) and
 * only then looks the key up, so a handler that must report WRONGTYPE in Redis's order calls
 * {@link parseLongDouble}/{@link isFiniteLD} on the increment before its type check. Then the
 * field (HASH_VALUE_NOT_FLOAT) and the sum (NAN_OR_INF) are checked.
 * @remarks O(N) in the length of the inputs.
 * @see https://redis.io/commands/hincrbyfloat/
 */
export function hincrByFloat(current: string | null, incr: string): IncrByFloatResult<HIncrByFloatError> {
  const fast = fastIntegerSum(current, incr);
  if (fast !== null) return { ok: true, value: fast };
  const by = parseLongDouble(incr);
  if (by === null) return { ok: false, error: 'NOT_FLOAT' };
  if (!isFiniteLD(by)) return { ok: false, error: 'VALUE_NAN_OR_INF' };
  const value = current === null ? ZERO : parseLongDouble(current);
  if (value === null) return { ok: false, error: 'HASH_VALUE_NOT_FLOAT' };
  const sum = addLongDouble(value, by);
  if (!isFiniteLD(sum)) return { ok: false, error: 'NAN_OR_INF' };
  return { ok: true, value: formatLongDoubleHuman(sum) };
}
