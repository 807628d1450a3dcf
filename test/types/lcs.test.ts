import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ReplyError } from '../../src/errors.js';
import {
  LCS_ALLOC_FAILED,
  LCS_TABLE_TOO_BIG,
  type LcsMatch,
  lcs,
  lcsTableBytes,
  lcsTableTooBig,
  PROTO_MAX_BULK_LEN_DEFAULT,
} from '../../src/types/lcs.js';
import recorded from './fixtures/lcs.json' with { type: 'json' };

/** A match as IDX ... WITHMATCHLEN replies it. */
const reply = (m: LcsMatch) => [m.a, m.b, m.len];

describe('LCS: redis.io examples', () => {
  const a = 'ohmytext';
  const b = 'mynewtext';

  it('LCS key1 key2 returns the subsequence', () => {
    expect(lcs(a, b).lcs).toBe('mytext');
  });

  it('LCS key1 key2 LEN returns its length', () => {
    expect(lcs(a, b, { wantMatches: false, wantString: false })).toEqual({ len: 6, lcs: '', matches: [] });
  });

  it('LCS key1 key2 IDX returns the runs from the end of the strings', () => {
    const r = lcs(a, b, { wantString: false });
    expect(r.len).toBe(6);
    expect(r.lcs).toBe('');
    expect(r.matches.map((m) => [m.a, m.b])).toEqual([
      [
        [4, 7],
        [5, 8],
      ],
      [
        [2, 3],
        [0, 1],
      ],
    ]);
  });

  it('LCS key1 key2 IDX MINMATCHLEN 4 WITHMATCHLEN keeps runs of 4 or more', () => {
    expect(lcs(a, b, { minMatchLen: 4 }).matches.map(reply)).toEqual([[[4, 7], [5, 8], 4]]);
  });
});

describe('LCS: fixtures recorded from Redis', () => {
  type Pair = [a: string, b: string, lcs: string, len: number, minMatchLen: number, matches: unknown[]];
  const pairs = recorded.pairs as Pair[];

  it(`LCS, LEN and IDX MINMATCHLEN WITHMATCHLEN agree with ${recorded.server} on ${pairs.length} pairs`, () => {
    const wrong: string[] = [];
    for (const [a, b, want, len, minMatchLen, matches] of pairs) {
      const full = lcs(a, b, { minMatchLen });
      const lenOnly = lcs(a, b, { wantMatches: false, wantString: false });
      const got = [full.lcs, full.len, full.matches.map(reply), lenOnly.len];
      if (JSON.stringify(got) !== JSON.stringify([want, len, matches, len])) {
        wrong.push(JSON.stringify({ a, b, minMatchLen, got, want: [want, len, matches] }));
      }
    }
    expect(wrong).toEqual([]);
  });

  it('the fixtures include long LCSs, several runs and filtered runs', () => {
    expect(pairs.some((p) => p[3] >= 20)).toBe(true);
    expect(pairs.some((p) => p[5].length >= 5)).toBe(true);
    expect(pairs.some((p) => p[4] >= 2 && p[5].length === 0 && p[3] > 0)).toBe(true);
  });
});

