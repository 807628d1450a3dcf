// MULTI / EXEC / DISCARD / WATCH / UNWATCH through dispatch() with several sessions on one store
// and a FakeClock, and the typed Transaction (Store.multi / watch / unwatch): QUEUED, EXECABORT,
// runtime errors in place, WATCH invalidation by writes, expiry, FLUSH* and SWAPDB, blocking
// commands inside EXEC, and EXEC as one execution unit (effects wrapped in MULTI/EXEC, blocked
// clients served after it).

import { describe, expect, it } from 'vitest';
import { isImplemented, registerHandlers } from '../../src/commands/dispatch.js';
import { SessionState } from '../../src/commands/gate.js';
import { BlockedReply, NULL_ARRAY, OK, type Reply, StatusReply } from '../../src/commands/reply.js';
import { ExecAbortError, FakeClock, ReplyError, type Session, Store } from '../../src/index.js';
import { encodeReply } from '../../src/resp/encode.js';

const T0 = Date.UTC(2030, 0, 1);
const EXECABORT = 'EXECABORT Transaction discarded because of previous errors.';
const WRONGTYPE = 'WRONGTYPE Operation against a key holding the wrong kind of value';

// A stub for a no-multi command while SAVE has no handler (the gate checks the table's flags).
if (!isImplemented('save')) registerHandlers({ save: () => OK });

function setup(options: { hz?: number } = {}) {
  const clock = new FakeClock(T0);
  const store = new Store({ clock, seed: 1, ...options });
  const units: string[][] = [];
  store.effects.addSink((unit) => units.push(unit.map((e) => `${e.db}:${e.argv.join(' ')}`)));
  const a = store.createSession();
  const b = store.createSession();
  /** Runs a command as `session`; replies as dispatch() returns them. */
  const run = (session: Session, ...argv: (string | number)[]): Reply | BlockedReply =>
    store.dispatch(argv, session);
  return { clock, store, units, a, b, run };
}

/** A reply's text: status value, error message, or the value itself. */
function text(r: unknown): unknown {
  if (r instanceof StatusReply) return r.value;
  if (r instanceof ReplyError) return `(error) ${r.message}`;
  if (r === NULL_ARRAY) return '(nil array)';
  if (Array.isArray(r)) return r.map(text);
  return r;
}

/** Runs MULTI, the commands, EXEC as `session`; returns the replies' texts. */
function transaction(
  run: (s: Session, ...argv: (string | number)[]) => unknown,
  session: Session,
  ...commands: (string | number)[][]
): unknown[] {
  return [run(session, 'MULTI'), ...commands.map((c) => run(session, ...c)), run(session, 'EXEC')].map(text);
}

