// Differential tests: the same declarative script of commands runs against a real redis-server
// 7.0 and against a fresh embedis Store, and the decoded replies must match step by step (in the
// style of miniredis's integration/ tests).
//
//   diff('SET EX then PTTL', (c) => {
//     c.do('SET', 'k', 'v', 'EX', '10');
//     c.doApprox(5, 'PTTL', 'k');      // integers within ±5 (real time passes on redis)
//     c.error('syntax error', 'SET', 'k', 'v', 'NX', 'XX');
//   });
//
// Modes (chosen once per test file):
// - live: redis-server is on PATH (or CI=true, where a missing server is a failure). One server
//   per test file on a free port; each script runs on redis, then on embedis, and the replies
//   are compared. The redis replies are also checked against the committed transcript, so a
//   transcript that no longer matches redis fails with "transcript stale".
// - record (EMBEDIS_RECORD=1, `npm run test:record`): live, and rewrites
//   transcripts/<file>.json with what redis replied.
// - replay (no redis-server, or EMBEDIS_REPLAY=1): embedis is compared with the transcript, so
//   a fresh clone runs these tests with no Redis installed.
//
// Other knobs: EMBEDIS_REDIS_SERVER=<path> picks the redis-server binary; EMBEDIS_DIFF_LOG=<file>
// appends every mismatch as a JSON line (for triage across many scripts).
//
// Both sides' replies go through one decoder: redis's bytes from the socket, embedis's Reply
// through encodeReply() in the current protocol. The decoded tree (resp-value.ts) is what is
// compared and what transcripts store, binary-safe as latin1 strings.
//
// Several clients: c.on(2, (c) => { c.do(...) }) runs steps as another connection (a second
// redis connection, a second embedis session), for WATCH, blocking and pub/sub scripts. Each
// client keeps its state for the whole script; the extra connections close when it ends.
//
// Time: embedis runs on a FakeClock started at Date.now() when the script starts; c.sleep(ms)
// really sleeps on the redis side and advances the clock on the embedis side. Absolute times
// come from c.now(offset), resolved by each side against its own clock, and timestamp replies
// (EXPIRETIME) from c.doTimestamp, compared relative to each side's clock, so transcripts
// replay at any date.

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, test } from 'vitest';
import type { Reply } from '../../src/commands/reply.js';
import { encodeReply } from '../../src/resp/encode.js';
import { RedisConnection, RedisServer, redisServerVersion } from './redis-server.js';
import {
  decodeOne,
  firstDifference,
  isError,
  quote,
  shapeOf,
  showValue,
  sortKey,
  sortValue,
  type Value,
  valuesEqual,
} from './resp-value.js';

// ---------------------------------------------------------------------------------------------
// Modes

const env = process.env;
/** `EMBEDIS_RECORD=1`: run live and rewrite the transcripts. */
export const RECORD = env.EMBEDIS_RECORD === '1';
const REDIS_VERSION = redisServerVersion();
/** True when scripts run against a real redis-server (live and record modes). */
export const LIVE =
  RECORD || (env.EMBEDIS_REPLAY !== '1' && (REDIS_VERSION !== undefined || env.CI === 'true'));

// ---------------------------------------------------------------------------------------------
// Scripts

export type TimeUnit = 'ms' | 's';

/** An argument resolved by each side against its own clock: `now + offset` in ms or seconds. */
export interface NowArg {
  readonly now: number;
  readonly unit: TimeUnit;
}

/** A script argument. Strings are UTF-8 encoded, Uint8Arrays are raw bytes, numbers decimal. */
export type Arg = string | Uint8Array | number | NowArg;

/** A stored argument: a byte string (one char per byte) or a clock placeholder. */
export type ArgSpec = string | NowArg;

