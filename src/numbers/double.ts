// Doubles as Redis 7.0 reads and prints them (x86_64 Linux, glibc): sorted-set scores, ZINCRBY,
// weights, double replies, GEO coordinates and distances.
//
// Parsing follows glibc strtod (correctly rounded; `inf`, `infinity`, hex floats) with Redis's
// string2d checks on top. Decimal input is rounded by V8's Number(), which is also correctly
// rounded, once our scanner has checked the C syntax; hex floats go through the exact BigInt
// rounding shared with long-double.ts. Printing "%.17g" uses V8's toExponential, which rounds
// exactly but breaks ties upwards where glibc breaks them to even; the rare doubles whose exact
// decimal expansion could be such a tie are printed with exact BigInt arithmetic instead.

import {
  decomposeDouble,
  formatLongDoubleHuman,
  IEEE_DOUBLE,
  isCSpace,
  longDoubleFromNumber,
  type Rounded,
  roundToFormat,
  type ScannedNumber,
  scanNumber,
} from './long-double.js';

function roundedToNumber(neg: boolean, r: Rounded): number {
  const v = r.inf ? Number.POSITIVE_INFINITY : Number(r.mant) * 2 ** r.exp;
  return neg ? -v : v;
}

/** The correctly rounded double of a scanned finite number (may be ±Infinity or ±0). */
function scannedValue(s: string, n: ScannedNumber): number {
  if (n.kind === 'inf') return n.neg ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (n.kind === 'nan') return Number.NaN;
  if (n.kind === 'hex') {
    const significand = n.digits === '' ? 0n : BigInt('0x' + n.digits);
    return roundedToNumber(n.neg, roundToFormat(significand, 1n, n.exp, IEEE_DOUBLE));
  }
  // The scanner accepted exactly C's decimal syntax, which JS's StrDecimalLiteral also accepts.
  return Number(n.start === 0 && n.end === s.length ? s : s.slice(n.start, n.end));
}

/**
 * glibc strtod on `s` from index `from`: skips leading whitespace, converts the longest valid
 * prefix and returns its value and end index (`end === from` when nothing converts, value 0).
 * Overflow gives ±Infinity and underflow ±0, as strtod's return value does (errno is not
 * modelled, so SORT's `errno == ERANGE` test is not covered); NaN is returned as NaN. This is
 * what zslParseRange (ZRANGEBYSCORE, ZCOUNT, ...) uses, with its own checks on the end index and
 * NaN. Those test `*endptr == '\0'`, so for them a byte string ends at its first NUL: "1\0x"
 * passes as 1 and "\0" as 0 (no conversion, yet at the terminator).
 * @remarks O(N) in the length of the number.
 */
export function strtod(s: string, from = 0): { value: number; end: number } {
  const n = scanNumber(s, from);
  if (n.kind === 'none') return { value: 0, end: from };
  return { value: scannedValue(s, n), end: n.end };
}

/**
 * Redis's string2d (getDoubleFromObject): strtod on the whole string, rejecting an empty
 * string, leading whitespace, trailing characters (a NUL included), NaN, and values that
 * overflow to infinity or underflow to zero (ERANGE). `inf`, `-inf`, `infinity`, hex floats,
 * exponents and subnormals are accepted; "-0" gives -0.
 *
 * @returns the double, or null when Redis replies "ERR value is not a valid float".
 * @remarks O(N) in the length of the string.
 */
export function parseDouble(s: string): number | null {
  if (s.length === 0 || isCSpace(s.charCodeAt(0))) return null;
  const n = scanNumber(s, 0);
  if (n.end !== s.length || n.kind === 'none' || n.kind === 'nan') return null;
  const v = scannedValue(s, n);
  if (n.kind === 'inf') return v;
  if (v === Number.POSITIVE_INFINITY || v === Number.NEGATIVE_INFINITY) return null; // ERANGE overflow
  if (v === 0 && n.digits !== '') return null; // ERANGE underflow to zero
  return v;
}

// ---------------------------------------------------------------------------------------------
// "%.17g"

