// redis.io group "hash": wire handlers (being written).

import type { HandlerMap } from './dispatch.js';

export const hashHandlers: HandlerMap = {};
