// Snapshots through the Store: `new Store({ dir })` loading and saving, the directory lock,
// SAVE / BGSAVE / LASTSAVE with Redis 7.0.15's replies, the dirty counter and save points on a
// FakeClock, INFO persistence fields, MISCONF after a failed background save, I/O errors
// (ENOSPC, EACCES) leaving the previous snapshot intact, copy-on-write through the typed API,
// and load progress.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeClock, logLoadProgress, PersistenceError, type ReplyError, Store } from '../../src/index.js';
import { SnapshotAdapter } from '../../src/persistence/snapshot.js';
import { dumpStore, expectSameData } from './adapter-suite.js';
import { tempDirs } from './temp-dirs.js';

const T0 = Date.UTC(2030, 0, 1);
const MISCONF =
  "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk. Commands that may modify the data set are disabled, because this instance is configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option). Please check the Redis logs for details about the RDB error.";

const stores: Store[] = [];
const tempDir = tempDirs('embedis-snap-', () => {
  for (const s of stores.splice(0)) {
    try {
      s.close();
    } catch {
      // a test left the directory unwritable on purpose
    }
  }
});

function open(options: Store.Options): Store {
  const s = new Store(options);
  stores.push(s);
  return s;
}

/** The error text `fn` throws or returns. */
function errorOf(fn: () => unknown): string {
  try {
    const r = fn();
    return `no error: ${JSON.stringify(r)}`;
  } catch (e) {
    if (e instanceof Error) return e.message;
    throw e;
  }
}

/** Runs `fn` with fs.writevSync / fs.writev failing with `code` (syncBuiltinESMExports). */
async function withFailingWrites<T>(code: string, fn: () => T | Promise<T>): Promise<T> {
  const require = createRequire(import.meta.url);
  const cjs = require('node:fs') as typeof fs;
  const { writevSync, writev } = cjs;
  const err = (): NodeJS.ErrnoException =>
    Object.assign(new Error(`${code}: simulated failure, write`), { code, errno: -28, syscall: 'write' });
  cjs.writevSync = () => {
    throw err();
  };
  (cjs as { writev: unknown }).writev = (_fd: number, _b: unknown, _p: unknown, cb: (e: Error) => void) =>
    process.nextTick(() => cb(err()));
  syncBuiltinESMExports();
  try {
    return await fn();
  } finally {
    cjs.writevSync = writevSync;
    cjs.writev = writev;
    syncBuiltinESMExports();
  }
}

