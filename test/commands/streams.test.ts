// Stream commands (t_stream.c) through the dispatcher and the typed API: replies, error texts,
// and the effects (propagation and keyspace events) Redis 7.0.15 produces — generated IDs
// logged as concrete IDs, `~` trims rewritten as `=` to what was left. Replies against a real
// redis-server: test/differential/streams.test.ts.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NULL_ARRAY } from '../../src/commands/reply.js';
import { NOTIFY } from '../../src/effects/effects.js';
import { type Effect, FakeClock, ReplyError, Store } from '../../src/index.js';

const T0 = Date.UTC(2030, 0, 1);

const WRONGTYPE = 'WRONGTYPE Operation against a key holding the wrong kind of value';

function setup() {
  const clock = new FakeClock(T0);
  const store = new Store({ clock, seed: 1 });
  const effects: Effect[] = [];
  store.effects.addSink((unit) => effects.push(...unit));
  const events: string[] = [];
  store.effects.addEventListener((flag, event, key) => {
    const cls = flag === NOTIFY.STREAM ? 'stream' : flag === NOTIFY.GENERIC ? 'generic' : String(flag);
    events.push(`${cls}:${event}:${key}`);
  });
  const log = () => effects.map((e) => e.argv.join(' '));
  const reset = () => {
    effects.length = 0;
    events.length = 0;
  };
  return { clock, store, log, events, reset };
}

/** The error text `fn` throws. */
function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof ReplyError) return e.message;
    throw e;
  }
  throw new Error('did not throw');
}

describe('XADD', () => {
  it('XADD * takes the clock, continues from the last ID, and logs the concrete ID', () => {
    const { clock, store, log, events } = setup();
    expect(store.call('XADD', 's', '*', 'f', 'v')).toBe(`${T0}-0`);
    expect(store.call('XADD', 's', '*', 'f', 'v')).toBe(`${T0}-1`);
    clock.advance(5);
    expect(store.call('XADD', 's', `${T0 + 5}-*`, 'g', 'w')).toBe(`${T0 + 5}-0`);
    expect(store.call('XADD', 's', `${T0 + 5}-*`, 'g', 'w')).toBe(`${T0 + 5}-1`);
    expect(store.call('XADD', 's', '99999999999999-7', 'h', 'x')).toBe('99999999999999-7');
    expect(log()).toEqual([
      `XADD s ${T0}-0 f v`,
      `XADD s ${T0}-1 f v`,
      `XADD s ${T0 + 5}-0 g w`,
      `XADD s ${T0 + 5}-1 g w`,
      'XADD s 99999999999999-7 h x',
    ]);
    expect(events).toEqual(Array(5).fill('stream:xadd:s'));
  });

  it('XADD MAXLEN ~ is logged as MAXLEN = <length after>, without LIMIT', () => {
    const { store, log, events, reset } = setup();
    for (let i = 1; i <= 250; i++) store.call('XADD', 's', `${i}-0`, 'f', String(i));
    reset();
    store.call('XADD', 's', 'NOMKSTREAM', 'MAXLEN', '~', '120', 'LIMIT', '1000', '251-0', 'f', 'v');
    expect(store.xlen('s')).toBe(151);
    expect(log()).toEqual(['XADD s NOMKSTREAM MAXLEN = 151 251-0 f v']);
    expect(events).toEqual(['stream:xadd:s', 'stream:xtrim:s']);
    reset();
    store.call('XADD', 's', 'MINID', '~', '160', '*', 'f', 'v');
    expect(log()).toEqual([`XADD s MINID = 101-0 ${T0}-0 f v`]);
    reset();
    store.call('XADD', 's', 'MAXLEN', '1000', '*', 'f', 'v');
    expect(log()).toEqual([`XADD s MAXLEN = 1000 ${T0}-1 f v`]);
    expect(events).toEqual(['stream:xadd:s']);
  });

  it('XADD NOMKSTREAM on a missing key replies nil and logs nothing', () => {
    const { store, log, events } = setup();
    expect(store.call('XADD', 's', 'NOMKSTREAM', '*', 'f', 'v')).toBeNull();
    expect(store.xadd('s', { f: 'v' }, { nomkstream: true })).toBeNull();
    expect(store.call('EXISTS', 's')).toBe(0);
    expect(log()).toEqual([]);
    expect(events).toEqual([]);
  });

  it('a refused XADD leaves no key and no effect behind', () => {
    const { store, log } = setup();
    expect(errorOf(() => store.call('XADD', 's', '0-0', 'f', 'v'))).toBe(
      'ERR The ID specified in XADD must be greater than 0-0',
    );
    expect(errorOf(() => store.call('XADD', 's', 'MAXLEN', '1', 'LIMIT', '2', '*', 'f', 'v'))).toBe(
      'ERR syntax error, LIMIT cannot be used without the special ~ option',
    );
    expect(store.call('EXISTS', 's')).toBe(0);
    store.xadd('s', { f: 'v' }, { id: '5-0' });
    expect(errorOf(() => store.xadd('s', { f: 'v' }, { id: '5-0' }))).toBe(
      'ERR The ID specified in XADD is equal or smaller than the target stream top item',
    );
    expect(log()).toEqual(['XADD s 5-0 f v']);
  });
});

