import { describe, expect, it } from 'vitest';
import { sha1 } from '../../src/config/digest.js';
import { FakeClock, ReplyError, Store } from '../../src/index.js';

const T0 = Date.UTC(2030, 0, 1);

function setup(options: Store.Options = {}) {
  const clock = new FakeClock(T0);
  const store = new Store({ clock, trackAccess: true, ...options });
  const c = (...argv: (string | number)[]): unknown => {
    try {
      return store.call(String(argv[0]), ...argv.slice(1));
    } catch (e) {
      if (e instanceof ReplyError) return e.message;
      throw e;
    }
  };
  return { clock, store, c };
}

/** `field:value` pairs of a DEBUG OBJECT line. */
function objectFields(line: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of String(line).split(' ')) {
    const i = part.indexOf(':');
    if (i > 0) out[part.slice(0, i)] = part.slice(i + 1);
  }
  return out;
}

describe('DEBUG OBJECT', () => {
  it('DEBUG OBJECT describes a value as Redis 7.0 does', () => {
    const { c } = setup();
    c('SET', 's', 'v');
    const line = c('DEBUG', 'OBJECT', 's') as string;
    expect(line).toMatch(
      /^Value at:0x[0-9a-f]+ refcount:1 encoding:embstr serializedlength:2 lru:\d+ lru_seconds_idle:0$/,
    );
    // serializedlength and the quicklist fields as redis-server 7.0.15 reports them.
    c('RPUSH', 'l', 'a', 'b', 'c');
    expect(objectFields(c('DEBUG', 'OBJECT', 'l'))).toMatchObject({
      refcount: '1',
      encoding: 'quicklist',
      serializedlength: '19',
      ql_nodes: '1',
      ql_avg_node: '3.00',
      ql_listpack_max: '-2',
      ql_compressed: '0',
      ql_uncompressed_size: '16',
    });
    c('HSET', 'h', 'f', 'v');
    expect(objectFields(c('DEBUG', 'OBJECT', 'h'))).toMatchObject({
      encoding: 'listpack',
      serializedlength: '14',
    });
    c('SADD', 'si', '1', '2', '3');
    expect(objectFields(c('DEBUG', 'OBJECT', 'si'))).toMatchObject({
      encoding: 'intset',
      serializedlength: '15',
    });
    c('ZADD', 'z', '1', 'a', '2.5', 'b');
    expect(objectFields(c('DEBUG', 'OBJECT', 'z'))).toMatchObject({
      encoding: 'listpack',
      serializedlength: '21',
    });
    c('SET', 'n', '123');
    expect(objectFields(c('DEBUG', 'OBJECT', 'n'))).toMatchObject({
      refcount: '2147483647',
      encoding: 'int',
      serializedlength: '2',
    });
    c('SADD', 'st', 'x', 'y', '5');
    expect(objectFields(c('DEBUG', 'OBJECT', 'st'))).toMatchObject({
      encoding: 'hashtable',
      serializedlength: '7',
    });
  });

  it('DEBUG OBJECT keeps the address of a value updated in place and reports idle time', () => {
    const { c, clock } = setup();
    c('SET', 'foo', '20000');
    c('INCR', 'foo');
    const before = String(c('DEBUG', 'OBJECT', 'foo')).split(' ')[1];
    c('INCR', 'foo');
    const after = String(c('DEBUG', 'OBJECT', 'foo')).split(' ')[1];
    expect(before).toMatch(/^at:0x/);
    expect(after).toBe(before);
    clock.advance(5000);
    expect(objectFields(c('DEBUG', 'OBJECT', 'foo')).lru_seconds_idle).toBe('5');
    expect(objectFields(c('DEBUG', 'OBJECT', 'foo')).lru).toBe(String(Math.floor(T0 / 1000) & 0xffffff));
  });

  it('DEBUG OBJECT of a promoted hash says hashtable (hash.tcl)', () => {
    const { c } = setup();
    c('HSET', 'smallhash', 'foo', 'a'.repeat(1024));
    expect(c('DEBUG', 'OBJECT', 'smallhash')).toMatch(/encoding:hashtable/);
  });

  it('DEBUG OBJECT and DEBUG SDSLEN errors', () => {
    const { c } = setup();
    c('SET', 'k', 'v');
    c('SET', 'n', '123');
    expect(c('DEBUG', 'OBJECT', 'nokey')).toBe('ERR no such key');
    expect(c('DEBUG', 'OBJECT')).toBe(
      "ERR unknown subcommand or wrong number of arguments for 'OBJECT'. Try DEBUG HELP.",
    );
    expect(c('DEBUG', 'SDSLEN', 'k')).toBe(
      'key_sds_len:1, key_sds_avail:0, key_zmalloc: 8, val_sds_len:1, val_sds_avail:0, val_zmalloc: 16',
    );
    expect(c('DEBUG', 'SDSLEN', 'n')).toBe('ERR Not an sds encoded string.');
  });
});