const TEN_16 = 10n ** 16n;
const TEN_17 = 10n ** 17n;

/** Trailing zero bits of an integer below 2^53. */
function trailingZeros(m: number): number {
  const lo = m >>> 0;
  if (lo !== 0) return 31 - Math.clz32(lo & -lo);
  const hi = Math.floor(m / 0x100000000);
  return 63 - Math.clz32(hi & -hi);
}

/** round(mant * 2^exp * 10^scale), ties to even. */
function roundScaled(mant: bigint, exp: number, scale: number): bigint {
  let num = mant;
  let den = 1n;
  if (exp >= 0) num <<= BigInt(exp);
  else den <<= BigInt(-exp);
  if (scale >= 0) num *= 10n ** BigInt(scale);
  else den *= 10n ** BigInt(-scale);
  let q = num / den;
  const twice = (num - q * den) * 2n;
  if (twice > den || (twice === den && (q & 1n) === 1n)) q++;
  return q;
}

/** 17 significant digits of |d| rounded half to even, and the decimal exponent of the first. */
function exactDigits17(d: number, x: number): [string, number] {
  const { mant, exp } = decomposeDouble(d);
  const m = BigInt(mant);
  for (;;) {
    const q = roundScaled(m, exp, 16 - x);
    if (q >= TEN_17) x++;
    else if (q < TEN_16) x--;
    else return [q.toString(), x];
  }
}

/**
 * C's `printf("%.17g", d)` with glibc: 17 significant digits rounded half to even from the exact
 * binary value, "%e" style ("1.0000000000000001e+300", at least two exponent digits) when the
 * exponent is below -4 or at least 17, else "%f" style; trailing zeros and a trailing dot are
 * removed. -0 prints "-0", infinities "inf"/"-inf", NaN "nan" (glibc prints "-nan" for a NaN
 * with the sign bit set, which JS cannot observe; no Redis reply path prints a NaN).
 * @remarks O(1).
 */
export function formatDouble17g(d: number): string {
  if (Number.isNaN(d)) return 'nan';
  if (d === Number.POSITIVE_INFINITY) return 'inf';
  if (d === Number.NEGATIVE_INFINITY) return '-inf';
  if (d === 0) return Object.is(d, -0) ? '-0' : '0';
  // Integers below 2^53 have at most 16 digits: printed exactly, as String() does.
  if (Number.isInteger(d) && d < 2 ** 53 && d > -(2 ** 53)) return String(d);
  const abs = Math.abs(d);
  const s = abs.toExponential(16);
  const e = s.indexOf('e');
  let digits = s[0]! + s.slice(2, e);
  let x = Number(s.slice(e + 1));
  // A tie at 17 digits needs an exact expansion of exactly 18 significant digits, that is
  // (decimal exponent + 1) + (binary fraction bits) = 18; V8 would round such a tie up.
  const { mant, exp } = decomposeDouble(d);
  const fractionDigits = -(exp + trailingZeros(mant));
  if (fractionDigits > 0 && x + fractionDigits >= 16 && x + fractionDigits <= 18) {
    [digits, x] = exactDigits17(abs, x);
  }
  return (d < 0 ? '-' : '') + gStyle(digits, x, 17);
}

/** "%.<p>g" layout of `p` significant digits whose first has decimal exponent `x`. */
function gStyle(digits: string, x: number, p: number): string {
  let end = digits.length;
  while (end > 1 && digits.charCodeAt(end - 1) === 48) end--;
  const sig = digits.slice(0, end);
  if (x < -4 || x >= p) {
    const ax = Math.abs(x);
    const mantissa = sig.length > 1 ? sig[0] + '.' + sig.slice(1) : sig;
    return mantissa + (x < 0 ? 'e-' : 'e+') + (ax < 10 ? '0' : '') + ax;
  }
  if (x < 0) return '0.' + '0'.repeat(-x - 1) + sig;
  if (sig.length <= x + 1) return sig + '0'.repeat(x + 1 - sig.length);
  return sig.slice(0, x + 1) + '.' + sig.slice(x + 1);
}

