// OBJECT ENCODING after a snapshot round trip equals what Redis 7.0 reports after a restart
// (rdbLoadObject re-derives encodings: a shrunk hashtable hash or set comes back as listpack /
// intset, an APPENDed short string as embstr, a long integer string as int …). The expected
// encodings come from a real redis-server — the adapter suite's whole fixture, then DEBUG RELOAD
// (save + load, as a restart) — when one is on PATH, and from the recorded
// fixtures/restart-encodings.json otherwise (EMBEDIS_RECORD=1 rewrites it).

import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { FakeClock, ReplyError, Store } from '../../src/index.js';
import { SnapshotAdapter } from '../../src/persistence/snapshot.js';
import { REDIS_SERVER_BIN, RedisConnection, redisServerVersion } from '../differential/redis-server.js';
import { FIXTURE, type Run } from './adapter-suite.js';

const RECORDED = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'restart-encodings.json');
const T0 = Date.UTC(2030, 0, 1);

/** Every fixture command, as byte-string argv. */
function fixtureCommands(): string[][] {
  const out: string[][] = [];
  const run: Run = (...argv) => {
    out.push(argv.map(String));
    return null;
  };
  const clock = new FakeClock(T0);
  for (const fill of Object.values(FIXTURE)) fill(run, clock);
  return out;
}

/** OBJECT ENCODING of every key after the fixture goes through a snapshot and a load. */
function embedisEncodings(): Record<string, string> {
  const store = new Store({ clock: new FakeClock(T0) });
  for (const argv of fixtureCommands()) {
    const r = store.dispatch(argv.map((a) => Buffer.from(a, 'latin1')));
    if (r instanceof ReplyError) throw r;
  }
  const dir = fs.mkdtempSync(join(tmpdir(), 'embedis-enc-'));
  try {
    const adapter = new SnapshotAdapter(dir);
    adapter.snapshot(store);
    const loaded = new Store({ clock: new FakeClock(T0) });
    adapter.load(loaded);
    const out: Record<string, string> = {};
    for (const key of [...loaded.dbs[0]!.dict.keys()].sort()) {
      out[key] = String(loaded.dispatch(['OBJECT', 'ENCODING', Buffer.from(key, 'latin1')]));
    }
    return out;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/** The same, from a real redis-server: fixture, DEBUG RELOAD, OBJECT ENCODING per key. */
async function redisEncodings(): Promise<Record<string, string>> {
  const dir = fs.mkdtempSync(join(tmpdir(), 'embedis-enc-redis-'));
  const port = await freePort();
  const child: ChildProcess = spawn(
    REDIS_SERVER_BIN,
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'].concat([
      '--enable-debug-command',
      'yes',
    ]),
    { stdio: 'ignore' },
  );
  try {
    let c: RedisConnection | undefined;
    for (let i = 0; i < 200 && c === undefined; i++) {
      try {
        c = await RedisConnection.connect(port);
      } catch {
        await new Promise((r) => setTimeout(r, 25));
      }
    }
    if (c === undefined) throw new Error('redis-server did not start');
    for (const argv of fixtureCommands()) await c.call(argv);
    expect(await c.call(['DEBUG', 'RELOAD'])).toEqual({ status: 'OK' });
    const keys = ((await c.call(['KEYS', '*'])) as string[]).sort();
    const out: Record<string, string> = {};
    for (const key of keys) out[key] = String(await c.call(['OBJECT', 'ENCODING', key]));
    c.close();
    return out;
  } finally {
    child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const live = redisServerVersion() !== undefined && process.env.EMBEDIS_REPLAY !== '1';

it(
  `snapshot load gives OBJECT ENCODING as Redis 7.0 after a restart (${live ? 'live' : 'recorded'})`,
  {
    timeout: 120_000,
  },
  async () => {
    let expected: Record<string, string>;
    if (live) {
      expected = await redisEncodings();
      if (process.env.EMBEDIS_RECORD === '1')
        fs.writeFileSync(RECORDED, `${JSON.stringify(expected, null, 2)}\n`);
      else expect(expected).toEqual(JSON.parse(fs.readFileSync(RECORDED, 'utf8')));
    } else {
      expected = JSON.parse(fs.readFileSync(RECORDED, 'utf8'));
    }
    expect(Object.keys(expected).length).toBeGreaterThan(30);
    expect(embedisEncodings()).toEqual(expected);
  },
);
