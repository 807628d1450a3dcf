import { describe, expect, it } from 'vitest';
import { NOTIFY } from '../../src/effects/effects.js';
import { FakeClock, ReplyError, Store } from '../../src/index.js';
import {
  keyspaceEventsFlagsToString,
  keyspaceEventsStringToFlags,
  NOTIFY_ALL,
} from '../../src/pubsub/keyspace-events.js';

const T0 = Date.UTC(2030, 0, 1);
const delivered = () => new Promise<void>((r) => setTimeout(r, 0));

function setup() {
  const clock = new FakeClock(T0);
  const store = new Store({ clock, seed: 1 });
  const events: string[] = [];
  store.psubscribe('__key*__:*', (message, channel) => events.push(`${channel} ${message}`));
  return { clock, store, events };
}

describe('notify-keyspace-events classes', () => {
  // CONFIG SET notify-keyspace-events <in>, then CONFIG GET, on redis-server 7.0.15
  const recorded: [string, string][] = [
    ['gKE', 'gKE'],
    ['$lshzxeKE', '$lshzxeKE'],
    ['KA', 'AK'],
    ['EA', 'AE'],
    ['KEA', 'AKE'],
    ['Kx', 'xK'],
    ['En', 'nE'],
    ['Em', 'Em'],
    ['AKEmn', 'AKEm'],
    ['Ag$lshzxeKEtmdn', 'AKEm'],
    ['KEt', 'tKE'],
    ['AEd', 'AE'],
    ['', ''],
    ['K', 'K'],
    ['KEg$lshzxet', 'g$lshzxetKE'],
    ['gg', 'g'],
    ['KE$', '$KE'],
  ];
  it.each(recorded)('%j reads back as %j', (input, shown) => {
    expect(keyspaceEventsFlagsToString(keyspaceEventsStringToFlags(input))).toBe(shown);
    const store = new Store();
    store.setNotifyKeyspaceEvents(input);
    expect(store.getNotifyKeyspaceEvents()).toBe(shown);
  });

  it('parses each class to its NOTIFY flag; A is every class but m and n', () => {
    expect(keyspaceEventsStringToFlags('A')).toBe(NOTIFY_ALL);
    expect(NOTIFY_ALL & NOTIFY.KEY_MISS).toBe(0);
    expect(NOTIFY_ALL & NOTIFY.NEW).toBe(0);
    expect(keyspaceEventsStringToFlags('KE')).toBe(NOTIFY.KEYSPACE | NOTIFY.KEYEVENT);
    expect(keyspaceEventsStringToFlags('t')).toBe(NOTIFY.STREAM);
    expect(keyspaceEventsStringToFlags('n')).toBe(NOTIFY.NEW);
  });

  it('an unknown class character is -1 and setNotifyKeyspaceEvents throws, leaving the setting alone', () => {
    for (const bad of ['KEAZ', 'KEw', 'a', ' ', 'é']) expect(keyspaceEventsStringToFlags(bad)).toBe(-1);
    const store = new Store();
    store.setNotifyKeyspaceEvents('Kg');
    expect(() => store.setNotifyKeyspaceEvents('KEAZ')).toThrow(ReplyError);
    expect(() => store.setNotifyKeyspaceEvents('x!')).toThrow(
      "ERR Invalid event class character. Use 'Ag$lshzxeKEtmdn'.",
    );
    expect(store.getNotifyKeyspaceEvents()).toBe('gK');
  });

  it('costs nothing while off: the effects listener exists only when a message can result', () => {
    const store = new Store();
    expect(store.effects.eventing).toBe(false);
    store.setNotifyKeyspaceEvents('g$'); // classes without a channel kind
    expect(store.effects.eventing).toBe(false);
    store.setNotifyKeyspaceEvents('KE'); // channel kinds without a class
    expect(store.effects.eventing).toBe(false);
    store.setNotifyKeyspaceEvents('Kg');
    expect(store.effects.eventing).toBe(true);
    store.setNotifyKeyspaceEvents('');
    expect(store.effects.eventing).toBe(false);
  });
});

