// DEBUG DIGEST / DIGEST-VALUE (Redis 7.0 debug.c): a SHA1-based fingerprint of the dataset that
// does not depend on encodings or on the order of unordered elements, so two stores (or one
// store before and after DEBUG RELOAD) with the same content have the same digest — and the
// same digest as Redis for that content. SHA1 is implemented here on byte strings (core code
// imports no node: module).

import type { Db, Value } from '../keyspace/db.js';
import { formatDouble17g } from '../numbers/double.js';
import { Hash } from '../types/hash.js';
import { List } from '../types/list.js';
import { RedisSet } from '../types/set.js';
import { Stream } from '../types/stream.js';
import { SortedSet } from '../types/zset.js';

/** SHA1 of a byte string (one char per byte) or bytes. */
export function sha1(data: string | Uint8Array): Uint8Array {
  const len = data.length;
  const words = new Uint32Array((((len + 8) >>> 6) + 1) * 16);
  for (let i = 0; i < len; i++) {
    const b = typeof data === 'string' ? data.charCodeAt(i) & 0xff : data[i]!;
    words[i >>> 2]! |= b << (24 - (i & 3) * 8);
  }
  words[len >>> 2]! |= 0x80 << (24 - (len & 3) * 8);
  words[words.length - 1] = len * 8;
  words[words.length - 2] = Math.floor((len * 8) / 2 ** 32);
  let h0 = 0x67452301;
  let h1 = 0xefcdab89;
  let h2 = 0x98badcfe;
  let h3 = 0x10325476;
  let h4 = 0xc3d2e1f0;
  const w = new Uint32Array(80);
  for (let blk = 0; blk < words.length; blk += 16) {
    for (let t = 0; t < 16; t++) w[t] = words[blk + t]!;
    for (let t = 16; t < 80; t++) {
      const x = w[t - 3]! ^ w[t - 8]! ^ w[t - 14]! ^ w[t - 16]!;
      w[t] = (x << 1) | (x >>> 31);
    }
    let a = h0;
    let b = h1;
    let c = h2;
    let d = h3;
    let e = h4;
    for (let t = 0; t < 80; t++) {
      let f: number;
      let k: number;
      if (t < 20) {
        f = (b & c) | (~b & d);
        k = 0x5a827999;
      } else if (t < 40) {
        f = b ^ c ^ d;
        k = 0x6ed9eba1;
      } else if (t < 60) {
        f = (b & c) | (b & d) | (c & d);
        k = 0x8f1bbcdc;
      } else {
        f = b ^ c ^ d;
        k = 0xca62c1d6;
      }
      const temp = (((a << 5) | (a >>> 27)) + f + e + k + w[t]!) >>> 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = temp;
    }
    h0 = (h0 + a) >>> 0;
    h1 = (h1 + b) >>> 0;
    h2 = (h2 + c) >>> 0;
    h3 = (h3 + d) >>> 0;
    h4 = (h4 + e) >>> 0;
  }
  const out = new Uint8Array(20);
  [h0, h1, h2, h3, h4].forEach((h, i) => {
    out[i * 4] = h >>> 24;
    out[i * 4 + 1] = (h >>> 16) & 0xff;
    out[i * 4 + 2] = (h >>> 8) & 0xff;
    out[i * 4 + 3] = h & 0xff;
  });
  return out;
}

/** xorDigest: digest ^= SHA1(data) — order-free accumulation. */
function xorDigest(digest: Uint8Array, data: string | Uint8Array): void {
  const h = sha1(data);
  for (let i = 0; i < 20; i++) digest[i]! ^= h[i];
}

/** mixDigest: digest = SHA1(digest ^ SHA1(data)) — ordered accumulation. */
function mixDigest(digest: Uint8Array, data: string | Uint8Array): void {
  xorDigest(digest, data);
  digest.set(sha1(digest));
}

/** OBJ_STRING .. OBJ_STREAM as Redis numbers them. */
const TYPE_CODES: Record<string, number> = { string: 0, list: 1, set: 2, zset: 3, hash: 4, stream: 6 };

const be32 = (n: number): Uint8Array =>
  new Uint8Array([n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]);

/** xorObjectDigest: mixes a value (and whether it has a TTL) into `digest`. */
function objectDigest(digest: Uint8Array, value: Value, hasExpire: boolean): void {
  mixDigest(digest, be32(typeof value === 'string' ? 0 : TYPE_CODES[value.type]!));
  if (typeof value === 'string') {
    mixDigest(digest, value);
  } else if (value instanceof List) {
    for (const item of value) mixDigest(digest, item);
  } else if (value instanceof RedisSet) {
    for (const m of value.each()) xorDigest(digest, m);
  } else if (value instanceof SortedSet) {
    for (const [m, score] of value.entries()) {
      const ele = new Uint8Array(20);
      mixDigest(ele, m);
      mixDigest(ele, formatDouble17g(score));
      xorDigest(digest, ele);
    }
  } else if (value instanceof Hash) {
    for (const [f, v] of value.map) {
      const ele = new Uint8Array(20);
      mixDigest(ele, f);
      mixDigest(ele, v);
      xorDigest(digest, ele);
    }
  } else if (value instanceof Stream) {
    for (const { id, fields } of value.range()) {
      mixDigest(digest, `${id.ms}.${id.seq}`);
      for (const f of fields) mixDigest(digest, f);
    }
  }
  if (hasExpire) xorDigest(digest, '!!expire!!');
}

const hex = (d: Uint8Array): string => Array.from(d, (b) => b.toString(16).padStart(2, '0')).join('');

/** DEBUG DIGEST: the digest of every database (40 zeros when all are empty). */
export function datasetDigest(dbs: readonly Db[]): string {
  const final = new Uint8Array(20);
  for (const db of dbs) {
    if (db.dict.size === 0) continue;
    mixDigest(final, be32(db.id));
    for (const [key, value] of db.dict) {
      const digest = new Uint8Array(20);
      mixDigest(digest, key);
      // Text-mode string values are digested as their bytes (Db.nonAsciiValues).
      objectDigest(digest, typeof value === 'string' ? db.bytes(value) : value, db.expires.has(key));
      xorDigest(final, digest);
    }
  }
  return hex(final);
}

/** DEBUG DIGEST-VALUE: the digest of one key's value, 40 zeros when it is missing. */
export function valueDigest(db: Db, key: string): string {
  const digest = new Uint8Array(20);
  const value = db.dict.get(key);
  if (value !== undefined) {
    objectDigest(digest, typeof value === 'string' ? db.bytes(value) : value, db.expires.has(key));
  }
  return hex(digest);
}
