// Attaches every family's handlers to the command table. Imported once by store.ts.

import { registerHandlers } from './dispatch.js';
import { keyHandlers } from './keys.js';
import { stringHandlers } from './strings.js';

registerHandlers(keyHandlers);
registerHandlers(stringHandlers);
