// redis.io group "set": the typed API (being written).

import { HashesStore } from './hashes.js';

export class SetsStore extends HashesStore {}
