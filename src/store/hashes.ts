// redis.io group "hash": the typed API (being written).

import { ListsStore } from './lists.js';

export class HashesStore extends ListsStore {}
