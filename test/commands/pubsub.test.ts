import { describe, expect, it } from 'vitest';
import { SessionState } from '../../src/commands/gate.js';
import { resetSubscriptions } from '../../src/commands/pubsub.js';
import { PushReply, type Reply } from '../../src/commands/reply.js';
import { FakeClock, ReplyError, type Session, Store } from '../../src/index.js';
import { encodeReply } from '../../src/resp/encode.js';

const T0 = Date.UTC(2030, 0, 1);

/** A client: a session whose pushes and replies land, encoded, in one byte stream. */
function client(store: Store, protocol: 2 | 3 = 2) {
  const session: Session = store.createSession();
  session.protocol = protocol;
  const pushes: Reply[] = [];
  let wire = '';
  session.push = (r) => {
    pushes.push(r);
    wire += encodeReply(r, session.protocol);
  };
  const send = (...argv: string[]): Reply => {
    const r = store.dispatch(argv, session) as Reply;
    wire += encodeReply(r, session.protocol);
    return r;
  };
  const take = (): string => {
    const w = wire;
    wire = '';
    return w;
  };
  return { session, pushes, send, take };
}

const setup = () => new Store({ clock: new FakeClock(T0), seed: 1 });
const frames = (r: Reply): Reply[][] => (r as PushReply).frames;
/** Lets queued typed-API deliveries run. */
const delivered = () => new Promise<void>((r) => setTimeout(r, 0));

describe('SUBSCRIBE / UNSUBSCRIBE', () => {
  it('SUBSCRIBE confirms each channel in its own frame with the running count', () => {
    const store = setup();
    const a = client(store);
    const r = a.send('SUBSCRIBE', 'x', 'y', 'x');
    expect(r).toBeInstanceOf(PushReply);
    expect(frames(r)).toEqual([
      ['subscribe', 'x', 1],
      ['subscribe', 'y', 2],
      ['subscribe', 'x', 2],
    ]);
    expect(a.take()).toBe(
      '*3\r\n$9\r\nsubscribe\r\n$1\r\nx\r\n:1\r\n*3\r\n$9\r\nsubscribe\r\n$1\r\ny\r\n:2\r\n' +
        '*3\r\n$9\r\nsubscribe\r\n$1\r\nx\r\n:2\r\n',
    );
    expect(a.session.state! & SessionState.PUBSUB).toBe(SessionState.PUBSUB);
  });

  it('UNSUBSCRIBE without arguments drops every channel; with none subscribed it replies a nil channel', () => {
    const store = setup();
    const a = client(store);
    a.send('SUBSCRIBE', 'x', 'y');
    a.send('PSUBSCRIBE', 'p*');
    expect(frames(a.send('UNSUBSCRIBE'))).toEqual([
      ['unsubscribe', 'x', 2],
      ['unsubscribe', 'y', 1],
    ]);
    expect(a.session.state! & SessionState.PUBSUB).toBe(SessionState.PUBSUB); // the pattern remains
    expect(frames(a.send('PUNSUBSCRIBE'))).toEqual([['punsubscribe', 'p*', 0]]);
    expect((a.session.state ?? 0) & SessionState.PUBSUB).toBe(0);
    a.take();
    a.send('UNSUBSCRIBE');
    expect(a.take()).toBe('*3\r\n$11\r\nunsubscribe\r\n$-1\r\n:0\r\n');
    a.session.protocol = 3;
    a.send('PUNSUBSCRIBE');
    expect(a.take()).toBe('>3\r\n$12\r\npunsubscribe\r\n_\r\n:0\r\n');
  });

  it('SSUBSCRIBE counts shard channels only; SUBSCRIBE and PSUBSCRIBE count each other', () => {
    const store = setup();
    const a = client(store);
    expect(frames(a.send('SUBSCRIBE', 'c'))).toEqual([['subscribe', 'c', 1]]);
    expect(frames(a.send('SSUBSCRIBE', 's1', 's2'))).toEqual([
      ['ssubscribe', 's1', 1],
      ['ssubscribe', 's2', 2],
    ]);
    expect(frames(a.send('PSUBSCRIBE', 'p'))).toEqual([['psubscribe', 'p', 2]]);
    expect(frames(a.send('SUNSUBSCRIBE', 's1', 'nope'))).toEqual([
      ['sunsubscribe', 's1', 1],
      ['sunsubscribe', 'nope', 1],
    ]);
  });

  it('the typed API session cannot subscribe, as a client that expects one reply per command', () => {
    const store = setup();
    for (const cmd of ['SUBSCRIBE', 'PSUBSCRIBE', 'SSUBSCRIBE']) {
      expect(() => store.call(cmd, 'ch')).toThrow(`ERR ${cmd} isn't allowed for a DENY BLOCKING client`);
    }
    expect(store.call('UNSUBSCRIBE')).toEqual(['unsubscribe', null, 0]);
    expect(store.call('PUNSUBSCRIBE', 'a', 'b')).toEqual([
      ['punsubscribe', 'a', 0],
      ['punsubscribe', 'b', 0],
    ]);
    expect(store.session.state ?? 0).toBe(0);
  });

  it('resetSubscriptions drops everything silently and leaves the subscriber context', () => {
    const store = setup();
    const a = client(store);
    a.send('SUBSCRIBE', 'x');
    a.send('PSUBSCRIBE', 'x*');
    a.send('SSUBSCRIBE', 's');
    a.take();
    resetSubscriptions(store, a.session);
    expect(a.take()).toBe('');
    expect((a.session.state ?? 0) & SessionState.PUBSUB).toBe(0);
    expect(store.call('PUBLISH', 'x', 'm')).toBe(0);
    expect(store.call('SPUBLISH', 's', 'm')).toBe(0);
    expect(store.call('PUBSUB', 'NUMPAT')).toBe(0);
    expect(frames(a.send('SUBSCRIBE', 'y'))).toEqual([['subscribe', 'y', 1]]);
  });
});

