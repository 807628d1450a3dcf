// Decodes a snapshot file into a store (see snapshot-format.ts). The whole body is checked
// (length and CRC-32) before the first key is created, so a truncated or corrupted file is
// refused with a PersistenceError and the store stays empty. Keys whose TTL has passed are not
// restored, as Redis skips expired keys while loading on a master.

import { Buffer } from 'node:buffer';
import type { Db, Value } from '../keyspace/db.js';
import type { Store } from '../store.js';
import { type LoadProgress, PersistenceError } from './adapter.js';
import {
  builder,
  CONT,
  crc32,
  decodeHeader,
  FRAME_END,
  FRAME_KEYS,
  FRAME_META,
  FRAME_STRINGS,
  HEADER_BYTES,
  LAST,
  MORE,
  newUnpackr,
  T_STRING,
  type ValueBuilder,
} from './snapshot-format.js';

/** What {@link readSnapshot} restored. */
export interface ReadResult {
  keys: number;
  expired: number;
  createdAt: number;
}

/**
 * Strings frames held back before their keys go into the database, up to 512K keys: a V8 Map
 * takes strings the young generation has already promoted faster than fresh ones, and the
 * decoding and the inserting each run as one tight loop. Measured on 1M strings plus a
 * 1M-member sorted set: 810-930 ms a load against 960-1050 ms putting each frame in at once.
 */
const HELD_STRINGS_FRAMES = 512;

interface Pending {
  builder: ValueBuilder;
  expireAt: number;
}

/**
 * Restores the snapshot in `bytes` (the whole file) into `store`, whose databases are empty.
 * `now`: keys with an expiry time before it are skipped.
 * @throws PersistenceError on a truncated, corrupted or unknown file
 */