describe('MULTI / EXEC / DISCARD', () => {
  it('MULTI replies OK, commands reply QUEUED, EXEC replies every result in order', () => {
    const { a, run } = setup();
    run(a, 'RPUSH', 'mylist', 'a', 'b', 'c');
    expect(
      transaction(run, a, ['LRANGE', 'mylist', 0, -1], ['PING'], ['SET', 'k', 'v'], ['INCR', 'n']),
    ).toEqual(['OK', 'QUEUED', 'QUEUED', 'QUEUED', 'QUEUED', [['a', 'b', 'c'], 'PONG', 'OK', 1]]);
  });

  it('commands do not run before EXEC, and not at all after DISCARD', () => {
    const { a, b, run } = setup();
    run(a, 'MULTI');
    expect(text(run(a, 'SET', 'k', 'v'))).toBe('QUEUED');
    expect(run(b, 'GET', 'k')).toBe(null);
    expect(text(run(a, 'DISCARD'))).toBe('OK');
    expect(run(b, 'GET', 'k')).toBe(null);
    expect(run(a, 'GET', 'k')).toBe(null); // no longer in MULTI: runs at once
  });

  it('sets SessionState.MULTI while queueing and clears it after EXEC, DISCARD and EXECABORT', () => {
    const { a, run } = setup();
    const inMulti = () => ((a.state ?? 0) & SessionState.MULTI) !== 0;
    run(a, 'MULTI');
    expect(inMulti()).toBe(true);
    run(a, 'EXEC');
    expect(inMulti()).toBe(false);
    run(a, 'MULTI');
    run(a, 'DISCARD');
    expect(inMulti()).toBe(false);
    run(a, 'MULTI');
    run(a, 'NOPE');
    run(a, 'EXEC');
    expect(inMulti()).toBe(false);
  });

  it('an empty transaction replies an empty array', () => {
    const { a, run } = setup();
    expect(transaction(run, a)).toEqual(['OK', []]);
  });

  it('a runtime error is an element of the EXEC reply and the other commands still run', () => {
    const { a, run } = setup();
    run(a, 'SET', 'str', 'hello');
    expect(
      transaction(
        run,
        a,
        ['INCR', 'c'],
        ['LPUSH', 'str', 'x'],
        ['INCR', 'str'],
        ['ZADD', 'z', 'NX', 'XX', 1, 'm'],
        ['INCR', 'c'],
      ),
    ).toEqual([
      'OK',
      'QUEUED',
      'QUEUED',
      'QUEUED',
      'QUEUED',
      'QUEUED',
      [
        1,
        `(error) ${WRONGTYPE}`,
        '(error) ERR value is not an integer or out of range',
        '(error) ERR XX and NX options at the same time are not compatible',
        2,
      ],
    ]);
  });

  it('state errors: nested MULTI, EXEC and DISCARD without MULTI, WATCH inside MULTI', () => {
    const { a, run } = setup();
    expect(text(run(a, 'EXEC'))).toBe('(error) ERR EXEC without MULTI');
    expect(text(run(a, 'DISCARD'))).toBe('(error) ERR DISCARD without MULTI');
    run(a, 'MULTI');
    expect(text(run(a, 'MULTI'))).toBe('(error) ERR MULTI calls can not be nested');
    expect(text(run(a, 'WATCH', 'x'))).toBe('(error) ERR WATCH inside MULTI is not allowed');
    run(a, 'SET', 'x', '1');
    // Neither error aborts the transaction.
    expect(text(run(a, 'EXEC'))).toEqual(['OK']);
  });

  it('SELECT inside MULTI applies to the commands queued after it, and stays', () => {
    const { a, store, run } = setup();
    expect(
      transaction(
        run,
        a,
        ['SET', 'k', 'db0'],
        ['SELECT', 1],
        ['SET', 'k', 'db1'],
        ['SELECT', 0],
        ['GET', 'k'],
        ['SELECT', 2],
      ),
    ).toEqual([
      'OK',
      'QUEUED',
      'QUEUED',
      'QUEUED',
      'QUEUED',
      'QUEUED',
      'QUEUED',
      ['OK', 'OK', 'OK', 'OK', 'db0', 'OK'],
    ]);
    expect(a.db).toBe(2);
    expect(store.session.db).toBe(0);
    expect(store.get('k')).toBe('db0');
    store.select(1);
    expect(store.get('k')).toBe('db1');
  });

  it('replies the same on the wire in RESP2 and RESP3', () => {
    const { a, run } = setup();
    run(a, 'HSET', 'h', 'f', 'v');
    run(a, 'MULTI');
    run(a, 'HGETALL', 'h');
    run(a, 'GET', 'missing');
    run(a, 'LPOP', 'h');
    const r = run(a, 'EXEC') as Reply;
    expect(encodeReply(r, 2)).toBe(`*3\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n$-1\r\n-${WRONGTYPE}\r\n`);
    expect(encodeReply(r, 3)).toBe(`*3\r\n%1\r\n$1\r\nf\r\n$1\r\nv\r\n_\r\n-${WRONGTYPE}\r\n`);
    expect(encodeReply(run(a, 'MULTI') as Reply, 2)).toBe('+OK\r\n');
    expect(encodeReply(run(a, 'PING') as Reply, 2)).toBe('+QUEUED\r\n');
    expect(encodeReply(run(a, 'EXEC') as Reply, 2)).toBe('*1\r\n+PONG\r\n');
  });
});