describe('PUBLISH', () => {
  it('delivers message then pmessage per matching pattern and replies the receiver count', () => {
    const store = setup();
    const a = client(store);
    const b = client(store, 3);
    a.send('SUBSCRIBE', 'news.tech');
    a.send('PSUBSCRIBE', 'news.*', 'n*');
    b.send('PSUBSCRIBE', 'news.*');
    a.take();
    b.take();
    expect(store.call('PUBLISH', 'news.tech', 'hi')).toBe(4);
    expect(a.take()).toBe(
      '*3\r\n$7\r\nmessage\r\n$9\r\nnews.tech\r\n$2\r\nhi\r\n' +
        '*4\r\n$8\r\npmessage\r\n$6\r\nnews.*\r\n$9\r\nnews.tech\r\n$2\r\nhi\r\n' +
        '*4\r\n$8\r\npmessage\r\n$2\r\nn*\r\n$9\r\nnews.tech\r\n$2\r\nhi\r\n',
    );
    expect(b.take()).toBe('>4\r\n$8\r\npmessage\r\n$6\r\nnews.*\r\n$9\r\nnews.tech\r\n$2\r\nhi\r\n');
    expect(store.call('PUBLISH', 'other', 'x')).toBe(0);
  });

  it('a RESP3 client publishing to itself gets the message before the reply', () => {
    const store = setup();
    const a = client(store, 3);
    a.send('SUBSCRIBE', 'ch');
    a.take();
    expect(a.send('PUBLISH', 'ch', 'self')).toBe(1);
    expect(a.take()).toBe('>3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$4\r\nself\r\n:1\r\n');
  });

  it('SPUBLISH reaches shard subscribers only, never patterns', () => {
    const store = setup();
    const a = client(store);
    const b = client(store);
    a.send('SSUBSCRIBE', 'ch');
    b.send('SUBSCRIBE', 'ch');
    b.send('PSUBSCRIBE', '*');
    a.take();
    b.take();
    expect(store.call('SPUBLISH', 'ch', 'm')).toBe(1);
    expect(a.take()).toBe('*3\r\n$8\r\nsmessage\r\n$2\r\nch\r\n$1\r\nm\r\n');
    expect(b.take()).toBe('');
  });
});

