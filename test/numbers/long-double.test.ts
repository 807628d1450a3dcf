import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NAN_OR_INF, NOT_FLOAT } from '../../src/errors.js';
import {
  addLongDouble,
  decomposeDouble,
  formatLongDoubleHuman,
  type HIncrByFloatError,
  hincrByFloat,
  IEEE_DOUBLE,
  incrByFloat,
  isFiniteLD,
  type LongDouble,
  longDoubleFromNumber,
  MAX_LONG_DOUBLE_CHARS,
  parseLongDouble,
  roundScanned,
  scanNumber,
} from '../../src/numbers/long-double.js';
import recorded from './fixtures/numbers.json' with { type: 'json' };

// HINCRBYFLOAT's own texts (t_hash.c hincrbyfloatCommand).
const ERROR_TEXT: Record<HIncrByFloatError, string> = {
  NOT_FLOAT,
  NAN_OR_INF,
  VALUE_NAN_OR_INF: 'ERR value is NaN or Infinity',
  HASH_VALUE_NOT_FLOAT: 'ERR hash value is not a float',
};

/** The recorder stores replies over 200 bytes as "sha256:<hex>:<length>". */
function recordedForm(s: string): string {
  if (s.length <= 200) return s;
  return `sha256:${createHash('sha256').update(s, 'latin1').digest('hex')}:${s.length}`;
}

function incr(current: string | null, by: string): string {
  const r = incrByFloat(current, by);
  return r.ok ? r.value : ERROR_TEXT[r.error];
}

function hincr(current: string | null, by: string): string {
  const r = hincrByFloat(current, by);
  return r.ok ? r.value : ERROR_TEXT[r.error];
}

const ld = (s: string): LongDouble => {
  const x = parseLongDouble(s);
  if (x === null) throw new Error(`does not parse: ${s}`);
  return x;
};