export function readSnapshot(
  bytes: Uint8Array,
  file: string,
  store: Store,
  now: number,
  onProgress?: (p: LoadProgress) => void,
): ReadResult {
  const header = decodeHeader(bytes, file);
  const total = bytes.length;
  const bodyEnd = HEADER_BYTES + header.bodyLength;
  if (total < bodyEnd) {
    throw new PersistenceError(
      `snapshot ${file} is truncated: ${total} of ${bodyEnd} bytes; refusing to load it`,
      'TRUNCATED',
      file,
    );
  }
  const body = bytes.subarray(HEADER_BYTES, bodyEnd);
  if (crc32(body) !== header.bodyCrc || total !== bodyEnd) {
    throw new PersistenceError(
      `snapshot ${file} is corrupt: checksum mismatch over its ${header.bodyLength} body bytes; refusing to load it`,
      'CORRUPT',
      file,
    );
  }

  const unpackr = newUnpackr();
  const decoder = new FrameDecoder(body);
  const dbs = store.dbs;
  const pending = new Map<string, Pending>();
  let keys = 0;
  let expired = 0;
  let ended = false;
  let off = 0;
  let nextReport = 0;
  const step = Math.max(1, Math.floor(body.length / 100));
  const report = (done: boolean): void => {
    onProgress?.({ file, bytesLoaded: HEADER_BYTES + off, bytesTotal: total, items: keys + heldKeys, done });
  };
  // Strings frames decoded but not yet in their database: [db, frame, db, frame, ...].
  const held: (Db | StringsFrame)[] = [];
  let heldKeys = 0;
  const putHeld = (): void => {
    for (let i = 0; i < held.length; i += 2) {
      const f = held[i + 1] as StringsFrame;
      keys += (held[i] as Db).putStrings(f.keys, f.values, f.keysAscii, f.valuesAscii);
    }
    held.length = 0;
    heldKeys = 0;
  };
  const corrupt = (why: string): never => {
    throw new PersistenceError(`snapshot ${file} is corrupt at body offset ${off}: ${why}`, 'CORRUPT', file);
  };

  const put = (dbIndex: number, key: string, value: Value, expireAt: number): void => {
    const db = dbs[dbIndex];
    if (db === undefined) corrupt(`database ${dbIndex} out of range (the store has ${dbs.length})`);
    if (expireAt !== 0 && expireAt < now) {
      // A copy-on-write duplicate of a key restored earlier replaces it; an expired one removes it.
      if (db!.remove(key)) keys--;
      expired++;
      return;
    }
    const before = db!.dict.size;
    db!.put(key, value);
    if (db!.dict.size !== before) keys++;
    if (expireAt !== 0) store.setExpire(db!, key, expireAt);
    else if (db!.expires.size !== 0) db!.expires.delete(key);
  };

  try {
    while (off < body.length) {
      if (off + 4 > body.length) corrupt('frame length cut');
      const len = body[off]! | (body[off + 1]! << 8) | (body[off + 2]! << 16) | (body[off + 3]! * 0x1000000);
      const start = off + 4;
      if (start + len > body.length) corrupt('frame cut');
      const end = start + len;
      let frame: unknown[] | null = null;
      let strings: StringsFrame | null = null;
      try {
        strings = decoder.strings(start, end);
        if (strings === null) frame = decoder.frame(start, end) as unknown[];
      } catch (e) {
        if (e !== UNSUPPORTED) throw e;
        strings = null;
        frame = unpackr.unpack(body.subarray(start, end)) as unknown[];
      }
      off = end;
      if (strings !== null) {
        const db =
          dbs[strings.db] ?? corrupt(`database ${strings.db} out of range (the store has ${dbs.length})`);
        if (strings.keys.length !== strings.values.length) corrupt('bad strings frame');
        held.push(db, strings);
        heldKeys += strings.keys.length;
        if (held.length >= 2 * HELD_STRINGS_FRAMES) putHeld();
        if (onProgress !== undefined && off >= nextReport) {
          nextReport = off + step;
          report(false);
        }
        continue;
      }
      // Every other frame applies after the strings frames before it (a copy-on-write duplicate
      // of a key replaces the earlier copy).
      putHeld();
      if (!Array.isArray(frame)) corrupt('a frame that is not an array');
      frame = frame!;
      const kind = frame[0];
      if (kind === FRAME_STRINGS) {
        const db =
          dbs[frame[1] as number] ??
          corrupt(`database ${String(frame[1])} out of range (the store has ${dbs.length})`);
        const ks = frame[2] as string[];
        const vs = frame[3] as string[];
        if (!Array.isArray(ks) || !Array.isArray(vs) || ks.length !== vs.length) corrupt('bad strings frame');
        keys += db.putStrings(ks, vs);
      } else if (kind === FRAME_KEYS) {
        const dbIndex = frame[1] as number;
        const tuples = frame[2] as unknown[][];
        for (let i = 0; i < tuples.length; i++) {
          const t = tuples[i]!;
          const key = t[0] as string;
          const type = t[1] as number;
          if (type === T_STRING) {
            put(dbIndex, key, t[2] as string, (t[3] as number | undefined) ?? 0);
          } else if (type === CONT || type === LAST) {
            const id = `${dbIndex}:${key}`;
            const p = pending.get(id) ?? corrupt(`a piece of ${JSON.stringify(key)} without its start`);
            p.builder.add(t[2]);
            if (type === LAST) {
              pending.delete(id);
              put(dbIndex, key, p.builder.finish(), p.expireAt);
            }
          } else {
            const b = builder(type & ~MORE, store);
            b.add(t[2]);
            const expireAt = (t[3] as number | undefined) ?? 0;
            if ((type & MORE) !== 0) pending.set(`${dbIndex}:${key}`, { builder: b, expireAt });
            else put(dbIndex, key, b.finish(), expireAt);
          }
        }
      } else if (kind === FRAME_META) {
        // { databases, createdAt, creator }: informative. A key in a database this store lacks
        // is refused in put(), so a store with fewer databases loads a file that fits.
      } else if (kind === FRAME_END) {
        ended = true;
        if (off !== body.length) corrupt('data after the end frame');
      } else {
        corrupt(`unknown frame kind ${String(kind)}`);
      }
      if (onProgress !== undefined && off >= nextReport) {
        nextReport = off + step;
        report(false);
      }
    }
  } catch (e) {
    // Never leave half a dataset behind.
    store._flush(dbs);
    if (e instanceof PersistenceError) throw e;
    throw new PersistenceError(
      `snapshot ${file} is corrupt at body offset ${off}: ${e instanceof Error ? e.message : String(e)}`,
      'CORRUPT',
      file,
      { cause: e },
    );
  }
  putHeld();
  if (!ended || pending.size !== 0) {
    store._flush(dbs);
    corrupt(!ended ? 'no end frame' : `${pending.size} value(s) cut short`);
  }
  report(true);
  return { keys, expired, createdAt: header.createdAt };
}