describe('typed API', () => {
  it('xadd takes an object or pairs; xrange / xrevrange return [id, flat fields]', () => {
    const { store } = setup();
    expect(store.xadd('s', { a: '1', b: '2' }, { id: '1-0' })).toBe('1-0');
    expect(store.xadd('s', [['c', '3']], { id: '1-*' })).toBe('1-1');
    expect(store.xadd('s', [[Buffer.from('d'), Buffer.from('4')]])).toBe(`${T0}-0`);
    expect(store.xlen('s')).toBe(3);
    expect(store.xrange('s')).toEqual([
      ['1-0', ['a', '1', 'b', '2']],
      ['1-1', ['c', '3']],
      [`${T0}-0`, ['d', '4']],
    ]);
    expect(store.xrange('s', '(1-0', '+', 1)).toEqual([['1-1', ['c', '3']]]);
    expect(store.xrevrange('s', '+', '-', 2).map((e) => e[0])).toEqual([`${T0}-0`, '1-1']);
    expect(store.xrange('s', '-', '+', 0)).toEqual([]);
    expect(store.xrange('missing')).toEqual([]);
    expect(errorOf(() => store.xadd('s', {}))).toBe("ERR wrong number of arguments for 'xadd' command");
    expect(errorOf(() => store.xrange('s', 'x'))).toBe(
      'ERR Invalid stream ID specified as stream command argument',
    );
  });

  it('xdel, xtrim and xsetid', () => {
    const { store, log, events, reset } = setup();
    for (let i = 1; i <= 10; i++) store.xadd('s', { f: String(i) }, { id: `${i}-0` });
    reset();
    expect(store.xdel('s', '1-0', '2-0', '99-0')).toBe(2);
    expect(store.xdel('s', '1-0')).toBe(0);
    expect(store.xtrim('s', { strategy: 'MAXLEN', threshold: 5 })).toBe(3);
    expect(store.xtrim('s', { strategy: 'MINID', threshold: '8' })).toBe(2);
    expect(store.xtrim('s', { strategy: 'MINID', threshold: '8', approx: true, limit: 0 })).toBe(0);
    expect(store.xrange('s').map((e) => e[0])).toEqual(['8-0', '9-0', '10-0']);
    store.xsetid('s', '20-0', { entriesAdded: 30, maxDeletedId: '7-0' });
    expect(errorOf(() => store.xadd('s', { f: 'v' }, { id: '15-0' }))).toContain('equal or smaller');
    expect(log()).toEqual([
      'XDEL s 1-0 2-0 99-0',
      'XTRIM s MAXLEN = 5',
      'XTRIM s MINID = 8',
      'XSETID s 20-0 ENTRIESADDED 30 MAXDELETEDID 7-0',
    ]);
    expect(events).toEqual(['stream:xdel:s', 'stream:xtrim:s', 'stream:xtrim:s', 'stream:xsetid:s']);
    expect(errorOf(() => store.xsetid('missing', '1-0'))).toBe('ERR no such key');
    expect(errorOf(() => store.xsetid('s', '1-0', { maxDeletedId: '2-0' }))).toBe(
      'ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id',
    );
    expect(errorOf(() => store.xtrim('s', { strategy: 'MAXLEN', threshold: -1 }))).toBe(
      'ERR The MAXLEN argument must be >= 0.',
    );
    expect(errorOf(() => store.xtrim('s', { strategy: 'MAXLEN', threshold: 1, limit: 5 }))).toBe(
      'ERR syntax error, LIMIT cannot be used without the special ~ option',
    );
    store.set('str', 'v');
    expect(errorOf(() => store.xlen('str'))).toBe(WRONGTYPE);
    expect(errorOf(() => store.xdel('str', 'bad'))).toBe(WRONGTYPE);
  });
});

describe('wire effects', () => {
  it('XTRIM ~ is logged as = <what was left>; nothing is logged when nothing was trimmed', () => {
    const { store, log, reset } = setup();
    for (let i = 1; i <= 250; i++) store.call('XADD', 's', `${i}-0`, 'f', 'v');
    reset();
    expect(store.call('XTRIM', 's', 'MAXLEN', '~', '10', 'LIMIT', '100')).toBe(100);
    expect(store.call('XTRIM', 's', 'minid', '~', '230')).toBe(100);
    expect(store.call('XTRIM', 's', 'MAXLEN', '1000')).toBe(0);
    expect(store.call('XTRIM', 's', 'MAXLEN', '49')).toBe(1);
    expect(store.call('XDEL', 's', '1-0')).toBe(0);
    expect(log()).toEqual(['XTRIM s MAXLEN = 150', 'XTRIM s MINID = 201-0', 'XTRIM s MAXLEN 49']);
    reset();
    store.call('XTRIM', 's', 'MAXLEN', '0');
    store.call('XTRIM', 's', 'MINID', '~', '0-1');
    expect(log()).toEqual(['XTRIM s MAXLEN 0']);
  });

  it('XSETID is logged as issued and does not touch the key; COUNT 0 replies the null array', () => {
    const { store, log } = setup();
    store.call('XADD', 's', '1-0', 'f', 'v');
    expect(store.call('XSETID', 's', '5-0', 'entriesadded', '3')).toBe('OK');
    expect(log()).toEqual(['XADD s 1-0 f v', 'XSETID s 5-0 entriesadded 3']);
    expect(store.dispatch(['XRANGE', 's', '-', '+', 'COUNT', '0'])).toBe(NULL_ARRAY);
    expect(store.dispatch(['XRANGE', 'missing', '-', '+', 'COUNT', '0'])).toEqual([]);
  });
});

