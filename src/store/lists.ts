// redis.io group "list": the typed API (being written).

import { StringsStore } from './strings.js';

export class ListsStore extends StringsStore {}