describe('DEBUG DIGEST', () => {
  it('DEBUG DIGEST and DIGEST-VALUE equal redis-server 7.0.15 for the same data', () => {
    const { c } = setup();
    expect(c('DEBUG', 'DIGEST')).toBe('0000000000000000000000000000000000000000');
    c('SET', 'k', 'v');
    expect(c('DEBUG', 'DIGEST')).toBe('264ccf65edec66bccfa7cc659414ccca432057d2');
    c('DEL', 'k');
    c('SET', 's', 'v');
    c('SET', 'n', '123');
    c('EXPIRE', 'n', '1000');
    c('RPUSH', 'l', 'a', 'b', '1');
    c('SADD', 'st', 'x', 'y', '5');
    c('SADD', 'si', '1', '2', '3');
    c('ZADD', 'z', '1', 'a', '2.5', 'b', '-0', 'c', '1e300', 'd');
    c('HSET', 'h', 'f', 'v', 'g', '12');
    c('XADD', 'x', '1-1', 'f', 'v', 'g', 'w');
    c('XADD', 'x', '2-5', 'a', 'b');
    c('SELECT', '2');
    c('SET', 'k', 'v');
    c('SELECT', '0');
    // Recorded from redis-server 7.0.15 after the same commands.
    expect(c('DEBUG', 'DIGEST')).toBe('f21dc3ff12606545c706140903dc1d471eb108fa');
    expect(c('DEBUG', 'DIGEST-VALUE', 's', 'n', 'l', 'st', 'si', 'z', 'h', 'x', 'nokey')).toEqual([
      'd79ee9fe5d5ad902d7f6620efc3b07b75ddd742f',
      '6f720be4ac4df2a2a7c35fa640511a20a52ceda8',
      '981fd62c1655c074205cff40b800bd5a5bfdcd41',
      '9ab0175c08c7ea91e0aa7ce3701a4de6bb59341a',
      '2a462a3f51a1db89738ebbeef0c47ce1bbc85246',
      '603dafd6538402378cf0d9af4ce8488fa46968e2',
      '8530acc75d5274eb0fc0da86f28ed5533274a6d4',
      'aa7798e490722215b86d551420dd12b5c665ae04',
      '0000000000000000000000000000000000000000',
    ]);
    c('CONFIG', 'SET', 'zset-max-listpack-entries', '0');
    c('ZADD', 'z2', '1', 'a', '2.5', 'b', '-0', 'c');
    expect(c('DEBUG', 'DIGEST-VALUE', 'z2')).toEqual(['8010f11e3632accf9be12236cddb84e9334ed299']);
    expect(c('DEBUG', 'DIGEST-VALUE')).toEqual([]);
  });

  it('sha1 matches the standard test vectors', () => {
    const hex = (s: string) => Buffer.from(sha1(s)).toString('hex');
    expect(hex('')).toBe('da39a3ee5e6b4b0d3255bfef95601890afd80709');
    expect(hex('abc')).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '84983e441c3bd26ebaae4aa1f95129e5e54670f1',
    );
  });
});