describe('Store persistence options', () => {
  it('a bare Store is memory-only: SAVE and BGSAVE reply as Redis and write nothing', async () => {
    const store = open({ clock: new FakeClock(T0) });
    expect(store.persistence.dir).toBeNull();
    store.set('k', 'v');
    expect(store.call('SAVE')).toBe('OK');
    expect(store.call('BGSAVE')).toBe('Background saving started');
    await store.persistence.bgsaveDone;
    expect(store.call('LASTSAVE')).toBe(Math.floor(T0 / 1000));
    expect(store.persistence.info().rdb_changes_since_last_save).toBe(0);
  });

  it('new Store({ dir }) loads what the last store saved on close', () => {
    const dir = tempDir();
    const a = new Store({ dir, clock: new FakeClock(T0) });
    a.set('greeting', 'hello');
    a.call('RPUSH', 'list', 'a', 'b');
    a.call('SELECT', 5);
    a.call('SET', 'in5', 'x', 'PXAT', T0 + 60_000);
    a.close(); // save points are set by default: a final SAVE, as SHUTDOWN does
    expect(fs.existsSync(join(dir, 'dump.embedis'))).toBe(true);
    const b = open({ dir, clock: new FakeClock(T0 + 1000) });
    expect(b.get('greeting')).toBe('hello');
    expect(b.call('LRANGE', 'list', 0, -1)).toEqual(['a', 'b']);
    b.call('SELECT', 5);
    expect(b.call('PEXPIRETIME', 'in5')).toBe(T0 + 60_000);
    expect(b.persistence.lastLoad?.items).toBe(3);
    expect(b.persistence.info().rdb_last_load_keys_loaded).toBe(3);
  });

  it('loaded values use the store limits, so CONFIG SET applies to them (streams, sets)', () => {
    const dir = tempDir();
    const a = new Store({ dir, clock: new FakeClock(T0) });
    a.call('XADD', 's', '1-1', 'f', 'v');
    a.call('SADD', 'set', 'é', 'b');
    a.close();
    const b = open({ dir, clock: new FakeClock(T0 + 1000) });
    const stream = b.dbs[0]!.dict.get('s') as unknown as { limits: unknown };
    expect(stream.limits).toBe(b.streamLimits);
    b.call('CONFIG', 'SET', 'stream-node-max-entries', '2');
    for (let i = 2; i < 8; i++) b.call('XADD', 's', `1-${i}`, 'f', 'v');
    expect((b.call('XINFO', 'STREAM', 's') as unknown[])[3]).toBe(4);
    // A set with a non-ASCII member keeps its ASCII hint right after a load.
    expect(b.sismember('set', 'é')).toBe(1);
    expect(b.sismember('set', 'b')).toBe(1);
  });

  it('snapshot: false writes nothing on close; saveOnClose: false neither', () => {
    for (const snapshot of [false, { saveOnClose: false }] as const) {
      const dir = tempDir();
      const a = new Store({ dir, snapshot });
      a.set('k', 'v');
      a.close();
      expect(fs.readdirSync(dir)).toEqual([]);
    }
  });

  it('a data directory is locked: a second opener gets a clear error until the first closes', () => {
    const dir = tempDir();
    const a = open({ dir });
    expect(fs.readFileSync(join(dir, 'embedis.lock'), 'latin1').trim()).toBe(String(process.pid));
    const e = errorOf(() => new Store({ dir }));
    expect(e).toMatch(/already open in this process/);
    expect(() => new Store({ dir })).toThrow(PersistenceError);
    a.close();
    expect(fs.existsSync(join(dir, 'embedis.lock'))).toBe(false);
    open({ dir });
  });

  it('a lock held by another live process is refused; a dead one is taken over', () => {
    const dir = tempDir();
    const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    const deadPid = Number(child.stdout);
    fs.writeFileSync(join(dir, 'embedis.lock'), `${deadPid}\n`);
    const a = open({ dir });
    expect(fs.readFileSync(join(dir, 'embedis.lock'), 'latin1').trim()).toBe(String(process.pid));
    a.close();
    // pid 1 (init) is alive and is not this process.
    fs.writeFileSync(join(dir, 'embedis.lock'), '1\n');
    expect(errorOf(() => new Store({ dir }))).toBe(
      `data directory ${dir} is locked by process 1 (${join(dir, 'embedis.lock')}); only one process may open it`,
    );
  });

  it('a corrupt snapshot is refused at open with a clear error and the directory unlocked', () => {
    const dir = tempDir();
    const a = new Store({ dir });
    for (let i = 0; i < 1000; i++) a.set(`k${i}`, `v${i}`);
    a.close();
    const file = join(dir, 'dump.embedis');
    const bytes = fs.readFileSync(file);
    bytes[bytes.length >> 1] ^= 1;
    fs.writeFileSync(file, bytes);
    expect(errorOf(() => new Store({ dir }))).toMatch(/dump\.embedis is corrupt: checksum mismatch/);
    expect(fs.existsSync(join(dir, 'embedis.lock'))).toBe(false);
    fs.truncateSync(file, 100);
    expect(errorOf(() => new Store({ dir }))).toMatch(/dump\.embedis is truncated: 100 of \d+ bytes/);
  });

  it('reports load progress, and logLoadProgress prints lines every N %', () => {
    const dir = tempDir();
    const a = new Store({ dir });
    for (let i = 0; i < 20_000; i++) a.set(`key:${i}`, `value:${i}`);
    a.close();
    const events: number[] = [];
    const lines: string[] = [];
    const log = logLoadProgress({ everyPercent: 25, log: (l) => lines.push(l) });
    open({
      dir,
      onLoadProgress: (p) => {
        events.push(p.bytesLoaded);
        log(p);
      },
    });
    expect(events.length).toBeGreaterThan(10);
    // 25 %, 50 %, 75 % (and 100 % unless the last frame is smaller than a step), then the summary.
    expect(lines.length).toBeGreaterThanOrEqual(4);
    expect(lines.length).toBeLessThanOrEqual(5);
    expect(lines[0]).toMatch(/^Loading dump\.embedis: 2\d% \(0\.\d MB of 0\.\d MB, \d+ keys\)$/);
    expect(lines[1]).toMatch(/^Loading dump\.embedis: 5\d% /);
    expect(lines.at(-1)).toMatch(/^Loaded dump\.embedis: 20000 keys, 0\.\d MB in \d+ ms$/);
  });

  it('Store.open: the append-only log with everysec, and a snapshot on close', async () => {
    const dir = tempDir();
    const a = Store.open({ dir });
    expect(a.persistence.log?.fsync).toBe('everysec');
    a.set('k', 'v');
    await a.sync();
    a.close();
    expect(fs.existsSync(join(dir, 'dump.embedis'))).toBe(true);
    expect(fs.existsSync(join(dir, 'appendonlydir'))).toBe(true);
    const b = Store.open({ dir });
    stores.push(b);
    expect(b.get('k')).toBe('v');
    expect(b.persistence.info().aof_enabled).toBe(1);
  });
});