/** A command step, as stored in transcripts (without its reply). */
export interface CmdStep {
  cmd: ArgSpec[];
  /** Integers (and timestamps) may differ by this much. */
  approx?: number;
  /** Compare array / set elements and map pairs in any order. */
  sorted?: true;
  /** Compare only the kind of each element (TIME). */
  shape?: true;
  /** Integer replies >= 0 are timestamps in this unit: compare them minus the side's clock. */
  timestamp?: TimeUnit;
  /** Both sides must error with the same text, and redis's text must contain this. */
  error?: string;
  /** The client that sends it, when not the script's own (1): see Script.on(). */
  client?: number;
  /** `cmd` is a SCAN-family command without its cursor: walk all cursors, compare the union. */
  scan?: true;
}

export type Step = CmdStep | { sleep: number } | { resp: 2 | 3; client?: number };

type TranscriptStep = Step & { reply?: Value };

interface Transcript {
  redis: string;
  scripts: Record<string, TranscriptStep[]>;
}

/** Builds the step list of one script. */
export class Script {
  readonly steps: Step[] = [];
  private client = 1;

  /**
   * Adds the steps `fn` describes as sent by another client (2, 3 …; the script's own is 1):
   * a separate connection on redis, a separate session on embedis, each with its own MULTI,
   * WATCH, SELECT and protocol state.
   */
  on(client: number, fn: (c: Script) => void): void {
    if (!Number.isInteger(client) || client < 1) {
      throw new Error(`client must be an integer >= 1, got ${client}`);
    }
    const outer = this.client;
    this.client = client;
    try {
      fn(this);
    } finally {
      this.client = outer;
    }
  }

  /** Runs a command; replies must be equal. */
  do(...argv: Arg[]): void {
    this.cmd({}, argv);
  }

  /** Runs a command; integers in the reply may differ by `delta` (PTTL, OBJECT IDLETIME). */
  doApprox(delta: number, ...argv: Arg[]): void {
    this.cmd({ approx: delta }, argv);
  }

  /** Runs a command whose reply order is unspecified (KEYS, SMEMBERS). */
  doSorted(...argv: Arg[]): void {
    this.cmd({ sorted: true }, argv);
  }

  /** Runs a command whose content can't match (TIME): only the reply's shape is compared. */
  doShape(...argv: Arg[]): void {
    this.cmd({ shape: true }, argv);
  }

  /** Runs a command that replies with a timestamp (EXPIRETIME): compared relative to each side's clock. */
  doTimestamp(unit: TimeUnit, delta: number, ...argv: Arg[]): void {
    this.cmd({ timestamp: unit, approx: delta }, argv);
  }

  /** Runs a command that must fail: redis's error contains `pattern`, and embedis's text is identical. */
  error(pattern: string, ...argv: Arg[]): void {
    this.cmd({ error: pattern }, argv);
  }

  /**
   * Walks a SCAN-family command over all cursors and compares the sorted union of what it
   * returned: `c.scanAll('SCAN', 'MATCH', 'k*')`, `c.scanAll('HSCAN', 'h', 'COUNT', 2)`. The
   * cursor is inserted after the command name (SCAN) or after the key (HSCAN, SSCAN, ZSCAN);
   * HSCAN and ZSCAN results are compared as pairs.
   */
  scanAll(...argv: Arg[]): void {
    this.cmd({ scan: true }, argv);
  }

  /** Sleeps on redis, advances the FakeClock on embedis. */
  sleep(ms: number): void {
    this.steps.push({ sleep: ms });
  }

  /** Switches both sides to RESP3 for the following steps (of this client). */
  resp3(): void {
    this.steps.push(this.client === 1 ? { resp: 3 } : { resp: 3, client: this.client });
  }

  /** Switches both sides back to RESP2 (for this client). */
  resp2(): void {
    this.steps.push(this.client === 1 ? { resp: 2 } : { resp: 2, client: this.client });
  }

  /**
   * An argument each side resolves against its own clock when the step runs: `now + offsetMs`
   * in milliseconds, or in whole seconds (floored) with unit 's'.
   */
  now(offsetMs = 0, unit: TimeUnit = 'ms'): NowArg {
    return { now: offsetMs, unit };
  }