describe('LCS: memory guard', () => {
  type Guard = [alen: number, blen: number, limit: number, form: string, reply: unknown];

  it(`refuses exactly where ${recorded.server} does, with its error text`, () => {
    const rows = recorded.guard as Guard[];
    expect(rows.some((r) => typeof r[4] === 'object' && r[4] !== null && 'error' in r[4])).toBe(true);
    for (const [alen, blen, limit, form, got] of rows) {
      const refused = typeof got === 'object' && got !== null && 'error' in got;
      expect(lcsTableTooBig(alen, blen, limit), `${alen}x${blen} ${form}`).toBe(refused);
      if (refused) expect((got as { error: string }).error).toBe(LCS_TABLE_TOO_BIG);
    }
  });

  it('uses 4-byte cells and the 512mb default of proto-max-bulk-len', () => {
    expect(PROTO_MAX_BULK_LEN_DEFAULT).toBe(536_870_912);
    expect(lcsTableBytes(0, 0)).toBe(4);
    expect(lcsTableBytes(9, 4)).toBe(200);
    expect(lcsTableTooBig(11_584, 11_584)).toBe(false); // 11585² · 4 = 536,848,900
    expect(lcsTableTooBig(11_585, 11_585)).toBe(true); // 11586² · 4 = 536,941,584
  });

  it('a table that cannot be allocated fails with Redis allocation error', () => {
    const err = (() => {
      try {
        lcs('a'.repeat(1 << 20), 'b'.repeat(1 << 13));
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ReplyError);
    expect((err as ReplyError).message).toBe(LCS_ALLOC_FAILED);
  });
});

describe('LCS: properties', () => {
  const str = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '\x00', '\xff'), maxLength: 30 });

  /** Textbook LCS length, memoised recursion: an oracle independent of the table walk. */
  function lcsLen(a: string, b: string): number {
    const memo = new Map<number, number>();
    const go = (i: number, j: number): number => {
      if (i === a.length || j === b.length) return 0;
      const key = i * (b.length + 1) + j;
      let v = memo.get(key);
      if (v === undefined) {
        v = a[i] === b[j] ? 1 + go(i + 1, j + 1) : Math.max(go(i + 1, j), go(i, j + 1));
        memo.set(key, v);
      }
      return v;
    };
    return go(0, 0);
  }

  const isSubsequence = (sub: string, s: string) => {
    let k = 0;
    for (let i = 0; i < s.length && k < sub.length; i++) if (s[i] === sub[k]) k++;
    return k === sub.length;
  };

  it('len is the LCS length, in every mode; the string is a common subsequence of that length', () => {
    fc.assert(
      fc.property(str, str, (a, b) => {
        const r = lcs(a, b);
        const want = lcsLen(a, b);
        return (
          r.len === want &&
          r.lcs.length === want &&
          isSubsequence(r.lcs, a) &&
          isSubsequence(r.lcs, b) &&
          lcs(a, b, { wantMatches: false, wantString: false }).len === want &&
          lcs(a, b, { wantMatches: false }).lcs === r.lcs
        );
      }),
      { numRuns: 2_000 },
    );
  });

  it('runs are equal slices, walk backwards, and spell the LCS when none is filtered', () => {
    fc.assert(
      fc.property(str, str, (a, b) => {
        const { lcs: s, matches } = lcs(a, b);
        let spelled = '';
        let prevA = a.length;
        let prevB = b.length;
        for (const m of matches) {
          const [as, ae] = m.a;
          const [bs, be] = m.b;
          if (m.len !== ae - as + 1 || m.len !== be - bs + 1) return false;
          if (a.slice(as, ae + 1) !== b.slice(bs, be + 1)) return false;
          if (ae >= prevA || be >= prevB) return false;
          prevA = as;
          prevB = bs;
          spelled = a.slice(as, ae + 1) + spelled;
        }
        return spelled === s;
      }),
      { numRuns: 2_000 },
    );
  });

  it('MINMATCHLEN n keeps exactly the runs of length >= n; n <= 1 keeps all', () => {
    fc.assert(
      fc.property(str, str, fc.integer({ min: -3, max: 6 }), (a, b, n) => {
        const all = lcs(a, b).matches;
        const kept = lcs(a, b, { minMatchLen: n }).matches;
        return JSON.stringify(kept) === JSON.stringify(all.filter((m) => m.len >= n));
      }),
      { numRuns: 1_000 },
    );
  });

  it('LCS longer than 255 uses wider cells correctly', () => {
    const a = `x${'ab'.repeat(200)}y`;
    const b = `${'ab'.repeat(200)}z`;
    const r = lcs(a, b);
    expect(r.len).toBe(400);
    expect(r.lcs).toBe('ab'.repeat(200));
    expect(r.matches.map(reply)).toEqual([[[1, 400], [0, 399], 400]]);
  });
});
