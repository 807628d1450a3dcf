// GETBIT / SETBIT (bitops.c) through the typed API and the dispatcher: the effects a write
// logs (only when the key was created or grew, or the bit changed), keyspace events, WATCH.
// Replies against a real redis-server: test/differential/bitmaps.test.ts.

import { describe, expect, it } from 'vitest';
import { NULL_ARRAY } from '../../src/commands/reply.js';
import { NOTIFY } from '../../src/effects/effects.js';
import { type Effect, Store } from '../../src/index.js';

function setup() {
  const store = new Store();
  const effects: Effect[] = [];
  store.effects.addSink((unit) => effects.push(...unit));
  const events: string[] = [];
  store.effects.addEventListener((flag, event, key) => {
    events.push(`${flag === NOTIFY.STRING ? 'string' : String(flag)}:${event}:${key}`);
  });
  return { store, log: () => effects.map((e) => e.argv.join(' ')), events };
}

describe('SETBIT / GETBIT', () => {
  it('typed API: bits MSB first, growth with zero bytes, previous value returned', () => {
    const { store } = setup();
    expect(store.setbit('k', 9, 1)).toBe(0);
    expect(store.get('k')).toBe('\0@');
    expect(store.getbit('k', 9)).toBe(1);
    expect(store.getbit('k', 8)).toBe(0);
    expect(store.getbit('k', 1000)).toBe(0);
    expect(store.setbit('k', 9, 0)).toBe(1);
    expect(store.getbit('missing', 3)).toBe(0);
    expect(() => store.setbit('k', -1, 1)).toThrow('ERR bit offset is not an integer or out of range');
    expect(() => store.getbit('k', 2 ** 32)).toThrow('ERR bit offset is not an integer or out of range');
    expect(() => store.setbit('k', 0, 2 as 0)).toThrow('ERR bit is not an integer or out of range');
  });

  it('logs and notifies only when the key is created, grows or the bit changes', () => {
    const { store, log, events } = setup();
    store.call('SETBIT', 'k', '0', '0'); // created
    store.call('SETBIT', 'k', '0', '0'); // unchanged
    store.call('SETBIT', 'k', '0', '1'); // changed
    store.call('SETBIT', 'k', '3', '0'); // unchanged, same byte
    store.call('SETBIT', 'k', '8', '0'); // grows
    store.call('GETBIT', 'k', '0');
    expect(log()).toEqual(['SETBIT k 0 0', 'SETBIT k 0 1', 'SETBIT k 8 0']);
    expect(events).toEqual(['string:setbit:k', 'string:setbit:k', 'string:setbit:k']);
    expect(store.call('OBJECT', 'ENCODING', 'k')).toBe('raw');
  });

  it('a changed bit invalidates WATCH, an unchanged one does not', () => {
    const { store } = setup();
    store.set('k', 'a');
    const s = store.createSession();
    store.dispatch(['WATCH', 'k'], s);
    store.call('SETBIT', 'k', '1', '1'); // 'a' = 0b01100001: bit 1 already set
    store.dispatch(['MULTI'], s);
    store.dispatch(['GET', 'k'], s);
    expect(store.dispatch(['EXEC'], s)).toEqual(['a']);
    store.dispatch(['WATCH', 'k'], s);
    store.call('SETBIT', 'k', '0', '1');
    store.dispatch(['MULTI'], s);
    store.dispatch(['GET', 'k'], s);
    expect(store.dispatch(['EXEC'], s)).toBe(NULL_ARRAY);
  });
});