  private cmd(opts: Omit<CmdStep, 'cmd'>, argv: Arg[]): void {
    if (argv.length === 0) throw new Error('a command step needs at least the command name');
    const step: CmdStep = { cmd: argv.map(toArgSpec), ...opts };
    if (this.client !== 1) step.client = this.client;
    this.steps.push(step);
  }
}

/** Builds a script's steps without running it. */
export function buildSteps(fn: (c: Script) => void): Step[] {
  const c = new Script();
  fn(c);
  return c.steps;
}

const ASCII = /^[\x00-\x7f]*$/;

function toArgSpec(a: Arg): ArgSpec {
  if (typeof a === 'string') return ASCII.test(a) ? a : Buffer.from(a, 'utf8').toString('latin1');
  if (typeof a === 'number') {
    if (!Number.isFinite(a)) throw new Error(`argument ${a} is not a finite number; pass a string`);
    return String(a);
  }
  if (a instanceof Uint8Array) return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('latin1');
  return a;
}

function resolveArg(a: ArgSpec, nowMs: number): string {
  if (typeof a === 'string') return a;
  const t = nowMs + a.now;
  return String(a.unit === 's' ? Math.floor(t / 1000) : t);
}

// ---------------------------------------------------------------------------------------------
// Running steps on one side

interface Side {
  now(): number;
  /** Runs a command as `client` (1 unless the step says otherwise). */
  exec(argv: string[], client?: number): Value | Promise<Value>;
  sleep(ms: number): void | Promise<void>;
  setProtocol(p: 2 | 3, client?: number): void | Promise<void>;
}

/** One reply per step (undefined for sleep / resp steps), normalized as the step says. */
type Outcome = (Value | undefined)[];

/** Cursor walks stop here: a cursor that never returns to 0 is a bug, not a long keyspace. */
const MAX_SCAN_CALLS = 10_000;

async function runSteps(steps: readonly Step[], side: Side): Promise<Outcome> {
  const out: Outcome = [];
  for (const step of steps) {
    if ('sleep' in step) {
      await side.sleep(step.sleep);
      out.push(undefined);
    } else if ('resp' in step) {
      await side.setProtocol(step.resp, step.client);
      out.push(undefined);
    } else {
      const argv = step.cmd.map((a) => resolveArg(a, side.now()));
      const raw = step.scan ? await scanAll(argv, side) : await side.exec(argv, step.client);
      out.push(normalize(step, raw, side.now()));
    }
  }
  return out;
}

async function scanAll(argvNoCursor: string[], side: Side): Promise<Value> {
  const name = argvNoCursor[0]!.toUpperCase();
  const at = name === 'SCAN' ? 1 : 2;
  const pairs = name === 'HSCAN' || name === 'ZSCAN';
  const seen = new Map<string, Value>();
  let cursor = '0';
  for (let calls = 0; calls < MAX_SCAN_CALLS; calls++) {
    const argv = [...argvNoCursor.slice(0, at), cursor, ...argvNoCursor.slice(at)];
    const r = await side.exec(argv);
    if (!Array.isArray(r) || r.length !== 2 || typeof r[0] !== 'string' || !Array.isArray(r[1])) {
      return calls === 0 ? r : { error: `scanAll: bad reply to ${argv.join(' ')}: ${showValue(r)}` };
    }
    const items = r[1];
    for (let i = 0; i < items.length; i += pairs ? 2 : 1) {
      const item: Value = pairs ? [items[i]!, items[i + 1] ?? null] : items[i]!;
      seen.set(sortKey(item), item);
    }
    cursor = r[0];
    if (cursor === '0') return sortValue([...seen.values()]);
  }
  return { error: `scanAll: cursor did not return to 0 after ${MAX_SCAN_CALLS} calls` };
}