describe('keyspace notifications', () => {
  it('publish __keyspace@<db>__:<key> <event>, then __keyevent@<db>__:<event> <key>', async () => {
    const { store, events } = setup();
    store.setNotifyKeyspaceEvents('KEA');
    store.set('foo', 'bar');
    store.call('SELECT', '3');
    store.call('LPUSH', 'l', 'a');
    store.call('SELECT', '0');
    store.rename('foo', 'baz');
    await delivered();
    expect(events).toEqual([
      '__keyspace@0__:foo set',
      '__keyevent@0__:set foo',
      '__keyspace@3__:l lpush',
      '__keyevent@3__:lpush l',
      '__keyspace@0__:foo rename_from',
      '__keyevent@0__:rename_from foo',
      '__keyspace@0__:baz rename_to',
      '__keyevent@0__:rename_to baz',
    ]);
  });

  it('classes mask events; K and E pick the channels', async () => {
    const { store, events } = setup();
    store.setNotifyKeyspaceEvents('El');
    store.set('foo', 'bar');
    store.rpush('l', 'a');
    store.setNotifyKeyspaceEvents('K$');
    store.set('foo', 'bar');
    store.rpush('l', 'a');
    store.setNotifyKeyspaceEvents('');
    store.set('foo', 'bar');
    await delivered();
    expect(events).toEqual(['__keyevent@0__:rpush l', '__keyspace@0__:foo set']);
  });

  it('a key read after its TTL reports expired, then the read misses (keymiss with m)', async () => {
    const { store, events } = setup();
    store.setNotifyKeyspaceEvents('Exm');
    store.set('k', 'v', { px: 10 });
    // Past its TTL but before an active cycle ran: the lookup expires it.
    store.dbs[0]!.expires.set('k', T0 - 1);
    expect(store.get('k')).toBe(null);
    expect(store.call('SET', 'k', 'v2')).toBe('OK');
    store.dbs[0]!.expires.set('k', T0 - 1);
    expect(store.call('SET', 'k', 'v3')).toBe('OK'); // a write expires it too, with no miss
    await delivered();
    expect(events).toEqual([
      '__keyevent@0__:expired k',
      '__keyevent@0__:keymiss k',
      '__keyevent@0__:expired k',
    ]);
  });

  it('the active expire cycle reports expired keys', async () => {
    const { clock, store, events } = setup();
    store.setNotifyKeyspaceEvents('Kx');
    store.set('a', '1', { px: 50 });
    store.set('b', '1', { px: 500 });
    clock.advance(200);
    await delivered();
    expect(events).toEqual(['__keyspace@0__:a expired']);
    clock.advance(400);
    await delivered();
    expect(events).toEqual(['__keyspace@0__:a expired', '__keyspace@0__:b expired']);
  });

  it('new keys (n) come before the command event; overwriting is not new', async () => {
    const { store, events } = setup();
    store.setNotifyKeyspaceEvents('KEAn');
    store.set('k', 'v');
    store.set('k', 'w');
    store.hset('h', { f: 'v' });
    await delivered();
    expect(events).toEqual([
      '__keyspace@0__:k new',
      '__keyevent@0__:new k',
      '__keyspace@0__:k set',
      '__keyevent@0__:set k',
      '__keyspace@0__:k set',
      '__keyevent@0__:set k',
      '__keyspace@0__:h new',
      '__keyevent@0__:new h',
      '__keyspace@0__:h hset',
      '__keyevent@0__:hset h',
    ]);
  });

  it('keymiss (m) is reported by reads only', async () => {
    const { store, events } = setup();
    store.setNotifyKeyspaceEvents('Em');
    store.get('a');
    store.call('TYPE', 'b');
    store.call('TTL', 'c');
    store.call('LPOP', 'd');
    store.call('INCR', 'e');
    store.call('DEL', 'f');
    await delivered();
    expect(events).toEqual([
      '__keyevent@0__:keymiss a',
      '__keyevent@0__:keymiss b',
      '__keyevent@0__:keymiss c',
    ]);
  });

  it('reach client sessions at once, before the reply of the command that caused them', () => {
    const store = new Store();
    const session = store.createSession();
    session.protocol = 3;
    const seen: unknown[] = [];
    session.push = (r) => seen.push(r);
    store.setNotifyKeyspaceEvents('KEA');
    store.dispatch(['SUBSCRIBE', '__keyevent@0__:del'], session);
    seen.length = 0;
    store.set('x', '1');
    const reply = store.dispatch(['DEL', 'x'], session);
    seen.push(reply);
    expect(seen).toHaveLength(2);
    expect((seen[0] as { frames: unknown[] }).frames).toEqual([['message', '__keyevent@0__:del', 'x']]);
    expect(seen[1]).toBe(1);
  });
});