describe('consumer groups', () => {
  it('XREADGROUP is logged as idempotent XCLAIMs; NOACK as CREATECONSUMER + XGROUP SETID', () => {
    const { clock, store, log, events, reset } = setup();
    for (let i = 1; i <= 3; i++) store.call('XADD', 's', `${i}-0`, 'f', String(i));
    store.call('XGROUP', 'CREATE', 's', 'g', '0');
    reset();
    clock.advance(10);
    expect(store.call('XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', '2', 'STREAMS', 's', '>')).toEqual([
      [
        's',
        [
          ['1-0', ['f', '1']],
          ['2-0', ['f', '2']],
        ],
      ],
    ]);
    const t = T0 + 10;
    // Several effects of one command replay atomically (propagatePendingCommands).
    expect(log()).toEqual([
      'MULTI',
      `XCLAIM s g alice 0 1-0 TIME ${t} RETRYCOUNT 1 FORCE JUSTID LASTID 1-0`,
      `XCLAIM s g alice 0 2-0 TIME ${t} RETRYCOUNT 1 FORCE JUSTID LASTID 2-0`,
      'EXEC',
    ]);
    expect(events).toEqual(['stream:xgroup-createconsumer:s']);
    reset();
    store.call('XREADGROUP', 'GROUP', 'g', 'bob', 'NOACK', 'STREAMS', 's', '>');
    expect(log()).toEqual([
      'MULTI',
      'XGROUP CREATECONSUMER s g bob',
      'XGROUP SETID s g 3-0 ENTRIESREAD 3',
      'EXEC',
    ]);
    reset();
    // A history read changes delivery counts but logs nothing, as in Redis.
    clock.advance(5);
    store.call('XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '0');
    expect(log()).toEqual([]);
    expect(store.call('XPENDING', 's', 'g', '-', '+', '10')).toEqual([
      ['1-0', 'alice', 0, 2],
      ['2-0', 'alice', 0, 2],
    ]);
    clock.advance(7);
    expect(store.call('XPENDING', 's', 'g', 'IDLE', '7', '-', '+', '10', 'alice')).toEqual([
      ['1-0', 'alice', 7, 2],
      ['2-0', 'alice', 7, 2],
    ]);
    expect(store.call('XPENDING', 's', 'g', 'IDLE', '8', '-', '+', '10')).toEqual([]);
    expect(store.call('XACK', 's', 'g', '1-0', '1-0', '5-0')).toBe(1);
    expect(store.call('XACK', 's', 'g', '5-0')).toBe(0);
    expect(log()).toEqual(['XACK s g 1-0 1-0 5-0']);
    expect(store.call('XPENDING', 's', 'g')).toEqual([1, '2-0', '2-0', [['alice', '1']]]);
  });

  it('XGROUP subcommands are logged as issued when they change something', () => {
    const { store, log, events } = setup();
    store.call('XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM');
    store.call('XGROUP', 'SETID', 's', 'g', '0', 'ENTRIESREAD', '0');
    expect(store.call('XGROUP', 'CREATECONSUMER', 's', 'g', 'c')).toBe(1);
    expect(store.call('XGROUP', 'CREATECONSUMER', 's', 'g', 'c')).toBe(0);
    expect(store.call('XGROUP', 'DELCONSUMER', 's', 'g', 'c')).toBe(0);
    expect(store.call('XGROUP', 'DELCONSUMER', 's', 'g', 'c')).toBe(0);
    expect(store.call('XGROUP', 'DESTROY', 's', 'g')).toBe(1);
    expect(store.call('XGROUP', 'DESTROY', 's', 'g')).toBe(0);
    expect(log()).toEqual([
      'XGROUP CREATE s g $ MKSTREAM',
      'XGROUP SETID s g 0 ENTRIESREAD 0',
      'XGROUP CREATECONSUMER s g c',
      'XGROUP DELCONSUMER s g c',
      'XGROUP DESTROY s g',
    ]);
    expect(events).toEqual([
      'stream:xgroup-create:s',
      'stream:xgroup-setid:s',
      'stream:xgroup-createconsumer:s',
      'stream:xgroup-delconsumer:s',
      'stream:xgroup-destroy:s',
    ]);
    expect(store.call('XLEN', 's')).toBe(0);
  });
});

describe('blocking reads', () => {
  it('XREAD BLOCK $ wakes on XADD and times out by the clock', async () => {
    const { clock, store } = setup();
    store.call('XADD', 's', '1-0', 'f', 'v');
    const p = store.call('XREAD', 'BLOCK', '0', 'STREAMS', 's', 'other', '$', '$') as Promise<unknown>;
    expect(p).toBeInstanceOf(Promise);
    store.call('XADD', 's', '2-0', 'g', 'w');
    await expect(p).resolves.toEqual([['s', [['2-0', ['g', 'w']]]]]);
    const q = store.call('XREAD', 'BLOCK', '100', 'STREAMS', 's', '$') as Promise<unknown>;
    clock.advance(101);
    await expect(q).resolves.toBeNull();
    // A new key wakes a reader blocked on it.
    const r = store.call('XREAD', 'BLOCK', '0', 'STREAMS', 'new', '$') as Promise<unknown>;
    store.call('XADD', 'new', '5-0', 'a', 'b');
    await expect(r).resolves.toEqual([['new', [['5-0', ['a', 'b']]]]]);
  });

  it('XREADGROUP BLOCK is served from the group, logged, and fails with NOGROUP when the group goes', async () => {
    const { clock, store, log, reset } = setup();
    store.call('XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM');
    const p = store.call(
      'XREADGROUP',
      'GROUP',
      'g',
      'c',
      'BLOCK',
      '0',
      'STREAMS',
      's',
      '>',
    ) as Promise<unknown>;
    reset();
    clock.advance(3);
    store.call('XADD', 's', '1-0', 'f', 'v');
    await expect(p).resolves.toEqual([['s', [['1-0', ['f', 'v']]]]]);
    expect(log()).toEqual([
      'XADD s 1-0 f v',
      `XCLAIM s g c 0 1-0 TIME ${T0 + 3} RETRYCOUNT 1 FORCE JUSTID LASTID 1-0`,
    ]);
    expect(store.call('XPENDING', 's', 'g')).toEqual([1, '1-0', '1-0', [['c', '1']]]);
    const q = store.call(
      'XREADGROUP',
      'GROUP',
      'g',
      'c',
      'BLOCK',
      '0',
      'STREAMS',
      's',
      '>',
    ) as Promise<unknown>;
    store.call('XGROUP', 'DESTROY', 's', 'g');
    await expect(q).rejects.toThrow('NOGROUP the consumer group this client was blocked on no longer exists');
  });

  it('a blocked XREADGROUP failing with NOGROUP counts as a failed call and an error reply (INFO)', async () => {
    // Redis's unit/type/stream-cgroups.tcl: "XGROUP DESTROY should unblock XREADGROUP with -NOGROUP".
    const { store } = setup();
    store.call('XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM');
    store.call('CONFIG', 'RESETSTAT');
    const p = store.call(
      'XREADGROUP',
      'GROUP',
      'g',
      'c',
      'BLOCK',
      '0',
      'STREAMS',
      's',
      '>',
    ) as Promise<unknown>;
    store.call('XGROUP', 'DESTROY', 's', 'g');
    await expect(p).rejects.toThrow('NOGROUP');
    const info = String(store.call('INFO', 'all'));
    expect(info).toMatch(/\r\nerrorstat_NOGROUP:count=1\r\n/);
    expect(info).toMatch(/\r\ncmdstat_xreadgroup:calls=1,.*,rejected_calls=0,failed_calls=1\r\n/);
    expect(info).toMatch(/\r\ntotal_error_replies:1\r\n/);
  });

  describe('a blocked XREADGROUP fails when its stream goes (blocked.c, 7.0.15)', () => {
    const UNBLOCKED = 'UNBLOCKED the stream key no longer exists';
    const NOGROUP = 'NOGROUP the consumer group this client was blocked on no longer exists';
    /** A stream `s` with group `g`, a group reader and a plain reader blocked on it. */
    function blocked() {
      const t = setup();
      t.store.call('XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM');
      const group = t.store.call('XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', '>');
      const plain = t.store.call('XREAD', 'BLOCK', '0', 'STREAMS', 's', '$');
      expect(group).toBeInstanceOf(Promise);
      expect(plain).toBeInstanceOf(Promise);
      let plainDone = false;
      (plain as Promise<unknown>).then(
        () => (plainDone = true),
        () => (plainDone = true),
      );
      return {
        ...t,
        group: group as Promise<unknown>,
        plain: plain as Promise<unknown>,
        plainDone: () => plainDone,
      };
    }
    // The texts and the cases were checked against redis-server 7.0.15 with two redis-cli clients.
    const cases: [string, (store: Store) => unknown][] = [
      ['DEL', (st) => st.call('DEL', 's')],
      ['UNLINK', (st) => st.call('UNLINK', 's')],
      ['SET over the stream', (st) => st.call('SET', 's', 'x')],
      ['RENAME away', (st) => st.call('RENAME', 's', 't')],
      [
        'RENAME another type onto it',
        (st) => {
          st.call('SET', 'x', '1');
          return st.call('RENAME', 'x', 's');
        },
      ],
      ['MOVE to another db', (st) => st.call('MOVE', 's', '1')],
      ['FLUSHALL', (st) => st.call('FLUSHALL')],
      ['FLUSHDB', (st) => st.call('FLUSHDB')],
      ['SWAPDB with an empty db', (st) => st.call('SWAPDB', '0', '1')],
      ['typed del()', (st) => st.del('s')],
      ['typed flushall()', (st) => st.flushall()],
    ];
    for (const [name, act] of cases) {
      it(`${name}: UNBLOCKED the stream key no longer exists; a plain XREAD stays blocked`, async () => {
        const { store, group, plain, plainDone } = blocked();
        act(store);
        await expect(group).rejects.toThrow(UNBLOCKED);
        expect(plainDone()).toBe(false);
        // The plain reader is served once the key is a stream again.
        store.select(0);
        store.call('DEL', 's');
        store.call('XADD', 's', '5-0', 'f', 'v');
        await expect(plain).resolves.toEqual([['s', [['5-0', ['f', 'v']]]]]);
      });
    }

    it('expiry, lazy or active, unblocks with UNBLOCKED', async () => {
      const { clock, store, group } = blocked();
      store.call('PEXPIRE', 's', '10');
      clock.advance(11);
      store.call('EXISTS', 's');
      await expect(group).rejects.toThrow(UNBLOCKED);
      const b = blocked();
      b.store.call('PEXPIRE', 's', '10');
      b.clock.advance(1000);
      await expect(b.group).rejects.toThrow(UNBLOCKED);
    });

    it('the typed xreadgroupBlock rejects with UNBLOCKED', async () => {
      const { store } = setup();
      store.xgroupCreate('s', 'g', '$', { mkstream: true });
      const p = store.xreadgroupBlock('g', 'c', { s: '>' }, 0);
      store.del('s');
      await expect(p).rejects.toThrow(UNBLOCKED);
      expect(store.blocking?.size).toBe(0);
    });

    it('deleted and made again in one unit: NOGROUP without the group, still blocked with it', async () => {
      const { store, group, plain } = blocked();
      // One execution unit, as MULTI / EXEC runs it.
      store.effects.begin();
      store.call('DEL', 's');
      store.call('XADD', 's', '1-0', 'a', 'b');
      store.effects.end();
      await expect(group).rejects.toThrow(NOGROUP);
      await expect(plain).resolves.toEqual([['s', [['1-0', ['a', 'b']]]]]);
      const b = blocked();
      b.store.effects.begin();
      b.store.call('DEL', 's');
      b.store.call('XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM');
      b.store.effects.end();
      await Promise.resolve();
      expect(b.store.blocking?.size).toBe(2);
      b.store.call('XADD', 's', '1-0', 'a', 'b');
      await expect(b.group).resolves.toEqual([['s', [['1-0', ['a', 'b']]]]]);
    });

    it('XGROUP DESTROY of another group, XDEL and XTRIM leave it blocked', async () => {
      const { store, group } = blocked();
      store.call('XGROUP', 'CREATE', 's', 'h', '$');
      store.call('XGROUP', 'DESTROY', 's', 'h');
      store.call('XSETID', 's', '9-0');
      store.call('XTRIM', 's', 'MAXLEN', '0');
      await Promise.resolve();
      expect(store.blocking?.size).toBe(2);
      store.call('XADD', 's', '10-0', 'f', 'v');
      await expect(group).resolves.toEqual([['s', [['10-0', ['f', 'v']]]]]);
    });

    it('SWAPDB with a db holding the stream and group serves instead', async () => {
      const { store, group } = blocked();
      store.select(1);
      store.xadd('s', { f: 'v' }, { id: '3-0' });
      store.xgroupCreate('s', 'g', '0');
      store.select(0);
      store.swapdb(0, 1);
      await expect(group).resolves.toEqual([['s', [['3-0', ['f', 'v']]]]]);
    });
  });

  it('XREAD BLOCK where blocking is denied replies nil at once', () => {
    const { store } = setup();
    const session = { ...store.createSession(), denyBlocking: true };
    expect(store.dispatch(['XREAD', 'BLOCK', '0', 'STREAMS', 's', '$'], session)).toBe(NULL_ARRAY);
  });
});

describe('typed consumer-group API', () => {
  it('xgroupCreate, xreadgroup, xpending, xack, xgroupDelConsumer', async () => {
    const { clock, store, log, reset } = setup();
    store.xgroupCreate('s', 'g', '$', { mkstream: true });
    store.xadd('s', { a: '1' }, { id: '1-0' });
    store.xadd('s', { a: '2' }, { id: '2-0' });
    reset();
    expect(store.xreadgroup('g', 'c', { s: '>' }, { count: 1 })).toEqual([['s', [['1-0', ['a', '1']]]]]);
    expect(store.xreadgroup('g', 'c', { s: '0' })).toEqual([['s', [['1-0', ['a', '1']]]]]);
    expect(store.xreadgroup('g', 'd', { s: '>' }, { noack: true })).toEqual([['s', [['2-0', ['a', '2']]]]]);
    expect(store.xreadgroup('g', 'd', { s: '>' })).toBeNull();
    expect(store.xpending('s', 'g')).toEqual({ count: 1, first: '1-0', last: '1-0', consumers: [['c', 1]] });
    clock.advance(4);
    expect(store.xpendingRange('s', 'g', '-', '+', 10, { idle: 4, consumer: 'c' })).toEqual([
      ['1-0', 'c', 4, 2],
    ]);
    expect(store.xack('s', 'g', '1-0', '2-0')).toBe(1);
    expect(store.xgroupCreateConsumer('s', 'g', 'e')).toBe(true);
    expect(store.xgroupDelConsumer('s', 'g', 'e')).toBe(0);
    store.xgroupSetId('s', 'g', '0', { entriesRead: 0 });
    expect(store.xreadgroup('g', 'c', { s: '>' })?.[0]?.[1].map((e) => e[0])).toEqual(['1-0', '2-0']);
    expect(store.xgroupDestroy('s', 'g')).toBe(true);
    expect(store.xgroupDestroy('s', 'g')).toBe(false);
    expect(log()[0]).toBe(`XCLAIM s g c 0 1-0 TIME ${T0} RETRYCOUNT 1 FORCE JUSTID LASTID 1-0`);
    expect(errorOf(() => store.xgroupCreate('missing', 'g'))).toContain('requires the key to exist');
    expect(errorOf(() => store.xreadgroup('nope', 'c', { s: '>' }))).toBe(
      "NOGROUP No such key 's' or consumer group 'nope' in XREADGROUP with GROUP option",
    );
  });

  it('xread and xreadBlock', async () => {
    const { clock, store } = setup();
    store.xadd('s', { a: '1' }, { id: '1-0' });
    expect(store.xread({ s: '0' })).toEqual([['s', [['1-0', ['a', '1']]]]]);
    expect(store.xread({ s: '$' })).toBeNull();
    const p = store.xreadBlock({ s: '$' }, 0);
    store.xadd('s', { b: '2' }, { id: '2-0' });
    await expect(p).resolves.toEqual([['s', [['2-0', ['b', '2']]]]]);
    const q = store.xreadgroupBlock('g', 'c', { s: '>' }, 50).catch((e: Error) => e.message);
    await expect(q).resolves.toContain('NOGROUP');
    store.xgroupCreate('s', 'g');
    const r = store.xreadgroupBlock('g', 'c', { s: '>' }, 50);
    clock.advance(51);
    await expect(r).resolves.toBeNull();
  });
});

describe('XCLAIM and XAUTOCLAIM', () => {
  function withPending() {
    const ctx = setup();
    for (let i = 1; i <= 5; i++) ctx.store.xadd('s', { f: String(i) }, { id: `${i}-0` });
    ctx.store.xgroupCreate('s', 'g', '0');
    ctx.store.xreadgroup('g', 'alice', { s: '>' });
    ctx.reset();
    return ctx;
  }

  it('XCLAIM by idle time, logged as XCLAIM with the new owner; LASTID alone as XGROUP SETID', () => {
    const { clock, store, log, events } = withPending();
    clock.advance(100);
    expect(store.xclaimJustId('s', 'g', 'bob', 101, ['1-0'])).toEqual([]);
    expect(store.xclaim('s', 'g', 'bob', 100, ['1-0', '2-0'], { retryCount: 5 })).toEqual([
      ['1-0', ['f', '1']],
      ['2-0', ['f', '2']],
    ]);
    const t = T0 + 100;
    expect(log()).toEqual([
      `XCLAIM s g bob 0 1-0 TIME ${t} RETRYCOUNT 5 FORCE JUSTID LASTID 5-0`,
      `XCLAIM s g bob 0 2-0 TIME ${t} RETRYCOUNT 5 FORCE JUSTID LASTID 5-0`,
    ]);
    expect(events).toEqual(['stream:xgroup-createconsumer:s']);
    store.xdel('s', '3-0');
    expect(store.call('XCLAIM', 's', 'g', 'bob', '0', '3-0', 'JUSTID')).toEqual([]);
    expect(log().at(-1)).toBe(`XCLAIM s g alice 0 3-0 TIME ${T0} RETRYCOUNT 1 FORCE JUSTID LASTID 5-0`);
    store.xadd('s', { f: '6' }, { id: '6-0' });
    expect(store.call('XCLAIM', 's', 'g', 'bob', '0', 'LASTID', '6-0')).toEqual([]);
    expect(log().at(-1)).toBe('XGROUP SETID s g 6-0 ENTRIESREAD 5');
    expect(store.xpendingRange('s', 'g', '-', '+', 10)).toEqual([
      ['1-0', 'bob', 0, 5],
      ['2-0', 'bob', 0, 5],
      ['4-0', 'alice', 100, 1],
      ['5-0', 'alice', 100, 1],
    ]);
  });

  it('XAUTOCLAIM walks the PEL by cursor, counts deliveries, and drops deleted entries', () => {
    const { clock, store, log, reset } = withPending();
    store.xdel('s', '2-0');
    clock.advance(60);
    reset();
    let r = store.xautoclaim('s', 'g', 'bob', 50, '-', { count: 2 });
    expect(r).toEqual({ cursor: '3-0', entries: [['1-0', ['f', '1']]], deleted: ['2-0'] });
    r = store.xautoclaim('s', 'g', 'bob', 50, r.cursor, { count: 2 });
    expect(r.cursor).toBe('5-0');
    expect(r.entries.map((e) => e[0])).toEqual(['3-0', '4-0']);
    const last = store.xautoclaimJustId('s', 'g', 'bob', 50, r.cursor);
    expect(last).toEqual({ cursor: '0-0', entries: ['5-0'], deleted: [] });
    // Just claimed: idle 0 now, so nothing qualifies.
    expect(store.xautoclaimJustId('s', 'g', 'carol', 1, '-')).toEqual({
      cursor: '0-0',
      entries: [],
      deleted: [],
    });
    expect(store.xpendingRange('s', 'g', '-', '+', 10).map((p) => p[3])).toEqual([2, 2, 2, 1]);
    expect(log()[1]).toBe(`XCLAIM s g alice 0 2-0 TIME ${T0} RETRYCOUNT 1 FORCE JUSTID LASTID 5-0`);
    expect(log()).toHaveLength(5);
  });
});

describe('XINFO', () => {
  it('XINFO STREAM FULL shows entries, groups, PELs and consumers with clock times', () => {
    const { clock, store } = setup();
    store.xadd('s', { a: '1' }, { id: '1-0' });
    store.xadd('s', { b: '2' }, { id: '2-0' });
    store.xgroupCreate('s', 'g', '0');
    clock.advance(5);
    store.xreadgroup('g', 'c', { s: '>' }, { count: 1 });
    expect(store.call('XINFO', 'STREAM', 's', 'FULL')).toEqual([
      'length',
      2,
      'radix-tree-keys',
      1,
      'radix-tree-nodes',
      2,
      'last-generated-id',
      '2-0',
      'max-deleted-entry-id',
      '0-0',
      'entries-added',
      2,
      'recorded-first-entry-id',
      '1-0',
      'entries',
      [
        ['1-0', ['a', '1']],
        ['2-0', ['b', '2']],
      ],
      'groups',
      [
        [
          'name',
          'g',
          'last-delivered-id',
          '1-0',
          'entries-read',
          1,
          'lag',
          1,
          'pel-count',
          1,
          'pending',
          [['1-0', 'c', T0 + 5, 1]],
          'consumers',
          [['name', 'c', 'seen-time', T0 + 5, 'pel-count', 1, 'pending', [['1-0', T0 + 5, 1]]]],
        ],
      ],
    ]);
    clock.advance(10);
    expect(store.call('XINFO', 'CONSUMERS', 's', 'g')).toEqual([['name', 'c', 'pending', 1, 'idle', 10]]);
    expect((store.call('XINFO', 'STREAM', 's') as unknown[]).slice(14)).toEqual([
      'groups',
      1,
      'first-entry',
      ['1-0', ['a', '1']],
      'last-entry',
      ['2-0', ['b', '2']],
    ]);
  });
});

describe('commands against a naive model', () => {
  type Op =
    | { t: 'add'; gap: number; n: number }
    | { t: 'del'; pick: number }
    | { t: 'trim'; maxlen: number; approx: boolean }
    | { t: 'minid'; pick: number; approx: boolean }
    | { t: 'range'; a: number; b: number; count: number };
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({
      t: fc.constant('add' as const),
      gap: fc.integer({ min: 0, max: 3 }),
      n: fc.integer({ min: 1, max: 40 }),
    }),
    fc.record({ t: fc.constant('del' as const), pick: fc.nat() }),
    fc.record({
      t: fc.constant('trim' as const),
      maxlen: fc.integer({ min: 0, max: 300 }),
      approx: fc.boolean(),
    }),
    fc.record({ t: fc.constant('minid' as const), pick: fc.nat(), approx: fc.boolean() }),
    fc.record({
      t: fc.constant('range' as const),
      a: fc.nat(),
      b: fc.nat(),
      count: fc.integer({ min: 0, max: 20 }),
    }),
  );

  it('XADD XDEL XTRIM XRANGE XREVRANGE XLEN agree with an array (approx trims never over-trim)', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const store = new Store({ clock: new FakeClock(T0) });
        let model: [string, string[]][] = [];
        let ms = 1;
        const idOf = (i: number) => model[i % model.length]![0];
        for (const o of ops) {
          if (o.t === 'add') {
            ms += o.gap;
            for (let i = 0; i < o.n; i++) {
              const id = store.xadd('s', { f: `${ms}.${i}` }, { id: `${ms}-*` })!;
              model.push([id, ['f', `${ms}.${i}`]]);
            }
          } else if (o.t === 'del' && model.length > 0) {
            const id = idOf(o.pick);
            expect(store.xdel('s', id)).toBe(1);
            model = model.filter((e) => e[0] !== id);
          } else if (o.t === 'trim' && model.length > 0) {
            const removed = store.xtrim('s', { strategy: 'MAXLEN', threshold: o.maxlen, approx: o.approx });
            const want = Math.max(0, model.length - o.maxlen);
            if (o.approx) expect(removed).toBeLessThanOrEqual(want);
            else expect(removed).toBe(want);
            model = model.slice(removed);
          } else if (o.t === 'minid' && model.length > 0) {
            const id = idOf(o.pick);
            const removed = store.xtrim('s', { strategy: 'MINID', threshold: id, approx: o.approx });
            const below = model.findIndex((e) => e[0] === id);
            if (o.approx) expect(removed).toBeLessThanOrEqual(below);
            else expect(removed).toBe(below);
            model = model.slice(removed);
          } else if (o.t === 'range' && model.length > 0) {
            let [a, b] = [o.a % model.length, o.b % model.length];
            if (a > b) [a, b] = [b, a];
            const want = model.slice(a, b + 1);
            const count = o.count === 0 ? undefined : o.count;
            expect(store.xrange('s', model[a]![0], model[b]![0], count)).toEqual(want.slice(0, count));
            expect(store.xrevrange('s', model[b]![0], model[a]![0], count)).toEqual(
              want.reverse().slice(0, count),
            );
          }
          expect(store.xlen('s')).toBe(model.length);
        }
        expect(store.xrange('s')).toEqual(model);
      }),
      { numRuns: 150 },
    );
  });
});