describe('errors while queueing (EXECABORT)', () => {
  it('an unknown command aborts the transaction: nothing runs', () => {
    const { a, run } = setup();
    run(a, 'MULTI');
    run(a, 'SET', 'foo1', 'bar1');
    expect(text(run(a, 'NON-EXISTING-COMMAND'))).toMatch(
      /^\(error\) ERR unknown command 'NON-EXISTING-COMMAND'/,
    );
    run(a, 'SET', 'foo2', 'bar2');
    expect(text(run(a, 'EXEC'))).toBe(`(error) ${EXECABORT}`);
    expect(run(a, 'EXISTS', 'foo1', 'foo2')).toBe(0);
    expect(text(run(a, 'PING'))).toBe('PONG');
  });

  it('a wrong number of arguments and an unknown subcommand abort it too', () => {
    const { a, run } = setup();
    run(a, 'MULTI');
    expect(text(run(a, 'GET'))).toBe("(error) ERR wrong number of arguments for 'get' command");
    expect(text(run(a, 'EXEC'))).toBe(`(error) ${EXECABORT}`);
    run(a, 'MULTI');
    expect(text(run(a, 'OBJECT', 'NOPE', 'k'))).toMatch(/^\(error\) ERR unknown subcommand 'NOPE'/);
    expect(text(run(a, 'EXEC'))).toBe(`(error) ${EXECABORT}`);
  });

  it('a no-multi command is refused inside MULTI and aborts the transaction', () => {
    const { a, run } = setup();
    run(a, 'MULTI');
    run(a, 'SET', 'foo', 'bar');
    expect(text(run(a, 'SAVE'))).toBe('(error) ERR Command not allowed inside a transaction');
    expect(text(run(a, 'EXEC'))).toBe(`(error) ${EXECABORT}`);
    expect(run(a, 'GET', 'foo')).toBe(null);
  });

  it('EXEC with arguments discards the transaction with the reason in EXECABORT', () => {
    const { a, run } = setup();
    run(a, 'MULTI');
    run(a, 'SET', 'a', '1');
    expect(text(run(a, 'exec', 'foo'))).toBe(
      "(error) EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command",
    );
    expect((a.state ?? 0) & SessionState.MULTI).toBe(0);
    expect(text(run(a, 'EXEC'))).toBe('(error) ERR EXEC without MULTI');
    expect(run(a, 'GET', 'a')).toBe(null);
  });

  it('an aborted transaction keeps nothing queued after the error', () => {
    const { a, run } = setup();
    run(a, 'MULTI');
    run(a, 'SET', 'a', '1');
    run(a, 'NOPE');
    expect(text(run(a, 'SET', 'b', '2'))).toBe('QUEUED');
    expect(a.tx?.queue.length).toBe(1);
    run(a, 'DISCARD');
  });
});

describe('blocking commands inside EXEC', () => {
  it('reply at once as on timeout, and the session may block again afterwards', async () => {
    const { a, store, run } = setup();
    run(a, 'XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM');
    const replies = transaction(
      run,
      a,
      ['BLPOP', 'l', 0],
      ['BRPOPLPUSH', 'l1', 'l2', 0],
      ['BLMOVE', 'l1', 'l2', 'LEFT', 'LEFT', 0],
      ['BZPOPMIN', 'z', 0],
      ['XREAD', 'BLOCK', 0, 'STREAMS', 's', '$'],
      ['XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', 0, 'STREAMS', 's', '>'],
    );
    expect(replies.at(-1)).toEqual(['(nil array)', null, null, '(nil array)', '(nil array)', '(nil array)']);
    expect(a.denyBlocking).toBe(undefined);
    const r = run(a, 'BLPOP', 'l', 0);
    expect(r).toBeInstanceOf(BlockedReply);
    store.rpush('l', 'x');
    expect(await (r as BlockedReply).promise).toEqual(['l', 'x']);
  });

  it('a session that denies blocking keeps denying after EXEC', () => {
    const { a, run } = setup();
    a.denyBlocking = true;
    transaction(run, a, ['BLPOP', 'l', 0]);
    expect(a.denyBlocking).toBe(true);
  });
});

describe('EXEC is one execution unit', () => {
  it("its effects reach sinks together, wrapped in MULTI/EXEC with the first and last effects' dbs", () => {
    const { a, run, units } = setup();
    transaction(run, a, ['SET', 'a', '1'], ['GET', 'a'], ['SELECT', 3], ['INCR', 'b'], ['DEL', 'missing']);
    expect(units).toEqual([['0:MULTI', '0:SET a 1', '3:INCR b', '3:EXEC']]);
  });

  it('a single effect is not wrapped; reads, failed writes and empty transactions log nothing', () => {
    const { a, run, units } = setup();
    transaction(run, a, ['SET', 'a', '1'], ['GET', 'a']);
    transaction(run, a, ['GET', 'a'], ['DEL', 'missing'], ['LPUSH', 'a', 'x']);
    transaction(run, a);
    expect(units).toEqual([['0:SET a 1']]);
  });

  it('a single command logging several effects is wrapped too (SPOP with a count)', () => {
    const { a, run, units } = setup();
    run(a, 'SADD', 's', 'a', 'b', 'c');
    units.length = 0;
    run(a, 'SPOP', 's', 2);
    expect(units).toHaveLength(1);
    expect(units[0]![0]).toBe('0:MULTI');
    expect(units[0]!.slice(1, 3).every((e) => e.startsWith('0:SREM s '))).toBe(true);
    expect(units[0]![3]).toBe('0:EXEC');
  });

  it('the active expire cycle logs its DELs unwrapped', () => {
    const { clock, store, units } = setup();
    store.set('x', '1', { px: 10 });
    store.set('y', '1', { px: 10 });
    units.length = 0;
    clock.advance(200);
    expect(units).toEqual([['0:DEL x', '0:DEL y']]);
  });

  it('clients blocked on a key are served after EXEC, from the state it left', async () => {
    const { a, b, run, units } = setup();
    const waiting = run(b, 'BLPOP', 'q', 0) as BlockedReply;
    expect(waiting).toBeInstanceOf(BlockedReply);
    // Pushed and popped inside one EXEC: the waiter never sees the element.
    transaction(run, a, ['RPUSH', 'q', 'a'], ['LPOP', 'q']);
    expect(waiting.blocked).toBe(true);
    units.length = 0;
    expect(
      transaction(run, a, ['RPUSH', 'q', 'x', 'y'], ['LPUSH', 'q', 'w'], ['LRANGE', 'q', 0, -1]).at(-1),
    ).toEqual([2, 3, ['w', 'x', 'y']]);
    expect(await waiting.promise).toEqual(['q', 'w']);
    expect(units).toEqual([['0:MULTI', '0:RPUSH q x y', '0:LPUSH q w', '0:EXEC'], ['0:LPOP q']]);
  });
});

