// Decodes a snapshot file into a store (see snapshot-format.ts). The whole body is checked
// (length and CRC-32) before the first key is created, so a truncated or corrupted file is
// refused with a PersistenceError and the store stays empty. Keys whose TTL has passed are not
// restored, as Redis skips expired keys while loading on a master.

import type { Value } from '../keyspace/db.js';
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
  const dbs = store.dbs;
  const pending = new Map<string, Pending>();
  let keys = 0;
  let expired = 0;
  let ended = false;
  let off = 0;
  let nextReport = 0;
  const step = Math.max(1, Math.floor(body.length / 100));
  const report = (done: boolean): void => {
    onProgress?.({ file, bytesLoaded: HEADER_BYTES + off, bytesTotal: total, items: keys, done });
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
      const frame = unpackr.unpack(body.subarray(start, start + len)) as unknown[];
      off = start + len;
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
  if (!ended || pending.size !== 0) {
    store._flush(dbs);
    corrupt(!ended ? 'no end frame' : `${pending.size} value(s) cut short`);
  }
  report(true);
  return { keys, expired, createdAt: header.createdAt };
}
