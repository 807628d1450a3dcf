// The RESP server against redis-server, in the same run (`npm run bench:server`):
//
// 1. Request decoding: embedis's RequestDecoder vs redis-parser (ioredis's RESP parser) on one
//    chunk of 16 pipelined SET/GET requests — the number behind keeping a decoder of our own.
// 2. redis-benchmark -c 50 -d 16 -r 100000 -t set,get -n 200000, at -P 1 and -P 16, against
//    `embedis serve`'s server (a child process: benchmarks/server-child.ts) and a private
//    redis-server. Bars: embedis >= 0.7x Redis's requests/s at -P 1, >= 0.5x at -P 16.
// 3. Memory per idle connection: 1000 idle sockets; embedis's RSS and V8 heap delta per socket
//    (after a full GC) vs Redis's used_memory delta.
// Results: benchmarks/results/server.{json,md}.

import { type ChildProcess, fork, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { RequestDecoder } from '../src/resp/decode.js';
import { encodeCommand } from '../src/resp/encode.js';
import { nodeScript } from './node-script.js';
import { findRedisServer, startRedisServer } from './redis-server.js';

/** redis-parser 3 (ioredis's parser, installed with it): untyped, so its shape is declared here. */
type ParserOptions = {
  returnReply: (reply: never) => void;
  returnError: (e: Error) => void;
  returnBuffers?: boolean;
};
const RedisParser = createRequire(import.meta.url)('redis-parser') as new (
  options: ParserOptions,
) => { execute(chunk: Buffer): void };

const ROOT = path.resolve(import.meta.dirname, '..');
const OUT = path.join(ROOT, 'benchmarks', 'results');
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200_000);
const CLIENTS = 50;
const IDLE = 1000;

interface Rps {
  test: string;
  pipeline: number;
  embedis: number;
  redis: number;
  ratio: number;
  bar: number;
  pass: boolean;
}

// ---- 1. decoder ---------------------------------------------------------------------------

function decoderBench(): { name: string; nsPerCommand: number }[] {
  const cmds: string[] = [];
  for (let i = 0; i < 16; i++) {
    const key = `key:${String((i * 7919) % 100_000).padStart(12, '0')}`;
    cmds.push(i % 2 ? encodeCommand(['SET', key, 'x'.repeat(16)]) : encodeCommand(['GET', key]));
  }
  const chunk = Buffer.from(cmds.join(''), 'latin1');
  const time = (name: string, run: () => number): { name: string; nsPerCommand: number } => {
    for (let i = 0; i < 20_000; i++) run();
    const samples: number[] = [];
    for (let round = 0; round < 7; round++) {
      let n = 0;
      const t = process.hrtime.bigint();
      for (let i = 0; i < 50_000; i++) n += run();
      samples.push(Number(process.hrtime.bigint() - t) / n);
    }
    samples.sort((a, b) => a - b);
    return { name, nsPerCommand: samples[3]! };
  };
  const d = new RequestDecoder();
  let got = 0;
  const sink: unknown[] = [];
  const asStrings = new RedisParser({
    returnReply: (r: never) => {
      sink[0] = r;
      got++;
    },
    returnError: () => {},
  });
  const asLatin1 = new RedisParser({
    returnReply: (r: Buffer[]) => {
      const argv = new Array<string>(r.length);
      for (let i = 0; i < r.length; i++) argv[i] = r[i]!.toString('latin1');
      sink[0] = argv;
      got++;
    },
    returnError: () => {},
    returnBuffers: true,
  });
  return [
    time('embedis RequestDecoder (argv of byte strings)', () => {
      d.push(chunk);
      let n = 0;
      for (let r = d.next(); r !== null; r = d.next()) n++;
      return n;
    }),
    time('redis-parser, Buffers turned into byte strings', () => {
      got = 0;
      asLatin1.execute(chunk);
      return got;
    }),
    time('redis-parser, UTF-8 strings (not binary safe)', () => {
      got = 0;
      asStrings.execute(chunk);
      return got;
    }),
  ];
}

// ---- 2. redis-benchmark ----------------------------------------------------------------------

