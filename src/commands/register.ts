// Attaches every family's handlers to the command table. Imported once by store.ts.

import { connectionHandlers } from './connection.js';
import { registerHandlers } from './dispatch.js';
import { keyHandlers } from './keys.js';
import { serverHandlers } from './server.js';
import { stringHandlers } from './strings.js';

registerHandlers(keyHandlers);
registerHandlers(stringHandlers);
registerHandlers(connectionHandlers);
registerHandlers(serverHandlers);