describe('DEBUG RELOAD', () => {
  it('DEBUG RELOAD keeps the data and gives values the encodings an RDB load gives them', () => {
    const { c, clock } = setup();
    c('SET', 'n2', '123');
    c('APPEND', 'n2', '4');
    expect(c('OBJECT', 'ENCODING', 'n2')).toBe('raw');
    c('SADD', 's', '1', '2', 'x');
    c('SREM', 's', 'x');
    expect(c('OBJECT', 'ENCODING', 's')).toBe('hashtable');
    c('CONFIG', 'SET', 'zset-max-listpack-entries', '0');
    c('ZADD', 'z', '1', 'a');
    c('CONFIG', 'SET', 'zset-max-listpack-entries', '128');
    expect(c('OBJECT', 'ENCODING', 'z')).toBe('skiplist');
    c('HSET', 'h', 'f', 'v');
    c('RPUSH', 'l', 'a');
    c('SET', 't', 'v', 'EX', '100');
    clock.advance(3000);
    const digest = c('DEBUG', 'DIGEST');
    expect(c('DEBUG', 'RELOAD')).toBe('OK');
    expect(c('DEBUG', 'DIGEST')).toBe(digest);
    expect(c('OBJECT', 'ENCODING', 'n2')).toBe('int');
    expect(c('OBJECT', 'ENCODING', 's')).toBe('intset');
    expect(c('OBJECT', 'ENCODING', 'z')).toBe('listpack');
    expect(c('OBJECT', 'ENCODING', 'h')).toBe('listpack');
    expect(c('TTL', 't')).toBe(97);
    expect(c('OBJECT', 'IDLETIME', 'l')).toBe(0);
    expect(c('DEBUG', 'RELOAD', 'NOSAVE', 'noflush', 'MERGE')).toBe('OK');
    expect(c('DEBUG', 'RELOAD', 'FOO')).toBe(
      'ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.',
    );
  });

  it('DEBUG RELOAD converts compact encodings that outgrew lowered limits (set.tcl)', () => {
    const { c } = setup();
    c('SADD', 's', '1', '2', '3');
    c('CONFIG', 'SET', 'set-max-intset-entries', '2');
    expect(c('OBJECT', 'ENCODING', 's')).toBe('intset');
    c('DEBUG', 'RELOAD');
    expect(c('OBJECT', 'ENCODING', 's')).toBe('hashtable');
  });

  it('DEBUG RELOAD invalidates WATCH as a flush and load would', () => {
    const { c } = setup();
    c('SET', 'k', 'v');
    c('WATCH', 'k');
    c('DEBUG', 'RELOAD');
    c('MULTI');
    c('SET', 'k', 'w');
    expect(c('EXEC')).toBe(null);
  });
});

describe('DEBUG SET-ACTIVE-EXPIRE and SLEEP', () => {
  it('DEBUG SET-ACTIVE-EXPIRE 0 leaves expired keys until accessed; 1 expires them again', () => {
    const { c, clock, store } = setup();
    expect(c('DEBUG', 'SET-ACTIVE-EXPIRE', '0')).toBe('OK');
    c('SET', 'k', 'v', 'PX', '10');
    clock.advance(1000);
    expect(store.db.dict.has('k')).toBe(true);
    expect(c('DBSIZE')).toBe(1);
    expect(c('DEBUG', 'SET-ACTIVE-EXPIRE', '1')).toBe('OK');
    clock.advance(1000);
    expect(store.db.dict.has('k')).toBe(false);
  });

  it('DEBUG SLEEP advances a FakeClock (and accepts what strtod accepts)', () => {
    const { c, clock } = setup();
    expect(c('DEBUG', 'SLEEP', '0.25')).toBe('OK');
    expect(clock.now()).toBe(T0 + 250);
    expect(c('DEBUG', 'SLEEP', 'abc')).toBe('OK');
    expect(c('DEBUG', 'SLEEP', '0')).toBe('OK');
    expect(clock.now()).toBe(T0 + 250);
  });
});