describe('WATCH', () => {
  it('a write by another session makes EXEC reply the null array, and unwatches', () => {
    const { a, b, run } = setup();
    run(a, 'SET', 'x', '30');
    expect(text(run(a, 'WATCH', 'x'))).toBe('OK');
    run(b, 'SET', 'x', '40');
    const replies = transaction(run, a, ['INCR', 'x']);
    expect(replies).toEqual(['OK', 'QUEUED', '(nil array)']);
    expect(run(a, 'GET', 'x')).toBe('40');
    expect(transaction(run, a, ['INCR', 'x']).at(-1)).toEqual([41]);
  });

  it('the null array is *-1 in RESP2 and _ in RESP3', () => {
    const { a, b, run } = setup();
    for (const protocol of [2, 3] as const) {
      a.protocol = protocol;
      run(a, 'WATCH', 'x');
      run(b, 'SET', 'x', 'v');
      run(a, 'MULTI');
      const r = run(a, 'EXEC') as Reply;
      expect(r).toBe(NULL_ARRAY);
      expect(encodeReply(r, protocol)).toBe(protocol === 2 ? '*-1\r\n' : '_\r\n');
    }
  });

  it('keys nobody modified, reads and failed writes let EXEC run', () => {
    const { a, b, run } = setup();
    run(a, 'SET', 'x', 'v');
    run(a, 'WATCH', 'x', 'y', 'z');
    run(a, 'WATCH', 'k');
    run(b, 'GET', 'x');
    run(b, 'SET', 'x', 'w', 'NX');
    run(b, 'LPUSH', 'x', 'a');
    run(b, 'DEL', 'missing');
    run(b, 'SET', 'other', '1');
    expect(transaction(run, a, ['GET', 'x']).at(-1)).toEqual(['v']);
  });

  it("the session's own write invalidates its WATCH", () => {
    const { a, run } = setup();
    run(a, 'SET', 'x', '30');
    run(a, 'WATCH', 'a', 'b', 'x', 'k', 'z');
    run(a, 'SET', 'x', '40');
    expect(transaction(run, a, ['PING']).at(-1)).toBe('(nil array)');
  });

  it("a transaction's own writes do not invalidate it, nor another key's watchers", () => {
    const { a, b, run } = setup();
    run(a, 'WATCH', 'x');
    run(b, 'WATCH', 'y');
    expect(transaction(run, a, ['SET', 'x', '1'], ['SET', 'x', '2']).at(-1)).toEqual(['OK', 'OK']);
    expect(transaction(run, b, ['GET', 'x']).at(-1)).toEqual(['2']);
  });

  it('WATCH remembers the database of the key', () => {
    const { a, b, run } = setup();
    run(a, 'SELECT', 5);
    run(a, 'SET', 'x', '30');
    run(a, 'WATCH', 'x');
    run(a, 'SELECT', 1);
    run(a, 'SET', 'x', '10');
    run(a, 'SELECT', 5);
    expect(transaction(run, a, ['PING']).at(-1)).toEqual(['PONG']);
    run(a, 'WATCH', 'x');
    run(b, 'SELECT', 5);
    run(b, 'DEL', 'x');
    expect(transaction(run, a, ['PING']).at(-1)).toBe('(nil array)');
  });

  it('UNWATCH forgets the keys and the dirty flag; DISCARD does too', () => {
    const { a, run } = setup();
    run(a, 'WATCH', 'x');
    run(a, 'SET', 'x', '1');
    expect(text(run(a, 'UNWATCH'))).toBe('OK');
    expect(transaction(run, a, ['PING']).at(-1)).toEqual(['PONG']);
    run(a, 'WATCH', 'x');
    run(a, 'SET', 'x', '10');
    run(a, 'MULTI');
    run(a, 'DISCARD');
    expect(transaction(run, a, ['INCR', 'x']).at(-1)).toEqual([11]);
  });

  it('a dirty session watches nothing more until UNWATCH, EXEC or DISCARD', () => {
    const { a, run, store } = setup();
    run(a, 'WATCH', 'x');
    run(a, 'SET', 'x', '1');
    run(a, 'WATCH', 'y');
    expect(store.watching?.size).toBe(0);
    expect(transaction(run, a, ['PING']).at(-1)).toBe('(nil array)');
  });

  it('EXECABORT unwatches too', () => {
    const { a, run } = setup();
    run(a, 'WATCH', 'x');
    run(a, 'MULTI');
    run(a, 'NOPE');
    run(a, 'EXEC');
    run(a, 'SET', 'x', '1');
    expect(transaction(run, a, ['PING']).at(-1)).toEqual(['PONG']);
  });

  it('the touch listener exists only while a key is watched', () => {
    const { a, b, run, store } = setup();
    expect(store.effects.touching).toBe(false);
    run(a, 'WATCH', 'x', 'x', 'y');
    run(b, 'WATCH', 'x');
    expect(store.watching?.size).toBe(3); // a key named twice is watched once
    expect(store.effects.touching).toBe(true);
    run(a, 'UNWATCH');
    expect(store.effects.touching).toBe(true);
    run(b, 'SET', 'x', '1'); // b is dirty and unwatched
    expect(store.watching?.size).toBe(0);
    expect(store.effects.touching).toBe(false);
  });

  it('releaseSession discards the transaction and unwatches (a closed connection, RESET)', () => {
    const { a, run, store } = setup();
    run(a, 'WATCH', 'x');
    run(a, 'MULTI');
    run(a, 'SET', 'x', '1');
    store.releaseSession(a);
    expect(store.watching?.size).toBe(0);
    expect(a.state ?? 0).toBe(0);
    expect(text(run(a, 'EXEC'))).toBe('(error) ERR EXEC without MULTI');
    expect(run(a, 'GET', 'x')).toBe(null);
  });
});

