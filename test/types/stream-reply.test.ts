// Stream.replyRange — XRANGE/XREVRANGE's reply path, which reads packed nodes through the
// stream's own arrays (Stream.pks) — against Stream.range, whose cursor stream.test.ts checks
// against a model; and the packed node form (StreamNode.pk) against the unpacked one that
// snapshots store.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromBytes } from '../../src/bytes.js';
import { Stream, StreamNode, type StreamNodeLimits } from '../../src/types/stream.js';
import {
  compareIds,
  decrId,
  formatId,
  INVALID_STREAM_ID,
  incrId,
  MAX_ID,
  MAX_PART,
  MIN_ID,
  parseId,
  parseRangeBound,
  parseStrictId,
  type StreamId,
  streamId,
} from '../../src/types/stream-id.js';

/** The reply replyRange must give, from Stream.range. */
function expected(
  s: Stream,
  start: StreamId,
  end: StreamId,
  count: number,
  reverse: boolean,
  decode: boolean,
): [string, string[]][] {
  return s
    .range(start, end, count === 0 ? Number.POSITIVE_INFINITY : count, reverse)
    .map((e) => [formatId(e.id), decode ? e.fields.map(fromBytes) : e.fields]);
}

/** The forms an XRANGE start argument naming `id` can take (all parse to `id`, or the next). */
function startTexts(id: StreamId): string[] {
  const ms = String(id.ms);
  return [formatId(id), `0${ms}-${id.seq}`, `${ms}-0${id.seq}`, `+${ms}-${id.seq}`, ''];
}

type Op =
  | { t: 'add'; gap: number; seq: number; shape: number; v: number }
  | { t: 'del'; pick: number }
  | { t: 'trim'; keep: number; approx: boolean }
  | { t: 'setid' }
  | { t: 'clone' }
  | { t: 'range'; a: number; b: number; count: number; reverse: boolean; form: number; decode: boolean };

/** Field lists: the master's with a repeated short value, other names, non-ASCII, long values. */
function fieldsFor(shape: number, v: number): string[] {
  switch (shape) {
    case 0:
      return [
        'user',
        `u${String(v).padStart(15, '0')}`,
        'action',
        v % 5 === 0 ? 'view' : 'click',
        'ts',
        String(v),
      ];
    case 1:
      return ['user', `u${v}`, 'action', 'cl\xc3\xa9', 'ts', ''];
    case 2:
      return ['a', 'x'.repeat(v % 90)];
    case 3:
      return ['\xc3\xa9', `${v}`, 'b', 'click'];
    default:
      return ['user', `${v}`, 'action', 'click', 'ts', 'y'.repeat(v % 40)];
  }
}

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      t: fc.constant('add' as const),
      // Deltas and sequences of 55296-57343 pack as surrogate halves, past 65535 not at all.
      gap: fc.oneof(
        { weight: 8, arbitrary: fc.nat(3) },
        fc.constant(56000),
        fc.constant(70000),
        fc.constant(2 ** 33),
      ),
      seq: fc.oneof(
        { weight: 8, arbitrary: fc.nat(3) },
        fc.constant(56000),
        fc.constant(70000),
        fc.constant(2 ** 40),
      ),
      // Mostly one shape, so that nodes pack.
      shape: fc.oneof({ weight: 5, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.nat(4) }),
      v: fc.nat(1000),
    }),
  },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('del' as const), pick: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({ t: fc.constant('trim' as const), keep: fc.nat(60), approx: fc.boolean() }),
  },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('setid' as const) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('clone' as const) }) },
  {
    weight: 4,
    arbitrary: fc.record({
      t: fc.constant('range' as const),
      a: fc.nat(),
      b: fc.nat(),
      count: fc.oneof(fc.constant(0), fc.nat(12)),
      reverse: fc.boolean(),
      form: fc.nat(4),
      decode: fc.boolean(),
    }),
  },
);