// ---- frame decoding ---------------------------------------------------------------------------
//
// msgpackr decodes every frame correctly, but its string path is costly here: its native
// extractor joins runs of short ASCII strings into blocks of up to ~6 KB and hands each string out
// as a slice of one, so every key and value restored kept a 32-byte sliced string *and* its share
// of a block alive (about 17 bytes per string), and both survived the young generation. The
// frames that carry the bulk of a dataset — FRAME_STRINGS and FRAME_KEYS — use only a handful of
// msgpack types, so this decoder reads them itself and makes each string flat (a short ASCII one
// with String.fromCharCode on its bytes, ~20 ns). Anything outside that subset (maps, bins, 64-bit
// integers, float32, other extensions, a cut or trailing byte) makes it give up on the frame,
// which msgpackr then decodes — the file format is plain msgpack either way.

/** What {@link FrameDecoder} throws when a frame needs msgpackr (readSnapshot catches it). */
export const UNSUPPORTED = new Error('frame left to msgpackr');

/** Strings up to this many bytes are built with String.fromCharCode (utf8Slice beyond). */
const SHORT_STRING = 32;

/** Typed arrays by msgpackr's `moreTypes` code (extension 0x74; msgpackr's `typedArrays` list). */
const TYPED_ARRAYS: (new (b: ArrayBuffer) => ArrayLike<number | bigint>)[] = [
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
];

const NON_ASCII = /[^\x00-\x7f]/;

type Utf8Buffer = Buffer & { utf8Slice(start: number, end: number): string };

/** String.fromCharCode, typed to take array elements as they are read. */
const fcc = String.fromCharCode as (...codes: (number | undefined)[]) => string;

