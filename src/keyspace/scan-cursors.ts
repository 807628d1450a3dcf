// Cursors for SCAN, HSCAN, SSCAN and ZSCAN. Where Redis walks its hash table with a
// reverse-binary cursor, embedis keeps the collection's own Map/Set iterator alive between
// calls: a JS Map iterator visits every entry present from its start to its end exactly once,
// even while entries are added and removed, which is the guarantee SCAN documents. A bounded
// number of live cursors is kept; an unknown or evicted cursor restarts the walk (duplicates
// are allowed by SCAN's contract, losses are not).

/** Live cursors kept per table; the oldest is evicted beyond this. */
const MAX_CURSORS = 4096;

interface Walk<T> {
  owner: object;
  iter: Iterator<T>;
}

export class CursorTable<T> {
  private walks = new Map<number, Walk<T>>();
  private next = 1;

  /**
   * Takes up to `count` items of the walk `cursor` (0 = a new walk) over `owner`, starting a
   * new walk with `start()` when the cursor is 0, unknown, or belongs to another owner.
   * Returns the next cursor (0 when the walk is done) and the items.
   */
  step(cursor: bigint, owner: object, start: () => Iterator<T>, count: number): [number, T[]] {
    const id = Number(cursor);
    let walk = cursor === 0n ? undefined : this.walks.get(id);
    if (walk !== undefined) this.walks.delete(id);
    if (walk === undefined || walk.owner !== owner) walk = { owner, iter: start() };
    const items: T[] = [];
    while (items.length < count) {
      const r = walk.iter.next();
      if (r.done) return [0, items];
      items.push(r.value);
    }
    const nextId = this.next++;
    this.walks.set(nextId, walk);
    if (this.walks.size > MAX_CURSORS) this.walks.delete(this.walks.keys().next().value!);
    return [nextId, items];
  }

  /** Forgets every live walk (FLUSHALL). */
  clear(): void {
    this.walks.clear();
  }
}
