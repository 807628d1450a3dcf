// The snapshot adapter (msgpackr, RDB's role) against the shared adapter suite, plus what is
// specific to it: the file format's checks and Redis's encodings after a restart.

import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { PersistenceError, Store } from '../../src/index.js';
import { SnapshotAdapter } from '../../src/persistence/snapshot.js';
import { crc32, encodeHeader, FORMAT_VERSION, jsCrc32 } from '../../src/persistence/snapshot-format.js';
import { SnapshotWriter } from '../../src/persistence/snapshot-writer.js';
import { adapterSuite } from './adapter-suite.js';
import { tempDirs } from './temp-dirs.js';

adapterSuite({
  name: 'snapshot',
  create: (dir) => new SnapshotAdapter(dir),
  tornTail: 'refuse',
  detectsCorruption: true,
});

const tempDir = tempDirs('embedis-snapfmt-');

/** Saves `store` into a new directory; returns the adapter and the file. */
function saved(store: Store): { adapter: SnapshotAdapter; file: string } {
  const adapter = new SnapshotAdapter(tempDir());
  return { adapter, file: adapter.snapshot(store).file };
}

function loadError(adapter: SnapshotAdapter, store = new Store()): PersistenceError {
  try {
    adapter.load(store);
  } catch (e) {
    if (e instanceof PersistenceError) return e;
    throw e;
  }
  throw new Error('loaded');
}