describe('subscriber context', () => {
  it('RESP2 subscribed clients may only run pub/sub commands, PING, QUIT and RESET', () => {
    const store = setup();
    const a = client(store);
    a.send('SUBSCRIBE', 'ch');
    expect(a.send('GET', 'k')).toEqual(
      new ReplyError(
        "ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context",
      ),
    );
    expect((a.send('PUBSUB', 'NUMPAT') as ReplyError).message).toContain("Can't execute 'pubsub|numpat'");
    expect(a.send('PING')).toEqual(['pong', '']);
    expect(a.send('PING', 'x')).toEqual(['pong', 'x']);
    expect((a.send('GET') as ReplyError).message).toBe("ERR wrong number of arguments for 'get' command");
    a.session.protocol = 3;
    expect(a.send('GET', 'k')).toBe(null);
    expect((a.send('PING') as { value: string }).value).toBe('PONG');
    a.session.protocol = 2;
    a.send('UNSUBSCRIBE');
    expect(a.send('GET', 'k')).toBe(null);
  });

  it('SUBSCRIBE inside MULTI/EXEC writes its frames inline, byte for byte as Redis 7.0.15', () => {
    const store = setup();
    const a = client(store);
    for (const c of [['MULTI'], ['SUBSCRIBE', 'a', 'b'], ['PING'], ['EXEC'], ['PING']]) a.send(...c);
    // recorded from redis-server 7.0.15
    expect(a.take()).toBe(
      '+OK\r\n+QUEUED\r\n+QUEUED\r\n*2\r\n*3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n' +
        '*3\r\n$9\r\nsubscribe\r\n$1\r\nb\r\n:2\r\n*2\r\n$4\r\npong\r\n$0\r\n\r\n*2\r\n$4\r\npong\r\n$0\r\n\r\n',
    );
    const b = client(store, 3);
    for (const c of [['MULTI'], ['SUBSCRIBE', 'a', 'b'], ['GET', 'x'], ['EXEC']]) b.send(...c);
    expect(b.take()).toBe(
      '+OK\r\n+QUEUED\r\n+QUEUED\r\n*2\r\n>3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n' +
        '>3\r\n$9\r\nsubscribe\r\n$1\r\nb\r\n:2\r\n_\r\n',
    );
    const c = client(store);
    for (const cmd of [['MULTI'], ['SSUBSCRIBE', 'a'], ['EXEC']]) c.send(...cmd);
    expect(c.take()).toBe(
      "+OK\r\n+QUEUED\r\n*1\r\n-ERR SSUBSCRIBE isn't allowed for a DENY BLOCKING client\r\n",
    );
  });
});

describe('PUBSUB', () => {
  it('CHANNELS, NUMSUB, NUMPAT, SHARDCHANNELS and SHARDNUMSUB count clients and typed subscribers', () => {
    const store = setup();
    const a = client(store);
    a.send('SUBSCRIBE', 'news.tech', 'misc');
    a.send('PSUBSCRIBE', 'news.*', 'x*');
    a.send('SSUBSCRIBE', 'shard');
    const off = store.subscribe(['news.tech', 'news.art'], () => {});
    store.psubscribe('x*', () => {});
    store.ssubscribe('shard', () => {});
    expect(store.call('PUBSUB', 'CHANNELS')).toEqual(['news.tech', 'misc', 'news.art']);
    expect(store.call('PUBSUB', 'CHANNELS', 'news.*')).toEqual(['news.tech', 'news.art']);
    expect(store.call('PUBSUB', 'NUMSUB', 'news.tech', 'news.art', 'none')).toEqual([
      'news.tech',
      2,
      'news.art',
      1,
      'none',
      0,
    ]);
    expect(store.call('PUBSUB', 'NUMSUB')).toEqual([]);
    expect(store.call('PUBSUB', 'NUMPAT')).toBe(2);
    expect(store.call('PUBSUB', 'SHARDCHANNELS')).toEqual(['shard']);
    expect(store.call('PUBSUB', 'SHARDNUMSUB', 'shard', 'news.tech')).toEqual(['shard', 2, 'news.tech', 0]);
    expect(store.pubsubChannels('news.*')).toEqual(['news.tech', 'news.art']);
    expect(store.pubsubNumsub('news.tech', 'none')).toEqual([
      ['news.tech', 2],
      ['none', 0],
    ]);
    expect(store.pubsubShardChannels()).toEqual(['shard']);
    expect(store.pubsubShardNumsub('shard')).toEqual([['shard', 2]]);
    expect(store.pubsubNumpat()).toBe(2);
    off();
    expect(store.pubsubChannels()).toEqual(['news.tech', 'misc']);
    expect(store.pubsubNumsub('news.tech')).toEqual([['news.tech', 1]]);
  });

  it('errors: arity, subcommands, HELP', () => {
    const store = setup();
    expect(() => store.call('PUBSUB')).toThrow("ERR wrong number of arguments for 'pubsub' command");
    expect(() => store.call('PUBSUB', 'CHANNELS', 'a', 'b')).toThrow(
      "ERR unknown subcommand or wrong number of arguments for 'CHANNELS'. Try PUBSUB HELP.",
    );
    expect(() => store.call('PUBSUB', 'NUMPAT', 'x')).toThrow(
      "ERR wrong number of arguments for 'pubsub|numpat' command",
    );
    expect(() => store.call('PUBSUB', 'nope')).toThrow("ERR unknown subcommand 'nope'. Try PUBSUB HELP.");
    expect(() => store.call('PUBLISH', 'ch')).toThrow("ERR wrong number of arguments for 'publish' command");
    const help = store.call('PUBSUB', 'HELP') as string[];
    expect(help[0]).toBe('PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:');
    expect(help.at(-1)).toBe('    Prints this help.');
    expect(help).toHaveLength(14);
  });
});