const limitsArb: fc.Arbitrary<StreamNodeLimits> = fc.oneof(
  fc.constant({ maxBytes: 4096, maxEntries: 100 }),
  fc.record({ maxBytes: fc.constantFrom(0, 60, 300, 4096), maxEntries: fc.integer({ min: 0, max: 8 }) }),
);

/** Every ID in the stream (live or not) and a few around them, to pick bounds from. */
function idsNear(s: Stream): StreamId[] {
  const out: StreamId[] = [MIN_ID, MAX_ID];
  for (const e of s.range()) {
    out.push(e.id);
    const up = incrId(e.id);
    if (up !== null) out.push(up);
    const down = decrId(e.id);
    if (down !== null) out.push(down);
  }
  return out;
}

/** What the runs went through, so the property is known to cover it. */
const seen = {
  packed: 0,
  interned: 0,
  nonAscii: 0,
  dead: 0,
  unpacked: 0,
  unordered: 0,
  copied: 0,
  replies: 0,
};

function checkRange(s: Stream, op: Extract<Op, { t: 'range' }>): void {
  for (let p = s.head; p < s.nodes.length; p++) {
    const node = s.nodes[p]!;
    if (node.pk !== '') {
      seen.packed++;
      if (node.interned.length > 0 && node.d.length < node.data.length) seen.interned++;
      if (!node.asciiFields(0)) seen.nonAscii++;
      if (node.dead > 0) seen.dead++;
    } else if (node.items === null) seen.unpacked++;
  }
  if (s.unordered) seen.unordered++;
  if (s.pks.length !== s.nodes.length) seen.copied++;
  const ids = idsNear(s);
  let start = ids[op.a % ids.length]!;
  let end = ids[op.b % ids.length]!;
  if (op.a % 7 === 0) end = MAX_ID;
  if (op.b % 5 === 0) start = MIN_ID;
  const text = op.reverse ? '' : startTexts(start)[op.form]!;
  const decode = op.decode ? fromBytes : null;
  const got = s.replyRange(start, end, op.count, op.reverse, decode, text);
  seen.replies += got.length;
  expect(got).toEqual(expected(s, start, end, op.count, op.reverse, op.decode));
  // The cursor's own ID text agrees too.
  const c = s.cursor(start, end, op.reverse);
  const texts: string[] = [];
  while (c.next()) texts.push(c.idString());
  expect(texts).toEqual(expected(s, start, end, 0, op.reverse, false).map((e) => e[0]));
}

function run(limits: StreamNodeLimits, ops: Op[]): void {
  let s = new Stream(limits);
  let ms = 1_700_000_000_000;
  for (const op of ops) {
    switch (op.t) {
      case 'add': {
        ms += op.gap;
        let id = streamId(ms, op.seq);
        if (compareIds(id, s.lastId) <= 0) id = incrId(s.lastId)!;
        s.add(id, fieldsFor(op.shape, op.v));
        break;
      }
      case 'del': {
        const all = s.range();
        if (all.length > 0) s.delete(all[op.pick % all.length]!.id);
        break;
      }
      case 'trim':
        // Keep a few entries, or drop a few.
        s.trimMaxLen(op.keep < 30 ? op.keep : Math.max(0, s.length - (op.keep - 30)), op.approx);
        break;
      case 'setid': {
        // Lower last_id to the last live entry: a deleted entry above it makes the stream unordered.
        const last = s.lastEntryId();
        if (last !== null) s.setId(last);
        break;
      }
      case 'clone':
        s = s.clone();
        break;
      case 'range':
        checkRange(s, op);
        break;
    }
    s.checkValid();
  }
  checkRange(s, { t: 'range', a: 0, b: 0, count: 0, reverse: false, form: 0, decode: true });
}