async function startEmbedisChild(): Promise<{ child: ChildProcess; port: number }> {
  const script = nodeScript(path.join(ROOT, 'benchmarks', 'server-child.ts'));
  const child = fork(script.at(-1)!, [], {
    execArgv: [...script.slice(0, -1), '--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: { type: string; port: number }) => resolve(m.port));
    child.once('exit', (code) => reject(new Error(`server child exited with ${code}`)));
  });
  return { child, port };
}

function ask<T>(child: ChildProcess, type: string, reply: string): Promise<T> {
  return new Promise((resolve) => {
    const on = (m: { type: string }): void => {
      if (m.type !== reply) return;
      child.off('message', on);
      resolve(m as T);
    };
    child.on('message', on);
    child.send({ type });
  });
}

/** redis-benchmark's requests/s per test, from its --csv output. */
function redisBenchmark(port: number, pipeline: number): Record<string, number> {
  const args = ['-p', String(port), '-c', String(CLIENTS), '-d', '16', '-r', '100000', '-t', 'set,get'];
  args.push('-n', String(REQUESTS), '-P', String(pipeline), '--csv');
  const r = spawnSync('redis-benchmark', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`redis-benchmark failed: ${r.stderr}`);
  const out: Record<string, number> = {};
  for (const line of r.stdout.split('\n')) {
    const m = /^"(SET|GET)","([\d.]+)"/.exec(line);
    if (m) out[m[1]!] = Number(m[2]);
  }
  return out;
}

// ---- 3. idle connections ----------------------------------------------------------------------

async function openIdle(port: number, n: number): Promise<net.Socket[]> {
  const sockets: net.Socket[] = [];
  for (let i = 0; i < n; i += 100) {
    const batch = await Promise.all(
      Array.from(
        { length: Math.min(100, n - i) },
        () =>
          new Promise<net.Socket>((resolve, reject) => {
            const s = net.connect({ port, host: '127.0.0.1' });
            s.once('connect', () => resolve(s));
            s.once('error', reject);
          }),
      ),
    );
    sockets.push(...batch);
  }
  // One round trip on each, so every connection is fully set up on the server side.
  await Promise.all(
    sockets.map(
      (s) =>
        new Promise<void>((resolve) => {
          s.once('data', () => resolve());
          s.write('PING\r\n');
        }),
    ),
  );
  return sockets;
}

async function redisUsedMemory(port: number): Promise<number> {
  const r = spawnSync('redis-cli', ['-p', String(port), 'INFO', 'memory'], { encoding: 'utf8' });
  return Number(/used_memory:(\d+)/.exec(r.stdout)![1]);
}

function pidRss(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) * 1024;
}

// ---- run --------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const started = Date.now();
  const loadStart = os.loadavg()[0]!;
  const redisBin = findRedisServer();
  if (redisBin === undefined) throw new Error('redis-server is needed for the server benchmark');

  console.log('1. request decoding, 16 pipelined SET/GET per chunk');
  const decoder = decoderBench();
  for (const d of decoder) console.log(`   ${d.name.padEnd(48)} ${d.nsPerCommand.toFixed(0)} ns/command`);

  const embedis = await startEmbedisChild();
  const redis = await startRedisServer(redisBin);
  const rows: Rps[] = [];
  let memory: Record<string, number>;
  try {
    for (const pipeline of [1, 16]) {
      // Alternate the servers so drifting load hits both alike; warm embedis's JIT first.
      redisBenchmark(embedis.port, pipeline);
      const e = redisBenchmark(embedis.port, pipeline);
      const r = redisBenchmark(redis.port, pipeline);
      for (const test of ['SET', 'GET']) {
        const bar = pipeline === 1 ? 0.7 : 0.5;
        const ratio = e[test]! / r[test]!;
        rows.push({ test, pipeline, embedis: e[test]!, redis: r[test]!, ratio, bar, pass: ratio >= bar });
        console.log(
          `2. -P ${String(pipeline).padEnd(2)} ${test}: embedis ${e[test]!.toFixed(0)} req/s, redis ${r[test]!.toFixed(0)} req/s, ${ratio.toFixed(2)}x (bar ${bar}x) ${ratio >= bar ? 'PASS' : 'FAIL'}`,
        );
      }
    }

    await ask(embedis.child, 'flush', 'flushed');
    spawnSync('redis-cli', ['-p', String(redis.port), 'FLUSHALL']);
    const before = await ask<{ rss: number; heapUsed: number; external: number }>(
      embedis.child,
      'memory',
      'memory',
    );
    const rssBefore = pidRss(embedis.child.pid!);
    const redisBefore = await redisUsedMemory(redis.port);
    const redisRssBefore = pidRss(redis.pid);
    const idleE = await openIdle(embedis.port, IDLE);
    const idleR = await openIdle(redis.port, IDLE);
    await new Promise((r) => setTimeout(r, 500));
    const after = await ask<{ rss: number; heapUsed: number; external: number; clients: number }>(
      embedis.child,
      'memory',
      'memory',
    );
    const rssAfter = pidRss(embedis.child.pid!);
    const redisAfter = await redisUsedMemory(redis.port);
    const redisRssAfter = pidRss(redis.pid);
    for (const s of [...idleE, ...idleR]) s.destroy();
    memory = {
      connections: IDLE,
      embedisClientsSeen: after.clients,
      embedisHeapBytesPerConnection: (after.heapUsed - before.heapUsed) / IDLE,
      embedisExternalBytesPerConnection: (after.external - before.external) / IDLE,
      embedisRssBytesPerConnection: (rssAfter - rssBefore) / IDLE,
      redisUsedMemoryBytesPerConnection: (redisAfter - redisBefore) / IDLE,
      redisRssBytesPerConnection: (redisRssAfter - redisRssBefore) / IDLE,
    };
    console.log('3. memory per idle connection:', memory);
  } finally {
    embedis.child.send({ type: 'stop' });
    await redis.stop();
  }

  const results = {
    machine: {
      cpu: os.cpus()[0]?.model ?? 'unknown',
      cores: os.cpus().length,
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      os: `${os.type()} ${os.release()}`,
      node: process.versions.node,
      v8: process.versions.v8,
      redis: redis.version,
      date: new Date().toISOString(),
      load: { start: loadStart, end: os.loadavg()[0]! },
    },
    config: { requests: REQUESTS, clients: CLIENTS, dataSize: 16, keyspace: 100_000, idleConnections: IDLE },
    decoder,
    throughput: rows,
    memory,
    durationSeconds: Math.round((Date.now() - started) / 1000),
  };
  fs.mkdirSync(OUT, { recursive: true });
  fs.writeFileSync(path.join(OUT, 'server.json'), `${JSON.stringify(results, null, 2)}\n`);
  fs.writeFileSync(path.join(OUT, 'server.md'), markdown(results));
  console.log(`wrote benchmarks/results/server.{json,md} in ${results.durationSeconds} s`);
}

