import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileGlob, globMatch, matchesAllKeys } from '../../src/keyspace/glob.js';
import recorded from './fixtures/glob.json' with { type: 'json' };

/** Both entry points, which must always agree. */
function both(pattern: string, s: string, nocase = false): boolean {
  const direct = globMatch(pattern, s, nocase);
  const compiled = compileGlob(pattern, nocase)(s);
  expect(compiled, `compileGlob(${JSON.stringify(pattern)}) on ${JSON.stringify(s)}`).toBe(direct);
  return direct;
}

/**
 * Oracle for the property tests: Redis's recursion read straight off util.c, with full
 * backtracking into every `*` (as before 7.0.9) instead of the skipLongerMatches cut-off, which
 * must only save time. Exponential; fine for the short inputs it is given.
 */
function oracle(pat: string, str: string, nocase: boolean): boolean {
  const byte = (s: string, i: number) => (i < s.length ? s.charCodeAt(i) : 0); // 0: the NUL terminator
  const low = (c: number) => (c >= 65 && c <= 90 ? c + 32 : c);
  const sch = (c: number) => (c > 127 ? c - 256 : c);
  const eq = (x: number, y: number) => (nocase ? low(x) === low(y) : x === y);
  const run = (p: number, s: number): boolean => {
    let plen = pat.length - p;
    let slen = str.length - s;
    while (plen > 0 && slen > 0) {
      const pc = byte(pat, p);
      if (pc === 42) {
        while (plen > 0 && byte(pat, p + 1) === 42) {
          p++;
          plen--;
        }
        if (plen === 1) return true;
        for (; slen > 0; s++, slen--) if (run(p + 1, s)) return true;
        return false;
      }
      if (pc === 63) {
        // `?`
      } else if (pc === 91) {
        p++;
        plen--;
        const not = byte(pat, p) === 94;
        if (not) {
          p++;
          plen--;
        }
        let match = false;
        for (;;) {
          if (byte(pat, p) === 92 && plen >= 2) {
            p++;
            plen--;
            if (byte(pat, p) === byte(str, s)) match = true;
          } else if (byte(pat, p) === 93) {
            break;
          } else if (plen === 0) {
            p--;
            plen++;
            break;
          } else if (plen >= 3 && byte(pat, p + 1) === 45) {
            let lo = sch(byte(pat, p));
            let hi = sch(byte(pat, p + 2));
            let c = sch(byte(str, s));
            if (lo > hi) [lo, hi] = [hi, lo];
            if (nocase) [lo, hi, c] = [low(lo), low(hi), low(c)];
            p += 2;
            plen -= 2;
            if (c >= lo && c <= hi) match = true;
          } else if (eq(byte(pat, p), byte(str, s))) {
            match = true;
          }
          p++;
          plen--;
        }
        if (match === not) return false;
      } else {
        if (pc === 92 && plen >= 2) {
          p++;
          plen--;
        }
        if (!eq(byte(pat, p), byte(str, s))) return false;
      }
      s++;
      slen--;
      p++;
      plen--;
      if (slen === 0) {
        while (byte(pat, p) === 42) {
          p++;
          plen--;
        }
        break;
      }
    }
    return plen === 0 && slen === 0;
  };
  return run(0, 0);
}