describe('typed XINFO', () => {
  it('xinfoGroups and xinfoConsumers', () => {
    const { clock, store } = setup();
    store.xadd('s', { a: '1' }, { id: '1-0' });
    store.xgroupCreate('s', 'b', '0');
    store.xgroupCreate('s', 'a', '$');
    store.xreadgroup('b', 'c', { s: '>' });
    clock.advance(3);
    expect(store.xinfoGroups('s')).toEqual([
      { name: 'a', consumers: 0, pending: 0, lastDeliveredId: '1-0', entriesRead: null, lag: 0 },
      { name: 'b', consumers: 1, pending: 1, lastDeliveredId: '1-0', entriesRead: 1, lag: 0 },
    ]);
    expect(store.xinfoConsumers('s', 'b')).toEqual([{ name: 'c', pending: 1, idle: 3 }]);
    expect(errorOf(() => store.xinfoGroups('missing'))).toBe('ERR no such key');
    expect(errorOf(() => store.xinfoConsumers('s', 'z'))).toBe(
      "NOGROUP No such consumer group 'z' for key name 's'",
    );
  });
});

describe('typed reads decode UTF-8', () => {
  it('xrange / xrevrange decode non-ASCII fields in sealed and open nodes; the wire keeps bytes', () => {
    const { store } = setup();
    // 150 entries: the first 100 in a sealed node (one of them non-ASCII), the rest open.
    for (let i = 1; i <= 150; i++) store.xadd('s', { f: i === 5 ? 'é' : `v${i}` }, { id: `${i}-0` });
    store.xadd('s', { ñ: 'ü' }, { id: '151-0' });
    store.xadd('a', { f: 'v' }, { id: '1-0' });
    for (let i = 2; i <= 120; i++) store.xadd('a', { f: `v${i}` }, { id: `${i}-0` });
    expect(store.xrange('s', '5', '5')).toEqual([['5-0', ['f', 'é']]]);
    expect(store.xrange('s', '4', '6')).toEqual([
      ['4-0', ['f', 'v4']],
      ['5-0', ['f', 'é']],
      ['6-0', ['f', 'v6']],
    ]);
    expect(store.xrevrange('s', '+', '150')).toEqual([
      ['151-0', ['ñ', 'ü']],
      ['150-0', ['f', 'v150']],
    ]);
    expect(store.xrange('a', '99', '101')).toEqual([
      ['99-0', ['f', 'v99']],
      ['100-0', ['f', 'v100']],
      ['101-0', ['f', 'v101']],
    ]);
    // dispatch() replies in bytes, as the wire does.
    expect(store.dispatch(['XRANGE', 's', '5', '5'])).toEqual([['5-0', ['f', '\xc3\xa9']]]);
    expect(store.dispatch(['XRANGE', 's', '151', '151'])).toEqual([['151-0', ['\xc3\xb1', '\xc3\xbc']]]);
  });
});

