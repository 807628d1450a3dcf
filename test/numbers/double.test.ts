import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NOT_FLOAT } from '../../src/errors.js';
import {
  formatDouble17g,
  formatDoubleHuman,
  formatDoubleReply,
  formatFixedPoint,
  formatListpackScore,
  parseDouble,
  strtod,
} from '../../src/numbers/double.js';
import { decomposeDouble } from '../../src/numbers/long-double.js';
import recorded from './fixtures/numbers.json' with { type: 'json' };

/** The recorder stores replies over 200 bytes as "sha256:<hex>:<length>". */
function recordedForm(s: string): string {
  if (s.length <= 200) return s;
  return `sha256:${createHash('sha256').update(s, 'latin1').digest('hex')}:${s.length}`;
}

/**
 * Oracle for the property tests: "%.17g" straight from the definition, with the exact value as a
 * BigInt fraction and a search for the exponent instead of V8's digits. Slow; fine for tests.
 */
function reference17g(d: number): string {
  if (d === 0) return Object.is(d, -0) ? '-0' : '0';
  const { mant, exp } = decomposeDouble(d);
  const num = BigInt(mant) << BigInt(Math.max(exp, 0));
  const den = 1n << BigInt(Math.max(-exp, 0));
  // x: the decimal exponent with 10^x <= |d| < 10^(x+1), found by exact comparison.
  let x = Math.floor(Math.log10(Math.abs(d)));
  const ge = (k: number) => (k >= 0 ? num >= den * 10n ** BigInt(k) : num * 10n ** BigInt(-k) >= den);
  while (!ge(x)) x--;
  while (ge(x + 1)) x++;
  const scale = 16 - x;
  const n = scale >= 0 ? num * 10n ** BigInt(scale) : num;
  const m = scale >= 0 ? den : den * 10n ** BigInt(-scale);
  let q = n / m;
  const r2 = (n - q * m) * 2n;
  if (r2 > m || (r2 === m && q % 2n === 1n)) q++;
  if (q === 10n ** 17n) {
    q = 10n ** 16n;
    x++;
  }
  const digits = q.toString().replace(/0+$/, '');
  const sign = d < 0 ? '-' : '';
  if (x < -4 || x >= 17) {
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${mantissa}e${x < 0 ? '-' : '+'}${String(Math.abs(x)).padStart(2, '0')}`;
  }
  if (x < 0) return `${sign}0.${'0'.repeat(-x - 1)}${digits}`;
  if (digits.length <= x + 1) return sign + digits.padEnd(x + 1, '0');
  return `${sign}${digits.slice(0, x + 1)}.${digits.slice(x + 1)}`;
}

describe('double parsing (string2d, strtod)', () => {
  it('parseDouble reads decimals, exponents, hex floats and infinities', () => {
    expect(parseDouble('1.5')).toBe(1.5);
    expect(parseDouble('5.0e3')).toBe(5000);
    expect(parseDouble('+.5')).toBe(0.5);
    expect(parseDouble('1.')).toBe(1);
    expect(parseDouble('1E+05')).toBe(100000);
    expect(parseDouble('0x1p3')).toBe(8);
    expect(parseDouble('0X1.8P1')).toBe(3);
    expect(parseDouble('-0x.8')).toBe(-0.5);
    expect(parseDouble('0x1p-1074')).toBe(5e-324);
    expect(parseDouble('4.9406564584124654e-324')).toBe(5e-324);
    expect(parseDouble('1.7976931348623157e308')).toBe(Number.MAX_VALUE);
    expect(parseDouble('inf')).toBe(Number.POSITIVE_INFINITY);
    expect(parseDouble('-Infinity')).toBe(Number.NEGATIVE_INFINITY);
    expect(parseDouble('+INF')).toBe(Number.POSITIVE_INFINITY);
    expect(Object.is(parseDouble('-0'), -0)).toBe(true);
    expect(parseDouble('0e99999999999')).toBe(0);
    expect(parseDouble('1'.repeat(300))).toBe(Number('1'.repeat(300))); // no length limit, unlike string2ld
  });

  it('parseDouble reads back every "%.17g" it prints', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true }), (d) => {
        expect(parseDouble(formatDouble17g(d))).toBe(d);
      }),
    );
  });

  it('strtod converts the longest prefix after whitespace, as zslParseRange sees it', () => {
    expect(strtod('')).toEqual({ value: 0, end: 0 });
    expect(strtod('   ')).toEqual({ value: 0, end: 0 });
    expect(strtod(' \t1.5x')).toEqual({ value: 1.5, end: 5 });
    expect(strtod('1e5x')).toEqual({ value: 1e5, end: 3 });
    expect(strtod('1e+')).toEqual({ value: 1, end: 1 });
    expect(strtod('0x')).toEqual({ value: 0, end: 1 });
    expect(strtod('0x1p')).toEqual({ value: 1, end: 3 });
    expect(strtod('infinity!')).toEqual({ value: Number.POSITIVE_INFINITY, end: 8 });
    expect(strtod('infinit')).toEqual({ value: Number.POSITIVE_INFINITY, end: 3 });
    expect(strtod('1e999')).toEqual({ value: Number.POSITIVE_INFINITY, end: 5 });
    expect(strtod('-1e-999')).toEqual({ value: -0, end: 7 });
    expect(strtod('(2', 1)).toEqual({ value: 2, end: 2 });
    const nan = strtod('nan(abc_1)x');
    expect(Number.isNaN(nan.value) && nan.end === 10).toBe(true);
    expect(strtod('nan(').end).toBe(3);
  });

  // failure cases
  it('parseDouble rejects what string2d rejects', () => {
    for (const s of [
      '',
      ' 1',
      '\t1',
      '\r1',
      '1 ',
      '1\n',
      '1\0',
      'abc',
      '1a',
      '.',
      '-',
      '+-1',
      '1e',
      '1e+',
      '0x',
      '0x1p',
    ]) {
      expect(parseDouble(s), JSON.stringify(s)).toBeNull();
    }
    for (const s of ['nan', 'NaN', '-nan', 'nan(1)', 'infin', '1_000', '1,5', '\u0661']) {
      expect(parseDouble(s), s).toBeNull();
    }
    expect(parseDouble('1e309')).toBeNull(); // overflow: ERANGE
    expect(parseDouble('1e-400')).toBeNull(); // underflow to zero: ERANGE
    expect(parseDouble('0x1p-1075')).toBeNull(); // half the smallest subnormal, ties to zero
    expect(parseDouble('0x1p1024')).toBeNull();
  });
});

describe('double printing', () => {
  it('formatDouble17g prints as glibc printf("%.17g")', () => {
    expect(formatDouble17g(1.1)).toBe('1.1000000000000001');
    expect(formatDouble17g(3)).toBe('3');
    expect(formatDouble17g(-2.5)).toBe('-2.5');
    expect(formatDouble17g(0.1)).toBe('0.10000000000000001');
    expect(formatDouble17g(1 / 3)).toBe('0.33333333333333331');
    expect(formatDouble17g(1e300)).toBe('1.0000000000000001e+300');
    expect(formatDouble17g(1e-5)).toBe('1.0000000000000001e-05');
    expect(formatDouble17g(0.0001)).toBe('0.0001');
    expect(formatDouble17g(1e16)).toBe('10000000000000000');
    expect(formatDouble17g(1e17)).toBe('1e+17');
    expect(formatDouble17g(2 ** 53 + 2)).toBe('9007199254740994');
    expect(formatDouble17g(123456789012345680)).toBe('1.2345678901234568e+17');
    expect(formatDouble17g(5e-324)).toBe('4.9406564584124654e-324');
    expect(formatDouble17g(Number.MAX_VALUE)).toBe('1.7976931348623157e+308');
    expect(formatDouble17g(-0)).toBe('-0');
    expect(formatDouble17g(0)).toBe('0');
    expect(formatDouble17g(Number.POSITIVE_INFINITY)).toBe('inf');
    expect(formatDouble17g(Number.NEGATIVE_INFINITY)).toBe('-inf');
  });

  it('formatDouble17g breaks ties to even where V8 rounds up', () => {
    const tie = 100001 / 2 ** 18; // exactly 0.381473541259765625
    expect(tie.toPrecision(17)).toBe('0.38147354125976563');
    expect(formatDouble17g(tie)).toBe('0.38147354125976562');
    expect(formatDouble17g(4.555030822753906)).toBe('4.5550308227539062');
  });

  it('formatDouble17g agrees with an exact BigInt "%.17g"', () => {
    const tieCandidates = fc
      .tuple(fc.integer({ min: 0, max: 2 ** 21 }), fc.integer({ min: 0, max: 60 }), fc.boolean())
      .map(([m, e, neg]) => ((neg ? -1 : 1) * (2 * m + 1)) / 2 ** e);
    fc.assert(
      fc.property(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), tieCandidates), (d) => {
        expect(formatDouble17g(d)).toBe(reference17g(d));
      }),
      { numRuns: 2000 },
    );
  });

  it('formatListpackScore stores double2ll integers as integers, -0 included', () => {
    expect(formatListpackScore(-0)).toBe('0');
    expect(formatListpackScore(1e17)).toBe('100000000000000000');
    expect(formatListpackScore(2 ** 62)).toBe('4611686018427387904');
    expect(formatListpackScore(-(2 ** 62))).toBe('-4611686018427387904');
    expect(formatListpackScore(2 ** 62 + 2048)).toBe('4.61168601842739e+18');
    expect(formatListpackScore(1.5)).toBe('1.5');
    expect(formatListpackScore(Number.NEGATIVE_INFINITY)).toBe('-inf');
    expect(formatListpackScore(Number.NaN)).toBe('nan');
  });

  it('formatDoubleHuman prints GEOPOS coordinates as redis.io shows them', () => {
    expect(formatDoubleHuman(13.361389338970184)).toBe('13.36138933897018433');
    expect(formatDoubleHuman(38.115556395496299)).toBe('38.11555639549629859');
    expect(formatDoubleHuman(-0)).toBe('0');
    expect(formatDoubleHuman(1e-20)).toBe('0');
    expect(formatDoubleHuman(-1e-17)).toBe('-0.00000000000000001');
  });

  it('formatFixedPoint matches fixedpoint_d2string (Redis util.c tests, GEODIST)', () => {
    expect(formatFixedPoint(0, 4)).toBe('0.0000');
    expect(formatFixedPoint(0, 1)).toBe('0.0');
    expect(formatFixedPoint(0.0001, 4)).toBe('0.0001');
    expect(formatFixedPoint(6.0642951598391699e-5, 4)).toBe('0.0001');
    expect(formatFixedPoint(0.01, 4)).toBe('0.0100');
    expect(formatFixedPoint(0.01, 1)).toBe('0.0');
    expect(formatFixedPoint(-0.01, 4)).toBe('-0.0100');
    expect(formatFixedPoint(-0.1, 1)).toBe('-0.1');
    expect(formatFixedPoint(0.1, 1)).toBe('0.1');
    expect(formatFixedPoint(0.01, 17)).toBe('0.01000000000000000');
    expect(formatFixedPoint(10.01, 4)).toBe('10.0100');
    expect(formatFixedPoint(166274.15156960033, 4)).toBe('166274.1516');
    expect(formatFixedPoint(0.00005, 4)).toBe('0.0000'); // llrint: 0.5 ties to even
    expect(formatFixedPoint(0.00025, 4)).toBe('0.0002'); // 2.5 after the multiplication
    expect(formatFixedPoint(0.00035, 4)).toBe('0.0004');
    expect(formatFixedPoint(-0.00025, 4)).toBe('-0.0002');
    expect(formatFixedPoint(0.00015, 4)).toBe('0.0001'); // 1.4999999999999998 after it
    expect(formatFixedPoint(-0.00001, 4)).toBe('0.0000');
    expect(formatFixedPoint(1e300, 4)).toBe('-922337203685477.5808'); // llrint overflow: LLONG_MIN
    expect(formatFixedPoint(10.01, 18)).toBe('');
    expect(formatFixedPoint(10.01, 0)).toBe('');
  });
});

describe('doubles against Redis 7.0.15 (recorded)', () => {
  it(`ZADD + ZSCORE match ${recorded.zscore.length} recorded replies`, () => {
    for (const [arg, reply] of recorded.zscore as [string, string][]) {
      const d = parseDouble(arg);
      // The recorder's zset is listpack-encoded: the score is read back from its stored text.
      const got = d === null ? NOT_FLOAT : formatDoubleReply(parseDouble(formatListpackScore(d))!);
      expect(got, JSON.stringify(arg)).toBe(reply);
    }
  });

  it(`ZSCAN matches ${recorded.zscan.length} recorded scores, listpack and hashtable encoded`, () => {
    for (const [arg, listpack, hashtable] of recorded.zscan as [string, string, string][]) {
      const d = parseDouble(arg)!;
      expect(formatListpackScore(d), JSON.stringify(arg)).toBe(listpack);
      expect(formatDouble17g(d), JSON.stringify(arg)).toBe(hashtable);
    }
  });

  it(`INCRBYFLOAT by a double matches ${recorded.human.length} recorded "%.17Lf" replies`, () => {
    for (const [arg, reply] of recorded.human as [string, string][]) {
      expect(recordedForm(formatDoubleHuman(parseDouble(arg)!)), arg).toBe(reply);
    }
  });

  it(`ZCOUNT min +inf matches ${recorded.zcount.length} recorded replies (strtod)`, () => {
    const scores = [Number.NEGATIVE_INFINITY, -1e308, -1, 0, 1, 1.5, 1e308, Number.POSITIVE_INFINITY];
    for (const [arg, reply] of recorded.zcount as [string, string][]) {
      // zslParseRange: "(" makes the bound exclusive; C stops reading at the first NUL.
      const exclusive = arg.startsWith('(');
      const body = exclusive ? arg.slice(1) : arg;
      const { value, end } = strtod(body);
      const valid = (end === body.length || body.charCodeAt(end) === 0) && !Number.isNaN(value);
      const count = scores.filter((s) => (exclusive ? s > value : s >= value)).length;
      expect(valid ? String(count) : 'ERR min or max is not a float', JSON.stringify(arg)).toBe(reply);
    }
  });

  it('ZSCORE in RESP3 sends the same text as a `,` double', () => {
    for (const [arg, raw] of recorded.resp3 as [string, string][]) {
      expect(`,${formatDoubleReply(parseDouble(formatListpackScore(parseDouble(arg)!))!)}\r\n`).toBe(raw);
    }
  });
});