describe('SAVE, BGSAVE, LASTSAVE', () => {
  it('SAVE writes the snapshot and resets the dirty counter; LASTSAVE is its Unix time', () => {
    const clock = new FakeClock(T0);
    const dir = tempDir();
    const store = open({ dir, clock });
    store.set('a', '1');
    store.call('HSET', 'h', 'f', 'v', 'g', 'w');
    store.call('DEL', 'a');
    expect(store.persistence.info().rdb_changes_since_last_save).toBe(3);
    clock.advance(5000);
    expect(store.call('SAVE')).toBe('OK');
    expect(store.call('LASTSAVE')).toBe(Math.floor(T0 / 1000) + 5);
    const info = store.persistence.info();
    expect(info.rdb_changes_since_last_save).toBe(0);
    expect(info.rdb_saves).toBe(1);
    expect(info.rdb_last_bgsave_status).toBe('ok');
    const check = new Store();
    new SnapshotAdapter(dir).load(check);
    expect(check.call('HGETALL', 'h')).toEqual(['f', 'v', 'g', 'w']);
    expect(check.call('EXISTS', 'a')).toBe(0);
  });

  it('BGSAVE starts once; a second BGSAVE or a SAVE meanwhile is refused', async () => {
    const dir = tempDir();
    const store = open({ dir });
    for (let i = 0; i < 50_000; i++) store.set(`k${i}`, 'v');
    expect(store.call('BGSAVE')).toBe('Background saving started');
    expect(store.persistence.info().rdb_bgsave_in_progress).toBe(1);
    expect(store.persistence.info().rdb_current_bgsave_time_sec).toBe(0);
    expect(errorOf(() => store.call('BGSAVE'))).toBe('ERR Background save already in progress');
    expect(errorOf(() => store.call('BGSAVE', 'SCHEDULE'))).toBe('ERR Background save already in progress');
    expect(errorOf(() => store.call('SAVE'))).toBe('ERR Background save already in progress');
    store.set('during', 'x'); // not in this snapshot, still dirty afterwards
    await store.persistence.bgsaveDone;
    const info = store.persistence.info();
    expect(info.rdb_bgsave_in_progress).toBe(0);
    expect(info.rdb_current_bgsave_time_sec).toBe(-1);
    expect(info.rdb_last_bgsave_time_sec).toBe(0);
    expect(info.rdb_changes_since_last_save).toBe(1);
    const check = new Store();
    expect(new SnapshotAdapter(dir).load(check).items).toBe(50_000);
    expect(check.call('EXISTS', 'during')).toBe(0);
  });

  it('BGSAVE syntax: only SCHEDULE is accepted', () => {
    const store = open({});
    expect(errorOf(() => store.call('BGSAVE', 'NOW'))).toBe('ERR syntax error');
    expect(errorOf(() => store.call('BGSAVE', 'SCHEDULE', 'x'))).toBe('ERR syntax error');
    expect(store.call('BGSAVE', 'schedule')).toBe('Background saving started');
  });

  it('BGSAVE inside MULTI/EXEC is scheduled and started by the next cron tick', async () => {
    const clock = new FakeClock(T0);
    const dir = tempDir();
    const store = open({ dir, clock, snapshot: { savePoints: [] } });
    store.set('k', 'v');
    const s = store.createSession();
    store.dispatch(['MULTI'], s);
    store.dispatch(['BGSAVE'], s);
    const exec = store.dispatch(['EXEC'], s) as { value: string }[];
    expect(exec.map((r) => r.value)).toEqual(['Background saving scheduled']);
    expect(store.persistence.bgsaveInProgress).toBe(false);
    clock.advance(1000);
    expect(store.persistence.bgsaveInProgress).toBe(true);
    await store.persistence.bgsaveDone;
    expect(fs.existsSync(join(dir, 'dump.embedis'))).toBe(true);
  });

  it('SAVE is refused inside MULTI', () => {
    const store = open({});
    const s = store.createSession();
    store.dispatch(['MULTI'], s);
    expect((store.dispatch(['SAVE'], s) as ReplyError).message).toBe(
      'ERR Command not allowed inside a transaction',
    );
  });

  it('save points start a BGSAVE when enough changes happened within the time', async () => {
    const clock = new FakeClock(T0);
    const dir = tempDir();
    const store = open({
      dir,
      clock,
      snapshot: {
        savePoints: [
          [10, 3],
          [100, 1],
        ],
      },
    });
    store.set('a', '1');
    store.set('b', '2');
    clock.advance(11_000); // 2 changes < 3 within 10 s; 100 s not passed for 1 change
    expect(store.persistence.bgsaveInProgress).toBe(false);
    store.set('c', '3');
    clock.advance(1000);
    expect(store.persistence.bgsaveInProgress).toBe(true);
    await store.persistence.bgsaveDone;
    expect(store.persistence.info().rdb_changes_since_last_save).toBe(0);
    expect(store.call('LASTSAVE')).toBe(Math.floor(clock.now() / 1000));
    clock.advance(200_000); // nothing changed since: no save
    expect(store.persistence.bgsaveInProgress).toBe(false);
    store.set('d', '4');
    clock.advance(1000); // 1 change, and more than 100 s since the last save
    expect(store.persistence.bgsaveInProgress).toBe(true);
    await store.persistence.bgsaveDone;
    store.persistence.setSavePoints([]);
    store.set('e', '5');
    clock.advance(500_000);
    expect(store.persistence.bgsaveInProgress).toBe(false);
  });

  it('the dirty counter counts keys changed, expirations and flushed keys', () => {
    const clock = new FakeClock(T0);
    const store = open({ dir: tempDir(), clock });
    store.call('MSET', 'a', '1', 'b', '2', 'c', '3');
    store.call('PEXPIRE', 'a', 10);
    clock.advance(20);
    expect(store.call('GET', 'a')).toBeNull(); // expired: a DEL
    store.call('FLUSHALL');
    expect(store.persistence.info().rdb_changes_since_last_save).toBe(3 + 1 + 1 + 2);
  });
});