describe('WATCH and expiry', () => {
  it('a watched key that expires makes EXEC fail, deleted or not', () => {
    // hz 1: the active cycle runs once a second, so the key is still there after 60 ms.
    const { a, clock, run, store } = setup({ hz: 1 });
    run(a, 'SET', 'x', 'v', 'PX', 50);
    run(a, 'WATCH', 'x');
    clock.advance(60);
    expect(store.dbs[0]!.dict.has('x')).toBe(true);
    expect(transaction(run, a, ['PING']).at(-1)).toBe('(nil array)');
    // Deleted by the active cycle.
    run(a, 'SET', 'y', 'v', 'PX', 50);
    run(a, 'WATCH', 'y');
    clock.advance(2000);
    expect(store.dbs[0]!.dict.has('y')).toBe(false);
    expect(transaction(run, a, ['PING']).at(-1)).toBe('(nil array)');
    // A TTL set by another session touches the key.
    const { b } = { b: store.createSession() };
    run(a, 'SET', 'z', 'v');
    run(a, 'WATCH', 'z');
    run(b, 'PEXPIRE', 'z', 100_000);
    expect(transaction(run, a, ['PING']).at(-1)).toBe('(nil array)');
  });

  it('a key already expired when watched is no change when it is deleted or flushed', () => {
    const { a, clock, run } = setup({ hz: 1 });
    for (const deleteIt of [['EXISTS', 'x'], ['FLUSHDB'], ['FLUSHALL'], ['GET', 'x']]) {
      run(a, 'SET', 'x', 'v', 'PX', 1);
      clock.advance(5);
      run(a, 'WATCH', 'x');
      run(a, ...deleteIt);
      expect(transaction(run, a, ['PING']).at(-1)).toEqual(['PONG']);
    }
    run(a, 'SET', 'x', 'v', 'PX', 1);
    clock.advance(5);
    run(a, 'WATCH', 'x');
    expect(transaction(run, a, ['PING']).at(-1)).toEqual(['PONG']);
  });

  it('a key already expired when watched that is then written makes EXEC fail', () => {
    const { a, b, clock, run } = setup({ hz: 1 });
    for (const write of [
      ['SET', 'x', 'new'],
      ['LPUSH', 'x', 'e'],
      ['INCR', 'x'],
    ]) {
      run(a, 'SET', 'x', '1', 'PX', 1);
      clock.advance(5);
      run(a, 'WATCH', 'x');
      run(b, ...write);
      expect(transaction(run, a, ['PING']).at(-1)).toBe('(nil array)');
      run(a, 'DEL', 'x');
    }
  });

  it('a stale key touched in place (no deletion) changes nothing for a watcher that saw it stale', () => {
    const { a, clock, run, store } = setup({ hz: 1 });
    run(a, 'SET', 'x', 'v', 'PX', 1);
    clock.advance(5);
    run(a, 'WATCH', 'x');
    store.effects.touch(0, 'x'); // as Redis's touchWatchedKey on a key still in the dict
    expect(transaction(run, a, ['PING']).at(-1)).toEqual(['PONG']);
  });
});

