// Random command sequences over the strings + keys vocabulary (4 keys, small values, small and
// boundary integers), run on redis and embedis.
//
// - Fixed sequences: fast-check samples SEQUENCES scripts from a fixed seed; they are ordinary
//   diff() scripts, recorded in transcripts/random.json, so they replay without a server.
// - Live fuzz (live mode only): fast-check generates new sequences (random seed, or
//   EMBEDIS_FUZZ_SEED) and shrinks any mismatch to a minimal sequence. EMBEDIS_FUZZ_RUNS sets
//   the number of runs (default 100).
//
// TTLs are whole seconds or >= 10 s in ms, and nothing sleeps, so the few ms of real time that
// pass on redis never decide whether a key exists; TTL/PTTL replies are compared with a tolerance.

import fc from 'fast-check';
import { test } from 'vitest';
import {
  type Arg,
  buildSteps,
  checkLive,
  diff,
  LIVE,
  RECORD,
  type Script,
  useDifferential,
} from './harness.js';

const SEED = 20_240_607;
const SEQUENCES = 40;

/** One generated command and how its reply is compared. */
interface Cmd {
  argv: Arg[];
  compare?: 'sorted' | 'ttl' | 'pttl';
}

const key = fc.constantFrom('a', 'b', 'c', 'd');
const value = fc.oneof(
  fc.constantFrom('', 'x', 'foo', 'hello world', '1.5', 'abc', '3e2', ' 1'),
  fc.integer({ min: -3, max: 12 }).map(String),
  fc.constantFrom('9223372036854775807', '-9223372036854775808', '9223372036854775806'),
  fc.constant(Buffer.from([0x00, 0xff, 0x0a])),
);
const int = fc.oneof(
  fc.integer({ min: -3, max: 12 }).map(String),
  fc.constantFrom('9223372036854775807', '-9223372036854775808', 'x', '1.5'),
);
const seconds = fc.oneof(fc.integer({ min: -1, max: 1000 }).map(String), fc.constantFrom('abc'));
const millis = fc.oneof(fc.integer({ min: 10_000, max: 1_000_000 }).map(String), fc.constantFrom('0', '-5'));
const float = fc.constantFrom('0.1', '1.5', '-2', '1e3', '0', 'abc', '2.5e-3', '10');
const small = fc.integer({ min: -4, max: 12 }).map(String);

const cmd = (...argv: Arg[]): Cmd => ({ argv });
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const flat = (...xs: (Arg | readonly Arg[] | undefined)[]): Arg[] =>
  xs.flatMap((x): Arg[] => (x === undefined ? [] : isArgList(x) ? [...x] : [x]));
const isArgList = (x: Arg | readonly Arg[]): x is readonly Arg[] => Array.isArray(x);

const setOptions = fc.tuple(
  opt(fc.constantFrom('NX', 'XX')),
  opt(
    fc.oneof(
      seconds.map((s) => ['EX', s]),
      millis.map((s) => ['PX', s]),
      fc.constant(['KEEPTTL']),
    ),
  ),
  opt(fc.constant('GET')),
);

