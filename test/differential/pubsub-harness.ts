// A differential harness for several clients at once, for pub/sub and keyspace notifications:
// what matters there is not one reply per command but everything each connection receives —
// replies, subscribe confirmations, messages — in order. A script drives N clients; each side
// records, per step and per client, every value that client received during that step.
//
//   wire('PUBLISH reaches a subscriber', (s) => {
//     const [a, b] = s.clients(2);
//     a.do('SUBSCRIBE', 'ch');
//     b.do('PUBLISH', 'ch', 'hi');   // a receives the message during this step
//   });
//
// On redis every client is its own socket. A step ends when the client that ran it has
// answered a `PING <marker>` sent right behind the command (Redis is single-threaded, so the
// command and everything it wrote to other clients came first), then every other client
// answers its own marker: whatever each received before its marker belongs to the step. The
// markers' replies are dropped. On embedis each client is a Session whose `push` records
// (encoded and decoded as the wire would carry them) and the store runs on a FakeClock.
//
// Modes follow harness.ts: live (redis-server on PATH or CI=true; the transcript is checked
// for staleness), record (EMBEDIS_RECORD=1 rewrites transcripts/<file>.json), replay (embedis
// against the transcript). Scripts avoid what Redis orders by hash (UNSUBSCRIBE of several
// channels at once, several matching patterns on one client) or mark the step `sorted`.

import fs from 'node:fs';
import type net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, test } from 'vitest';
import { BlockedReply, type Reply } from '../../src/commands/reply.js';
import { FakeClock, type Session, Store } from '../../src/index.js';
import { encodeCommand, encodeReply } from '../../src/resp/encode.js';
import { formatTranscript, LIVE, RECORD } from './harness.js';
import { connectSocket, RedisConnection, RedisServer, redisServerVersion } from './redis-server.js';
import { RespDecoder, showValue, sortValue, type Value, valuesEqual } from './resp-value.js';

/** One step of a wire script. */
export type WireStep =
  | { c: number; cmd: string[]; sorted?: true }
  | { c: number; resp: 2 | 3 }
  | { sleep: number }
  | { notify: string };

/** What each client received during one step. */
type Received = Value[][];

interface WireTranscript {
  redis: string;
  scripts: Record<string, (WireStep & { received: Received })[]>;
}

/** One scripted client. */
export class WireClient {
  constructor(
    private readonly script: WireScript,
    readonly index: number,
  ) {}

  /** Sends a command; everything every client receives meanwhile is compared. */
  do(...argv: (string | number)[]): void {
    this.script.steps.push({ c: this.index, cmd: argv.map(toByteString) });
  }

  /** Like do(), with arrays in this client's share of the step compared in any order. */
  doSorted(...argv: (string | number)[]): void {
    this.script.steps.push({ c: this.index, cmd: argv.map(toByteString), sorted: true });
  }

  /** Switches this client to RESP3 (HELLO 3 on redis; its reply is not compared). */
  resp3(): void {
    this.script.steps.push({ c: this.index, resp: 3 });
  }

  /** Switches this client back to RESP2. */
  resp2(): void {
    this.script.steps.push({ c: this.index, resp: 2 });
  }
}

/** Builds a wire script. */
export class WireScript {
  readonly steps: WireStep[] = [];
  private count = 0;

  /** Adds `n` clients. */
  clients(n: number): WireClient[] {
    return Array.from({ length: n }, () => new WireClient(this, this.count++));
  }

  /** Sleeps on redis; advances the FakeClock (running due timers) on embedis. */
  sleep(ms: number): void {
    this.steps.push({ sleep: ms });
  }

  /** Sets `notify-keyspace-events` (CONFIG SET on redis, setNotifyKeyspaceEvents on embedis). */
  notify(classes: string): void {
    this.steps.push({ notify: classes });
  }

  get clientCount(): number {
    return this.count;
  }
}

const ASCII = /^[\x00-\x7f]*$/;