describe('glob: one rule at a time', () => {
  it('literal bytes match themselves only', () => {
    expect(both('abc', 'abc')).toBe(true);
    expect(both('abc', 'abd')).toBe(false);
    expect(both('abc', 'ab')).toBe(false);
    expect(both('abc', 'abcd')).toBe(false);
    expect(both('a\x00b', 'a\x00b')).toBe(true);
    expect(both('\xe9', '\xe9')).toBe(true);
  });

  it('empty pattern matches only the empty string; nothing else does', () => {
    expect(both('', '')).toBe(true);
    expect(both('', 'a')).toBe(false);
    expect(both('a', '')).toBe(false);
    expect(both('?', '')).toBe(false);
  });

  it('* matches any non-empty run, but a pattern starting with * never matches ""', () => {
    expect(both('*', 'anything')).toBe(true);
    expect(both('*', '')).toBe(false);
    expect(both('***', '')).toBe(false);
    expect(both('***', 'x')).toBe(true);
    expect(both('a*', 'a')).toBe(true);
    expect(both('a**', 'a')).toBe(true);
    expect(both('a*b', 'ab')).toBe(true);
    expect(both('a*b', 'axxb')).toBe(true);
    expect(both('a*b', 'axxbx')).toBe(false);
    expect(both('*a*b*', 'xaxbx')).toBe(true);
    expect(both('*b', 'b')).toBe(true);
    expect(both('h*llo', 'heeeello')).toBe(true);
  });

  it('KEYS and SCAN list every key for exactly the pattern *', () => {
    expect(matchesAllKeys('*')).toBe(true);
    expect(matchesAllKeys('**')).toBe(false);
    expect(matchesAllKeys('a*')).toBe(false);
  });

  it('? matches exactly one byte', () => {
    expect(both('h?llo', 'hello')).toBe(true);
    expect(both('h?llo', 'hllo')).toBe(false);
    expect(both('??', '\x00\xff')).toBe(true);
    expect(both('a?', 'a')).toBe(false);
  });

  it('[abc] matches one listed byte, [^abc] one unlisted byte', () => {
    expect(both('h[ae]llo', 'hello')).toBe(true);
    expect(both('h[ae]llo', 'hallo')).toBe(true);
    expect(both('h[ae]llo', 'hillo')).toBe(false);
    expect(both('h[^e]llo', 'hallo')).toBe(true);
    expect(both('h[^e]llo', 'hello')).toBe(false);
    expect(both('[]', ']')).toBe(false); // `[]` is an empty set
    expect(both('[]]', ']')).toBe(false); // ... followed by a literal `]`
    expect(both('[]]', 'x]')).toBe(false);
    expect(both('[^]]', 'x]')).toBe(true);
  });

  it('[a-z] ranges, reversed ranges swapped, and x- before ] is still a range', () => {
    expect(both('h[a-b]llo', 'hbllo')).toBe(true);
    expect(both('h[a-b]llo', 'hcllo')).toBe(false);
    expect(both('[z-a]', 'm')).toBe(true);
    expect(both('[^z-a]', 'm')).toBe(false);
    // `[a-]`: the range `]`..`a`, and the set is still open (unterminated).
    expect(both('[a-]', ']')).toBe(true);
    expect(both('[a-]', '_')).toBe(true);
    expect(both('[a-]', '-')).toBe(false);
    expect(both('[a-]x', 'a')).toBe(true); // `x` is a member of the open set, not a literal
    expect(both('[-a]', '-')).toBe(true);
    expect(both('[a-c-e]', '-')).toBe(true); // a-c, then `-` and `e` as members
  });

  it('ranges compare bytes as signed chars, as x86-64 Redis does', () => {
    expect(both('[a-\xff]', '\x00')).toBe(true); // -1..97
    expect(both('[a-\xff]', '\xff')).toBe(true);
    expect(both('[a-\xff]', '\xe9')).toBe(false);
    expect(both('[a-\xff]', 'b')).toBe(false);
    expect(both('[\x00-\xff]', '\x80')).toBe(false); // -1..0
    expect(both('[\x7f-\x80]', 'q')).toBe(true); // -128..127: every byte
  });

  it('\\ escapes a byte outside and inside sets; a trailing \\ is literal', () => {
    expect(both('\\*', '*')).toBe(true);
    expect(both('\\*', 'x')).toBe(false);
    expect(both('a\\?', 'a?')).toBe(true);
    expect(both('\\[a]', '[a]')).toBe(true);
    expect(both('a\\', 'a\\')).toBe(true);
    expect(both('\\', '\\')).toBe(true);
    expect(both('[\\]]', ']')).toBe(true);
    expect(both('[\\^a]', '^')).toBe(true);
    expect(both('[a\\-z]', 'm')).toBe(false);
    expect(both('[a\\-z]', '-')).toBe(true);
    expect(both('[\\', '\\')).toBe(true); // unterminated set holding `\`
  });

  it('an unterminated [ is a set running to the end of the pattern', () => {
    expect(both('[', '[')).toBe(false); // empty set
    expect(both('[', 'x')).toBe(false);
    expect(both('[^', 'x')).toBe(true); // empty negated set: any one byte
    expect(both('[^', '')).toBe(false);
    expect(both('[ab', 'b')).toBe(true);
    expect(both('[ab', 'ab')).toBe(false);
    expect(both('x[^a', 'xb')).toBe(true);
  });

  it('nocase folds ASCII letters only, bounds after the swap, not escapes in sets', () => {
    expect(both('HeLLo', 'hello', true)).toBe(true);
    expect(both('HeLLo', 'hello')).toBe(false);
    expect(both('\\A', 'a', true)).toBe(true);
    expect(both('[A]', 'a', true)).toBe(true);
    expect(both('[\\A]', 'a', true)).toBe(false);
    expect(both('[A-C]', 'b', true)).toBe(true);
    expect(both('[Z-a]', '_', true)).toBe(false); // swapped, then lowered to z..a: empty
    expect(both('[Z-a]', '_')).toBe(true);
    expect(both('[_-a]', 'A', true)).toBe(true);
    expect(both('\xc9', '\xe9', true)).toBe(false); // É/é are not ASCII
    expect(both('@', '`', true)).toBe(false);
  });
});