const command: fc.Arbitrary<Cmd> = fc.oneof(
  key.map((k) => cmd('GET', k)),
  fc.tuple(key, value, setOptions).map(([k, v, [c, e, g]]) => cmd(...flat('SET', k, v, c, e, g))),
  fc.tuple(key, value).map(([k, v]) => cmd('SETNX', k, v)),
  fc.tuple(key, seconds, value).map(([k, s, v]) => cmd('SETEX', k, s, v)),
  fc.tuple(key, millis, value).map(([k, s, v]) => cmd('PSETEX', k, s, v)),
  fc.tuple(key, value).map(([k, v]) => cmd('GETSET', k, v)),
  key.map((k) => cmd('GETDEL', k)),
  fc
    .tuple(
      key,
      opt(
        fc.oneof(
          seconds.map((s) => ['EX', s]),
          millis.map((s) => ['PX', s]),
          fc.constant(['PERSIST']),
        ),
      ),
    )
    .map(([k, o]) => cmd(...flat('GETEX', k, o))),
  fc.array(key, { minLength: 1, maxLength: 4 }).map((ks) => cmd('MGET', ...ks)),
  fc.array(fc.tuple(key, value), { minLength: 1, maxLength: 3 }).map((ps) => cmd('MSET', ...ps.flat())),
  fc.array(fc.tuple(key, value), { minLength: 1, maxLength: 3 }).map((ps) => cmd('MSETNX', ...ps.flat())),
  fc.tuple(key, value).map(([k, v]) => cmd('APPEND', k, v)),
  key.map((k) => cmd('STRLEN', k)),
  key.map((k) => cmd('INCR', k)),
  key.map((k) => cmd('DECR', k)),
  fc.tuple(key, int).map(([k, n]) => cmd('INCRBY', k, n)),
  fc.tuple(key, int).map(([k, n]) => cmd('DECRBY', k, n)),
  fc.tuple(key, float).map(([k, f]) => cmd('INCRBYFLOAT', k, f)),
  fc.tuple(key, small, small).map(([k, s, e]) => cmd('GETRANGE', k, s, e)),
  fc.tuple(key, fc.integer({ min: -1, max: 8 }), value).map(([k, o, v]) => cmd('SETRANGE', k, String(o), v)),
  fc.tuple(key, key, opt(fc.constantFrom('LEN', 'IDX'))).map(([a, b, o]) => cmd(...flat('LCS', a, b, o))),
  fc.array(key, { minLength: 1, maxLength: 3 }).map((ks) => cmd('DEL', ...ks)),
  fc.array(key, { minLength: 1, maxLength: 3 }).map((ks) => cmd('EXISTS', ...ks)),
  key.map((k) => cmd('TYPE', k)),
  fc.tuple(key, key).map(([a, b]) => cmd('RENAME', a, b)),
  fc.tuple(key, key).map(([a, b]) => cmd('RENAMENX', a, b)),
  fc.tuple(key, key, opt(fc.constant('REPLACE'))).map(([a, b, r]) => cmd(...flat('COPY', a, b, r))),
  // No GT / LT: with an equal TTL the answer depends on the ms that passed on redis.
  fc
    .tuple(key, seconds, opt(fc.constantFrom('NX', 'XX')))
    .map(([k, s, o]) => cmd(...flat('EXPIRE', k, s, o))),
  fc.tuple(key, millis).map(([k, s]) => cmd('PEXPIRE', k, s)),
  key.map((k) => cmd('PERSIST', k)),
  key.map((k): Cmd => ({ argv: ['TTL', k], compare: 'ttl' })),
  key.map((k): Cmd => ({ argv: ['PTTL', k], compare: 'pttl' })),
  fc.constant<Cmd>({ argv: ['KEYS', '*'], compare: 'sorted' }),
  fc.constant(cmd('DBSIZE')),
  fc.array(key, { minLength: 1, maxLength: 3 }).map((ks) => cmd('TOUCH', ...ks)),
  fc.tuple(key, fc.constantFrom('0', '1')).map(([k, db]) => cmd('MOVE', k, db)),
  fc.constantFrom('0', '1').map((db) => cmd('SELECT', db)),
  fc.constant(cmd('SWAPDB', '0', '1')),
);

const sequence = fc.array(command, { minLength: 5, maxLength: 40, size: 'max' });

function addTo(c: Script, cmds: readonly Cmd[]): void {
  for (const { argv, compare } of cmds) {
    if (compare === 'sorted') c.doSorted(...argv);
    else if (compare === 'ttl') c.doApprox(1, ...argv);
    else if (compare === 'pttl') c.doApprox(100, ...argv);
    else c.do(...argv);
  }
}

const fixed = fc.sample(sequence, { seed: SEED, numRuns: SEQUENCES });
fixed.forEach((cmds, i) => {
  diff(`random sequence ${i + 1} (seed ${SEED})`, (c) => addTo(c, cmds));
});

if (LIVE && !RECORD) {
  useDifferential();
  test('random sequences: live fuzz against redis, shrunk on mismatch', async () => {
    const seed = process.env.EMBEDIS_FUZZ_SEED ? Number(process.env.EMBEDIS_FUZZ_SEED) : undefined;
    const numRuns = Number(process.env.EMBEDIS_FUZZ_RUNS ?? 100);
    await fc.assert(
      fc.asyncProperty(sequence, async (cmds) => {
        const failure = await checkLive(
          'live fuzz',
          buildSteps((c) => addTo(c, cmds)),
        );
        if (failure) throw new Error(failure);
      }),
      { seed, numRuns },
    );
  }, 300_000);
}