describe('Stream.replyRange', () => {
  it('replies as Stream.range does, through packing, interning, deletes, trims, XSETID and copies', () => {
    fc.assert(
      fc.property(limitsArb, fc.array(opArb, { maxLength: 200, size: 'large' }), (limits, ops) =>
        run(limits, ops),
      ),
      { numRuns: 300 },
    );
    // A packed first node with entries trimmed from its front is the rarest (see also below).
    for (const [what, n] of Object.entries(seen)) expect(n, what).toBeGreaterThan(what === 'dead' ? 2 : 20);
  });

  it('packs the sealed nodes of a uniform stream and interns the repeated short value', () => {
    const s = new Stream();
    for (let i = 0; i < 1000; i++) {
      s.add(streamId(1_700_000_000_000 + (i >> 4), i & 15), [
        'user',
        `u${String(i).padStart(15, '0')}`,
        'action',
        'click',
        'ts',
        String(1_700_000_000_000 + i * 7),
      ]);
    }
    const nodes = s.nodes.slice(s.head);
    expect(nodes.length).toBeGreaterThan(5);
    for (const node of nodes.slice(0, -1)) {
      expect(node.pk).not.toBe('');
      expect(node.r.length).toBe(0);
      // 'click' is not in the packed value string, but the unpacked form has it.
      expect(node.d).not.toContain('click');
      expect(node.data).toContain('click');
    }
    expect(nodes[nodes.length - 1]!.pk).toBe(''); // the open tail
    const r = s.replyRange(streamId(1_700_000_000_010, 3), MAX_ID, 3, false, null, '1700000000010-3');
    expect(r).toEqual([
      ['1700000000010-3', ['user', 'u000000000000163', 'action', 'click', 'ts', '1700000001141']],
      ['1700000000010-4', ['user', 'u000000000000164', 'action', 'click', 'ts', '1700000001148']],
      ['1700000000010-5', ['user', 'u000000000000165', 'action', 'click', 'ts', '1700000001155']],
    ]);
    s.checkValid();
  });

  it('keeps the first node packed while entries go from its front', () => {
    const s = new Stream({ maxBytes: 0, maxEntries: 10 });
    for (let i = 1; i <= 50; i++) s.add(streamId(i, 0), ['f', 'v', 'g', `w${i}`]);
    const all = s.replyRange(MIN_ID, MAX_ID, 0, false, null);
    expect(s.trimMaxLen(47)).toBe(3); // exact: entries 1-0 .. 3-0 of the first node
    expect(s.delete(streamId(4, 0))).toBe(true); // its first live entry
    const head = s.nodes[s.head]!;
    expect(head.pk).not.toBe('');
    expect(head.dead).toBe(4);
    expect(head.live).toBe(6);
    s.checkValid();
    expect(s.replyRange(MIN_ID, MAX_ID, 0, false, null)).toEqual(all.slice(4));
    expect(s.replyRange(streamId(2, 0), MAX_ID, 2, false, null, '2-0')).toEqual(all.slice(4, 6));
    expect(s.replyRange(MIN_ID, streamId(7, 0), 0, true, null)).toEqual(all.slice(4, 7).reverse());
    expect(s.has(streamId(3, 0))).toBe(false);
    expect(s.has(streamId(5, 0))).toBe(true);
    // The first entry of another node: that node unpacks, the first stays packed.
    expect(s.delete(streamId(11, 0))).toBe(true);
    expect(s.nodes[s.head + 1]!.pk).toBe('');
    expect(head.pk).not.toBe('');
    // What snapshots read marks the deleted entries.
    expect(head.rec[4]! & 1).toBe(1);
    expect(head.rec[4 * 5 + 4]! & 1).toBe(0);
    s.checkValid();
    expect(s.replyRange(MIN_ID, MAX_ID, 0, false, null)).toEqual([...all.slice(4, 10), ...all.slice(11)]);
  });

  it('unpacks a node before deleting from it, leaving the others packed', () => {
    const s = new Stream({ maxBytes: 0, maxEntries: 10 });
    for (let i = 1; i <= 50; i++) s.add(streamId(i, 0), ['f', 'v', 'g', `w${i}`]);
    const before = s.replyRange(MIN_ID, MAX_ID, 0, false, null);
    expect(s.nodes[1]!.pk).not.toBe('');
    expect(s.delete(streamId(15, 0))).toBe(true);
    expect(s.nodes[1]!.pk).toBe('');
    expect(s.nodes[2]!.pk).not.toBe('');
    s.checkValid();
    expect(s.replyRange(MIN_ID, MAX_ID, 0, false, null)).toEqual(before.filter((e) => e[0] !== '15-0'));
    expect(s.replyRange(MIN_ID, MAX_ID, 0, true, null)).toEqual(
      before.filter((e) => e[0] !== '15-0').reverse(),
    );
  });

  it('gives snapshots the unpacked form, and packs what a load brings back on the first range', () => {
    fc.assert(
      fc.property(limitsArb, fc.array(opArb, { maxLength: 200, size: 'large' }), (limits, ops) => {
        const s = new Stream(limits);
        let ms = 1_700_000_000_000;
        for (const [i, op] of ops.entries()) {
          if (op.t !== 'add') continue;
          ms += op.gap % 4;
          s.add(streamId(ms, i), fieldsFor(op.shape, op.v));
        }
        // What the snapshot writer reads and the loader sets (src/persistence/snapshot-format.ts).
        const copy = new Stream(limits);
        for (let p = s.head; p < s.nodes.length; p++) {
          const node = s.nodes[p]!;
          const sealed = node.items === null;
          const n = new StreamNode(node.master, 0);
          n.n = node.n;
          n.live = node.live;
          n.nItems = node.nItems;
          n.bytes = node.bytes;
          n.rec = node.rec.slice(0, sealed ? node.rec.length : node.n * 5);
          if (sealed) {
            n.items = null;
            n.data = node.data;
          } else {
            n.items = node.items!.slice();
          }
          n.endBase = node.endBase;
          n.narrow = node.narrow;
          copy.nodes.push(n);
        }
        copy.keys = s.keys.slice(s.head * 4, Math.max(16, s.nodes.length * 2) * 4);
        copy.length = s.length;
        copy.lastId = s.lastId;
        copy.firstId = s.firstId;
        copy.entriesAdded = s.entriesAdded;
        copy.checkValid();
        expect(copy.range()).toEqual(s.range());
        const all = s.replyRange(MIN_ID, MAX_ID, 0, false, fromBytes);
        expect(copy.replyRange(MIN_ID, MAX_ID, 0, false, fromBytes)).toEqual(all);
        copy.checkValid();
        for (let p = copy.head; p < copy.nodes.length; p++) {
          expect(copy.nodes[p]!.pk === '').toBe(s.nodes[p - copy.head + s.head]!.pk === '');
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('parseRangeBound fast path', () => {
  const digits = fc.stringMatching(/^[0-9]{1,17}$/);
  it('parses <digits>-<digits> as the full parse does', () => {
    fc.assert(
      fc.property(digits, digits, fc.boolean(), (a, b, exclusive) => {
        const arg = `${exclusive ? '(' : ''}${a}-${b}`;
        let want: string;
        try {
          const id = exclusive ? parseStrictId(`${a}-${b}`) : parseId(arg);
          const moved = exclusive ? incrId(id) : id;
          want = moved === null ? 'invalid' : formatId(moved);
        } catch (e) {
          want = (e as Error).message;
        }
        let got: string;
        try {
          got = formatId(parseRangeBound(arg, 'start'));
        } catch (e) {
          got = (e as Error).message === INVALID_STREAM_ID ? INVALID_STREAM_ID : 'invalid';
        }
        expect(got).toBe(want);
      }),
    );
    expect(formatId(parseRangeBound('+', 'end'))).toBe(formatId(MAX_ID));
    expect(formatId(parseRangeBound('-', 'start'))).toBe('0-0');
    expect(formatId(parseRangeBound('5', 'end'))).toBe(`5-${MAX_PART}`);
    expect(formatId(parseRangeBound('(5-3', 'end'))).toBe('5-2');
    expect(formatId(parseRangeBound('007-01', 'start'))).toBe('7-1');
  });
});
