// Attaches every family's handlers to the command table. Called once by store.ts (a function
// call rather than an import for its side effects, so bundlers keep it).

import { aofHandlers } from './aof.js';
import { bitmapHandlers } from './bitmaps.js';
import { connectionHandlers } from './connection.js';
import { debugHandlers } from './debug.js';
import { registerHandlers } from './dispatch.js';
import { hashHandlers } from './hashes.js';
import { keyHandlers } from './keys.js';
import { listHandlers } from './lists.js';
import { monitorHandlers } from './monitor.js';
import { persistenceHandlers } from './persistence.js';
import { pubsubHandlers } from './pubsub.js';
import { serverHandlers } from './server.js';
import { setHandlers } from './sets.js';
import { sortHandlers } from './sort.js';
import { streamHandlers } from './streams.js';
import { stringHandlers } from './strings.js';
import { transactionHandlers } from './transactions.js';
import { zsetHandlers } from './zsets.js';

let registered = false;

/** Registers every implemented command family (idempotent). */
export function registerAllHandlers(): void {
  if (registered) return;
  registered = true;
  registerHandlers(keyHandlers);
  registerHandlers(stringHandlers);
  registerHandlers(listHandlers);
  registerHandlers(persistenceHandlers);
  registerHandlers(aofHandlers);
  registerHandlers(hashHandlers);
  registerHandlers(setHandlers);
  registerHandlers(zsetHandlers);
  registerHandlers(streamHandlers);
  registerHandlers(sortHandlers);
  registerHandlers(connectionHandlers);
  registerHandlers(serverHandlers);
  registerHandlers(debugHandlers);
  registerHandlers(pubsubHandlers);
  registerHandlers(transactionHandlers);
  registerHandlers(monitorHandlers);
  registerHandlers(bitmapHandlers);
}
