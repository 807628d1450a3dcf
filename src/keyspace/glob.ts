// Glob-style pattern matching with the exact semantics of Redis 7.0's `stringmatchlen`
// (src/util.c), used by KEYS, SCAN MATCH, PSUBSCRIBE, PUBSUB CHANNELS, ACL key patterns and
// FUNCTION LIST LIBRARYNAME (the only nocase user that sees arbitrary names).
//
// Redis's quirks are part of the contract and are kept on purpose:
// - `[` without a closing `]` is a set that runs to the end of the pattern; `[^` alone matches
//   any one byte, `[` alone matches nothing.
// - In a set, `x-y` is a range whenever two more pattern bytes follow, even when `y` is `]`
//   (`[a-]` is the range `]`..`a`, and the set stays open). Reversed ranges are swapped.
// - Range bounds and the tested byte compare as C `char`, signed on x86-64 (the build the
//   fixtures were recorded from): bytes 0x80-0xff sort below 0x00 inside a range, so `[a-\xff]`
//   holds 0x00-0x61 and 0xff. (arm64 builds have an unsigned `char` and differ here.)
// - nocase lowercases ASCII A-Z only (C locale `tolower`); in a range it lowercases the bounds
//   after the swap, so `[Z-a]` with nocase is the empty range `z`..`a`. An escaped byte inside a
//   set (`[\A]`) is compared case-sensitively even with nocase.
// - `\` escapes the next byte; a trailing `\` is a literal backslash.
// - A pattern matches the empty string only when it is empty: `*` does not match `""` (KEYS and
//   SCAN special-case the pattern `*` themselves, see {@link matchesAllKeys}).
//
// Complexity: Redis 7.0.9+ stops backtracking into earlier `*`s once a later `*` has tried
// every position (`skipLongerMatches`, the fix for CVE-2022-36021). With that rule only the
// most recent `*` is ever resumed, so the recursion is equivalent to the classic loop with one
// backtrack point used here: O(P·S) worst case, no recursion, no stack growth with many `*`s.
// Patterns like `a*a*a*…b` against `aaaa…` cost what they cost in Redis, never exponential.

const STAR = 0x2a;
const QUESTION = 0x3f;
const OPEN = 0x5b;
const CLOSE = 0x5d;
const BACKSLASH = 0x5c;
const CARET = 0x5e;
const DASH = 0x2d;

/** C `tolower` in the C locale (Redis never sets LC_CTYPE): only A-Z change. */
function lower(c: number): number {
  return c >= 0x41 && c <= 0x5a ? c + 0x20 : c;
}

/** A byte as a signed C `char`, as Redis's range test sees it on x86-64. */
function signed(c: number): number {
  return c >= 0x80 ? c - 0x100 : c;
}

/**
 * Evaluates the set whose body starts at `p` (just after `[`) against byte `c`. Returns
 * `end * 2 + (matched ? 1 : 0)`, where `end` is the index of the set's last pattern byte (its
 * `]`, or the pattern's last byte for an unterminated set). `end` does not depend on `c`.
 */
function evalSet(pattern: string, p: number, c: number, nocase: boolean): number {
  const plen = pattern.length;
  let negate = false;
  if (p < plen && pattern.charCodeAt(p) === CARET) {
    negate = true;
    p++;
  }
  let match = false;
  for (;;) {
    const rem = plen - p;
    // Past the end Redis reads the sds terminator, a NUL that matches none of the cases below.
    const pc = rem > 0 ? pattern.charCodeAt(p) : 0;
    if (pc === BACKSLASH && rem >= 2) {
      p++;
      if (pattern.charCodeAt(p) === c) match = true;
    } else if (pc === CLOSE) {
      break;
    } else if (rem === 0) {
      p--;
      break;
    } else if (rem >= 3 && pattern.charCodeAt(p + 1) === DASH) {
      let start = signed(pc);
      let end = signed(pattern.charCodeAt(p + 2));
      let x = signed(c);
      if (start > end) {
        const t = start;
        start = end;
        end = t;
      }
      if (nocase) {
        start = lower(start);
        end = lower(end);
        x = lower(x);
      }
      p += 2;
      if (x >= start && x <= end) match = true;
    } else if (nocase ? lower(pc) === lower(c) : pc === c) {
      match = true;
    }
    p++;
  }
  return p * 2 + (match !== negate ? 1 : 0);
}

/**
 * Whether byte string `s` matches glob `pattern`, exactly as Redis's `stringmatchlen`.
 * @param nocase - compare ASCII letters case-insensitively (Redis's `nocase` flag)
 * @remarks O(P·S) worst case, O(P+S) for patterns with at most one `*`, where P and S are the
 * lengths of the pattern and the string.
 * @see https://redis.io/commands/keys/
 */
export function globMatch(pattern: string, s: string, nocase = false): boolean {
  const plen = pattern.length;
  const slen = s.length;
  if (plen === 0 || slen === 0) return plen === 0 && slen === 0;
  let p = 0;
  let i = 0;
  let starP = -1; // pattern index just after the most recent `*`; -1 before the first one
  let starI = 0; // string index that `*` is currently tried at
  for (;;) {
    // Here p < plen and i < slen.
    const pc = pattern.charCodeAt(p);
    let ok: boolean;
    if (pc === STAR) {
      while (p + 1 < plen && pattern.charCodeAt(p + 1) === STAR) p++;
      if (p + 1 === plen) return true;
      starP = p + 1;
      starI = i;
      p = starP;
      continue;
    }
    const c = s.charCodeAt(i);
    if (pc === QUESTION) {
      ok = true;
    } else if (pc === OPEN) {
      const r = evalSet(pattern, p + 1, c, nocase);
      ok = (r & 1) === 1;
      p = r >>> 1;
    } else {
      if (pc === BACKSLASH && p + 1 < plen) p++;
      const lit = pattern.charCodeAt(p);
      ok = nocase ? lower(lit) === lower(c) : lit === c;
    }
    if (ok) {
      p++;
      i++;
      if (i === slen) {
        while (p < plen && pattern.charCodeAt(p) === STAR) p++;
        if (p === plen) return true;
      } else if (p < plen) {
        continue;
      }
    }
    // Mismatch: resume the most recent `*` one byte further, if it has bytes left to take.
    if (starP < 0 || ++starI >= slen) return false;
    p = starP;
    i = starI;
  }
}