describe('glob: fixtures recorded from Redis', () => {
  type Row = [pattern: string, subject: string, matched: number];
  const check = (rows: Row[], match: (p: string, s: string) => boolean) =>
    rows.filter(([p, s, m]) => match(p, s) !== (m === 1)).map(([p, s, m]) => JSON.stringify([p, s, m]));

  it(`KEYS pattern agrees with ${recorded.server} on ${recorded.keys.length} pairs`, () => {
    const rows = recorded.keys as Row[];
    expect(check(rows, (p, s) => matchesAllKeys(p) || globMatch(p, s))).toEqual([]);
    expect(check(rows, (p, s) => matchesAllKeys(p) || compileGlob(p)(s))).toEqual([]);
  });

  it(`PUBSUB CHANNELS pattern agrees with ${recorded.server} on ${recorded.channels.length} pairs`, () => {
    const rows = recorded.channels as Row[];
    expect(check(rows, (p, s) => globMatch(p, s))).toEqual([]);
    expect(check(rows, (p, s) => compileGlob(p)(s))).toEqual([]);
  });

  it(`FUNCTION LIST LIBRARYNAME (nocase) agrees with ${recorded.server} on ${recorded.libraries.length} pairs`, () => {
    const rows = recorded.libraries as Row[];
    expect(check(rows, (p, s) => globMatch(p, s, true))).toEqual([]);
    expect(check(rows, (p, s) => compileGlob(p, true)(s))).toEqual([]);
  });

  it('the fixtures cover matches and mismatches of every kind', () => {
    for (const rows of [recorded.keys, recorded.channels, recorded.libraries] as Row[][]) {
      expect(rows.filter((r) => r[2] === 1).length).toBeGreaterThan(100);
      expect(rows.filter((r) => r[2] === 0).length).toBeGreaterThan(100);
    }
  });
});

describe('glob: properties', () => {
  const patternArb = fc.string({
    unit: fc.constantFrom('a', 'b', 'A', '*', '?', '[', ']', '^', '-', '\\', '\x00', '\xe9', '\xff', '_'),
    maxLength: 9,
  });
  const subjectArb = fc.string({
    unit: fc.constantFrom('a', 'b', 'A', 'B', '*', '?', '[', ']', '^', '-', '\\', '\x00', '\xe9', '_'),
    maxLength: 9,
  });

  it('globMatch and compileGlob equal the full-backtracking reading of stringmatchlen', () => {
    fc.assert(
      fc.property(patternArb, subjectArb, fc.boolean(), (p, s, nocase) => {
        const want = oracle(p, s, nocase);
        return globMatch(p, s, nocase) === want && compileGlob(p, nocase)(s) === want;
      }),
      { numRuns: 20_000 },
    );
  });

  it('compileGlob shortcuts (literal, lit*, *lit, *lit*) equal globMatch', () => {
    const lit = fc.string({ unit: fc.constantFrom('a', 'b', ']', '^', '-'), maxLength: 4 });
    const stars = fc.constantFrom('', '*', '**');
    fc.assert(
      fc.property(stars, lit, stars, subjectArb, (lead, mid, trail, s) => {
        const p = lead + mid + trail;
        return compileGlob(p)(s) === globMatch(p, s) && globMatch(p, s) === oracle(p, s, false);
      }),
      { numRuns: 5_000 },
    );
  });

  it('a string matches the pattern that escapes each of its bytes', () => {
    fc.assert(
      fc.property(subjectArb, fc.boolean(), (s, nocase) => {
        const p = [...s].map((c) => `\\${c}`).join('');
        return both(p, s, nocase);
      }),
    );
  });
});

describe('glob: worst cases stay polynomial, as in Redis 7.0.15', () => {
  it('a*a*…a*b against a long run of a fails fast', () => {
    const p = `${'a*'.repeat(40)}b`;
    const s = 'a'.repeat(20_000);
    const t0 = performance.now();
    expect(globMatch(p, s)).toBe(false);
    expect(compileGlob(p)(s)).toBe(false);
    expect(performance.now() - t0).toBeLessThan(2_000);
    expect(both(p, `${s}b`)).toBe(true);
  });

  it('a pattern with 200k stars needs no recursion', () => {
    const p = '*a'.repeat(200_000);
    expect(both(p, 'a'.repeat(200_000))).toBe(true);
    expect(both(p, 'a'.repeat(199_999))).toBe(false);
  });
});