describe('DEBUG subcommands', () => {
  it('DEBUG POPULATE creates key:N value:N strings, skipping existing keys', () => {
    const { c } = setup();
    c('SET', 'key:1', 'mine');
    expect(c('DEBUG', 'POPULATE', '3')).toBe('OK');
    expect(c('MGET', 'key:0', 'key:1', 'key:2')).toEqual(['value:0', 'mine', 'value:2']);
    expect(c('DEBUG', 'POPULATE', '2', 'p', '2')).toBe('OK');
    expect(c('GET', 'p:0')).toBe('va');
    expect(c('DEBUG', 'POPULATE', '1', 'q', '10')).toBe('OK');
    expect(c('STRLEN', 'q:0')).toBe(10);
    expect(c('DEBUG', 'POPULATE', '-1')).toBe('ERR value is out of range, must be positive');
    expect(c('DEBUG', 'POPULATE', 'abc')).toBe('ERR value is out of range, must be positive');
  });

  it('DEBUG HTSTATS, HTSTATS-KEY, LISTPACK, QUICKLIST', () => {
    const { c } = setup();
    c('HSET', 'h', 'f', 'v');
    c('RPUSH', 'l', 'a');
    c('SADD', 'st', 'a', 'b');
    expect(c('DEBUG', 'HTSTATS', '0')).toMatch(
      /^\[Dictionary HT\]\nHash table 0 stats \(main hash table\):\n table size: 4\n number of elements: 3\n[\s\S]*\[Expires HT\]\nHash table 0 stats \(main hash table\):\nNo stats available for empty dictionaries\n$/,
    );
    expect(c('DEBUG', 'HTSTATS-KEY', 'st')).toMatch(
      /^Hash table 0 stats \(main hash table\):\n table size: 4\n number of elements: 2\n/,
    );
    expect(c('DEBUG', 'HTSTATS-KEY', 'st')).not.toMatch(/rehashing target/);
    expect(c('DEBUG', 'HTSTATS-KEY', 'h')).toBe(
      'ERR The value stored at the specified key is not represented using an hash table',
    );
    expect(c('DEBUG', 'HTSTATS-KEY', 'nokey')).toBe('ERR no such key');
    expect(c('DEBUG', 'HTSTATS', '99')).toBe('ERR Out of range database');
    expect(c('DEBUG', 'LISTPACK', 'h')).toBe('Listpack structure printed on stdout');
    expect(c('DEBUG', 'LISTPACK', 'l')).toBe('ERR Not a listpack encoded object.');
    expect(c('DEBUG', 'QUICKLIST', 'l')).toBe('Quicklist structure printed on stdout');
    expect(c('DEBUG', 'QUICKLIST', 'h')).toBe('ERR Not a quicklist encoded object.');
  });

  it('DEBUG answers the small subcommands as Redis does', () => {
    const { c } = setup();
    expect(c('DEBUG', 'QUICKLIST-PACKED-THRESHOLD', '100')).toBe('OK');
    expect(c('DEBUG', 'QUICKLIST-PACKED-THRESHOLD', '5gb')).toBe(
      'ERR argument must be a memory value bigger than 1 and smaller than 4gb',
    );
    expect(c('DEBUG', 'QUICKLIST-PACKED-THRESHOLD', 'abc')).toBe(
      'ERR argument must be a memory value bigger than 1 and smaller than 4gb',
    );
    expect(c('DEBUG', 'CHANGE-REPL-ID')).toBe('OK');
    expect(c('DEBUG', 'STRINGMATCH-TEST')).toBe('Apparently Redis did not crash: test passed');
    expect(c('DEBUG', 'STRUCTSIZE')).toBe(
      'bits:64 robj:16 dictentry:24 sdshdr5:1 sdshdr8:3 sdshdr16:5 sdshdr32:9 sdshdr64:17 ',
    );
    expect(c('DEBUG', 'ERROR', 'FOO bar\r\nbaz')).toBe('FOO bar  baz');
    expect(c('DEBUG', 'CLIENT-EVICTION')).toBe('ERR maxmemory-clients is disabled.');
    expect(c('DEBUG', 'CONFIG-REWRITE-FORCE-ALL')).toBe('ERR CONFIG-REWRITE-FORCE-ALL failed: Bad address');
    expect(c('DEBUG', 'PROTOCOL', 'foo')).toBe(
      'ERR Wrong protocol type name. Please use one of the following: string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false',
    );
    expect(c('DEBUG', 'PROTOCOL', 'string')).toBe('Hello World');
    expect(c('DEBUG', 'PROTOCOL', 'integer')).toBe(12345);
    expect(c('DEBUG', 'PROTOCOL', 'push')).toBe('ERR RESP2 is not supported by this command');
    expect(c('DEBUG', 'SET-SKIP-CHECKSUM-VALIDATION', '1')).toBe('OK');
    expect(c('DEBUG', 'LOG', 'hello')).toBe('OK');
    expect(c('DEBUG', 'REPLYBUFFER', 'RESIZING', '0')).toBe('OK');
    expect(c('DEBUG', 'REPLYBUFFER', 'FOO', '0')).toBe(
      "ERR unknown subcommand or wrong number of arguments for 'REPLYBUFFER'. Try DEBUG HELP.",
    );
    expect(c('DEBUG', 'RESTART')).toBe('ERR failed to restart the server. Check server logs.');
    expect(c('DEBUG', 'SEGFAULT')).toBe('ERR DEBUG SEGFAULT is not supported by embedis');
    expect(c('DEBUG', 'FOO')).toBe(
      "ERR unknown subcommand or wrong number of arguments for 'FOO'. Try DEBUG HELP.",
    );
    expect(c('DEBUG')).toBe("ERR wrong number of arguments for 'debug' command");
  });

  it('DEBUG HELP lists the subcommands', () => {
    const { c } = setup();
    const help = c('DEBUG', 'HELP') as string[];
    expect(help[0]).toBe('DEBUG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:');
    expect(help).toContain('SET-ACTIVE-EXPIRE <0|1>');
    expect(help.at(-1)).toBe('    Prints this help.');
    expect(help).toHaveLength(102);
  });

  it('DEBUG is refused when enable-debug-command is no', () => {
    const { c } = setup({ config: { 'enable-debug-command': 'no' } });
    expect(c('DEBUG', 'HELP')).toBe(
      'ERR DEBUG command not allowed. If the enable-debug-command option is set to "local", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.',
    );
  });
});