/** The flat one-byte string of bytes `b[p .. p+n)`, all below 0x80, for 1 <= n <= SHORT_STRING. */
function shortString(b: Uint8Array, p: number, n: number): string {
  // biome-ignore format: one call per length
  switch (n) {
    case 1: return fcc(b[p]);
    case 2: return fcc(b[p], b[p + 1]);
    case 3: return fcc(b[p], b[p + 1], b[p + 2]);
    case 4: return fcc(b[p], b[p + 1], b[p + 2], b[p + 3]);
    case 5: return fcc(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4]);
    case 6: return fcc(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5]);
    case 7: return fcc(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6]);
    case 8: return fcc(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7]);
    case 9: return fcc(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8]);
    case 10: return fcc(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9]);
    case 11: return fcc(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10]);
    case 12: return fcc(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10], b[p + 11]);
    case 13: return fcc(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10], b[p + 11], b[p + 12]);
    case 14: return fcc(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10], b[p + 11], b[p + 12], b[p + 13]);
    case 15: return fcc(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10], b[p + 11], b[p + 12], b[p + 13], b[p + 14]);
    case 16: return fcc(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10], b[p + 11], b[p + 12], b[p + 13], b[p + 14], b[p + 15]);
    case 17: return fcc(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10], b[p + 11], b[p + 12], b[p + 13], b[p + 14], b[p + 15], b[p + 16]);
    case 18: return fcc(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10], b[p + 11], b[p + 12], b[p + 13], b[p + 14], b[p + 15], b[p + 16], b[p + 17]);
    case 19: return fcc(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10], b[p + 11], b[p + 12], b[p + 13], b[p + 14], b[p + 15], b[p + 16], b[p + 17], b[p + 18]);
    case 20: return fcc(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10], b[p + 11], b[p + 12], b[p + 13], b[p + 14], b[p + 15], b[p + 16], b[p + 17], b[p + 18], b[p + 19]);
    case 21: return fcc(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10], b[p + 11], b[p + 12], b[p + 13], b[p + 14], b[p + 15], b[p + 16], b[p + 17], b[p + 18], b[p + 19], b[p + 20]);
    case 22: return fcc(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10], b[p + 11], b[p + 12], b[p + 13], b[p + 14], b[p + 15], b[p + 16], b[p + 17], b[p + 18], b[p + 19], b[p + 20], b[p + 21]);
    case 23: return fcc(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10], b[p + 11], b[p + 12], b[p + 13], b[p + 14], b[p + 15], b[p + 16], b[p + 17], b[p + 18], b[p + 19], b[p + 20], b[p + 21], b[p + 22]);
    case 24: return fcc(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10], b[p + 11], b[p + 12], b[p + 13], b[p + 14], b[p + 15], b[p + 16], b[p + 17], b[p + 18], b[p + 19], b[p + 20], b[p + 21], b[p + 22], b[p + 23]);
    case 25: return fcc(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10], b[p + 11], b[p + 12], b[p + 13], b[p + 14], b[p + 15], b[p + 16], b[p + 17], b[p + 18], b[p + 19], b[p + 20], b[p + 21], b[p + 22], b[p + 23], b[p + 24]);
    case 26: return fcc(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10], b[p + 11], b[p + 12], b[p + 13], b[p + 14], b[p + 15], b[p + 16], b[p + 17], b[p + 18], b[p + 19], b[p + 20], b[p + 21], b[p + 22], b[p + 23], b[p + 24], b[p + 25]);
    case 27: return fcc(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10], b[p + 11], b[p + 12], b[p + 13], b[p + 14], b[p + 15], b[p + 16], b[p + 17], b[p + 18], b[p + 19], b[p + 20], b[p + 21], b[p + 22], b[p + 23], b[p + 24], b[p + 25], b[p + 26]);
    case 28: return fcc(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10], b[p + 11], b[p + 12], b[p + 13], b[p + 14], b[p + 15], b[p + 16], b[p + 17], b[p + 18], b[p + 19], b[p + 20], b[p + 21], b[p + 22], b[p + 23], b[p + 24], b[p + 25], b[p + 26], b[p + 27]);
    case 29: return fcc(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10], b[p + 11], b[p + 12], b[p + 13], b[p + 14], b[p + 15], b[p + 16], b[p + 17], b[p + 18], b[p + 19], b[p + 20], b[p + 21], b[p + 22], b[p + 23], b[p + 24], b[p + 25], b[p + 26], b[p + 27], b[p + 28]);
    case 30: return fcc(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10], b[p + 11], b[p + 12], b[p + 13], b[p + 14], b[p + 15], b[p + 16], b[p + 17], b[p + 18], b[p + 19], b[p + 20], b[p + 21], b[p + 22], b[p + 23], b[p + 24], b[p + 25], b[p + 26], b[p + 27], b[p + 28], b[p + 29]);
    case 31: return fcc(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10], b[p + 11], b[p + 12], b[p + 13], b[p + 14], b[p + 15], b[p + 16], b[p + 17], b[p + 18], b[p + 19], b[p + 20], b[p + 21], b[p + 22], b[p + 23], b[p + 24], b[p + 25], b[p + 26], b[p + 27], b[p + 28], b[p + 29], b[p + 30]);
    case 32: return fcc(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10], b[p + 11], b[p + 12], b[p + 13], b[p + 14], b[p + 15], b[p + 16], b[p + 17], b[p + 18], b[p + 19], b[p + 20], b[p + 21], b[p + 22], b[p + 23], b[p + 24], b[p + 25], b[p + 26], b[p + 27], b[p + 28], b[p + 29], b[p + 30], b[p + 31]);
  }
  throw new Error('shortString: bad length');
}