describe('typed XINFO STREAM', () => {
  it('xinfoStream reports what XINFO STREAM replies, decoded', () => {
    const { clock, store } = setup();
    expect(errorOf(() => store.xinfoStream('missing'))).toBe('ERR no such key');
    store.set('str', 'x');
    expect(errorOf(() => store.xinfoStream('str'))).toBe(WRONGTYPE);
    store.xadd('s', { a: '1' }, { id: '1-0' });
    store.xadd('s', { ü: 'é' }, { id: '2-0' });
    store.xadd('s', { c: '3' }, { id: '3-0' });
    store.xdel('s', '3-0');
    store.xgroupCreate('s', 'grüppe', '0');
    clock.advance(1);
    const info = store.xinfoStream('s');
    expect(info).toEqual({
      length: 2,
      radixTreeKeys: 1,
      radixTreeNodes: 2,
      lastGeneratedId: '3-0',
      maxDeletedEntryId: '3-0',
      entriesAdded: 3,
      recordedFirstEntryId: '1-0',
      groups: 1,
      firstEntry: ['1-0', ['a', '1']],
      lastEntry: ['2-0', ['ü', 'é']],
    });
    const wire = store.call('XINFO', 'STREAM', 's') as unknown[];
    expect(wire.filter((_, i) => i % 2 === 1).slice(0, 8)).toEqual([2, 1, 2, '3-0', '3-0', 3, '1-0', 1]);
    store.xadd('e', { a: '1' }, { id: '1-0' });
    store.xdel('e', '1-0');
    expect(store.xinfoStream('e')).toMatchObject({ length: 0, firstEntry: null, lastEntry: null });
  });

  it('xinfoStreamFull lists entries, groups, PELs and consumers, COUNT capping each list', () => {
    const { clock, store } = setup();
    for (let i = 1; i <= 4; i++) store.xadd('s', { n: String(i) }, { id: `${i}-0` });
    store.xgroupCreate('s', 'g', '0');
    store.xgroupCreate('s', 'a', '$');
    clock.advance(2);
    store.xreadgroup('g', 'cönsumer', { s: '>' }, { count: 3 });
    clock.advance(5);
    const full = store.xinfoStreamFull('s', { count: 2 });
    expect(full).toEqual({
      length: 4,
      radixTreeKeys: 1,
      radixTreeNodes: 2,
      lastGeneratedId: '4-0',
      maxDeletedEntryId: '0-0',
      entriesAdded: 4,
      recordedFirstEntryId: '1-0',
      entries: [
        ['1-0', ['n', '1']],
        ['2-0', ['n', '2']],
      ],
      groups: [
        {
          name: 'a',
          lastDeliveredId: '4-0',
          entriesRead: null,
          lag: 0,
          pelCount: 0,
          pending: [],
          consumers: [],
        },
        {
          name: 'g',
          lastDeliveredId: '3-0',
          entriesRead: 3,
          lag: 1,
          pelCount: 3,
          pending: [
            ['1-0', 'cönsumer', T0 + 2, 1],
            ['2-0', 'cönsumer', T0 + 2, 1],
          ],
          consumers: [
            {
              name: 'cönsumer',
              seenTime: T0 + 2,
              pelCount: 3,
              pending: [
                ['1-0', T0 + 2, 1],
                ['2-0', T0 + 2, 1],
              ],
            },
          ],
        },
      ],
    });
    // COUNT 0 lists everything; a negative COUNT is the default 10, as on the wire.
    expect(store.xinfoStreamFull('s', { count: 0 }).entries).toHaveLength(4);
    expect(store.xinfoStreamFull('s', { count: -1 }).groups[1]!.pending).toHaveLength(3);
    expect(store.xinfoStreamFull('s').entries).toHaveLength(4);
    expect(errorOf(() => store.xinfoStreamFull('s', { count: 1.5 }))).toBe(
      'ERR value is not an integer or out of range',
    );
    expect(errorOf(() => store.xinfoStreamFull('nope'))).toBe('ERR no such key');
    // The wire reply carries the same values.
    const wire = store.call('XINFO', 'STREAM', 's', 'FULL', 'COUNT', '2') as unknown[];
    expect(wire[15]).toEqual(full.entries);
    expect((wire[17] as unknown[][])[1]).toEqual([
      'name',
      'g',
      'last-delivered-id',
      '3-0',
      'entries-read',
      3,
      'lag',
      1,
      'pel-count',
      3,
      'pending',
      full.groups[1]!.pending,
      'consumers',
      [
        [
          'name',
          'cönsumer',
          'seen-time',
          T0 + 2,
          'pel-count',
          3,
          'pending',
          full.groups[1]!.consumers[0]!.pending,
        ],
      ],
    ]);
  });
});