function normalize(step: CmdStep, v: Value, nowMs: number): Value {
  if (isError(v)) return v;
  if (step.sorted) return sortValue(v);
  if (step.shape) return shapeOf(v);
  if (step.timestamp) {
    const now = step.timestamp === 's' ? Math.floor(nowMs / 1000) : nowMs;
    const rel = (x: Value): Value => (typeof x === 'number' && x >= 0 ? { rel: x - now } : x);
    return Array.isArray(v) ? v.map(rel) : rel(v);
  }
  return v;
}

// ---- redis

/** The redis side of one script run; close() ends the extra clients' connections. */
function redisSide(conn: RedisConnection, port: number): Side & { close(): void } {
  const others = new Map<number, Promise<RedisConnection>>();
  const connection = (client = 1): Promise<RedisConnection> => {
    if (client === 1) return Promise.resolve(conn);
    let c = others.get(client);
    if (c === undefined) others.set(client, (c = RedisConnection.connect(port)));
    return c;
  };
  return {
    now: () => Date.now(),
    exec: async (argv, client) => (await connection(client)).call(argv),
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    async setProtocol(p, client) {
      const r = await (await connection(client)).call(['HELLO', String(p)]);
      if (isError(r)) throw new Error(`redis: HELLO ${p} failed: ${r.error}`);
    },
    close() {
      for (const c of others.values()) void c.then((x) => x.close()).catch(() => {});
    },
  };
}

/** Runs steps on redis with the file's connection, plus one per extra client of the script. */
async function runOnRedis(steps: readonly Step[]): Promise<Outcome> {
  const side = redisSide(file.conn!, file.server!.port);
  try {
    return await runSteps(steps, side);
  } finally {
    side.close();
  }
}

/** Puts the shared connection back to a clean state: RESP2, DB 0, no keys. */
async function resetRedis(conn: RedisConnection): Promise<void> {
  // RESET first: a script may leave the connection in MULTI, WATCHing or subscribed.
  for (const argv of [['RESET'], ['HELLO', '2'], ['FLUSHALL'], ['SELECT', '0']]) {
    const r = await conn.call(argv);
    if (isError(r)) throw new Error(`redis: ${argv.join(' ')} failed: ${r.error}`);
  }
}

// ---- embedis

/** What dispatch() returns for a blocking command that has to wait (commands/reply.ts BlockedReply). */
interface BlockedLike {
  readonly blocked: boolean;
  readonly promise: Promise<Reply>;
}
const isBlocked = (r: unknown): r is BlockedLike =>
  typeof r === 'object' && r !== null && 'promise' in r && 'blocked' in r;
/** A script's blocking command may wait this long (its timeout) before it counts as stuck. */
const MAX_BLOCK_MS = 60_000;

interface SessionLike {
  protocol: 2 | 3;
}
interface StoreLike {
  dispatch(argv: Array<string | Uint8Array | number>, session?: SessionLike): Reply | BlockedLike;
  close?(): void;
  /** The session dispatch() runs in: handlers that shape replies by protocol read it. */
  session?: SessionLike;
  /** A session for another client of the script (Script.on()). */
  createSession?(): SessionLike;
}
interface FakeClockLike {
  now(): number;
  advance(ms: number): void;
}
interface EmbedisModule {
  Store: new (options: { clock: FakeClockLike; trackAccess?: boolean }) => StoreLike;
  FakeClock: new (start: number) => FakeClockLike;
}

// Loaded dynamically (and typed here) so a missing or broken src/index.ts fails each script with
// a clear message instead of failing the whole file at import, and record mode still works.
const EMBEDIS_ENTRY = '../../src/index.js';
let embedis: Promise<EmbedisModule> | undefined;
function loadEmbedis(): Promise<EmbedisModule> {
  embedis ??= import(/* @vite-ignore */ EMBEDIS_ENTRY) as Promise<EmbedisModule>;
  return embedis;
}

const BYTE_STRING = /^[\x00-\xff]*$/;

