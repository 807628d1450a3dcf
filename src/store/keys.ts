// Generic keyspace commands (redis.io group "generic" plus SELECT/SWAPDB/FLUSH*/DBSIZE):
// the typed API of db.c and expire.c. Each public method converts its arguments to byte
// strings and calls the byte-level `_` method the wire handlers in commands/keys.ts also use.

import { StoreCore } from './core.js';

export class KeysStore extends StoreCore {}