/**
 * Decodes frames of a snapshot body, each as msgpackr would, within the subset described above
 * (exported for tests). One per load.
 */
export class FrameDecoder {
  private b: Utf8Buffer;
  private readonly view: DataView;
  private p = 0;
  private end = 0;
  /** False once a string read since the caller last set it had a byte >= 0x80. */
  ascii = true;

  constructor(body: Uint8Array) {
    this.b = Buffer.from(body.buffer, body.byteOffset, body.byteLength) as Utf8Buffer;
    this.view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  }

  /**
   * The frame at body offset `start` up to `end` when it is a strings frame of this subset:
   * `[3, db, keys, values]` with `ascii` saying whether every key and value is ASCII; else null.
   * @throws UNSUPPORTED
   */
  strings(start: number, end: number): StringsFrame | null {
    const b = this.b;
    if (end - start < 4 || b[start] !== 0x94 || b[start + 1] !== FRAME_STRINGS) return null;
    this.p = start + 2;
    this.end = end;
    const db = this.value();
    if (typeof db !== 'number') throw UNSUPPORTED;
    this.ascii = true;
    const keys = this.strArray();
    const keysAscii = this.ascii;
    this.ascii = true;
    const values = this.strArray();
    if (this.p !== end) throw UNSUPPORTED;
    return { db, keys, values, keysAscii, valuesAscii: this.ascii };
  }

  /**
   * The value of the frame from body offset `start` to `end`.
   * @throws UNSUPPORTED
   */
  frame(start: number, end: number): unknown {
    this.p = start;
    this.end = end;
    const v = this.value();
    if (this.p !== end) throw UNSUPPORTED;
    return v;
  }

  private value(): unknown {
    const b = this.b;
    if (this.p >= this.end) throw UNSUPPORTED;
    const t = b[this.p++]!;
    if (t < 0x80) return t;
    if (t >= 0xe0) return t - 0x100;
    if (t >= 0xa0 && t < 0xc0) return this.str(t - 0xa0);
    if (t >= 0x90 && t < 0xa0) return this.array(t - 0x90);
    switch (t) {
      case 0xc0:
        return null;
      case 0xc2:
        return false;
      case 0xc3:
        return true;
      case 0xc7:
        return this.ext(this.uint(1));
      case 0xc8:
        return this.ext(this.uint(2));
      case 0xc9:
        return this.ext(this.uint(4));
      case 0xcb: {
        this.need(8);
        const v = this.view.getFloat64(this.p);
        this.p += 8;
        return v;
      }
      case 0xcc:
        return this.uint(1);
      case 0xcd:
        return this.uint(2);
      case 0xce:
        return this.uint(4);
      case 0xd0:
        return (this.uint(1) << 24) >> 24;
      case 0xd1:
        return (this.uint(2) << 16) >> 16;
      case 0xd2:
        return this.uint(4) | 0;
      case 0xd9:
        return this.str(this.uint(1));
      case 0xda:
        return this.str(this.uint(2));
      case 0xdb:
        return this.str(this.uint(4));
      case 0xdc:
        return this.array(this.uint(2));
      case 0xdd:
        return this.array(this.uint(4));
      default:
        throw UNSUPPORTED;
    }
  }

  private need(n: number): void {
    if (this.end - this.p < n) throw UNSUPPORTED;
  }

