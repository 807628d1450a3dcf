// appendfsync always over the wire: a reply leaves only once the log batch holding its write is
// fsynced (the AOF's durable() promise), later replies queue behind it in order, and a failed
// fsync closes the connection without acknowledging anything.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { Store } from '../../src/index.js';
import { cmd, type Embedis, RawClient, startEmbedis } from './wire.js';

let srv: Embedis | undefined;
let dir: string | undefined;
afterEach(async () => {
  await srv?.close();
  srv = undefined;
  if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** A store logging with appendfsync always whose fsyncs the test releases by hand. */
async function gatedServer(): Promise<{ release: () => void; fail: () => void; client: RawClient }> {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'embedis-durable-'));
  const store = new Store({ dir, appendOnly: { fsync: 'always' }, snapshot: false });
  const log = store.persistence.log!;
  let gate: { promise: Promise<void>; resolve: () => void; reject: (e: Error) => void } | null = null;
  const real = log.durable.bind(log);
  log.durable = () => {
    const inner = real();
    if (inner === null) return null;
    if (gate === null) {
      let resolve!: () => void;
      let reject!: (e: Error) => void;
      const promise = new Promise<void>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      gate = { promise: Promise.all([promise, inner]).then(() => {}), resolve, reject };
    }
    return gate.promise;
  };
  srv = await startEmbedis({}, store);
  const client = await RawClient.connect(srv.port);
  return {
    release: () => gate?.resolve(),
    fail: () => gate?.reject(new Error('fsync failed')),
    client,
  };
}

describe('appendfsync always over the wire', () => {
  test('a write is acknowledged only after its fsync; later replies keep their order', async () => {
    const { release, client } = await gatedServer();
    client.write(cmd('SET', 'k', 'v') + cmd('PING') + cmd('GET', 'k'));
    await new Promise((r) => setTimeout(r, 100));
    expect(client.take()).toBe('');
    release();
    expect(await client.read('+OK\r\n+PONG\r\n$1\r\nv\r\n')).toBe('+OK\r\n+PONG\r\n$1\r\nv\r\n');
    client.close();
  });

  test('reads alone are not held', async () => {
    const { client } = await gatedServer();
    client.write(cmd('PING') + cmd('GET', 'missing'));
    expect(await client.read('+PONG\r\n$-1\r\n')).toBe('+PONG\r\n$-1\r\n');
    client.close();
  });

  test('a failed fsync closes the connection without a reply', async () => {
    const { fail, client } = await gatedServer();
    client.write(cmd('SET', 'k', 'v'));
    await new Promise((r) => setTimeout(r, 50));
    fail();
    expect(await client.waitClosed()).toBe(true);
    expect(client.take()).toBe('');
  });
});