describe('snapshot file format', () => {
  it('starts with the magic and the version, and names itself in errors', () => {
    const store = new Store();
    store.set('k', 'v');
    const { adapter, file } = saved(store);
    const bytes = fs.readFileSync(file);
    expect(bytes.toString('latin1', 0, 8)).toBe('EMBEDSNP');
    expect(bytes.readUInt32LE(8)).toBe(FORMAT_VERSION);
    fs.writeFileSync(file, Buffer.concat([Buffer.from('REDIS0010'), bytes.subarray(9)]));
    let e = loadError(adapter);
    expect(e.message).toBe(`${file} is not an embedis snapshot (bad magic)`);
    expect(e.code).toBe('CORRUPT');
    // Another format version, with a header checksum that matches it.
    const other = Buffer.from(bytes);
    other.writeUInt32LE(99, 8);
    other.writeUInt32LE(crc32(other.subarray(0, 36)), 36);
    fs.writeFileSync(file, other);
    e = loadError(adapter);
    expect(e.code).toBe('VERSION');
    expect(e.message).toBe(`snapshot ${file} has format version 99; this embedis reads version 1`);
    fs.writeFileSync(file, bytes.subarray(0, 10));
    expect(loadError(adapter).message).toBe(
      `snapshot ${file} is truncated: 10 bytes, shorter than its header`,
    );
    fs.writeFileSync(file, bytes.subarray(0, bytes.length - 1));
    e = loadError(adapter);
    expect(e.code).toBe('TRUNCATED');
    expect(e.message).toMatch(/is truncated: \d+ of \d+ bytes; refusing to load it$/);
    fs.writeFileSync(file, Buffer.concat([bytes, Buffer.from([0])]));
    expect(loadError(adapter).message).toMatch(/is corrupt: checksum mismatch/);
  });

  it('the JS CRC-32 fallback matches zlib', () => {
    const data = new Uint8Array(100_003);
    for (let i = 0; i < data.length; i++) data[i] = (i * 2654435761) >>> 24;
    expect(jsCrc32(data)).toBe(zlib.crc32(data));
    expect(jsCrc32(data.subarray(5000), jsCrc32(data.subarray(0, 5000)))).toBe(zlib.crc32(data));
    expect(jsCrc32(new Uint8Array(0))).toBe(0);
  });

  it('round-trips extreme stream IDs, -0 scores of a skiplist and huge values split in pieces', () => {
    const store = new Store();
    store.call('XADD', 's', '18446744073709551614-18446744073709551615', 'f', 'v');
    store.call('XGROUP', 'CREATE', 's', 'g', '0');
    store.call('XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '>');
    store.call('XADD', 's', '18446744073709551615-18446744073709551615', 'f', 'w');
    const members: (string | number)[] = [];
    for (let i = 0; i < 200; i++) members.push(i, `m${i}`);
    store.call('ZADD', 'z', ...members, '-0', 'negzero');
    const { adapter } = saved(store);
    const loaded = new Store();
    adapter.load(loaded);
    expect(loaded.call('XRANGE', 's', '-', '+')).toEqual(store.call('XRANGE', 's', '-', '+'));
    expect(loaded.call('XINFO', 'STREAM', 's', 'FULL')).toEqual(store.call('XINFO', 'STREAM', 's', 'FULL'));
    expect(loaded.call('ZSCORE', 'z', 'negzero')).toBe('-0');
    expect(loaded.call('OBJECT', 'ENCODING', 'z')).toBe('skiplist');
  });

  it('a key written twice (copy-on-write) keeps its last copy, across strings and keys frames', () => {
    // Thousands of strings frames are held back before they go into the database; every other
    // frame must still apply after the strings frames written before it.
    const chunks: Uint8Array[] = [];
    const w = new SnapshotWriter((c) => chunks.push(...c));
    w.begin({ databases: 16, createdAt: 1, creator: 'test' });
    for (let i = 0; i < 3000; i++) w.key(0, `k${i}`, `a${i}`, 0, false);
    w.key(0, 'k7', 'with ttl', Date.now() + 3_600_000, false); // a keys frame after strings frames
    w.key(0, 'k8', 'with ttl', Date.now() + 3_600_000, false);
    w.flushFrame();
    w.key(0, 'k8', 'no ttl again', 0, false); // then strings frames again
    for (let i = 3000; i < 5000; i++) w.key(0, `k${i}`, `b${i}`, 0, false);
    w.key(0, 'k4000', 'expired', 1, false); // an expired copy removes the key
    w.end();
    const body = Buffer.concat(chunks);
    const dir = tempDir();
    const header = encodeHeader({
      version: FORMAT_VERSION,
      createdAt: 1,
      bodyLength: body.length,
      bodyCrc: crc32(body),
    });
    fs.writeFileSync(`${dir}/dump.embedis`, Buffer.concat([header, body]));
    const loaded = new Store();
    const res = new SnapshotAdapter(dir).load(loaded);
    expect(res.items).toBe(4999);
    expect(loaded.call('GET', 'k7')).toBe('with ttl');
    expect(loaded.call('TTL', 'k7')).toBeGreaterThan(3000);
    expect(loaded.call('GET', 'k8')).toBe('no ttl again');
    expect(loaded.call('TTL', 'k8')).toBe(-1);
    expect(loaded.call('EXISTS', 'k4000')).toBe(0);
    expect(loaded.call('GET', 'k4999')).toBe('b4999');
    expect(loaded.call('GET', 'k0')).toBe('a0');
    expect(loaded.call('DBSIZE')).toBe(4999);
  });

  it('a key in a database the store lacks is refused, and nothing stays loaded', () => {
    const store = new Store();
    store.call('SET', 'a', '1');
    store.call('SELECT', 9);
    store.call('SET', 'b', '2');
    const { adapter } = saved(store);
    const small = new Store({ databases: 4 });
    const e = loadError(adapter, small);
    expect(e.message).toMatch(/database 9 out of range \(the store has 4\)/);
    expect(small.dbs.every((d) => d.size === 0)).toBe(true);
    const enough = new Store({ databases: 10 });
    expect(adapter.load(enough).items).toBe(2);
  });

  it('leaves no temp file behind and never touches the previous file on failure', () => {
    const store = new Store();
    store.set('k', 'v');
    const { adapter, file } = saved(store);
    const before = fs.readFileSync(file);
    // A value that cannot be serialised: the save fails mid-way.
    store.dbs[0]!.dict.set('bad', { type: 'vectorset', encoding: () => 'x', clone: () => null } as never);
    expect(() => adapter.snapshot(store)).toThrow(/no encoding for type vectorset/);
    expect(fs.readFileSync(file)).toEqual(before);
    expect(fs.readdirSync(adapter.dir)).toEqual(['dump.embedis']);
  });
});