function markdown(r: {
  machine: Record<string, unknown> & { load: { start: number; end: number } };
  decoder: { name: string; nsPerCommand: number }[];
  throughput: Rps[];
  memory: Record<string, number>;
  config: Record<string, number>;
}): string {
  const m = r.machine;
  const lines = [
    '# RESP server benchmark',
    '',
    'Generated by `npm run bench:server` (benchmarks/server.ts).',
    '',
    `- machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB RAM, ${m.os}`,
    `- Node ${m.node} (V8 ${m.v8}), redis-server ${m.redis}`,
    `- date: ${m.date}`,
    `- load average (1 min) at start / end: ${m.load.start.toFixed(2)} / ${m.load.end.toFixed(2)}`,
    '',
    '## Request decoding (16 pipelined SET/GET per chunk)',
    '',
    '| decoder | ns / command |',
    '|---|---:|',
    ...r.decoder.map((d) => `| ${d.name} | ${d.nsPerCommand.toFixed(0)} |`),
    '',
    `## redis-benchmark -c ${r.config.clients} -d 16 -r 100000 -t set,get -n ${r.config.requests}`,
    '',
    '| test | -P | embedis req/s | redis req/s | ratio | bar | |',
    '|---|---:|---:|---:|---:|---:|---|',
    ...r.throughput.map(
      (t) =>
        `| ${t.test} | ${t.pipeline} | ${t.embedis.toFixed(0)} | ${t.redis.toFixed(0)} | ${t.ratio.toFixed(2)}x | >= ${t.bar}x | ${t.pass ? 'PASS' : 'FAIL'} |`,
    ),
    '',
    `## Memory per idle connection (${r.memory.connections} sockets)`,
    '',
    '| measure | bytes / connection |',
    '|---|---:|',
    `| embedis V8 heap (after full GC) | ${r.memory.embedisHeapBytesPerConnection!.toFixed(0)} |`,
    `| embedis external (Buffers) | ${r.memory.embedisExternalBytesPerConnection!.toFixed(0)} |`,
    `| embedis process RSS | ${r.memory.embedisRssBytesPerConnection!.toFixed(0)} |`,
    `| redis used_memory | ${r.memory.redisUsedMemoryBytesPerConnection!.toFixed(0)} |`,
    `| redis process RSS | ${r.memory.redisRssBytesPerConnection!.toFixed(0)} |`,
    '',
  ];
  return lines.join('\n');
}

await main();