describe('WATCH and FLUSHALL / FLUSHDB / SWAPDB', () => {
  it('FLUSHALL and FLUSHDB invalidate watchers of keys that exist', () => {
    const { a, b, run } = setup();
    for (const flush of [['FLUSHALL'], ['FLUSHDB'], ['FLUSHALL', 'ASYNC']]) {
      run(a, 'MSET', 'x', '1', 'y', '2');
      run(a, 'WATCH', 'y', 'x');
      run(b, ...flush);
      expect(transaction(run, a, ['PING']).at(-1)).toBe('(nil array)');
    }
  });

  it('FLUSHALL and FLUSHDB leave watchers of missing keys and of other databases alone', () => {
    const { a, b, run } = setup();
    run(a, 'WATCH', 'x');
    run(b, 'SET', 'other', '1');
    run(b, 'FLUSHALL');
    expect(transaction(run, a, ['PING']).at(-1)).toEqual(['PONG']);
    run(a, 'SET', 'x', '1');
    run(a, 'WATCH', 'x');
    run(b, 'SELECT', 3);
    run(b, 'SET', 'x', '1');
    run(b, 'FLUSHDB');
    expect(transaction(run, a, ['PING']).at(-1)).toEqual(['PONG']);
  });

  it('SWAPDB invalidates watchers of keys that exist in either database', () => {
    const { a, b, run } = setup();
    run(a, 'SET', 'x', '30');
    run(a, 'WATCH', 'x');
    run(b, 'SWAPDB', 0, 1);
    expect(transaction(run, a, ['PING']).at(-1)).toBe('(nil array)');
    run(a, 'FLUSHALL');
    run(b, 'SELECT', 1);
    run(b, 'SET', 'x', '30');
    run(a, 'WATCH', 'x');
    run(b, 'SWAPDB', 0, 1);
    expect(transaction(run, a, ['PING']).at(-1)).toBe('(nil array)');
  });

  it('SWAPDB leaves watchers alone for keys missing on both sides, and for a db swapped with itself', () => {
    const { a, b, run } = setup();
    run(a, 'WATCH', 'x');
    run(b, 'SET', 'y', '1');
    run(b, 'SWAPDB', 0, 1);
    expect(transaction(run, a, ['PING']).at(-1)).toEqual(['PONG']);
    run(a, 'SET', 'x', '1');
    run(a, 'WATCH', 'x');
    run(b, 'SWAPDB', 0, 0);
    expect(transaction(run, a, ['PING']).at(-1)).toEqual(['PONG']);
  });

  it('SWAPDB of stale keys: stale for no key, no key for stale, stale for stale are no change', () => {
    const { a, b, clock, run } = setup({ hz: 1 });
    const stale = (db: number) => {
      b.db = db;
      run(b, 'SET', 'x', 'v', 'PX', 1);
    };
    // a stale key replaced with no key
    stale(1);
    clock.advance(5);
    a.db = 1;
    run(a, 'WATCH', 'x');
    run(b, 'SWAPDB', 0, 1);
    expect(transaction(run, a, ['PING']).at(-1)).toEqual(['PONG']);
    run(b, 'FLUSHALL');
    // no key replaced with a stale key
    stale(0);
    clock.advance(5);
    run(a, 'WATCH', 'x');
    run(b, 'SWAPDB', 0, 1);
    expect(transaction(run, a, ['PING']).at(-1)).toEqual(['PONG']);
    run(b, 'FLUSHALL');
    // a stale key replaced with another stale key
    stale(0);
    stale(1);
    clock.advance(5);
    run(a, 'WATCH', 'x');
    run(b, 'SWAPDB', 0, 1);
    expect(transaction(run, a, ['PING']).at(-1)).toEqual(['PONG']);
    // a live key replaced with a stale key is a change
    run(b, 'FLUSHALL');
    stale(0);
    b.db = 1;
    run(b, 'SET', 'x', 'live');
    clock.advance(5);
    run(a, 'WATCH', 'x');
    run(b, 'SWAPDB', 0, 1);
    expect(transaction(run, a, ['PING']).at(-1)).toBe('(nil array)');
  });
});