async function runOnEmbedis(steps: readonly Step[]): Promise<Outcome> {
  const { Store, FakeClock } = await loadEmbedis();
  if (typeof Store !== 'function' || typeof FakeClock !== 'function') {
    throw new Error(`src/index.ts does not export Store and FakeClock`);
  }
  const clock = new FakeClock(Date.now());
  // Access tracking on, as `embedis serve` and the shell run, so OBJECT IDLETIME is real.
  const store = new Store({ clock, trackAccess: true });
  // The protocol a connection negotiated with HELLO is per-connection state, which a bare
  // Store doesn't have: for now the harness switches the encoding itself. When the server
  // lands, resp2()/resp3() should go through a server connection and send HELLO instead.
  // Client 1 is the store's own session; the others get sessions of their own.
  const clients = new Map<number, { protocol: 2 | 3; session: SessionLike | undefined }>();
  const clientOf = (n = 1) => {
    let c = clients.get(n);
    if (c === undefined) {
      if (n !== 1 && store.createSession === undefined) throw new Error('Store has no createSession()');
      c = { protocol: 2, session: n === 1 ? undefined : store.createSession!() };
      clients.set(n, c);
    }
    return c;
  };
  const side: Side = {
    now: () => clock.now(),
    async exec(argv, client) {
      const c = clientOf(client);
      // ASCII arguments go in as strings and the rest as raw bytes, exercising both paths.
      const args = argv.map((a) => (ASCII.test(a) ? a : Buffer.from(a, 'latin1')));
      let reply: Reply;
      try {
        const r = c.session === undefined ? store.dispatch(args) : store.dispatch(args, c.session);
        if (isBlocked(r)) {
          // A script is one client: as on redis, where the command holds the connection until
          // it times out, only the clock can end the wait.
          for (let waited = 0; r.blocked; waited++) {
            if (waited === MAX_BLOCK_MS) return { error: `(embedis) still blocked after ${MAX_BLOCK_MS} ms` };
            clock.advance(1);
          }
          reply = await r.promise;
        } else {
          reply = r;
        }
      } catch (e) {
        return { error: `(embedis threw) ${(e as Error).stack ?? String(e)}` };
      }
      let bytes: string;
      try {
        bytes = encodeReply(reply, c.protocol);
      } catch (e) {
        return { error: `(encodeReply threw) ${(e as Error).message}` };
      }
      if (!BYTE_STRING.test(bytes)) return { error: `(reply is not a byte string) ${JSON.stringify(bytes)}` };
      try {
        return decodeOne(Buffer.from(bytes, 'latin1'));
      } catch (e) {
        return { error: `(invalid RESP: ${(e as Error).message}) ${JSON.stringify(bytes)}` };
      }
    },
    sleep: (ms) => clock.advance(ms),
    setProtocol(p, client) {
      const c = clientOf(client);
      c.protocol = p;
      const session = c.session ?? store.session;
      if (session) session.protocol = p;
    },
  };
  try {
    return await runSteps(steps, side);
  } finally {
    store.close?.();
  }
}

// ---------------------------------------------------------------------------------------------
// Comparing

interface Mismatch {
  index: number;
  expected: Value | undefined;
  actual: Value | undefined;
}

function stepMatches(step: Step, e: Value | undefined, a: Value | undefined): boolean {
  if (e === undefined || a === undefined || !('cmd' in step)) return e === a;
  if (step.error !== undefined) return isError(e) && isError(a) && e.error === a.error;
  return valuesEqual(e, a, step.approx ?? 0);
}

function mismatches(steps: readonly Step[], expected: Outcome, actual: Outcome): Mismatch[] {
  const out: Mismatch[] = [];
  steps.forEach((step, index) => {
    if (!stepMatches(step, expected[index], actual[index])) {
      out.push({ index, expected: expected[index], actual: actual[index] });
    }
  });
  return out;
}