  /** A big-endian unsigned integer of `n` (1, 2 or 4) bytes. */
  private uint(n: number): number {
    this.need(n);
    const b = this.b;
    const p = this.p;
    this.p = p + n;
    if (n === 1) return b[p]!;
    if (n === 2) return (b[p]! << 8) | b[p + 1]!;
    return b[p]! * 0x1000000 + ((b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!);
  }

  private array(n: number): unknown[] {
    // Every element takes a byte at least: a bad length fails here, not in `new Array`.
    if (n > this.end - this.p) throw UNSUPPORTED;
    const a = new Array<unknown>(n);
    const b = this.b;
    for (let i = 0; i < n; i++) {
      // A fixstr (most members, fields, elements) skips the type dispatch.
      const t = b[this.p]!;
      if (t >= 0xa0 && t < 0xc0) {
        this.p++;
        a[i] = this.str(t - 0xa0);
      } else {
        a[i] = this.value();
      }
    }
    return a;
  }

  /** An array of strings only (a strings frame's column). */
  private strArray(): string[] {
    const b = this.b;
    this.need(1);
    const t = b[this.p++]!;
    let n: number;
    if (t >= 0x90 && t < 0xa0) n = t - 0x90;
    else if (t === 0xdc) n = this.uint(2);
    else if (t === 0xdd) n = this.uint(4);
    else throw UNSUPPORTED;
    if (n > this.end - this.p) throw UNSUPPORTED;
    const a = new Array<string>(n);
    for (let i = 0; i < n; i++) {
      this.need(1);
      const h = b[this.p++]!;
      let len: number;
      if (h >= 0xa0 && h < 0xc0) len = h - 0xa0;
      else if (h === 0xd9) len = this.uint(1);
      else if (h === 0xda) len = this.uint(2);
      else if (h === 0xdb) len = this.uint(4);
      else throw UNSUPPORTED;
      a[i] = this.str(len);
    }
    return a;
  }

  /** A msgpack str of `n` bytes: UTF-8 (a byte string's chars 0x80-0xff take two bytes each). */
  private str(n: number): string {
    const p = this.p;
    const e = p + n;
    if (e > this.end) throw UNSUPPORTED;
    this.p = e;
    const b = this.b;
    if (n <= SHORT_STRING) {
      if (n === 0) return '';
      // ASCII check four bytes at a time (unaligned little-endian reads are cheap in TurboFan).
      const view = this.view;
      let x = 0;
      let i = p;
      for (; i + 4 <= e; i += 4) x |= view.getUint32(i, true);
      for (; i < e; i++) x |= b[i]!;
      if ((x & 0x80808080) === 0) return shortString(b, p, n);
      this.ascii = false;
      return b.utf8Slice(p, e);
    }
    const s = b.utf8Slice(p, e);
    if (this.ascii && (s.length !== n || NON_ASCII.test(s))) this.ascii = false;
    return s;
  }

  /** An extension of `n` data bytes: only msgpackr's typed arrays (0x74). */
  private ext(n: number): unknown {
    this.need(n + 1);
    const b = this.b;
    const p = this.p;
    if (n < 1 || b[p] !== 0x74) throw UNSUPPORTED;
    const Typed = TYPED_ARRAYS[b[p + 1]!];
    const bytes = n - 1;
    if (Typed === undefined) throw UNSUPPORTED;
    const per = (Typed as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
    if (bytes % per !== 0) throw UNSUPPORTED;
    // A copy, aligned, as msgpackr makes: the array must not keep the file's buffer alive.
    const ab = new ArrayBuffer(bytes);
    new Uint8Array(ab).set(b.subarray(p + 2, p + 2 + bytes));
    this.p = p + 1 + n;
    return new Typed(ab);
  }
}

/** A decoded FRAME_STRINGS frame, with what the decoder saw of its bytes. */
export interface StringsFrame {
  db: number;
  keys: string[];
  values: string[];
  /** Every key is ASCII. */
  keysAscii: boolean;
  /** Every value is ASCII. */
  valuesAscii: boolean;
}