/**
 * The text of Redis's addReplyDouble: "inf"/"-inf" for infinities, else "%.17g". RESP2 sends it
 * as a bulk string, RESP3 as a `,` double (",inf", ",-inf" too). Used by ZSCORE, ZMSCORE, ZINCRBY,
 * ZADD INCR, WITHSCORES, ZPOP*, BZPOP*, ZRANDMEMBER. Also the text of "%.17Lg" on a double
 * converted to long double (createStringObjectFromLongDouble(score, 0): ZSCAN of a hashtable-
 * encoded sorted set), since both print the same exact value.
 * @remarks O(1).
 */
export const formatDoubleReply: (d: number) => string = formatDouble17g;

/**
 * The text a score has inside a listpack-encoded sorted set (t_zset.c zzlInsertAt), which ZSCAN
 * returns and ZSCORE/ZRANGE read back. A score that double2ll accepts (an integer in
 * [-2^62, 2^62]) is stored as that integer, so -0 becomes "0" and 1e17 "100000000000000000";
 * anything else goes through d2string: "inf", "-inf", "nan" or "%.17g". Because of the -0 case
 * a listpack zset answers ZSCORE with "0" where a hashtable-encoded one answers "-0".
 * @remarks O(1).
 */
export function formatListpackScore(d: number): string {
  if (Number.isInteger(d) && d >= -(2 ** 62) && d <= 2 ** 62) {
    return d < 2 ** 53 && d > -(2 ** 53) ? String(d) : BigInt(d).toString(); // String(-0) is "0"
  }
  return Number.isNaN(d) ? 'nan' : formatDouble17g(d);
}

/**
 * Redis's addReplyHumanLongDouble on a double (GEOPOS, GEOSEARCH/GEORADIUS WITHCOORD): the double
 * widened to long double and printed with ld2string LD_STR_HUMAN ("%.17Lf", trailing zeros
 * trimmed, "-0" as "0"), e.g. 13.361389338970184 prints "13.36138933897018433".
 * @remarks O(D) in the digits printed.
 */
export function formatDoubleHuman(d: number): string {
  if (Number.isInteger(d) && d < 2 ** 53 && d > -(2 ** 53)) return String(d);
  return formatLongDoubleHuman(longDoubleFromNumber(d));
}

const POW10_DOUBLE = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17,
];

/** llrint in round-to-nearest mode: ties to even; out of range and NaN give LLONG_MIN (x86 cvtsd2si). */
function llrint(x: number): bigint {
  if (!(x >= -(2 ** 63) && x < 2 ** 63)) return -(2n ** 63n);
  if (Math.abs(x) >= 2 ** 52) return BigInt(x);
  const f = Math.floor(x);
  const diff = x - f; // exact for |x| < 2^52
  return BigInt(diff > 0.5 || (diff === 0.5 && f % 2 !== 0) ? f + 1 : f);
}

/**
 * Redis's fixedpoint_d2string (util.c): `d * 10^digits` in double arithmetic, rounded with
 * llrint, printed with exactly `digits` decimals ("0.0000", "-0.0100", "10.0100"). Redis uses it
 * with 4 digits for GEODIST and WITHDIST. For odd digit counts Redis's own digit loop writes over
 * the dot once the value has 3 or more digits; no command reaches that, and this prints the
 * intended number instead. Returns '' for digit counts outside 1..17, as Redis returns 0 bytes.
 * @remarks O(1).
 */
export function formatFixedPoint(d: number, digits: number): string {
  if (!(digits >= 1 && digits <= 17) || !Number.isInteger(digits)) return '';
  if (d === 0) return '0.' + '0'.repeat(digits);
  let v = llrint(d * POW10_DOUBLE[digits]!);
  const sign = v < 0n ? '-' : '';
  if (v < 0n) v = -v;
  const text = v.toString().padStart(digits + 1, '0');
  return sign + text.slice(0, -digits) + '.' + text.slice(-digits);
}