describe('INCRBYFLOAT arithmetic', () => {
  it('INCRBYFLOAT prints short decimals as typed (redis.io examples)', () => {
    expect(incr('10.50', '0.1')).toBe('10.6');
    expect(incr('10.6', '-5')).toBe('5.6');
    expect(incr('5.0e3', '2.0e2')).toBe('5200');
    expect(incr('0.1', '0.2')).toBe('0.3');
    expect(incr(null, '3.0')).toBe('3');
    expect(incr(null, '-0')).toBe('0');
    expect(incr('-0', '-0')).toBe('0');
    expect(incr(null, '0x1p3')).toBe('8');
    expect(incr(null, '+.5')).toBe('0.5');
  });

  it('INCRBYFLOAT shows the long double error beyond 17 significant digits', () => {
    expect(incr('1234567.1', '0.1')).toBe('1234567.20000000000004547');
    expect(incr(null, '1e-18')).toBe('0');
    expect(incr(null, '-1e-18')).toBe('0'); // "-0.00000000000000000" trimmed to "-0", then "0"
    expect(incr(null, '0.000000000000000005')).toBe('0'); // the long double is just below 5e-18
    const big = incr('1e308', '0'); // the long double nearest 1e308 lies just below it
    expect(big).toHaveLength(308);
    expect(big.slice(0, 30)).toBe('999999999999999999966858796558');
  });

  it('INCRBYFLOAT rounds "%.17Lf" ties half to even', () => {
    expect(incr(null, '0.000003814697265625')).toBe('0.00000381469726562'); // 2^-18
    expect(incr(null, '0.000011444091796875')).toBe('0.00001144409179688'); // 3 * 2^-18
    expect(incr(null, '1.000003814697265625')).toBe('1.00000381469726562');
  });

  it('INCRBYFLOAT integer fast path agrees with the long double path', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(10 ** 15) + 1, max: 10 ** 15 - 1 }), fc.integer(), (a, b) => {
        const slow = formatLongDoubleHuman(addLongDouble(ld(String(a)), ld(String(b))));
        expect(incr(String(a), String(b))).toBe(slow);
      }),
    );
  });

  it('INCRBYFLOAT reproduces any decimal with up to 17 decimals below 8 in magnitude', () => {
    // Below 8 the long double error (2^-62) is far under half a unit of the 17th decimal.
    const decimal = fc
      .tuple(fc.boolean(), fc.integer({ min: 0, max: 7 }), fc.stringMatching(/^[0-9]{0,17}$/))
      .map(([neg, int, frac]) => `${neg ? '-' : ''}${int}.${frac}`);
    fc.assert(
      fc.property(decimal, (s) => {
        const [int, frac] = s.replace('-', '').split('.') as [string, string];
        const trimmed = frac.replace(/0+$/, '');
        const zero = int === '0' && trimmed === '';
        const want = (s.startsWith('-') && !zero ? '-' : '') + int + (trimmed ? `.${trimmed}` : '');
        expect(incr(null, s)).toBe(want);
      }),
    );
  });

  it('addLongDouble is commutative and has exact cancellation', () => {
    const hexLD = fc
      .tuple(
        fc.bigInt({ min: 1n << 63n, max: (1n << 64n) - 1n }),
        fc.integer({ min: -200, max: 200 }),
        fc.boolean(),
      )
      .map(([m, e, neg]) => ld(`${neg ? '-' : ''}0x${m.toString(16)}p${e}`));
    fc.assert(
      fc.property(hexLD, hexLD, (a, b) => {
        expect(addLongDouble(a, b)).toEqual(addLongDouble(b, a));
        const negA = { ...a, neg: !a.neg };
        expect(formatLongDoubleHuman(addLongDouble(a, negA))).toBe('0');
        expect(addLongDouble(a, ld('0'))).toEqual(a);
      }),
    );
  });

  it('the BigInt rounding core agrees with V8 Number() on decimal strings', () => {
    const decimal = fc
      .tuple(
        fc.stringMatching(/^[0-9]{1,25}$/),
        fc.stringMatching(/^[0-9]{0,25}$/),
        fc.integer({ min: -360, max: 330 }),
      )
      .map(([i, f, e]) => `${i}.${f}e${e}`);
    fc.assert(
      fc.property(decimal, (s) => {
        const r = roundScanned(scanNumber(s), IEEE_DOUBLE, [-400, 400]);
        const mine = r.inf ? Number.POSITIVE_INFINITY : Number(r.mant) * 2 ** r.exp;
        expect(mine).toBe(Number(s));
      }),
    );
  });

  it('longDoubleFromNumber keeps the exact value of every double', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (d) => {
        const x = longDoubleFromNumber(d);
        expect(x.kind).toBe('finite');
        if (d !== 0) {
          const { mant, exp } = decomposeDouble(d);
          expect(BigInt(mant) << BigInt(exp - x.exp)).toBe(x.mant);
        }
        expect(x.neg).toBe(Object.is(d, -0) || d < 0);
      }),
    );
  });

  // failure cases
  it('parseLongDouble rejects what string2ld rejects', () => {
    for (const s of [
      '',
      ' 1',
      '\t1',
      '\n1',
      '1 ',
      '1\0',
      'abc',
      '1a',
      '.',
      '-',
      'e5',
      '1e',
      '1e+',
      '0x',
      '0x1p',
    ]) {
      expect(parseLongDouble(s), JSON.stringify(s)).toBeNull();
    }
    for (const s of ['nan', '-nan', 'NaN', 'nan(1)', 'infin', 'infinityx'])
      expect(parseLongDouble(s), s).toBeNull();
    expect(parseLongDouble('1e-5000')).toBeNull(); // underflow to zero: ERANGE
    expect(parseLongDouble('1e5000')).toBeNull(); // overflow: ERANGE
    expect(parseLongDouble('0x1p-16446')).toBeNull(); // half the smallest subnormal rounds to zero
    expect(parseLongDouble('0x1p16384')).toBeNull();
  });

  it('parseLongDouble accepts infinities, subnormals, zeros with any exponent and long inputs', () => {
    expect(parseLongDouble('inf')).toMatchObject({ kind: 'inf', neg: false });
    expect(parseLongDouble('-Infinity')).toMatchObject({ kind: 'inf', neg: true });
    expect(parseLongDouble('0x1p-16445')).toMatchObject({ mant: 1n, exp: -16445 });
    expect(parseLongDouble('0x3p-16446')).toMatchObject({ mant: 2n, exp: -16445 }); // tie to even
    expect(parseLongDouble('0e99999999999')).toMatchObject({ kind: 'finite', mant: 0n });
    expect(parseLongDouble('-0')).toMatchObject({ neg: true, mant: 0n });
    const longest = '0'.repeat(MAX_LONG_DOUBLE_CHARS - 2) + '1';
    expect(parseLongDouble(longest)).not.toBeNull();
    expect(parseLongDouble(`${longest}1`)).toBeNull(); // no room for the NUL in string2ld's buffer
  });

  it('INCRBYFLOAT reports NOT_FLOAT before NAN_OR_INF and checks the stored value first', () => {
    expect(incrByFloat('abc', 'inf')).toEqual({ ok: false, error: 'NOT_FLOAT' });
    expect(incrByFloat('1', 'abc')).toEqual({ ok: false, error: 'NOT_FLOAT' });
    expect(incrByFloat(null, 'inf')).toEqual({ ok: false, error: 'NAN_OR_INF' });
    expect(incrByFloat('inf', '-inf')).toEqual({ ok: false, error: 'NAN_OR_INF' });
    expect(incrByFloat('1.18973149535723176502e4932', '1.18973149535723176502e4932')).toEqual({
      ok: false,
      error: 'NAN_OR_INF',
    });
    expect(isFiniteLD(addLongDouble(ld('inf'), ld('1')))).toBe(false);
  });

  it('HINCRBYFLOAT checks the increment, then the field, then the sum', () => {
    expect(hincrByFloat('abc', 'x')).toEqual({ ok: false, error: 'NOT_FLOAT' });
    expect(hincrByFloat('abc', 'inf')).toEqual({ ok: false, error: 'VALUE_NAN_OR_INF' });
    expect(hincrByFloat('abc', '1')).toEqual({ ok: false, error: 'HASH_VALUE_NOT_FLOAT' });
    expect(hincrByFloat('inf', '1')).toEqual({ ok: false, error: 'NAN_OR_INF' });
    expect(hincrByFloat(null, '10.5')).toEqual({ ok: true, value: '10.5' });
  });
});

describe('INCRBYFLOAT against Redis 7.0.15 (recorded)', () => {
  it(`INCRBYFLOAT matches ${recorded.incrbyfloat.length} recorded replies`, () => {
    for (const [current, by, reply] of recorded.incrbyfloat as [string | null, string, string][]) {
      expect(recordedForm(incr(current, by)), JSON.stringify([current, by])).toBe(reply);
    }
  });

  it(`HINCRBYFLOAT matches ${recorded.hincrbyfloat.length} recorded replies`, () => {
    for (const [current, by, reply] of recorded.hincrbyfloat as [string | null, string, string][]) {
      expect(recordedForm(hincr(current, by)), JSON.stringify([current, by])).toBe(reply);
    }
  });
});
