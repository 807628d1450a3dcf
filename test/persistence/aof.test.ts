// The append-only log: the shared adapter suite, the manifest format, the reader's torn-tail and
// corruption rules, group commit, rewrites and switching appendonly on and off.

import * as fs from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock, ReplyError, Store } from '../../src/index.js';
import { PersistenceError } from '../../src/persistence/adapter.js';
import { AofAdapter } from '../../src/persistence/aof.js';
import { AofManifest } from '../../src/persistence/aof-manifest.js';
import { AofFileReader, AofReadError } from '../../src/persistence/aof-reader.js';
import { adapterSuite, dumpStore } from './adapter-suite.js';
import { tempDirs } from './temp-dirs.js';

/** The last incremental file named by the manifest in `dir`. */
function lastIncr(dir: string): string {
  const text = fs.readFileSync(join(dir, 'appendonlydir', 'appendonly.aof.manifest'), 'latin1');
  const m = AofManifest.parse(text, 'manifest');
  return join(dir, 'appendonlydir', m.incr.at(-1)!.name);
}

adapterSuite({
  name: 'aof',
  create: (dir) => new AofAdapter(dir),
  tornTail: 'truncate',
  lastFile: lastIncr,
  replaysCommands: true,
});

const adapters: AofAdapter[] = [];
const tempDir = tempDirs('embedis-aof-', () => {
  for (const a of adapters.splice(0)) a.close();
});
const T0 = Date.UTC(2030, 0, 1);

/** An adapter over `dir` loaded into a fresh store whose effects it logs. */
function open(dir: string, options: ConstructorParameters<typeof AofAdapter>[1] = {}, now = T0) {
  const aof = new AofAdapter(dir, options);
  adapters.push(aof);
  const store = new Store({ clock: new FakeClock(now), seed: 1 });
  const result = aof.load(store);
  aof.attach(store);
  return { aof, store, result };
}

const aofDir = (dir: string): string => join(dir, 'appendonlydir');
const read = (file: string): string => fs.readFileSync(file, 'latin1');
const resp = (...argv: string[]): string =>
  `*${argv.length}\r\n${argv.map((a) => `$${a.length}\r\n${a}\r\n`).join('')}`;