function toByteString(a: string | number): string {
  if (typeof a === 'number') return String(a);
  return ASCII.test(a) ? a : Buffer.from(a, 'utf8').toString('latin1');
}

function clientsOf(steps: readonly WireStep[]): number {
  let n = 0;
  for (const s of steps) if ('c' in s) n = Math.max(n, s.c + 1);
  return n;
}

function normalize(step: WireStep, received: Received): Received {
  if (!('cmd' in step) || !step.sorted) return received;
  return received.map((vs, i) => (i === step.c ? vs.map((v) => (Array.isArray(v) ? sortValue(v) : v)) : vs));
}

// ---------------------------------------------------------------------------------------------
// redis

const SYNC_TIMEOUT_MS = 5000;

/** A raw connection that keeps every value it receives, replies and pushes alike, in order. */
class StreamConnection {
  private readonly decoder = new RespDecoder();
  private received: Value[] = [];
  private wake: (() => void) | null = null;
  private failure: Error | undefined;

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      try {
        this.decoder.push(chunk);
        for (let v = this.decoder.next(); v !== undefined; v = this.decoder.next()) this.received.push(v);
      } catch (e) {
        this.failure ??= e as Error;
      }
      this.wake?.();
    });
    socket.on('error', (e) => {
      this.failure ??= e;
      this.wake?.();
    });
  }

  static async connect(port: number): Promise<StreamConnection> {
    return new StreamConnection(await connectSocket(port));
  }

  send(argv: readonly string[]): void {
    this.socket.write(Buffer.from(encodeCommand(argv), 'latin1'));
  }

  /** Sends `PING marker` and returns what arrived before its reply (which is dropped). */
  async sync(marker: string): Promise<Value[]> {
    this.send(['PING', marker]);
    const isMarker = (v: Value): boolean =>
      v === marker || (Array.isArray(v) && v.length === 2 && v[0] === 'pong' && v[1] === marker);
    const deadline = Date.now() + SYNC_TIMEOUT_MS;
    for (;;) {
      if (this.failure) throw this.failure;
      const at = this.received.findIndex(isMarker);
      if (at >= 0) {
        const before = this.received.slice(0, at);
        this.received = this.received.slice(at + 1);
        return before;
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(
          `redis: no reply to PING ${marker}; received ${this.received.map(showValue).join(', ')}`,
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
  }

  close(): void {
    this.socket.destroy();
  }
}

async function runOnRedis(
  steps: readonly WireStep[],
  port: number,
  control: RedisConnection,
): Promise<Received[]> {
  for (const argv of [['FLUSHALL'], ['CONFIG', 'SET', 'notify-keyspace-events', '']]) {
    const r = await control.call(argv);
    if (typeof r !== 'object' || r === null || !('status' in r))
      throw new Error(`redis: ${argv.join(' ')}: ${showValue(r)}`);
  }
  const n = clientsOf(steps);
  const conns = await Promise.all(Array.from({ length: n }, () => StreamConnection.connect(port)));
  let markers = 0;
  const syncAll = async (first: number, out: Received): Promise<void> => {
    if (first >= 0) out[first] = await conns[first]!.sync(`__sync:${markers++}`);
    for (let i = 0; i < n; i++) if (i !== first) out[i] = await conns[i]!.sync(`__sync:${markers++}`);
  };
  try {
    const outcome: Received[] = [];
    for (const step of steps) {
      const received: Received = Array.from({ length: n }, () => []);
      if ('cmd' in step) {
        conns[step.c]!.send(step.cmd);
        await syncAll(step.c, received);
      } else if ('resp' in step) {
        conns[step.c]!.send(['HELLO', String(step.resp)]);
        await syncAll(step.c, received);
        const hello = received[step.c]!;
        if (hello.length !== 1 || (typeof hello[0] === 'object' && hello[0] !== null && 'error' in hello[0]))
          throw new Error(`redis: HELLO ${step.resp} replied ${hello.map(showValue).join(', ')}`);
        received[step.c] = [];
      } else if ('sleep' in step) {
        await new Promise((r) => setTimeout(r, step.sleep));
        await syncAll(-1, received);
      } else {
        const r = await control.call(['CONFIG', 'SET', 'notify-keyspace-events', step.notify]);
        if (typeof r !== 'object' || r === null || !('status' in r))
          throw new Error(`redis: CONFIG SET: ${showValue(r)}`);
        await syncAll(-1, received);
      }
      outcome.push(normalize(step, received));
    }
    return outcome;
  } finally {
    for (const c of conns) c.close();
  }
}

// ---------------------------------------------------------------------------------------------
// embedis

function decodeAll(bytes: string): Value[] {
  const d = new RespDecoder();
  d.push(Buffer.from(bytes, 'latin1'));
  const out: Value[] = [];
  for (let v = d.next(); v !== undefined; v = d.next()) out.push(v);
  if (d.pending !== 0) throw new Error(`RESP protocol error: ${d.pending} bytes left over`);
  return out;
}

function runOnEmbedis(steps: readonly WireStep[]): Received[] {
  const clock = new FakeClock(Date.now());
  const store = new Store({ clock });
  const n = clientsOf(steps);
  let received: Received = [];
  const sessions: Session[] = Array.from({ length: n }, (_, i) => {
    const s = store.createSession();
    s.push = (r: Reply) => received[i]!.push(...decodeAll(encodeReply(r, s.protocol)));
    return s;
  });
  try {
    const outcome: Received[] = [];
    for (const step of steps) {
      received = Array.from({ length: n }, () => []);
      if ('cmd' in step) {
        const session = sessions[step.c]!;
        const args = step.cmd.map((a) => (ASCII.test(a) ? a : Buffer.from(a, 'latin1')));
        const r = store.dispatch(args, session);
        if (r instanceof BlockedReply) {
          throw new Error(`embedis: ${step.cmd.join(' ')} blocked; wire scripts do not block`);
        }
        received[step.c]!.push(...decodeAll(encodeReply(r, session.protocol)));
      } else if ('resp' in step) {
        sessions[step.c]!.protocol = step.resp;
      } else if ('sleep' in step) {
        clock.advance(step.sleep);
      } else {
        store.setNotifyKeyspaceEvents(step.notify);
      }
      outcome.push(normalize(step, received));
    }
    return outcome;
  } finally {
    store.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Comparing and transcripts

function showStep(step: WireStep): string {
  if ('cmd' in step) return `client ${step.c}: ${step.cmd.join(' ')}${step.sorted ? '   [sorted]' : ''}`;
  if ('resp' in step) return `client ${step.c}: (switch to RESP${step.resp})`;
  if ('sleep' in step) return `(sleep ${step.sleep} ms)`;
  return `(notify-keyspace-events '${step.notify}')`;
}

function compare(
  steps: readonly WireStep[],
  expected: readonly Received[],
  actual: readonly Received[],
  labels: [string, string],
): string | undefined {
  const lines: string[] = [];
  steps.forEach((step, i) => {
    const e = expected[i] ?? [];
    const a = actual[i] ?? [];
    for (let c = 0; c < Math.max(e.length, a.length); c++) {
      const ev = e[c] ?? [];
      const av = a[c] ?? [];
      if (ev.length === av.length && ev.every((v, j) => valuesEqual(v, av[j]!))) continue;
      if (lines.length >= 24) return;
      lines.push(
        `  step ${i + 1} ${showStep(step)}, client ${c} received:`,
        `    ${labels[0]}: ${ev.length === 0 ? '(nothing)' : ev.map(showValue).join(' | ')}`,
        `    ${labels[1]}: ${av.length === 0 ? '(nothing)' : av.map(showValue).join(' | ')}`,
      );
    }
  });
  return lines.length === 0 ? undefined : lines.join('\n');
}

function transcriptPath(testFile: string): string {
  const base = path.basename(testFile).replace(/\.test\.[cm]?[jt]s$/, '');
  return path.join(path.dirname(testFile), 'transcripts', `${base}.json`);
}

const specOf = (s: WireStep): string => {
  const { received: _r, ...spec } = s as WireStep & { received?: Received };
  return JSON.stringify(spec, Object.keys(spec).sort());
};

// ---------------------------------------------------------------------------------------------
// Per-file state and wire()

const state = {
  server: undefined as RedisServer | undefined,
  control: undefined as RedisConnection | undefined,
  testFile: undefined as string | undefined,
  transcript: undefined as WireTranscript | null | undefined,
  registered: [] as string[],
  recorded: new Map<string, (WireStep & { received: Received })[]>(),
  version: redisServerVersion(),
};

let hooked = false;

function hook(): void {
  if (hooked) return;
  hooked = true;
  beforeAll(async () => {
    if (!LIVE) return;
    if (state.version === undefined)
      throw new Error('redis-server not found; it is required when CI=true or EMBEDIS_RECORD=1');
    state.server = await RedisServer.start();
    state.control = await RedisConnection.connect(state.server.port);
  });
  afterAll(async () => {
    state.control?.close();
    await state.server?.stop();
    if (RECORD && state.testFile !== undefined && state.recorded.size > 0) {
      const target = transcriptPath(state.testFile);
      const old = readTranscript(target);
      const scripts: WireTranscript['scripts'] = {};
      for (const n of state.registered) {
        const s = state.recorded.get(n) ?? old?.scripts[n];
        if (s) scripts[n] = s;
      }
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, formatTranscript({ redis: state.version ?? 'unknown', scripts }));
    }
  });
}

function readTranscript(file: string): WireTranscript | null {
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as WireTranscript) : null;
}

/** Registers a multi-client differential test. */
export function wire(name: string, fn: (s: WireScript) => void): void {
  hook();
  if (state.registered.includes(name)) throw new Error(`duplicate wire script name "${name}"`);
  state.registered.push(name);
  test(name, async (ctx) => {
    const testFile = ctx.task.file.filepath;
    state.testFile = testFile;
    const script = new WireScript();
    fn(script);
    const steps = script.steps;
    const rel = path.relative(process.cwd(), transcriptPath(testFile));
    if (state.transcript === undefined) state.transcript = readTranscript(transcriptPath(testFile));
    const recorded = state.transcript?.scripts[name];
    const current = (r: (WireStep & { received: Received })[]): boolean =>
      r.length === steps.length && r.every((s, i) => specOf(s) === specOf(steps[i]!));
    const problems: string[] = [];
    let expected: Received[];
    let source: string;
    if (LIVE) {
      expected = await runOnRedis(steps, state.server!.port, state.control!);
      source = 'redis';
      if (RECORD) {
        state.recorded.set(
          name,
          steps.map((s, i) => ({ ...s, received: expected[i]! })),
        );
      } else if (!recorded || !current(recorded)) {
        problems.push(
          `transcript stale: run EMBEDIS_RECORD=1 npx vitest run ${path.relative(process.cwd(), testFile)}`,
        );
      } else {
        const stale = compare(
          steps,
          recorded.map((s) => s.received),
          expected,
          ['transcript', 'redis'],
        );
        if (stale) problems.push(`transcript stale in ${rel} for "${name}":\n${stale}`);
      }
    } else {
      if (!recorded || !current(recorded)) {
        throw new Error(
          `no current transcript for "${name}" in ${rel}: record it with redis-server installed`,
        );
      }
      expected = recorded.map((s) => s.received);
      source = 'transcript';
    }
    const actual = runOnEmbedis(steps);
    const diff = compare(steps, expected, actual, [source, 'embedis']);
    if (diff) problems.push(`embedis differs from ${source} in "${name}":\n${diff}`);
    if (problems.length > 0) throw new Error(problems.join('\n\n'));
  });
}
