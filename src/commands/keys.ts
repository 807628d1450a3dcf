// redis.io group "generic" (plus SELECT, SWAPDB, FLUSHDB, FLUSHALL, DBSIZE, PING, ECHO, TIME):
// wire handlers of db.c, expire.c and object.c.

import type { HandlerMap } from './dispatch.js';

export const keyHandlers: HandlerMap = {};