describe('typed API', () => {
  it('subscribe handlers run after the publishing code, in order, and count as receivers', async () => {
    const store = setup();
    const got: string[] = [];
    store.subscribe('ch', (message, channel) => got.push(`1:${channel}:${message}`));
    store.subscribe(['ch', 'other'], (message, channel) => got.push(`2:${channel}:${message}`));
    expect(store.publish('ch', 'a')).toBe(2);
    expect(store.publish('other', 'b')).toBe(1);
    expect(store.call('PUBLISH', 'ch', 'c')).toBe(2);
    expect(got).toEqual([]); // not inside the publishing call
    await delivered();
    expect(got).toEqual(['1:ch:a', '2:ch:a', '2:other:b', '1:ch:c', '2:ch:c']);
  });

  it('psubscribe receives (message, channel, pattern) once per matching pattern; ssubscribe gets SPUBLISH', async () => {
    const store = setup();
    const got: string[][] = [];
    store.psubscribe(['a*', '*b'], (message, channel, pattern) => got.push([message, channel, pattern]));
    store.ssubscribe('sh', (message, channel) => got.push([message, channel]));
    expect(store.publish('ab', 'm')).toBe(2);
    expect(store.publish('sh', 'not-shard')).toBe(0);
    expect(store.spublish('sh', 's')).toBe(1);
    await delivered();
    expect(got).toEqual([
      ['m', 'ab', 'a*'],
      ['m', 'ab', '*b'],
      ['s', 'sh'],
    ]);
  });

  it('the unsubscribe function stops delivery at once, queued messages included, and is idempotent', async () => {
    const store = setup();
    const got: string[] = [];
    const off = store.subscribe('ch', (m) => got.push(m));
    store.publish('ch', 'queued');
    off();
    off();
    expect(store.publish('ch', 'after')).toBe(0);
    await delivered();
    expect(got).toEqual([]);
    expect(store.pubsubNumsub('ch')).toEqual([['ch', 0]]);
  });

  it('text is UTF-8 encoded on the way in and decoded on the way out; Buffers are bytes', async () => {
    const store = setup();
    const got: string[] = [];
    const a = client(store);
    a.send('SUBSCRIBE', 'été'); // dispatch() encodes text arguments as UTF-8
    a.pushes.length = 0;
    store.subscribe(Buffer.from('été'), (m, c) => got.push(c, m));
    expect(store.publish('été', 'café ☕')).toBe(2);
    await delivered();
    expect(got).toEqual(['été', 'café ☕']);
    expect(frames(a.pushes[0]!)).toEqual([
      ['message', Buffer.from('été').toString('latin1'), Buffer.from('café ☕').toString('latin1')],
    ]);
    expect(store.pubsubChannels()).toEqual(['été']);
  });

  it('a handler may publish and write: its messages follow in a later microtask', async () => {
    const store = setup();
    const got: string[] = [];
    store.subscribe('a', (m) => {
      got.push(`a:${m}`);
      store.set('k', m);
      store.publish('b', m + '!');
    });
    store.subscribe('b', (m) => got.push(`b:${m}`));
    store.publish('a', 'x');
    await delivered();
    expect(got).toEqual(['a:x', 'b:x!']);
    expect(store.get('k')).toBe('x');
  });

  it('subscribing to no channel is an arity error', () => {
    const store = setup();
    expect(() => store.subscribe([], () => {})).toThrow(
      "ERR wrong number of arguments for 'subscribe' command",
    );
    expect(() => store.psubscribe([], () => {})).toThrow(ReplyError);
  });
});
