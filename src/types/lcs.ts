// The algorithm behind LCS (Redis 7.0 `lcsCommand`, src/t_string.c): the textbook dynamic
// programming table of LCS lengths of every pair of prefixes, then one walk back from the
// bottom-right corner that yields both the LCS string and the matched ranges. The walk's
// tie-break (on a mismatch go up only when the cell above is strictly larger, else left) decides
// which of several equally long LCSs is returned, so it is Redis's exactly; ranges come out in
// the order the walk closes them, last match first, as IDX replies them.
//
// Redis sizes the table at 4 bytes a cell and refuses a table larger than proto-max-bulk-len
// ({@link lcsTableTooBig}); here the cells are as narrow as the longest possible LCS allows
// (1, 2 or 4 bytes), and LEN alone needs only two rows.

import { ReplyError } from '../errors.js';

/** Redis's reply when the table would exceed proto-max-bulk-len. */
export const LCS_TABLE_TOO_BIG =
  'ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len';

/** Redis's reply when allocating the table fails (ztrymalloc returned NULL). */
export const LCS_ALLOC_FAILED = 'ERR Insufficient memory, failed allocating transient memory for LCS';

/** Default of the proto-max-bulk-len config (512mb), which also caps the LCS table. */
export const PROTO_MAX_BULK_LEN_DEFAULT = 512 * 1024 * 1024;

/** Bytes Redis 7.0 would allocate for the LCS table: `(alen + 1) * (blen + 1)` uint32 cells. */
export function lcsTableBytes(alen: number, blen: number): number {
  return (alen + 1) * (blen + 1) * 4;
}

/**
 * Whether Redis refuses LCS of strings this long with {@link LCS_TABLE_TOO_BIG}: the table's
 * byte size is strictly greater than proto-max-bulk-len. Redis checks it after parsing options,
 * before building the table, for every form (LEN included). Exact below 2^53 bytes.
 * @remarks O(1)
 */
export function lcsTableTooBig(
  alen: number,
  blen: number,
  protoMaxBulkLen = PROTO_MAX_BULK_LEN_DEFAULT,
): boolean {
  return lcsTableBytes(alen, blen) > protoMaxBulkLen;
}

/** What {@link lcs} computes. */
export interface LcsOptions {
  /**
   * Matches shorter than this are left out of `matches` (IDX's MINMATCHLEN); 0 and negative
   * values keep every match, as in Redis.
   * @default 0
   */
  minMatchLen?: number;
  /**
   * Compute `matches` (IDX).
   * @default true
   */
  wantMatches?: boolean;
  /**
   * Compute the LCS string itself.
   * @default true
   */
  wantString?: boolean;
}

/** One run of consecutive matching bytes: inclusive byte ranges in each string. */
export interface LcsMatch {
  a: [start: number, end: number];
  b: [start: number, end: number];
  /** Length of the run, as WITHMATCHLEN replies it. */
  len: number;
}

export interface LcsResult {
  /** Length of the longest common subsequence. */
  len: number;
  /** The subsequence Redis returns; `''` unless `wantString`. */
  lcs: string;
  /** Runs in the order IDX replies them (from the end of the strings); `[]` unless `wantMatches`. */
  matches: LcsMatch[];
}

/**
 * Longest common subsequence of byte strings `a` and `b`, as Redis's LCS command computes it.
 * Callers check {@link lcsTableTooBig} first, as Redis does.
 * @throws ReplyError {@link LCS_ALLOC_FAILED} when the table cannot be allocated.
 * @remarks O(N*M) time; O(N*M) memory, or O(min(N, M)) with neither string nor matches wanted,
 * where N and M are the lengths of the strings.
 * @see https://redis.io/commands/lcs/
 */