describe('AOF manifest', () => {
  it('formats exactly as Redis 7.0 writes it', () => {
    const m = new AofManifest();
    m.newBase('appendonly.aof');
    m.newIncr('appendonly.aof');
    expect(m.format()).toBe(
      'file appendonly.aof.1.base.aof seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n',
    );
    m.newIncr('appendonly.aof');
    m.newBase('appendonly.aof');
    m.markRewrittenIncrAsHistory(true);
    expect(m.format()).toBe(
      // Redis adds history at the head: the old base first, then each rewritten incr file.
      'file appendonly.aof.2.base.aof seq 2 type b\n' +
        'file appendonly.aof.1.incr.aof seq 1 type h\n' +
        'file appendonly.aof.1.base.aof seq 1 type h\n' +
        'file appendonly.aof.2.incr.aof seq 2 type i\n',
    );
  });

  it('quotes odd file names as sdscatrepr and reads them back', () => {
    const m = new AofManifest();
    m.newBase('my "aof" file\x01');
    const text = m.format();
    expect(text).toBe('file "my \\"aof\\" file\\x01.1.base.aof" seq 1 type b\n');
    expect(AofManifest.parse(text, 'm').base!.name).toBe('my "aof" file\x01.1.base.aof');
  });

  it('parses comments, any key order and unknown keys', () => {
    const m = AofManifest.parse(
      '# comment\nseq 3 type b file a.3.base.aof\nfile a.4.incr.aof seq 4 type i extra x\n',
      'm',
    );
    expect(m.base).toEqual({ name: 'a.3.base.aof', seq: 3, type: 'b' });
    expect(m.incr).toEqual([{ name: 'a.4.incr.aof', seq: 4, type: 'i' }]);
    expect(m.baseSeq).toBe(3);
    expect(m.incrSeq).toBe(4);
  });

  it('rejects what Redis rejects, naming the line', () => {
    const bad = (text: string, msg: RegExp) => expect(() => AofManifest.parse(text, '/x/m')).toThrow(msg);
    bad('', /Found an empty AOF manifest/);
    bad('file a seq 1\n', /at line 1: 'file a seq 1': Invalid AOF manifest file format/);
    bad('file a seq 1 type b\nfile b seq 2 type b\n', /at line 2.*duplicate base/);
    bad('file a seq 2 type i\nfile b seq 2 type i\n', /non-monotonic sequence number/);
    bad('file a/b seq 1 type i\n', /can't be a path/);
    bad('file a seq 1 type x\n', /Unknown AOF file type/);
    bad('file a seq 1 type b', /too long line/);
    bad(`file ${'a'.repeat(1100)} seq 1 type b\n`, /too long line/);
    bad('file a seq 0 type b\n', /Invalid AOF manifest file format/);
  });
});

describe('AOF reader', () => {
  const write = (content: string): string => {
    const f = join(tempDir(), 'f.aof');
    fs.writeFileSync(f, content, 'latin1');
    return f;
  };
  const all = (file: string): string[][] => {
    const r = new AofFileReader(file);
    const out: string[][] = [];
    try {
      for (let c = r.next(); c !== null; c = r.next()) out.push(c);
    } finally {
      r.close();
    }
    return out;
  };

  it('reads commands with binary arguments and skips annotations', () => {
    const bin = '\r\n\x00\xff';
    const f = write(`#TS:1700000000\r\n${resp('SET', 'k', bin)}${resp('DEL', '')}`);
    expect(all(f)).toEqual([
      ['SET', 'k', bin],
      ['DEL', ''],
    ]);
  });

  it('reads arguments larger than its buffer', () => {
    const big = 'x'.repeat(3 << 20);
    expect(all(write(resp('SET', 'k', big)))[0]![2]!.length).toBe(3 << 20);
  });

  it('reports a torn command as eof at the start of that command', () => {
    const good = resp('SET', 'a', '1');
    const torn = resp('SET', 'b', '2');
    for (let cut = 1; cut < torn.length; cut++) {
      const r = new AofFileReader(write(good + torn.slice(0, cut)));
      expect(r.next()).toEqual(['SET', 'a', '1']);
      try {
        r.next();
        expect.unreachable(`cut ${cut} was not reported`);
      } catch (e) {
        expect(e).toBeInstanceOf(AofReadError);
        expect((e as AofReadError).kind).toBe('eof');
        expect((e as AofReadError).offset).toBe(good.length);
      } finally {
        r.close();
      }
    }
  });

  it('reports a format error with its offset', () => {
    const good = resp('SET', 'a', '1');
    const r = new AofFileReader(write(`${good}garbage\r\n${good}`));
    expect(r.next()).not.toBeNull();
    expect(() => r.next()).toThrow(expect.objectContaining({ kind: 'format', at: good.length }));
    r.close();
    const r2 = new AofFileReader(write(`*2\r\n$3\r\nGET\r\nx1\r\n`));
    expect(() => r2.next()).toThrow(expect.objectContaining({ kind: 'format' }));
    r2.close();
    const r3 = new AofFileReader(write('*0\r\n'));
    expect(() => r3.next()).toThrow(expect.objectContaining({ kind: 'format' }));
    r3.close();
  });
});

describe('AOF adapter', () => {
  it('writes SELECT on database changes and wraps multi-effect units in MULTI/EXEC once', async () => {
    const dir = tempDir();
    const { aof, store } = open(dir);
    store.call('SET', 'a', '1');
    store.call('SELECT', 2);
    store.call('SET', 'b', '2', 'EX', 10);
    store.call('SELECT', 0);
    // EXEC wrapped by the effects layer; a bare two-effect unit wrapped by the writer.
    store.call('MULTI');
    store.call('INCR', 'n');
    store.call('INCR', 'n');
    store.call('EXEC');
    aof.append([
      { db: 0, argv: ['SET', 'x', '1'] },
      { db: 0, argv: ['SET', 'y', '1'] },
    ]);
    await aof.sync();
    const text = read(lastIncr(dir));
    expect(text).toBe(
      resp('SELECT', '0') +
        resp('SET', 'a', '1') +
        resp('SELECT', '2') +
        resp('SET', 'b', '2', 'PXAT', String(T0 + 10_000)) +
        resp('SELECT', '0') +
        resp('MULTI') +
        resp('INCR', 'n') +
        resp('INCR', 'n') +
        resp('EXEC') +
        resp('MULTI') +
        resp('SET', 'x', '1') +
        resp('SET', 'y', '1') +
        resp('EXEC'),
    );
  });

  it('creates the Redis 7.0 layout on first open', () => {
    const dir = tempDir();
    open(dir);
    expect(fs.readdirSync(aofDir(dir)).sort()).toEqual([
      'appendonly.aof.1.base.aof',
      'appendonly.aof.1.incr.aof',
      'appendonly.aof.manifest',
    ]);
    expect(read(join(aofDir(dir), 'appendonly.aof.manifest'))).toBe(
      'file appendonly.aof.1.base.aof seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n',
    );
  });

  it('removes temp files a crash left behind on open, keeping the log', async () => {
    const dir = tempDir();
    const first = open(dir);
    first.store.set('k', 'v');
    await first.aof.sync();
    first.aof.close();
    // A rewrite's output and a manifest being replaced when the process died.
    const leftovers = ['temp-rewriteaof-123.aof', 'temp-appendonly.aof.manifest'];
    for (const f of leftovers) fs.writeFileSync(join(aofDir(dir), f), 'partial');
    const { store } = open(dir);
    expect(store.get('k')).toBe('v');
    const files = fs.readdirSync(aofDir(dir));
    for (const f of leftovers) expect(files).not.toContain(f);
    expect(files).toContain('appendonly.aof.manifest');
  });

  it('honours appenddirname and appendfilename', async () => {
    const dir = tempDir();
    const { aof, store } = open(dir, { dirname: 'log', filename: 'my.aof' });
    store.call('SET', 'k', 'v');
    await aof.sync();
    expect(fs.readdirSync(join(dir, 'log')).sort()).toEqual([
      'my.aof.1.base.aof',
      'my.aof.1.incr.aof',
      'my.aof.manifest',
    ]);
  });

  it('does not expire keys while replaying: the log reaches the state it recorded', async () => {
    const dir = tempDir();
    const { aof, store } = open(dir);
    store.call('SET', 'k', '5', 'PXAT', T0 + 1000);
    store.call('INCR', 'k');
    store.call('SET', 'gone', 'x', 'PXAT', T0 + 1000);
    store.call('EXPIREAT', 'gone', T0 / 1000 + 2);
    await aof.sync();
    aof.close();
    // Loaded long after the TTLs: replaying INCR on an "expired" key would create k = 1 forever.
    const { store: later, result } = open(dir, {}, T0 + 60_000);
    expect(later.call('EXISTS', 'k', 'gone')).toBe(0);
    expect(result.expired).toBe(2);
    const { store: soon } = open(tempCopy(dir), {}, T0 + 500);
    expect(soon.call('GET', 'k')).toBe('6');
    expect(soon.call('PEXPIRETIME', 'k')).toBe(T0 + 1000);
  });

  /** A copy of a data dir (the original stays locked by nobody; adapters own their dirs). */
  function tempCopy(dir: string): string {
    const to = tempDir();
    fs.cpSync(dir, to, { recursive: true });
    return to;
  }

  it('replays MULTI/EXEC as a unit and drops an unfinished transaction at the tail', async () => {
    const dir = tempDir();
    const { aof, store } = open(dir);
    store.call('SET', 'before', '1');
    await aof.sync();
    aof.close();
    const incr = lastIncr(dir);
    const size = fs.statSync(incr).size;
    fs.appendFileSync(incr, resp('MULTI') + resp('SET', 'in-tx', '1') + resp('SET', 'in-tx2', '1'), 'latin1');
    const { store: loaded, result } = open(dir);
    expect(loaded.call('GET', 'before')).toBe('1');
    expect(loaded.call('EXISTS', 'in-tx', 'in-tx2')).toBe(0);
    expect(result.warnings.join()).toMatch(/Truncated .*appendonly\.aof\.1\.incr\.aof at offset \d+/);
    expect(fs.statSync(incr).size).toBe(size);
  });

  it('refuses corruption before the tail, naming the file and offset', async () => {
    const dir = tempDir();
    const { aof, store } = open(dir);
    for (let i = 0; i < 10; i++) store.call('SET', `k${i}`, 'v');
    await aof.sync();
    aof.close();
    const incr = lastIncr(dir);
    const bytes = fs.readFileSync(incr);
    const at = bytes.indexOf('*3', 100);
    bytes[at] = 0x2b; // '+'
    fs.writeFileSync(incr, bytes);
    expect(() => open(dir)).toThrow(
      new RegExp(`Bad file format .*appendonly\\.aof\\.1\\.incr\\.aof at offset ${at}`),
    );
    try {
      open(dir);
    } catch (e) {
      expect(e).toBeInstanceOf(PersistenceError);
      expect((e as PersistenceError).code).toBe('CORRUPT');
      expect((e as PersistenceError).file).toBe(incr);
    }
  });

  it('refuses a torn file that is not the last one, and a torn tail with aof-load-truncated no', async () => {
    const dir = tempDir();
    const { aof, store } = open(dir);
    store.call('SET', 'a', '1');
    await aof.rewriteInBackground(store);
    store.call('SET', 'b', '2');
    await aof.sync();
    aof.close();
    const base = join(aofDir(dir), 'appendonly.aof.2.base.aof');
    const copy = tempCopy(dir);
    fs.truncateSync(base, fs.statSync(base).size - 2);
    expect(() => open(dir)).toThrow(/not the last file/);
    fs.truncateSync(lastIncr(copy), fs.statSync(lastIncr(copy)).size - 2);
    expect(() => open(copy, { loadTruncated: false })).toThrow(/aof-load-truncated/);
  });

  it('refuses an unknown command and an RDB-format base with clear errors', () => {
    const dir = tempDir();
    fs.mkdirSync(aofDir(dir));
    fs.writeFileSync(
      join(aofDir(dir), 'appendonly.aof.manifest'),
      'file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n',
    );
    fs.writeFileSync(join(aofDir(dir), 'appendonly.aof.1.base.rdb'), 'REDIS0010\xfa\x09redis-ver', 'latin1');
    fs.writeFileSync(join(aofDir(dir), 'appendonly.aof.1.incr.aof'), resp('NOSUCHCMD', 'x'), 'latin1');
    expect(() => open(dir)).toThrow(/RDB-format AOF base .* not support/);
    fs.writeFileSync(join(aofDir(dir), 'appendonly.aof.1.base.rdb'), '');
    expect(() => open(dir)).toThrow(
      /Unknown command 'NOSUCHCMD' .*appendonly\.aof\.1\.incr\.aof at offset 0/,
    );
  });

  it('refuses a manifest naming a missing file', () => {
    const dir = tempDir();
    fs.mkdirSync(aofDir(dir));
    fs.writeFileSync(
      join(aofDir(dir), 'appendonly.aof.manifest'),
      'file appendonly.aof.1.incr.aof seq 1 type i\n',
    );
    expect(() => open(dir)).toThrow(/appendonly\.aof\.1\.incr\.aof listed in the manifest can't be read/);
  });

  it('upgrades a single-file AOF from before Redis 7.0 into the folder layout', () => {
    const dir = tempDir();
    fs.writeFileSync(join(dir, 'appendonly.aof'), resp('SET', 'old', 'style'), 'latin1');
    const { store } = open(dir);
    expect(store.call('GET', 'old')).toBe('style');
    expect(fs.existsSync(join(dir, 'appendonly.aof'))).toBe(false);
    expect(read(join(aofDir(dir), 'appendonly.aof.manifest'))).toBe(
      'file appendonly.aof seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n',
    );
  });

  it('appendfsync always: one fsync per batch, never per command', async () => {
    const dir = tempDir();
    const { aof, store } = open(dir, { fsync: 'always' });
    const writer = (aof as unknown as { writer: { fsyncs: number } }).writer;
    const acks: Promise<void>[] = [];
    for (let round = 0; round < 20; round++) {
      for (let i = 0; i < 50; i++) {
        store.call('SET', `k${round}:${i}`, 'v');
        acks.push(aof.durable()!);
      }
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all(acks);
    expect(writer.fsyncs).toBeGreaterThan(0);
    expect(writer.fsyncs).toBeLessThanOrEqual(25);
    expect(aof.durable()).toBeNull();
    // Every acknowledged write is in the file.
    expect(read(lastIncr(dir)).split('*3\r\n$3\r\nSET').length - 1).toBe(1000);
  });

  it('everysec and no never fsync on the write path; sync() makes writes durable', async () => {
    for (const fsync of ['everysec', 'no'] as const) {
      const dir = tempDir();
      const { aof, store } = open(dir, { fsync });
      store.call('SET', 'k', 'v');
      expect(aof.durable()).toBeNull();
      await aof.sync();
      expect(read(lastIncr(dir))).toContain(resp('SET', 'k', 'v'));
    }
  });

  it.each([
    // A worker replays the files: the base is the dataset of the switch, at the start.
    { mode: 'worker', rewriteWorker: undefined, firstElement: 0 },
    // The event loop serialises memory: the base is the dataset of the switch at the end.
    { mode: 'event-loop', rewriteWorker: false as const, firstElement: 50 },
  ])('BGREWRITEAOF ($mode) compacts into a new base while writes go on, and deletes the old files', async ({
    mode,
    rewriteWorker,
    firstElement,
  }) => {
    const dir = tempDir();
    const { aof, store } = open(dir, { rewriteWorker });
    for (let i = 0; i < 3000; i++) store.call('INCR', `counter:${i % 30}`);
    store.call('RPUSH', 'list', ...Array.from({ length: 10_000 }, (_, i) => `e${i}`));
    const rewriting = aof.rewriteInBackground(store, { sliceMs: 0 });
    expect(aof.rewriteInProgress).toBe(true);
    expect(aof.info().rewriteMode).toBe(mode);
    await expect(aof.rewriteInBackground(store)).rejects.toThrow(/already in progress/);
    for (let i = 0; i < 50; i++) {
      await new Promise((r) => setImmediate(r));
      store.call('INCR', `counter:${i % 30}`);
      store.call('LPOP', 'list');
      store.call('SET', `during:${i}`, 'x');
    }
    const result = await rewriting;
    expect(result.file).toMatch(/appendonly\.aof\.2\.base\.aof$/);
    store.call('SET', 'after', '1');
    await aof.sync();
    expect(read(join(aofDir(dir), 'appendonly.aof.manifest'))).toBe(
      'file appendonly.aof.2.base.aof seq 2 type b\nfile appendonly.aof.2.incr.aof seq 2 type i\n',
    );
    expect(fs.readdirSync(aofDir(dir)).sort()).toEqual([
      'appendonly.aof.2.base.aof',
      'appendonly.aof.2.incr.aof',
      'appendonly.aof.manifest',
    ]);
    const base = read(result.file);
    expect(base).toContain(
      resp('RPUSH', 'list', ...Array.from({ length: 64 }, (_, i) => `e${i + firstElement}`)),
    );
    const expected = dumpStore(store);
    aof.close();
    const { store: loaded } = open(dir);
    expect(dumpStore(loaded)).toEqual(expected);
  });

  it('a background rewrite on the event loop runs in slices while writes go on', async () => {
    const dir = tempDir();
    const { aof, store } = open(dir, { autoRewritePercentage: 0, rewriteWorker: false });
    for (let i = 0; i < 100_000; i++) store.set(`key:${i}`, `value-${i}`);
    for (let i = 0; i < 100_000; i += 1000) {
      const n = Array.from({ length: 1000 }, (_, j) => i + j);
      store.call('RPUSH', 'list', ...n.map((x) => `e${x}`));
      store.call('ZADD', 'zset', ...n.flatMap((x) => [String(x), `m${x}`]));
      store.call('HSET', 'hash', ...n.flatMap((x) => [`f${x}`, 'v']));
    }
    // TTLs on a big (sliced) and a small sorted set, and on a string.
    store.call('PEXPIREAT', 'zset', String(T0 + 86_400_000));
    // A big sorted set nothing changes during the rewrite: written by the walk alone.
    store.call('ZADD', 'quiet', ...Array.from({ length: 6000 }, (_, x) => [String(x / 7), `q${x}`]).flat());
    store.call('PEXPIREAT', 'quiet', String(T0 + 7_200_000));
    store.call('ZADD', 'small', '1.5', 'a', '-2', 'b');
    store.call('PEXPIREAT', 'small', String(T0 + 3_600_000));
    store.call('SET', 'ttl-string', 'x', 'PXAT', String(T0 + 60_000));
    const rewriting = aof.rewriteInBackground(store);
    // Big hot keys keep changing: they are rewritten again and captured at the switch.
    let writes = 0;
    const timer = setInterval(() => {
      store.call('ZADD', 'zset', String(writes), `hot${writes}`);
      store.call('RPUSH', 'list', `hot${writes}`);
      store.set(`key:${writes++ % 100_000}`, 'changed');
    }, 1);
    await rewriting;
    clearInterval(timer);
    expect(writes).toBeGreaterThan(0);
    expect(aof.info().lastRewriteMaxSliceMs).toBeGreaterThan(0);
    // Slices of ~4 ms: bounded loosely here, so a busy machine can't fail the suite; the 50 ms
    // stall bar is measured by benchmarks/persistence.ts (monitorEventLoopDelay).
    expect(aof.info().lastRewriteMaxSliceMs).toBeLessThan(250);
    const expected = dumpStore(store);
    aof.close();
    const { store: loaded } = open(dir);
    expect(dumpStore(loaded)).toEqual(expected);
    expect(loaded.call('PEXPIRETIME', 'zset')).toBe(T0 + 86_400_000);
    expect(loaded.call('PEXPIRETIME', 'small')).toBe(T0 + 3_600_000);
    expect(loaded.call('PEXPIRETIME', 'quiet')).toBe(T0 + 7_200_000);
    expect(loaded.call('PEXPIRETIME', 'ttl-string')).toBe(T0 + 60_000);
  });

  it('rewrites automatically when the log doubles past auto-aof-rewrite-min-size', async () => {
    const dir = tempDir();
    const { aof, store } = open(dir, { autoRewriteMinSize: 20_000, autoRewritePercentage: 100 });
    for (let i = 0; i < 2000 && aof.info().rewrites === 0; i++) store.call('SET', 'same-key', `value-${i}`);
    expect(aof.info().rewrites).toBe(0);
    await new Promise((r) => setImmediate(r));
    expect(aof.rewriteInProgress).toBe(true);
    while (aof.rewriteInProgress) await new Promise((r) => setTimeout(r, 5));
    expect(aof.info().lastBgrewriteStatus).toBe('ok');
    expect(aof.info().currentSize).toBeLessThan(1000);
    expect(read(join(aofDir(dir), 'appendonly.aof.manifest'))).toMatch(/appendonly\.aof\.2\.base\.aof/);
  });

  it('a synchronous rewrite (snapshot) starts a new base and incremental file', async () => {
    const dir = tempDir();
    const { aof, store } = open(dir);
    store.call('SET', 'a', '1');
    store.call('SET', 'a', '2');
    const r = aof.snapshot(store);
    expect(r.keys).toBe(1);
    expect(read(r.file)).toBe(resp('SELECT', '0') + resp('SET', 'a', '2'));
    store.call('SET', 'b', '3');
    await aof.sync();
    expect(read(join(aofDir(dir), 'appendonly.aof.2.incr.aof'))).toBe(
      resp('SELECT', '0') + resp('SET', 'b', '3'),
    );
  });

  it('appendonly yes at runtime writes a base first; appendonly no stops logging', async () => {
    const dir = tempDir();
    const aof = new AofAdapter(dir, {}, false);
    adapters.push(aof);
    const store = new Store({ clock: new FakeClock(T0) });
    aof.attach(store);
    store.call('SET', 'before', '1');
    expect(fs.existsSync(aofDir(dir))).toBe(false);
    const enabling = aof.enable(store);
    expect(aof.enabled).toBe(true);
    store.call('SET', 'during', '1');
    await enabling;
    store.call('SET', 'after', '1');
    await aof.sync();
    aof.disable();
    store.call('SET', 'off', '1');
    const { store: loaded } = open(dir);
    expect(loaded.call('MGET', 'before', 'during', 'after', 'off')).toEqual(['1', '1', '1', null]);
  });

  it('a write error refuses writes with MISCONF until a write succeeds', async () => {
    if (!fs.existsSync('/dev/full')) return;
    const dir = tempDir();
    const { aof, store } = open(dir, { fsync: 'always' });
    // Point the open incremental file at /dev/full: every write fails with ENOSPC.
    const writer = (aof as unknown as { writer: { target: { fd: number } } }).writer;
    const real = writer.target.fd;
    writer.target.fd = fs.openSync('/dev/full', 'w');
    store.call('SET', 'k', 'v');
    await expect(aof.durable()!).rejects.toThrow(/ENOSPC/);
    expect(aof.deniedWriteError()).toBe('MISCONF Errors writing to the AOF file: No space left on device');
    expect(store.diskError).toBe('MISCONF Errors writing to the AOF file: No space left on device');
    expect(aof.info().lastWriteStatus).toBe('err');
    // Disk space is back: the retry (every second) writes the batch and clears the error.
    fs.closeSync(writer.target.fd);
    writer.target.fd = real;
    for (let i = 0; i < 40 && aof.writeError !== null; i++) await new Promise((r) => setTimeout(r, 50));
    expect(aof.writeError).toBeNull();
    expect(store.diskError).toBeNull();
    await aof.sync();
    expect(read(lastIncr(dir))).toContain(resp('SET', 'k', 'v'));
  });

  it('typed API writes with non-ASCII text are logged as UTF-8 bytes', async () => {
    const dir = tempDir();
    const { aof, store } = open(dir);
    store.set('clé', 'valeur ✓');
    store.hset('h', { champ: 'é' });
    await aof.sync();
    aof.close();
    const { store: loaded } = open(dir);
    expect(loaded.get('clé')).toBe('valeur ✓');
    expect(loaded.hget('h', 'champ')).toBe('é');
    await aof.sync();
  });

  it('a command error in the log is ignored, as Redis does, and reported', () => {
    const dir = tempDir();
    fs.mkdirSync(aofDir(dir));
    fs.writeFileSync(
      join(aofDir(dir), 'appendonly.aof.manifest'),
      'file appendonly.aof.1.incr.aof seq 1 type i\n',
    );
    fs.writeFileSync(
      join(aofDir(dir), 'appendonly.aof.1.incr.aof'),
      resp('SET', 'k', 'v') + resp('LPUSH', 'k', 'x') + resp('SET', 'k2', 'v2'),
      'latin1',
    );
    const { store, result } = open(dir);
    expect(store.call('MGET', 'k', 'k2')).toEqual(['v', 'v2']);
    expect(result.items).toBe(3);
    expect(result.warnings.join()).toMatch(/1 commands .* replied an error .*WRONGTYPE/);
  });

  it('keeps working after load: typed writes and ReplyErrors', () => {
    const dir = tempDir();
    const { store } = open(dir);
    expect(() => store.call('LPUSH')).toThrow(ReplyError);
  });
});

describe('AOF through the Store: BGREWRITEAOF and CONFIG', () => {
  const stores: Store[] = [];
  afterEach(() => {
    for (const s of stores.splice(0)) s.close();
  });
  const storeIn = (dir: string, options: Partial<ConstructorParameters<typeof Store>[0]> = {}): Store => {
    const s = new Store({ dir, snapshot: false, ...options });
    stores.push(s);
    return s;
  };

  it('BGREWRITEAOF starts, refuses a second one, and is scheduled after a running BGSAVE', async () => {
    const dir = tempDir();
    const store = storeIn(dir, { appendOnly: true });
    for (let i = 0; i < 100; i++) store.call('SET', `k${i}`, 'v');
    expect(store.call('BGREWRITEAOF')).toBe('Background append only file rewriting started');
    expect(() => store.call('BGREWRITEAOF')).toThrow(
      'ERR Background append only file rewriting already in progress',
    );
    const log = store.persistence.log!;
    while (log.rewriteInProgress) await new Promise((r) => setTimeout(r, 5));
    expect(store.persistence.info().aof_rewrites).toBe(1);
    store.call('BGSAVE');
    expect(store.call('BGREWRITEAOF')).toBe('Background append only file rewriting scheduled');
    await store.persistence.bgsaveDone;
    for (let i = 0; i < 100 && log.info().rewrites < 2; i++) await new Promise((r) => setTimeout(r, 5));
    expect(log.info().rewrites).toBe(2);
    while (log.rewriteInProgress) await new Promise((r) => setTimeout(r, 5));
    expect(read(join(aofDir(dir), 'appendonly.aof.manifest'))).toMatch(/appendonly\.aof\.3\.base\.aof/);
  });

  it('CONFIG GET reports the log settings and CONFIG SET appendfsync applies at once', () => {
    const store = storeIn(tempDir(), { appendOnly: { fsync: 'always', autoRewritePercentage: 50 } });
    expect(store.call('CONFIG', 'GET', 'appendonly')).toEqual(['appendonly', 'yes']);
    expect(store.call('CONFIG', 'GET', 'appendfsync')).toEqual(['appendfsync', 'always']);
    expect(store.call('CONFIG', 'GET', 'auto-aof-rewrite-percentage')).toEqual([
      'auto-aof-rewrite-percentage',
      '50',
    ]);
    expect(store.call('CONFIG', 'SET', 'appendfsync', 'no')).toBe('OK');
    expect(store.persistence.log!.fsync).toBe('no');
    store.call('SET', 'k', 'v');
    expect(store.persistence.log!.durable()).toBeNull();
  });

  it('CONFIG SET appendonly yes switches the log on at runtime and no switches it off', async () => {
    const dir = tempDir();
    const store = storeIn(dir);
    store.call('SET', 'before', '1');
    expect(store.call('CONFIG', 'GET', 'appendonly')).toEqual(['appendonly', 'no']);
    expect(store.call('CONFIG', 'SET', 'appendonly', 'yes')).toBe('OK');
    store.call('SET', 'during', '1');
    const log = store.persistence.log!;
    while (!log.info().enabled) await new Promise((r) => setTimeout(r, 5));
    store.call('SET', 'after', '1');
    await store.sync();
    expect(store.call('CONFIG', 'GET', 'appendonly')).toEqual(['appendonly', 'yes']);
    expect(store.call('CONFIG', 'SET', 'appendonly', 'no')).toBe('OK');
    store.call('SET', 'not-logged', '1');
    store.close();
    const { store: loaded } = open(dir);
    expect(loaded.call('MGET', 'before', 'during', 'after', 'not-logged')).toEqual(['1', '1', '1', null]);
  });

  it('CONFIG SET appendonly yes needs a data directory', () => {
    const store = new Store();
    expect(() => store.call('CONFIG', 'SET', 'appendonly', 'yes')).toThrow(/needs a data directory/);
  });

  it('a store reopened on its directory continues the same incremental file', async () => {
    const dir = tempDir();
    const a = storeIn(dir, { appendOnly: true });
    a.call('SET', 'x', '1');
    a.close();
    const b = storeIn(dir, { appendOnly: true });
    expect(b.call('GET', 'x')).toBe('1');
    b.call('SET', 'y', '2');
    await b.sync();
    expect(read(join(aofDir(dir), 'appendonly.aof.1.incr.aof'))).toBe(
      resp('SELECT', '0') + resp('SET', 'x', '1') + resp('SELECT', '0') + resp('SET', 'y', '2'),
    );
  });
});