describe('I/O errors and MISCONF', () => {
  it('a failed BGSAVE denies writes with MISCONF until a save succeeds', async () => {
    const dir = tempDir();
    const store = open({ dir });
    store.set('k', 'v');
    expect(store.call('SAVE')).toBe('OK');
    const before = fs.readFileSync(join(dir, 'dump.embedis'));
    await withFailingWrites('ENOSPC', async () => {
      // As in Redis, the save starts; it is the (background) writing that fails.
      expect(store.call('BGSAVE')).toBe('Background saving started');
      await store.persistence.bgsaveDone?.catch(() => {});
    });
    expect(store.persistence.info().rdb_last_bgsave_status).toBe('err');
    expect(store.persistence.lastError?.message).toMatch(
      /cannot write snapshot .*temp-\d+-\d+\.embedis: ENOSPC/,
    );
    expect(fs.readFileSync(join(dir, 'dump.embedis'))).toEqual(before);
    expect(fs.readdirSync(dir).filter((n) => n.startsWith('temp-'))).toEqual([]);

    expect(errorOf(() => store.call('SET', 'k', 'w'))).toBe(MISCONF);
    expect(errorOf(() => store.call('PING'))).toBe(MISCONF);
    expect(store.call('GET', 'k')).toBe('v');
    // Inside MULTI the write is refused at once and EXEC aborts.
    const s = store.createSession();
    store.dispatch(['MULTI'], s);
    expect((store.dispatch(['INCR', 'n'], s) as ReplyError).message).toBe(MISCONF);
    expect((store.dispatch(['EXEC'], s) as ReplyError).message).toBe(
      'EXECABORT Transaction discarded because of previous errors.',
    );
    // `save ""` (no save points) lifts the check, as in Redis; so does a successful save.
    store.persistence.setSavePoints([]);
    expect(store.call('SET', 'k', 'w')).toBe('OK');
    store.persistence.setSavePoints([[3600, 1]]);
    expect(errorOf(() => store.call('DEL', 'k'))).toBe(MISCONF);
    store.persistence.stopWritesOnError = false;
    expect(store.call('INCR', 'n')).toBe(1);
    store.persistence.stopWritesOnError = true;
    expect(store.call('SAVE')).toBe('OK');
    expect(store.call('SET', 'k', 'x')).toBe('OK');
    expect(store.persistence.info().rdb_last_bgsave_status).toBe('ok');
  });

  it('SAVE on a full disk replies ERR, keeps the previous snapshot, and throws a clear PersistenceError on the typed API', async () => {
    const dir = tempDir();
    const store = open({ dir });
    store.set('k', 'v');
    store.call('SAVE');
    const before = fs.readFileSync(join(dir, 'dump.embedis'));
    store.set('k', 'changed');
    await withFailingWrites('ENOSPC', () => {
      expect(errorOf(() => store.call('SAVE'))).toBe('ERR');
      let thrown: unknown;
      try {
        store.persistence.save();
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(PersistenceError);
      expect((thrown as PersistenceError).code).toBe('IO');
      expect((thrown as Error).message).toMatch(
        /^cannot write snapshot .*temp-\d+-\d+\.embedis: ENOSPC: simulated/,
      );
    });
    expect(fs.readFileSync(join(dir, 'dump.embedis'))).toEqual(before);
    expect(fs.readdirSync(dir).sort()).toEqual(['dump.embedis', 'embedis.lock']);
    // SAVE failing does not deny writes (only a failed background save does).
    expect(store.call('SET', 'k', 'w')).toBe('OK');
  });

  it('a BGSAVE that cannot create its temp file fails the same way (ENOTDIR)', async () => {
    const dir = tempDir();
    const store = open({ dir });
    store.set('k', 'v');
    fs.renameSync(dir, `${dir}.moved`);
    fs.writeFileSync(dir, 'not a directory');
    try {
      expect(store.call('BGSAVE')).toBe('Background saving started');
      await store.persistence.bgsaveDone?.catch(() => {});
      expect(store.persistence.info().rdb_last_bgsave_status).toBe('err');
      expect(store.persistence.lastError?.message).toMatch(/cannot create snapshot temp file .*: ENOTDIR/);
      expect(errorOf(() => store.call('SET', 'k', 'w'))).toBe(MISCONF);
    } finally {
      fs.rmSync(dir);
      fs.renameSync(`${dir}.moved`, dir);
    }
    expect(store.call('BGSAVE')).toBe('Background saving started');
    await store.persistence.bgsaveDone;
    expect(store.call('SET', 'k', 'w')).toBe('OK');
  });

  it('EACCES on the temp file is reported with the path', async () => {
    const dir = tempDir();
    const store = open({ dir });
    store.set('k', 'v');
    await withFailingWrites('EACCES', () => {
      expect(() => store.persistence.save()).toThrow(/cannot write snapshot .*: EACCES/);
    });
  });
});

describe('copy-on-write through the typed API', () => {
  it('BGSAVE keeps the image of its start while typed writes, expiries and flushes run', async () => {
    const clock = new FakeClock(T0);
    const dir = tempDir();
    const store = open({ dir, clock, snapshot: { savePoints: [], sliceMs: 0 } });
    for (let i = 0; i < 30_000; i++) store.set(`k${i}`, `v${i}`);
    store.set('unicode', 'héllo wörld'); // a text-mode value (typed API, not scanned)
    store.call('SET', 'volatile', 'x', 'PX', 50);
    store.call('SELECT', 3);
    for (let i = 0; i < 5000; i++) store.call('SET', `db3:${i}`, i);
    store.call('SELECT', 0);
    store.call('ZADD', 'z', 1, 'a', 2, 'b');
    const atStart = dumpStore(store);
    expect(store.call('BGSAVE')).toBe('Background saving started');
    for (let i = 0; i < 30; i++) {
      await new Promise((r) => setImmediate(r));
      store.set(`k${i * 1000}`, 'overwritten');
      store.set(`new${i}`, 'new');
      store.del(`k${i * 1000 + 1}`);
      store.expire(`k${i * 1000 + 2}`, 5);
      store.set('unicode', `ünïcode ${i}`);
      store.zadd('z', { [`m${i}`]: i });
      if (i === 5) clock.advance(100); // 'volatile' expires (lazily, on the next lookup)
      if (i === 6) expect(store.get('volatile')).toBeNull();
      if (i === 10) store.call('SWAPDB', 0, 3);
      if (i === 12) store.call('SWAPDB', 0, 3);
      if (i === 20) {
        expect(store.persistence.bgsaveInProgress).toBe(true); // the writes above raced the save
        store.call('SELECT', 3);
        store.flushdb();
        store.call('SELECT', 0);
      }
    }
    await store.persistence.bgsaveDone;
    const check = new Store({ clock: new FakeClock(T0) });
    new SnapshotAdapter(dir).load(check);
    expectSameData(dumpStore(check), atStart);
    expect(check.get('unicode')).toBe('héllo wörld');
  });
});

describe('CONFIG and INFO', () => {
  it('CONFIG GET/SET save, stop-writes-on-bgsave-error, dbfilename and dir', () => {
    const dir = tempDir();
    const store = open({ dir });
    expect(store.call('CONFIG', 'GET', 'save')).toEqual(['save', '3600 1 300 100 60 10000']);
    expect(store.call('CONFIG', 'SET', 'save', '10 1 20 5')).toBe('OK');
    expect(store.persistence.getSavePoints()).toEqual([
      [10, 1],
      [20, 5],
    ]);
    expect(store.call('CONFIG', 'SET', 'save', '')).toBe('OK');
    expect(store.persistence.getSavePoints()).toEqual([]);
    expect(store.call('CONFIG', 'SET', 'stop-writes-on-bgsave-error', 'no')).toBe('OK');
    expect(store.persistence.stopWritesOnError).toBe(false);
    expect(store.call('CONFIG', 'GET', 'dbfilename')).toEqual(['dbfilename', 'dump.embedis']);
    expect(store.call('CONFIG', 'SET', 'dbfilename', 'other.embedis')).toBe('OK');
    store.set('k', 'v');
    store.call('SAVE');
    expect(fs.existsSync(join(dir, 'other.embedis'))).toBe(true);
    expect(store.call('CONFIG', 'GET', 'dir')).toEqual(['dir', dir]);
    // A memory-only store reports Redis's defaults.
    const mem = open({});
    expect(mem.call('CONFIG', 'GET', 'save')).toEqual(['save', '3600 1 300 100 60 10000']);
    expect(mem.call('CONFIG', 'GET', 'dbfilename')).toEqual(['dbfilename', 'dump.rdb']);
  });

  it('INFO persistence reports the manager’s fields', () => {
    const store = open({ dir: tempDir() });
    store.set('a', '1');
    store.set('b', '2');
    const info = String(store.call('INFO', 'persistence'));
    expect(info).toMatch(/^# Persistence\r\n/);
    expect(info).toContain('\r\nrdb_changes_since_last_save:2\r\n');
    expect(info).toContain('\r\nrdb_bgsave_in_progress:0\r\n');
    expect(info).toContain('\r\nrdb_last_bgsave_status:ok\r\n');
    expect(info).toContain(`\r\nrdb_last_save_time:${store.persistence.lastsave()}\r\n`);
  });
});
