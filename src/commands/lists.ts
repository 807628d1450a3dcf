// redis.io group "list": wire handlers (being written).

import type { HandlerMap } from './dispatch.js';

export const listHandlers: HandlerMap = {};
