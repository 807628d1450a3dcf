// Benchmark data: flat 16-byte keys and values, and a precomputed random access order, shared by
// every contender so each one does exactly the same work.
//
// Strings are cut from a Buffer (`toString('latin1')`), which yields V8 sequential one-byte
// strings. Building them by concatenation would yield cons strings: 32 B more per string until
// something flattens them, and a flattening cost on the first hash — both would skew memory and
// the first lookups.

import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** Size of every key and value, in bytes (one char per byte). */
export const ITEM_BYTES = 16;

const scratch = Buffer.alloc(ITEM_BYTES);

/**
 * A flat 16-byte ASCII string: the first char of `prefix`, then `n` as 15 zero-padded digits.
 * Fixed width, so every key and value has exactly the same size.
 */
export function fixedWidth(prefix: string, n: number): string {
  scratch[0] = prefix.charCodeAt(0);
  let x = n;
  for (let i = ITEM_BYTES - 1; i >= 1; i--) {
    scratch[i] = 48 + (x % 10);
    x = Math.floor(x / 10);
  }
  return scratch.toString('latin1', 0, ITEM_BYTES);
}

/** `count` distinct flat strings `<prefix>000…0`, `<prefix>000…1`, … */
export function fixedWidthStrings(prefix: string, count: number): string[] {
  const out = new Array<string>(count);
  for (let i = 0; i < count; i++) out[i] = fixedWidth(prefix, i);
  return out;
}

/**
 * `length` indexes into a keyspace of `count` keys, drawn uniformly at random (with
 * replacement) from a seeded PRNG, so every run and every contender sees the same order.
 * `length` is a power of two so a task walks it with a mask.
 */
export function randomOrder(count: number, length: number, seed: number): Uint32Array {
  if ((length & (length - 1)) !== 0) throw new RangeError('order length must be a power of two');
  const rng = xoroshiro128plus(seed);
  const out = new Uint32Array(length);
  for (let i = 0; i < length; i++) out[i] = uniformInt(rng, 0, count - 1);
  return out;
}

/** `order` mapped to the strings of `items` (the same string objects, not copies). */
export function pick(items: readonly string[], order: Uint32Array): string[] {
  const out = new Array<string>(order.length);
  for (let i = 0; i < order.length; i++) out[i] = items[order[i]!]!;
  return out;
}

/** The persistence benchmarks' dataset (issue: persistence): 1M strings and a 1M-member zset. */
export const DATASET = { strings: 1_000_000, zsetMembers: 1_000_000 } as const;

/** The dataset's score of zset member `i`. */
export const datasetScore = (i: number): number => (i * 7919) % 1_000_003;

/** Anything `populate()` can fill: a Store, whose typed set() and call() it uses. */
interface Fillable {
  set(key: string, value: string): unknown;
  call(...args: (string | number)[]): unknown;
}

/**
 * Fills `store` with the dataset: `keys[i]` = `values[i]`, then the zset `zset` of `members`
 * (ZADD in batches of 1000).
 */
export function populate(
  store: Fillable,
  keys: readonly string[],
  values: readonly string[],
  members: readonly string[],
): void {
  for (let i = 0; i < keys.length; i++) store.set(keys[i]!, values[i]!);
  for (let i = 0; i < members.length; i += 1000) {
    const args: (string | number)[] = [];
    for (let j = i; j < Math.min(members.length, i + 1000); j++) args.push(datasetScore(j), members[j]!);
    store.call('ZADD', 'zset', ...args);
  }
}
