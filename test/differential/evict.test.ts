// maxmemory eviction against a real redis-server 7.0 (evict.c, server.c processCommand): only
// replies that do not depend on how much memory each side counts — with `maxmemory 1` both are
// always over the limit (Redis's allocator figure and embedis's dataset estimate alike), so the
// OOM errors, what noeviction and the volatile policies keep, and what a random policy does to
// a single key are deterministic. The harness's redis-server is shared by the scripts of this
// file, so each script sets maxmemory and the policy back before it ends.

import { diff, type Script } from './harness.js';

const OOM = 'OOM command not allowed';

function restore(c: Script): void {
  c.do('CONFIG', 'SET', 'maxmemory', '0');
  c.do('CONFIG', 'SET', 'maxmemory-policy', 'noeviction');
}

diff('maxmemory noeviction refuses denyoom commands only', (c) => {
  c.do('SET', 'foo', 'bar');
  c.do('CONFIG', 'SET', 'maxmemory', '1');
  c.do('GET', 'foo');
  c.do('EXPIRE', 'foo', '100');
  c.do('TTL', 'foo');
  c.do('DBSIZE');
  // failure cases
  c.error(OOM, 'SET', 'a', 'b');
  c.error(OOM, 'APPEND', 'foo', 'x');
  c.error(OOM, 'LPUSH', 'l', 'x');
  c.error(OOM, 'INCR', 'n');
  c.error(OOM, 'HSET', 'h', 'f', 'v');
  c.do('DEL', 'foo');
  c.do('EXISTS', 'foo');
  restore(c);
  c.do('SET', 'a', 'b');
});

diff('maxmemory refuses commands queued in MULTI, EXEC then aborts, DISCARD runs', (c) => {
  c.do('CONFIG', 'SET', 'maxmemory', '1');
  c.do('MULTI');
  c.error(OOM, 'GET', 'x');
  c.error('EXECABORT', 'EXEC');
  c.do('MULTI');
  c.error(OOM, 'SET', 'x', '1');
  c.do('DISCARD');
  c.do('PING');
  restore(c);
});

diff('EXEC of a queued write is refused once over maxmemory', (c) => {
  c.do('MULTI');
  c.do('SET', 'foo1', 'bar1');
  c.on(2, (c2) => c2.do('CONFIG', 'SET', 'maxmemory', '1'));
  c.error('EXECABORT Transaction discarded because of: OOM', 'EXEC');
  c.do('EXISTS', 'foo1');
  restore(c);
});

diff('allkeys-random with maxmemory 1 evicts the only key, then refuses writes', (c) => {
  c.do('SET', 'foo', 'bar');
  c.do('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-random');
  c.do('CONFIG', 'SET', 'maxmemory', '1');
  c.do('GET', 'foo');
  c.error(OOM, 'SET', 'a', 'b');
  c.do('DBSIZE');
  restore(c);
});

diff('volatile policies evict only keys with a TTL', (c) => {
  c.do('SET', 'plain', '1');
  c.do('SET', 'vol', '2', 'EX', '100');
  c.do('CONFIG', 'SET', 'maxmemory-policy', 'volatile-random');
  c.do('CONFIG', 'SET', 'maxmemory', '1');
  c.do('GET', 'vol');
  c.do('GET', 'plain');
  c.error(OOM, 'SET', 'x', 'y');
  c.do('CONFIG', 'SET', 'maxmemory-policy', 'volatile-lru');
  c.error(OOM, 'SET', 'vol', '2', 'EX', '100'); // no volatile key left to evict
  c.do('DBSIZE');
  restore(c);
});

diff('OBJECT FREQ needs an LFU policy and starts at LFU_INIT_VAL', (c) => {
  c.do('SET', 'foo', 'bar');
  c.error('An LFU maxmemory policy is not selected', 'OBJECT', 'FREQ', 'foo');
  c.do('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lfu');
  c.do('SET', 'k', 'v');
  c.do('OBJECT', 'FREQ', 'k');
  c.do('GET', 'k');
  c.do('OBJECT', 'FREQ', 'k');
  c.do('OBJECT', 'FREQ', 'missing');
  restore(c);
  c.error('An LFU maxmemory policy is not selected', 'OBJECT', 'FREQ', 'k');
});
