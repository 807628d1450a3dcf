// The embedis server of benchmarks/server.ts, in its own process (as `embedis serve` runs it):
// a Store with access tracking on, createServer on a free loopback port. It reports its port
// over IPC, and on request its memory after a full GC (run it with --expose-gc).

import { createServer } from '../src/server/server.js';
import { Store } from '../src/store.js';

const store = new Store({ trackAccess: true, timeCommands: true });
const server = createServer(store);
const address = (await server.listen({ port: 0, host: '127.0.0.1' })) as { port: number };

const gc = (globalThis as { gc?: () => void }).gc;

process.on('message', (msg: { type: string }) => {
  if (msg.type === 'memory') {
    gc?.();
    gc?.();
    const m = process.memoryUsage();
    process.send!({
      type: 'memory',
      rss: m.rss,
      heapUsed: m.heapUsed,
      external: m.external,
      arrayBuffers: m.arrayBuffers,
      clients: server.clientCount,
    });
  } else if (msg.type === 'flush') {
    store.dispatch(['FLUSHALL']);
    process.send!({ type: 'flushed' });
  } else if (msg.type === 'stop') {
    void server.close().then(() => {
      store.close();
      process.exit(0);
    });
  }
});
process.send!({ type: 'ready', port: address.port });
