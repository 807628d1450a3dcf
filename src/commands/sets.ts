// redis.io group "set": wire handlers (being written).

import type { HandlerMap } from './dispatch.js';

export const setHandlers: HandlerMap = {};