describe('stream node limits (stream-node-max-entries / -max-bytes)', () => {
  // Node counts as redis-server 7.0.15 reports them (radix-tree-keys) after the same CONFIG SET.
  it('default to Redis 7.0 values, 4096 bytes and 100 entries', () => {
    const { store } = setup();
    expect(store.streamLimits).toEqual({ maxBytes: 4096, maxEntries: 100 });
    for (let i = 1; i <= 250; i++) store.call('XADD', 's', `${i}-0`, 'f', `v${i}`);
    expect(store.xinfoStream('s').radixTreeKeys).toBe(3);
  });

  it('stream-node-max-entries 10: 25 entries in 3 nodes; the ~ LIMIT default follows it', () => {
    const { store } = setup();
    store.streamLimits.maxEntries = 10;
    for (let i = 1; i <= 25; i++) store.call('XADD', 's', `${i}-0`, 'f', `v${i}`);
    expect(store.xinfoStream('s').radixTreeKeys).toBe(3);
    for (let i = 26; i <= 3000; i++) store.xadd('s', { f: `v${i}` }, { id: `${i}-0` });
    // LIMIT defaults to 100 * 10 entries: XTRIM ~ 0 removes 1000, not 3000.
    expect(store.call('XTRIM', 's', 'MAXLEN', '~', '0')).toBe(1000);
    expect(store.xtrim('s', { strategy: 'MAXLEN', threshold: 0, approx: true })).toBe(1000);
    expect(store.xlen('s')).toBe(1000);
  });

  it('a change applies to existing streams at their next XADD', () => {
    const { store } = setup();
    for (let i = 1; i <= 5; i++) store.xadd('s', { f: 'v' }, { id: `${i}-0` });
    store.streamLimits.maxEntries = 2;
    store.xadd('s', { f: 'v' }, { id: '6-0' });
    expect(store.xinfoStream('s').radixTreeKeys).toBe(2);
    store.xadd('s', { f: 'v' }, { id: '7-0' });
    expect(store.xinfoStream('s').radixTreeKeys).toBe(2);
    store.xadd('s', { f: 'v' }, { id: '8-0' });
    expect(store.xinfoStream('s').radixTreeKeys).toBe(3);
  });

  it('stream-node-max-bytes 100 without an entry limit: 50 entries in 25 nodes', () => {
    const { store } = setup();
    store.streamLimits.maxEntries = 0;
    store.streamLimits.maxBytes = 100;
    for (let i = 1; i <= 50; i++) store.call('XADD', 's', `${i}-0`, 'field', `value-${i}-xxxxxxxxxx`);
    expect(store.xinfoStream('s').radixTreeKeys).toBe(25);
    (store.dbs[0]!.dict.get('s') as unknown as { checkValid(): void }).checkValid();
  });

  it('each store has its own limits', () => {
    const a = new Store();
    const b = new Store();
    a.streamLimits.maxEntries = 1;
    expect(b.streamLimits.maxEntries).toBe(100);
  });
});