describe('typed Transaction (Store.multi)', () => {
  it('exec() returns [error, result] pairs with the typed methods’ results', () => {
    const { store } = setup();
    store.set('str', 'hello');
    const results = store
      .multi()
      .set('a', '1')
      .incr('a')
      .get('a')
      .lpush('str', 'x')
      .hset('h', { f: 'v', g: 'w' })
      .hgetall('h')
      .zadd('z', 2, 'm')
      .zincrby('z', 1.5, 'm')
      .call('ZSCORE', 'z', 'm')
      .exec();
    expect(results).not.toBe(null);
    const r = results!;
    expect(r[0]).toEqual([null, 'OK']);
    expect(r[1]).toEqual([null, 2]);
    expect(r[2]).toEqual([null, '2']);
    expect(r[3][0]).toBeInstanceOf(ReplyError);
    expect(r[3][0]?.message).toBe(WRONGTYPE);
    expect(r[3][1]).toBe(undefined);
    expect(r[4]).toEqual([null, 2]);
    expect(r[5]).toEqual([null, { f: 'v', g: 'w' }]);
    expect(r[6]).toEqual([null, 1]);
    expect(r[7]).toEqual([null, 3.5]);
    expect(r[8]).toEqual([null, '3.5']);
  });

  it('nothing runs before exec(), and discard() runs nothing', () => {
    const { store } = setup();
    const tx = store.multi().set('k', 'v').incr('n');
    expect(tx.length).toBe(2);
    expect(store.get('k')).toBe(null);
    expect(tx.discard()).toBe('OK');
    expect(store.exists('k', 'n')).toBe(0);
    expect(() => tx.exec()).toThrow(/already ran/);
    expect(() => tx.set('a', 'b')).toThrow(/already ran/);
  });

  it('call() with an unknown command or wrong arity makes exec() throw EXECABORT and run nothing', () => {
    const { store } = setup();
    const tx = store.multi().set('a', '1').call('NOPE', 'x').call('GET').set('b', '2');
    let error: unknown;
    try {
      tx.exec();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ExecAbortError);
    expect(error).toBeInstanceOf(ReplyError);
    expect((error as ExecAbortError).message).toBe(EXECABORT);
    expect((error as ExecAbortError).previousErrors.map((e) => e.message)).toEqual([
      "ERR unknown command 'NOPE', with args beginning with: 'x' ",
      "ERR wrong number of arguments for 'get' command",
    ]);
    expect(store.exists('a', 'b')).toBe(0);
    expect(() => store.multi().call('SAVE').exec()).toThrow(ExecAbortError);
  });

  it("call() can't queue the commands that control a transaction", () => {
    const { store } = setup();
    for (const name of ['MULTI', 'exec', 'DISCARD', 'WATCH']) {
      expect(() => store.multi().call(name, ...(name === 'WATCH' ? ['k'] : []))).toThrow(TypeError);
    }
  });

  it('blocking commands queued with call() reply at once', () => {
    const { store } = setup();
    expect(store.multi().call('BLPOP', 'q', 0).call('BZPOPMIN', 'z', 0).exec()).toEqual([
      [null, null],
      [null, null],
    ]);
    expect(store.session.denyBlocking).toBe(undefined);
  });

  it('select() inside a transaction applies to the following commands', () => {
    const { store } = setup();
    const r = store
      .multi()
      .set('k', 'db0')
      .select(1)
      .set('k', 'db1')
      .call('GET', 'k')
      .select(0)
      .get('k')
      .exec();
    expect(r).toEqual([
      [null, 'OK'],
      [null, 'OK'],
      [null, 'OK'],
      [null, 'db1'],
      [null, 'OK'],
      [null, 'db0'],
    ]);
  });

  it('watch(): exec() returns null after a conflicting write, by the typed API or another session', () => {
    const { store, b, run } = setup();
    store.set('balance', '100');
    expect(store.watch('balance')).toBe('OK');
    store.set('balance', '90');
    expect(store.multi().decrby('balance', 10).exec()).toBe(null);
    expect(store.get('balance')).toBe('90');
    // exec() unwatched: the next one runs.
    expect(store.multi().decrby('balance', 10).exec()).toEqual([[null, 80]]);
    store.watch('balance');
    run(b, 'INCR', 'balance');
    expect(store.multi().get('balance').exec()).toBe(null);
  });

  it('watch() then exec() with no conflicting write runs; unwatch() and discard() forget the keys', () => {
    const { store } = setup();
    store.watch('x', 'y');
    store.set('other', '1');
    expect(store.multi().set('x', '1').exec()).toEqual([[null, 'OK']]);
    store.watch('x');
    store.set('x', '2');
    store.unwatch();
    expect(store.multi().get('x').exec()).toEqual([[null, '2']]);
    store.watch('x');
    store.multi().discard();
    store.set('x', '3');
    expect(store.multi().get('x').exec()).toEqual([[null, '3']]);
    expect(store.watching?.size).toBe(0);
  });

  it('watch() of a key that expires before exec() makes it return null', () => {
    const { store, clock } = setup({ hz: 1 });
    store.set('lock', 'me', { px: 50 });
    store.watch('lock');
    clock.advance(100);
    expect(store.multi().set('lock', 'me').exec()).toBe(null);
  });

  it('watch() inside a wire MULTI of the typed session throws', () => {
    const { store } = setup();
    store.call('MULTI');
    expect(() => store.watch('x')).toThrow('ERR WATCH inside MULTI is not allowed');
    store.call('DISCARD');
  });

  it('exec() is one execution unit: effects wrapped, blocked clients served after it', async () => {
    const { store, units } = setup();
    const waiting = store.blpop('q', 0);
    let served: unknown;
    void waiting.then((v) => {
      served = v;
    });
    units.length = 0;
    const r = store.multi().rpush('q', 'a').lpop('q').rpush('q', 'b', 'c').llen('q').exec();
    expect(r).toEqual([
      [null, 1],
      [null, 'a'],
      [null, 2],
      [null, 2],
    ]);
    expect(await waiting).toEqual(['q', 'b']);
    expect(served).toEqual(['q', 'b']);
    expect(units).toEqual([['0:MULTI', '0:RPUSH q a', '0:LPOP q', '0:RPUSH q b c', '0:EXEC'], ['0:LPOP q']]);
  });

  it('covers the common commands with their typed results', () => {
    const { store } = setup();
    const r = store
      .multi()
      .mset({ a: '1', b: '2' })
      .mget('a', 'b', 'c')
      .append('a', 'x')
      .incrby('n', 5)
      .decr('n')
      .decrby('n', 2)
      .incrbyfloat('f', '1.5')
      .exists('a', 'b', 'c')
      .expire('a', 100)
      .pexpire('b', 100_000)
      .ttl('a')
      .persist('a')
      .rename('b', 'b2')
      .hset('h', 'f', 'v')
      .hget('h', 'f')
      .hincrby('h', 'n', 3)
      .hdel('h', 'f')
      .rpush('l', 'x', 'y')
      .rpop('l')
      .lrange('l', 0, -1)
      .sadd('s', 'm1', 'm2')
      .srem('s', 'm1')
      .smembers('s')
      .sismember('s', 'm2')
      .zadd('z', { a: 1, b: 2 })
      .zrem('z', 'a')
      .zscore('z', 'b')
      .zrange('z', 0, -1)
      .zcard('z')
      .xadd('st', { f: 'v' }, { id: '1-1' })
      .xlen('st')
      .xrange('st')
      .del('a', 'b2')
      .exec();
    expect(r?.map(([err, v]) => (err === null ? v : err.message))).toEqual([
      'OK',
      ['1', '2', null],
      2,
      5,
      4,
      2,
      '1.5',
      2,
      1,
      1,
      100,
      1,
      'OK',
      1,
      'v',
      3,
      1,
      2,
      'y',
      ['x'],
      2,
      1,
      ['m2'],
      1,
      2,
      1,
      2,
      ['b'],
      1,
      '1-1',
      1,
      [['1-1', ['f', 'v']]],
      2,
    ]);
  });
});

describe('rejections and wrapping outside MULTI', () => {
  it('EXEC with arguments outside MULTI is EXECABORT, as rejectCommand replies it', () => {
    const { a, run } = setup();
    const r = run(a, 'EXEC', 'x') as ReplyError;
    expect(r.message).toBe(
      "EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command",
    );
    expect(a.state ?? 0).toBe(0);
  });

  it('SCAN and RANDOMKEY log lazily expired keys as bare DELs (CMD_TOUCHES_ARBITRARY_KEYS)', () => {
    const { store, a, run, units, clock } = setup({ hz: 1 });
    store.close(); // no active expiry: only the commands expire keys
    for (const k of ['a', 'b', 'c']) run(a, 'SET', k, '1', 'PX', '10');
    units.length = 0;
    clock.advance(50);
    run(a, 'SCAN', '0', 'COUNT', '100');
    expect(units.length).toBeGreaterThan(0);
    expect(units.flat().filter((x) => x === '0:MULTI')).toEqual([]);
    expect(units.flat().filter((x) => x.startsWith('0:DEL')).length).toBe(3);
  });
});