/** Errors in the script itself: an `error` step whose real reply is not a matching error. */
function scriptErrors(steps: readonly Step[], real: Outcome): string[] {
  const out: string[] = [];
  steps.forEach((step, i) => {
    if (!('cmd' in step) || step.error === undefined) return;
    const r = real[i]!;
    if (!isError(r) || !r.error.includes(step.error)) {
      out.push(
        `script bug at step ${i + 1} ${showStep(step)}: redis did not reply with an error containing ` +
          `${JSON.stringify(step.error)}; it replied ${showValue(r)}`,
      );
    }
  });
  return out;
}

function showArg(a: ArgSpec): string {
  if (typeof a !== 'string') return `<now${a.now >= 0 ? '+' : ''}${a.now}ms${a.unit === 's' ? ' in s' : ''}>`;
  return /^[\x21-\x7e]+$/.test(a) && !/["'\\]/.test(a) ? a : quote(a);
}

function showStep(step: Step): string {
  if ('sleep' in step) return `(sleep ${step.sleep} ms)`;
  if ('resp' in step) return `(switch to RESP${step.resp}${step.client ? ` on client ${step.client}` : ''})`;
  const notes: string[] = [];
  if (step.client !== undefined) notes.push(`client ${step.client}`);
  if (step.error !== undefined) notes.push(`error ${JSON.stringify(step.error)}`);
  if (step.sorted) notes.push('sorted');
  if (step.shape) notes.push('shape only');
  if (step.scan) notes.push('scan all');
  if (step.timestamp) notes.push(`timestamp in ${step.timestamp}`);
  if (step.approx !== undefined) notes.push(`±${step.approx}`);
  return step.cmd.map(showArg).join(' ') + (notes.length ? `   [${notes.join(', ')}]` : '');
}

const MAX_LISTED = 8;

function describe(
  name: string,
  steps: readonly Step[],
  found: Mismatch[],
  labels: [string, string],
  intro: string,
): string {
  const [le, la] = labels;
  const width = Math.max(le.length, la.length) + 1;
  const lines = [`${intro} in "${name}": ${found.length} of ${steps.length} steps differ`];
  for (const m of found.slice(0, MAX_LISTED)) {
    const step = steps[m.index]!;
    lines.push(
      `  step ${m.index + 1}: ${showStep(step)}`,
      `    ${(le + ':').padEnd(width)} ${m.expected === undefined ? '(none)' : showValue(m.expected)}`,
      `    ${(la + ':').padEnd(width)} ${m.actual === undefined ? '(none)' : showValue(m.actual)}`,
    );
    if (m.expected !== undefined && m.actual !== undefined) {
      const where = firstDifference(m.expected, m.actual, 'cmd' in step ? (step.approx ?? 0) : 0);
      if (where) lines.push(`    first difference at ${where}`);
    }
  }
  if (found.length > MAX_LISTED) lines.push(`  … and ${found.length - MAX_LISTED} more`);
  return lines.join('\n');
}

function specKey(step: TranscriptStep): string {
  const { reply: _reply, ...spec } = step;
  return JSON.stringify(spec, Object.keys(spec).sort());
}

function firstSpecDifference(steps: readonly Step[], recorded: readonly TranscriptStep[]): number {
  const n = Math.max(steps.length, recorded.length);
  for (let i = 0; i < n; i++) {
    const a = steps[i];
    const b = recorded[i];
    if (a === undefined || b === undefined || specKey(a) !== specKey(b)) return i;
  }
  return -1;
}

// ---------------------------------------------------------------------------------------------
// Transcripts

function transcriptPath(testFile: string): string {
  const base = path.basename(testFile).replace(/\.test\.[cm]?[jt]s$/, '');
  return path.join(path.dirname(testFile), 'transcripts', `${base}.json`);
}

function readTranscript(file: string): Transcript | undefined {
  if (!fs.existsSync(file)) return undefined;
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Transcript;
}

/** JSON with bytes 0x7f-0xff escaped, so transcripts are ASCII and binary values stay visible. */
function json(x: unknown): string {
  return JSON.stringify(x).replace(
    /[\x7f-\xff]/g,
    (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'),
  );
}

/** One step per line, so a re-record shows as a readable diff (also pubsub-harness.ts's format). */
export function formatTranscript(t: { redis: unknown; scripts: Record<string, readonly unknown[]> }): string {
  const lines = ['{', `  "redis": ${json(t.redis)},`, '  "scripts": {'];
  const names = Object.keys(t.scripts);
  names.forEach((name, i) => {
    const steps = t.scripts[name]!;
    lines.push(`    ${json(name)}: [`);
    steps.forEach((s, j) => {
      lines.push(`      ${json(s)}${j < steps.length - 1 ? ',' : ''}`);
    });
    lines.push(`    ]${i < names.length - 1 ? ',' : ''}`);
  });
  lines.push('  }', '}', '');
  return lines.join('\n');
}

function toTranscriptSteps(steps: readonly Step[], replies: Outcome): TranscriptStep[] {
  return steps.map((s, i) => ('cmd' in s ? { ...s, reply: replies[i]! } : s));
}

// ---------------------------------------------------------------------------------------------
// Per-file state (vitest isolates modules per test file, so this is one test file's state)

const file = {
  server: undefined as RedisServer | undefined,
  conn: undefined as RedisConnection | undefined,
  testFile: undefined as string | undefined,
  transcript: undefined as Transcript | undefined | null, // null: looked, none on disk
  registered: [] as string[],
  recorded: new Map<string, TranscriptStep[]>(),
};

let hooked = false;

/** Registers the per-file hooks (a live server, transcript writing). Called by diff() itself. */
export function useDifferential(): void {
  if (hooked) return;
  hooked = true;
  beforeAll(async () => {
    if (!LIVE) return;
    if (REDIS_VERSION === undefined) {
      throw new Error(
        `redis-server not found (looked for ${JSON.stringify(env.EMBEDIS_REDIS_SERVER || 'redis-server')} on PATH); ` +
          'it is required when CI=true or EMBEDIS_RECORD=1',
      );
    }
    file.server = await RedisServer.start();
    file.conn = await RedisConnection.connect(file.server.port);
  });
  afterAll(async () => {
    file.conn?.close();
    await file.server?.stop();
    if (RECORD && file.testFile !== undefined && file.recorded.size > 0) writeRecorded(file.testFile);
  });
}

function writeRecorded(testFile: string): void {
  const target = transcriptPath(testFile);
  const old = readTranscript(target);
  const scripts: Record<string, TranscriptStep[]> = {};
  // A filtered run (-t) records only some scripts: keep the others as they were.
  const complete = file.registered.every((n) => file.recorded.has(n));
  for (const n of file.registered) {
    const s = file.recorded.get(n) ?? old?.scripts[n];
    if (s) scripts[n] = s;
  }
  if (!complete && old) for (const [n, s] of Object.entries(old.scripts)) scripts[n] ??= s;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, formatTranscript({ redis: REDIS_VERSION ?? 'unknown', scripts }));
}

function transcriptFor(testFile: string): Transcript | null {
  if (file.transcript === undefined) file.transcript = readTranscript(transcriptPath(testFile)) ?? null;
  return file.transcript;
}

// ---------------------------------------------------------------------------------------------
// diff()

/** Registers a differential test: `fn` describes the script, run on redis (or its transcript) and embedis. */
export function diff(name: string, fn: (c: Script) => void): void {
  useDifferential();
  if (file.registered.includes(name)) throw new Error(`duplicate differential script name "${name}"`);
  file.registered.push(name);
  test(name, async (ctx) => {
    const testFile = ctx.task.file.filepath;
    file.testFile = testFile;
    const steps = buildSteps(fn);
    const rel = path.relative(process.cwd(), transcriptPath(testFile));
    const problems: string[] = [];
    let expected: Outcome;
    let source: string;
    if (LIVE) {
      const conn = file.conn!;
      await resetRedis(conn);
      expected = await runOnRedis(steps);
      source = 'redis';
      problems.push(...scriptErrors(steps, expected));
      if (RECORD) {
        file.recorded.set(name, toTranscriptSteps(steps, expected));
      } else {
        const stale = staleness(name, steps, expected, transcriptFor(testFile), rel);
        if (stale) problems.push(stale);
      }
    } else {
      const recorded = transcriptFor(testFile)?.scripts[name];
      if (!recorded) {
        throw new Error(
          `no recorded transcript for "${name}" in ${rel}: run \`npm run test:record\` with redis-server 7.0 installed`,
        );
      }
      const at = firstSpecDifference(steps, recorded);
      if (at >= 0) {
        throw new Error(
          `the transcript of "${name}" in ${rel} is out of date with the script (first difference at step ` +
            `${at + 1}: ${steps[at] ? showStep(steps[at]) : '(none)'}): run \`npm run test:record\``,
        );
      }
      expected = recorded.map((s) => s.reply);
      source = 'transcript';
    }
    let actual: Outcome | undefined;
    try {
      actual = await runOnEmbedis(steps);
    } catch (e) {
      problems.push(`embedis could not run "${name}": ${(e as Error).stack ?? String(e)}`);
    }
    if (actual) {
      const found = mismatches(steps, expected, actual);
      if (found.length > 0) {
        problems.push(describe(name, steps, found, [source, 'embedis'], `embedis differs from ${source}`));
        logMismatches(name, testFile, steps, found);
      }
    }
    if (problems.length > 0) throw new Error(problems.join('\n\n'));
  });
}

function staleness(
  name: string,
  steps: readonly Step[],
  live: Outcome,
  t: Transcript | null,
  rel: string,
): string | undefined {
  const hint = 'transcript stale: run npm run test:record';
  const recorded = t?.scripts[name];
  if (!recorded) return `${hint} (no recorded "${name}" in ${rel})`;
  const at = firstSpecDifference(steps, recorded);
  if (at >= 0) return `${hint} ("${name}" changed since it was recorded, first at step ${at + 1})`;
  const found = mismatches(
    steps,
    recorded.map((s) => s.reply),
    live,
  );
  if (found.length === 0) return undefined;
  const version =
    t!.redis !== REDIS_VERSION ? ` (recorded with redis ${t!.redis}, running ${REDIS_VERSION})` : '';
  return describe(name, steps, found, ['transcript', 'redis'], hint + version);
}

/** With EMBEDIS_DIFF_LOG=<file>, each mismatch is also appended there as a JSON line (for triage). */
function logMismatches(name: string, testFile: string, steps: readonly Step[], found: Mismatch[]): void {
  const log = env.EMBEDIS_DIFF_LOG;
  if (!log) return;
  const lines = found.map((m) =>
    json({
      file: path.basename(testFile),
      script: name,
      step: m.index + 1,
      cmd: showStep(steps[m.index]!),
      expected: m.expected === undefined ? null : showValue(m.expected),
      actual: m.actual === undefined ? null : showValue(m.actual),
    }),
  );
  fs.appendFileSync(log, lines.join('\n') + '\n');
}

/**
 * Runs steps on the live redis and on embedis and returns a failure description, or undefined
 * when they agree. For property tests that generate scripts on the fly (live mode only).
 */
export async function checkLive(name: string, steps: readonly Step[]): Promise<string | undefined> {
  const conn = file.conn;
  if (!conn) throw new Error('checkLive needs live mode (redis-server on PATH)');
  await resetRedis(conn);
  const expected = await runOnRedis(steps);
  const actual = await runOnEmbedis(steps);
  const found = mismatches(steps, expected, actual);
  return found.length > 0
    ? describe(name, steps, found, ['redis', 'embedis'], 'embedis differs from redis')
    : undefined;
}
