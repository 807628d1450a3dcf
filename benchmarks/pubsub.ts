// Pub/sub fan-out: one publisher, 100 subscribers of one channel, messages of 16 bytes.
// Contenders, measured in interleaved rounds (A B C …, median round reported):
//   - typed API: 100 `store.subscribe` handlers; a batch of publishes, then the microtask that
//     runs the handlers (delivery is part of the timed window);
//   - typed API, patterns: 100 `store.psubscribe('news.*')` handlers;
//   - wire path: `store.call('PUBLISH')` to 100 client sessions whose `push` only counts (what
//     the RESP server then encodes and writes is not included);
//   - node:events EventEmitter with 100 listeners (the in-process floor: a synchronous call each);
//   - ioredis -> a private redis-server 7.0: 100 subscriber connections, the publisher pipelines
//     a batch and the round ends when every subscriber received every message.
// Reported: publishes/s and deliveries/s (= publishes x 100).
//
// Run: npx tsx benchmarks/bundled.ts pubsub

import { EventEmitter } from 'node:events';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { Store } from '../src/index.js';
import { findRedisServer, startRedisServer } from './redis-server.js';

const SUBSCRIBERS = 100;
const BATCH = 1000; // publishes per timed sample
const ROUNDS = 7;
const SAMPLES = 20; // samples per round
const MESSAGE = 'm'.repeat(16);

interface Contender {
  name: string;
  /** Publishes BATCH messages and resolves once every subscriber has all of them. */
  run(): Promise<void>;
  close?(): Promise<void> | void;
}

function typed(pattern: boolean): Contender {
  const store = new Store();
  let received = 0;
  for (let i = 0; i < SUBSCRIBERS; i++) {
    if (pattern) store.psubscribe('news.*', () => received++);
    else store.subscribe('news.tech', () => received++);
  }
  return {
    name: pattern ? 'typed API, psubscribe' : 'typed API, subscribe',
    async run() {
      received = 0;
      for (let i = 0; i < BATCH; i++) store.publish('news.tech', MESSAGE);
      await Promise.resolve(); // handlers run in the microtask queued by the first publish
      if (received !== BATCH * SUBSCRIBERS) throw new Error(`typed: ${received} deliveries`);
    },
    close: () => store.close(),
  };
}

function wire(): Contender {
  const store = new Store();
  let received = 0;
  for (let i = 0; i < SUBSCRIBERS; i++) {
    const s = store.createSession();
    s.push = () => {
      received++;
    };
    store.dispatch(['SUBSCRIBE', 'news.tech'], s);
  }
  return {
    name: 'call(PUBLISH) to sessions',
    async run() {
      received = 0;
      for (let i = 0; i < BATCH; i++) store.call('PUBLISH', 'news.tech', MESSAGE);
      if (received !== BATCH * SUBSCRIBERS) throw new Error(`wire: ${received} deliveries`);
    },
    close: () => store.close(),
  };
}

function emitter(): Contender {
  const e = new EventEmitter();
  e.setMaxListeners(SUBSCRIBERS + 1);
  let received = 0;
  for (let i = 0; i < SUBSCRIBERS; i++) e.on('news.tech', () => received++);
  return {
    name: 'EventEmitter (baseline)',
    async run() {
      received = 0;
      for (let i = 0; i < BATCH; i++) e.emit('news.tech', MESSAGE);
      if (received !== BATCH * SUBSCRIBERS) throw new Error(`emitter: ${received} deliveries`);
    },
  };
}

async function redis(port: number): Promise<Contender> {
  const pub = new Redis({ port, host: '127.0.0.1' });
  const subs: Redis[] = [];
  let received = 0;
  let done: (() => void) | null = null;
  for (let i = 0; i < SUBSCRIBERS; i++) {
    const s = new Redis({ port, host: '127.0.0.1' });
    await s.subscribe('news.tech');
    s.on('message', () => {
      if (++received === BATCH * SUBSCRIBERS) done?.();
    });
    subs.push(s);
  }
  return {
    name: 'ioredis -> redis-server',
    async run() {
      received = 0;
      const all = new Promise<void>((r) => (done = r));
      const p = pub.pipeline();
      for (let i = 0; i < BATCH; i++) p.publish('news.tech', MESSAGE);
      await p.exec();
      await all;
    },
    async close() {
      for (const s of subs) s.disconnect();
      pub.disconnect();
    },
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

async function main(): Promise<void> {
  const contenders: Contender[] = [typed(false), typed(true), wire(), emitter()];
  const bin = findRedisServer();
  const server = bin === undefined ? undefined : await startRedisServer(bin);
  try {
    if (server !== undefined) contenders.push(await redis(server.port));
    const rounds = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
    for (const c of contenders) for (let i = 0; i < 3; i++) await c.run(); // warm-up
    for (let r = 0; r < ROUNDS; r++) {
      for (const c of contenders) {
        const rates: number[] = [];
        for (let s = 0; s < SAMPLES; s++) {
          const t = performance.now();
          await c.run();
          rates.push(BATCH / ((performance.now() - t) / 1000));
        }
        rounds.get(c.name)!.push(median(rates));
      }
    }
    console.log(`pub/sub fan-out: 1 channel, ${SUBSCRIBERS} subscribers, ${MESSAGE.length}-byte messages`);
    console.log(
      `${cpus()[0]?.model ?? 'cpu'} x${cpus().length}, Node ${process.version}` +
        (server ? `, redis-server ${server.version}` : ', no redis-server found'),
    );
    console.log('| contender | publishes/s | deliveries/s | spread |');
    console.log('|---|---:|---:|---:|');
    for (const c of contenders) {
      const rs = rounds.get(c.name)!;
      const m = median(rs);
      const spread = ((Math.max(...rs) - Math.min(...rs)) / m) * 100;
      const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
      console.log(`| ${c.name} | ${fmt(m)} | ${fmt(m * SUBSCRIBERS)} | ${spread.toFixed(0)}% |`);
    }
  } finally {
    for (const c of contenders) await c.close?.();
    await server?.stop();
  }
}

await main();