/**
 * True for the one pattern that KEYS and SCAN (and HSCAN, SSCAN, ZSCAN) apply without matching:
 * `*` lists every key, the empty key included, although `globMatch('*', '')` is false (Redis
 * `keysCommand`'s `allkeys` and `scanGenericCommand`'s `use_pattern`). PSUBSCRIBE and PUBSUB
 * CHANNELS have no such shortcut.
 */
export function matchesAllKeys(pattern: string): boolean {
  return pattern === '*';
}

// Compiled token kinds. Consecutive `*`s compile to one STAR, as Redis skips them.
const T_STAR = 0;
const T_ANY = 1;
const T_LIT = 2; // byte equals `code` or `alt` (alt is the other case under nocase)
const T_SET = 3; // table[byte] === 1

function hasSpecial(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === STAR || c === QUESTION || c === OPEN || c === BACKSLASH) return true;
  }
  return false;
}

/**
 * Compiles `pattern` into a predicate equal to `(s) => globMatch(pattern, s, nocase)`, for
 * testing many strings against one pattern (KEYS, SCAN, pattern subscriptions). Common shapes
 * take a shortcut: a run of `*` (any non-empty string), a literal (equality), `lit*`
 * (startsWith), `*lit` (endsWith), `*lit*` (includes); anything else runs a token matcher with
 * sets precomputed as 256-entry tables.
 * @remarks O(P) to compile; each call is O(S) for the shortcuts and O(P·S) worst case otherwise.
 */
export function compileGlob(pattern: string, nocase = false): (s: string) => boolean {
  const plen = pattern.length;
  let lead = 0;
  while (lead < plen && pattern.charCodeAt(lead) === STAR) lead++;
  if (lead === plen && plen > 0) return (s) => s.length !== 0;
  let trail = plen;
  while (trail > lead && pattern.charCodeAt(trail - 1) === STAR) trail--;
  const mid = pattern.slice(lead, trail);
  // Shortcuts need a clean literal; with no `\` in `mid`, none of the stripped stars was escaped.
  if (!nocase && !hasSpecial(mid)) {
    if (lead === 0 && trail === plen) return (s) => s === mid;
    if (lead === 0) return (s) => s.startsWith(mid);
    if (trail === plen) return (s) => s.endsWith(mid);
    return (s) => s.includes(mid);
  }
  return compileTokens(pattern, nocase);
}

function compileTokens(pattern: string, nocase: boolean): (s: string) => boolean {
  const plen = pattern.length;
  const kinds: number[] = [];
  const codes: number[] = [];
  const alts: number[] = [];
  const tables: (Uint8Array | undefined)[] = [];
  for (let p = 0; p < plen; p++) {
    const pc = pattern.charCodeAt(p);
    let kind: number;
    let code = 0;
    let alt = 0;
    let table: Uint8Array | undefined;
    if (pc === STAR) {
      while (p + 1 < plen && pattern.charCodeAt(p + 1) === STAR) p++;
      kind = T_STAR;
    } else if (pc === QUESTION) {
      kind = T_ANY;
    } else if (pc === OPEN) {
      kind = T_SET;
      table = new Uint8Array(256);
      let end = p;
      for (let c = 0; c < 256; c++) {
        const r = evalSet(pattern, p + 1, c, nocase);
        table[c] = r & 1;
        end = r >>> 1;
      }
      p = end;
    } else {
      if (pc === BACKSLASH && p + 1 < plen) p++;
      kind = T_LIT;
      code = pattern.charCodeAt(p);
      alt = code;
      if (nocase) {
        if (code >= 0x41 && code <= 0x5a) alt = code + 0x20;
        else if (code >= 0x61 && code <= 0x7a) alt = code - 0x20;
      }
    }
    kinds.push(kind);
    codes.push(code);
    alts.push(alt);
    tables.push(table);
  }
  const n = kinds.length;
  return (s) => {
    const slen = s.length;
    if (n === 0 || slen === 0) return plen === 0 && slen === 0;
    let t = 0;
    let i = 0;
    let starT = -1;
    let starI = 0;
    for (;;) {
      const kind = kinds[t]!;
      if (kind === T_STAR) {
        if (t + 1 === n) return true;
        starT = ++t;
        starI = i;
        continue;
      }
      const c = s.charCodeAt(i);
      let ok: boolean;
      if (kind === T_LIT) ok = c === codes[t] || c === alts[t];
      else if (kind === T_ANY) ok = true;
      else ok = tables[t]![c] === 1;
      if (ok) {
        t++;
        i++;
        if (i === slen) {
          while (t < n && kinds[t] === T_STAR) t++;
          if (t === n) return true;
        } else if (t < n) {
          continue;
        }
      }
      if (starT < 0 || ++starI >= slen) return false;
      t = starT;
      i = starI;
    }
  };
}