describe('replaying the log', () => {
  it('rebuilds the same stream, groups and PELs', () => {
    const { clock, store } = setup();
    const effects: Effect[] = [];
    store.effects.addSink((unit) => effects.push(...unit));
    for (let i = 0; i < 250; i++) store.call('XADD', 's', 'MAXLEN', '~', '120', '*', 'n', String(i));
    store.call('XGROUP', 'CREATE', 's', 'g', '0');
    store.call('XGROUP', 'CREATE', 's', 'h', '$');
    store.call('XREADGROUP', 'GROUP', 'g', 'a', 'COUNT', '30', 'STREAMS', 's', '>');
    clock.advance(50);
    store.call('XREADGROUP', 'GROUP', 'g', 'b', 'NOACK', 'COUNT', '10', 'STREAMS', 's', '>');
    store.call('XREADGROUP', 'GROUP', 'g', 'c', 'COUNT', '10', 'STREAMS', 's', '>');
    store.call('XACK', 's', 'g', ...(store.xrange('s', '-', '+', 5).map((e) => e[0]) as string[]));
    store.call('XDEL', 's', store.xrange('s', '-', '+', 8)[7]![0]);
    clock.advance(50);
    store.call('XAUTOCLAIM', 's', 'g', 'd', '40', '-', 'COUNT', '10');
    store.call('XCLAIM', 's', 'g', 'e', '0', store.xrange('s', '-', '+', 20)[19]![0], 'RETRYCOUNT', '9');
    store.call('XTRIM', 's', 'MINID', '~', store.xrange('s', '-', '+', 110)[109]![0]);
    // Same time as the original, so idle times compare; delivery times come from the log.
    const replica = new Store({ clock: new FakeClock(clock.now()) });
    for (const e of effects) replica.call(e.argv[0]!, ...e.argv.slice(1));
    const snapshot = (st: Store) => [
      st.xrange('s'),
      // entries-read and lag left out: XCLAIM … LASTID moves a group's last ID without its
      // entries_read, so a Redis 7.0 replica's counter lags the same way.
      st
        .xinfoGroups('s')
        .map(({ entriesRead, lag, ...g }) => g),
      st.call('XPENDING', 's', 'g', '-', '+', '1000'),
      st.call('XPENDING', 's', 'g'),
      // XINFO STREAM FULL but for the consumers' seen-time, which the log doesn't carry (nor Redis's).
      (st.call('XINFO', 'STREAM', 's', 'FULL', 'COUNT', '0') as unknown[]).slice(0, 16),
    ];
    expect(snapshot(replica)).toEqual(snapshot(store));
  });
});