export function lcs(a: string, b: string, opts: LcsOptions = {}): LcsResult {
  const wantMatches = opts.wantMatches ?? true;
  const wantString = opts.wantString ?? true;
  if (!wantMatches && !wantString) return { len: lcsLength(a, b), lcs: '', matches: [] };
  const minMatchLen = Math.max(0, opts.minMatchLen ?? 0);
  const alen = a.length;
  const blen = b.length;
  const width = blen + 1;
  const table = allocTable((alen + 1) * width, Math.min(alen, blen));
  // Row 0 and column 0 stay 0: the LCS with an empty prefix is empty.
  for (let i = 1; i <= alen; i++) {
    const ac = a.charCodeAt(i - 1);
    const row = i * width;
    const up = row - width;
    for (let j = 1; j <= blen; j++) {
      if (ac === b.charCodeAt(j - 1)) {
        table[row + j] = table[up + j - 1]! + 1;
      } else {
        const fromUp = table[up + j]!;
        const fromLeft = table[row + j - 1]!;
        table[row + j] = fromUp > fromLeft ? fromUp : fromLeft;
      }
    }
  }

  const len = table[alen * width + blen]!;
  const out = wantString ? new Uint16Array(len) : undefined;
  const matches: LcsMatch[] = [];
  let idx = len;
  let i = alen;
  let j = blen;
  // The open run, walked backwards: aStart < 0 means none (Redis uses alen as the sentinel).
  let aStart = -1;
  let aEnd = 0;
  let bStart = 0;
  let bEnd = 0;
  while (i > 0 && j > 0) {
    let close = false;
    const ac = a.charCodeAt(i - 1);
    if (ac === b.charCodeAt(j - 1)) {
      if (out !== undefined) out[idx - 1] = ac;
      if (aStart < 0) {
        aStart = aEnd = i - 1;
        bStart = bEnd = j - 1;
      } else {
        // Extend the run backwards. Redis also tests that the match is adjacent to the run,
        // but it always is: a match moves both indexes by one and a mismatch closes the run.
        aStart--;
        bStart--;
      }
      // A run that reached the start of either string is closed now: the loop ends next.
      if (aStart === 0 || bStart === 0) close = true;
      idx--;
      i--;
      j--;
    } else {
      if (table[(i - 1) * width + j]! > table[i * width + j - 1]!) i--;
      else j--;
      if (aStart >= 0) close = true;
    }
    if (close) {
      const runLen = aEnd - aStart + 1;
      if (wantMatches && runLen >= minMatchLen) {
        matches.push({ a: [aStart, aEnd], b: [bStart, bEnd], len: runLen });
      }
      aStart = -1;
    }
  }
  return { len, lcs: out === undefined ? '' : codesToString(out), matches };
}

/** LCS length alone, with two rows of the table. O(N*M) time, O(min(N, M)) memory. */
function lcsLength(a: string, b: string): number {
  if (b.length > a.length) {
    const t = a;
    a = b;
    b = t;
  }
  const blen = b.length;
  let prev = allocTable(blen + 1, blen);
  let cur = allocTable(blen + 1, blen);
  for (let i = 1; i <= a.length; i++) {
    const ac = a.charCodeAt(i - 1);
    for (let j = 1; j <= blen; j++) {
      if (ac === b.charCodeAt(j - 1)) {
        cur[j] = prev[j - 1]! + 1;
      } else {
        const fromUp = prev[j]!;
        const fromLeft = cur[j - 1]!;
        cur[j] = fromUp > fromLeft ? fromUp : fromLeft;
      }
    }
    const t = prev;
    prev = cur;
    cur = t;
  }
  return prev[blen]!;
}

/** A zeroed table of `cells` cells wide enough for values up to `max`. */
function allocTable(cells: number, max: number): Uint8Array | Uint16Array | Uint32Array {
  try {
    if (max <= 0xff) return new Uint8Array(cells);
    if (max <= 0xffff) return new Uint16Array(cells);
    return new Uint32Array(cells);
  } catch (err) {
    if (err instanceof RangeError) throw new ReplyError(LCS_ALLOC_FAILED);
    throw err;
  }
}

function codesToString(codes: Uint16Array): string {
  let s = '';
  // Chunked so the spread stays far below the engine's argument limit.
  for (let i = 0; i < codes.length; i += 8192) s += String.fromCharCode(...codes.subarray(i, i + 8192));
  return s;
}
