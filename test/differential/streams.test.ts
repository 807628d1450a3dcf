// Streams (redis.io group "stream"): every command of the family. IDs are explicit where the
// reply shows them; `*` IDs come from each side's clock, so their replies are compared by shape.
// A script is one client, so a blocked XREADGROUP unblocked by another client's DEL or XGROUP
// DESTROY is tested in test/commands/streams.test.ts, against texts checked on redis-server.

import { diff, type Script } from './harness.js';

const MAX = '18446744073709551615';
const BIN = Buffer.from([0x00, 0xff, 0x0d, 0x0a, 0x80]);
const WRONGTYPE = 'WRONGTYPE';

/** A string at 'str' and a list at 'list', for WRONGTYPE cases. */
function otherTypes(c: Script): void {
  c.do('SET', 'str', 'v');
  c.do('RPUSH', 'list', 'a');
}

/** `n` entries 1-0, 2-0 … n-0 with one field each at `key`. */
function fill(c: Script, key: string, n: number, from = 1): void {
  for (let i = from; i < from + n; i++) c.do('XADD', key, `${i}-0`, 'f', String(i));
}

// ---------------------------------------------------------------------------------------------
// XADD / XLEN

diff('XADD explicit IDs, XLEN and the stream type', (c) => {
  c.do('XADD', 's1', '1-1', 'a', '1', 'b', '2');
  c.do('XADD', 's1', '1-2', 'a', '3');
  c.do('XADD', 's1', '5', 'x', '');
  c.do('XADD', 's1', '5-*', 'y', 'z');
  c.do('XADD', 's1', '6-*', 'y', 'z');
  c.do('xadd', 's1', '7-' + MAX, BIN, 'héllo');
  c.do('XADD', 's1', '7-*', 'too', 'big');
  c.do('XLEN', 's1');
  c.do('XLEN', 'missing');
  c.do('TYPE', 's1');
  c.do('OBJECT', 'ENCODING', 's1');
  c.do('XRANGE', 's1', '-', '+');
  c.do('XADD', 's2', '0-*', 'f', 'v');
  c.do('XADD', 's2', '0-*', 'f', 'v');
  c.do('XADD', 's3', '00018-0005', 'f', 'v');
  c.do('XRANGE', 's2', '-', '+');
  c.do('XRANGE', 's3', '-', '+');
  c.resp3();
  c.do('XADD', 's1', '8-0', 'k', 'v');
  c.do('XRANGE', 's1', '8', '8');
  c.resp2();
  // failure cases
  otherTypes(c);
  c.error(WRONGTYPE, 'XADD', 'str', '1-1', 'f', 'v');
  c.error(WRONGTYPE, 'XLEN', 'list');
  c.error('equal or smaller', 'XADD', 's1', '8-0', 'f', 'v');
  c.error('equal or smaller', 'XADD', 's1', '3-5', 'f', 'v');
  c.error('greater than 0-0', 'XADD', 'new', '0-0', 'f', 'v');
  c.error('greater than 0-0', 'XADD', 'new', '0', 'f', 'v');
  c.do('EXISTS', 'new');
  c.error('Invalid stream ID', 'XADD', 's1', 'abc', 'f', 'v');
  c.error('Invalid stream ID', 'XADD', 's1', '-', 'f', 'v');
  c.error('Invalid stream ID', 'XADD', 's1', '+', 'f', 'v');
  c.error('Invalid stream ID', 'XADD', 's1', '1-x', 'f', 'v');
  c.error('wrong number of arguments', 'XADD', 's1', '9-0', 'f');
  c.error('wrong number of arguments', 'XADD', 's1', '9-0', 'f', 'v', 'g');
  c.error('wrong number of arguments', 'XADD', 's1', 'NOMKSTREAM', '*', 'f');
  c.error('wrong number of arguments', 'XADD', 's1', '*');
  c.error('wrong number of arguments', 'XLEN');
  c.error('wrong number of arguments', 'XLEN', 'a', 'b');
});

diff('XADD * and ms-* generate IDs from the clock', (c) => {
  c.doShape('XADD', 'auto', '*', 'f', 'v');
  c.doShape('XADD', 'auto', '*', 'f', 'v');
  c.do('XLEN', 'auto');
  c.doShape('XRANGE', 'auto', '-', '+');
  c.do('XADD', 'big', `${MAX}-${MAX}`, 'f', 'v');
  c.error('exhausted the last possible ID', 'XADD', 'big', '*', 'f', 'v');
  c.error('exhausted the last possible ID', 'XADD', 'big', `${MAX}-*`, 'f', 'v');
  c.do('XADD', 'top', `5-${MAX}`, 'f', 'v');
  c.error('Elements are too large', 'XADD', 'top', '5-*', 'f', 'v');
  // A clock behind the last ID: `*` continues from it.
  c.do('XADD', 'future', '99999999999999-5', 'f', 'v');
  c.do('XADD', 'future', '*', 'f', 'v');
});

diff('XADD NOMKSTREAM adds only to an existing stream', (c) => {
  c.do('XADD', 'k', 'NOMKSTREAM', '1-0', 'f', 'v');
  c.do('EXISTS', 'k');
  c.do('XADD', 'k', '1-0', 'f', 'v');
  c.do('XADD', 'k', 'nomkstream', '2-0', 'f', 'v');
  c.do('XADD', 'k', 'NOMKSTREAM', 'MAXLEN', '1', '3-0', 'f', 'v');
  c.do('XRANGE', 'k', '-', '+');
  // failure cases
  otherTypes(c);
  c.error(WRONGTYPE, 'XADD', 'str', 'NOMKSTREAM', '1-0', 'f', 'v');
});

// ---------------------------------------------------------------------------------------------
// XRANGE / XREVRANGE

diff('XRANGE XREVRANGE with incomplete, exclusive and edge IDs and COUNT', (c) => {
  c.do('XADD', 's', '1-0', 'a', '1');
  c.do('XADD', 's', '1-1', 'a', '2');
  c.do('XADD', 's', '2-0', 'a', '3');
  c.do('XADD', 's', '3-5', 'a', '4', 'b', '5');
  c.do('XADD', 's', '4-0', 'c', '6');
  c.do('XRANGE', 's', '-', '+');
  c.do('XREVRANGE', 's', '+', '-');
  c.do('XRANGE', 's', '1', '1');
  c.do('XRANGE', 's', '1', '3');
  c.do('XRANGE', 's', '(1-0', '(4-0');
  c.do('XRANGE', 's', '(1', '+');
  c.do('XREVRANGE', 's', '(4', '(1-1');
  c.do('XRANGE', 's', '-', '+', 'COUNT', '2');
  c.do('XRANGE', 's', '-', '+', 'count', '2', 'COUNT', '3');
  c.do('XREVRANGE', 's', '+', '-', 'COUNT', '1');
  c.do('XRANGE', 's', '-', '+', 'COUNT', '0');
  c.do('XRANGE', 's', '-', '+', 'COUNT', '-3');
  c.do('XRANGE', 'missing', '-', '+', 'COUNT', '0');
  c.do('XRANGE', 'missing', '-', '+');
  c.do('XRANGE', 's', '3', '2');
  c.do('XRANGE', 's', '(-', '+');
  c.do('XRANGE', 's', `(0-${MAX}`, '+');
  c.do('XRANGE', 's', '-', `(${MAX}-${MAX}`);
  c.do('XREVRANGE', 's', '3-5', '3-5');
  c.resp3();
  c.do('XRANGE', 's', '-', '+', 'COUNT', '0');
  c.do('XREVRANGE', 's', '+', '-', 'COUNT', '2');
  c.resp2();
  // failure cases
  otherTypes(c);
  c.error(WRONGTYPE, 'XRANGE', 'str', '-', '+');
  c.error(WRONGTYPE, 'XREVRANGE', 'list', '+', '-');
  c.error(WRONGTYPE, 'XRANGE', 'list', '-', '+', 'COUNT', '0');
  c.error('invalid start ID', 'XRANGE', 'list', `(${MAX}-${MAX}`, '+');
  c.error('Invalid stream ID', 'XRANGE', 's', '(+', '+');
  c.error('invalid end ID', 'XRANGE', 's', '-', '(0-0');
  c.error('Invalid stream ID', 'XRANGE', 's', '-', '(-');
  c.error('Invalid stream ID', 'XRANGE', 's', 'x', '+');
  c.error('Invalid stream ID', 'XREVRANGE', 's', '+', '1-y');
  c.error('syntax error', 'XRANGE', 's', '-', '+', 'COUNT');
  c.error('syntax error', 'XRANGE', 's', '-', '+', 'LIMIT', '1');
  c.error('not an integer', 'XRANGE', 's', '-', '+', 'COUNT', 'x');
  c.error('wrong number of arguments', 'XRANGE', 's', '-');
  c.error('wrong number of arguments', 'XREVRANGE', 's');
});

// ---------------------------------------------------------------------------------------------
// XDEL

diff('XDEL deletes entries, keeps the emptied stream', (c) => {
  fill(c, 's', 5);
  c.do('XDEL', 's', '2-0', '4', '9-9', '2-0');
  c.do('XLEN', 's');
  c.do('XRANGE', 's', '-', '+');
  c.do('XDEL', 's', '1-0');
  c.do('XRANGE', 's', '-', '+', 'COUNT', '1');
  c.do('XDEL', 's', '3-0', '5-0');
  c.do('XLEN', 's');
  c.do('EXISTS', 's');
  c.do('XRANGE', 's', '-', '+');
  c.error('equal or smaller', 'XADD', 's', '5-0', 'f', 'v');
  c.do('XADD', 's', '6-0', 'f', 'v');
  c.do('XDEL', 'missing', '1-0');
  c.do('XDEL', 'missing', 'not-an-id');
  // failure cases
  otherTypes(c);
  c.error(WRONGTYPE, 'XDEL', 'str', '1-0');
  c.error(WRONGTYPE, 'XDEL', 'list', 'bad');
  c.error('Invalid stream ID', 'XDEL', 's', '6-0', 'bad');
  c.do('XLEN', 's');
  c.error('Invalid stream ID', 'XDEL', 's', '+');
  c.error('wrong number of arguments', 'XDEL', 's');
});

// ---------------------------------------------------------------------------------------------
// XTRIM and XADD's trimming

diff('XTRIM MAXLEN and MINID trim exactly', (c) => {
  fill(c, 's', 10);
  c.do('XTRIM', 's', 'MAXLEN', '8');
  c.do('XTRIM', 's', 'maxlen', '=', '6');
  c.do('XTRIM', 's', 'MAXLEN', '100');
  c.do('XRANGE', 's', '-', '+', 'COUNT', '1');
  c.do('XTRIM', 's', 'MINID', '7');
  c.do('XTRIM', 's', 'MINID', '=', '8-0');
  c.do('XTRIM', 's', 'MINID', '1-0');
  c.do('XLEN', 's');
  c.do('XRANGE', 's', '-', '+');
  c.do('XTRIM', 's', 'MAXLEN', '0');
  c.do('XLEN', 's');
  c.do('EXISTS', 's');
  c.do('XTRIM', 'missing', 'MAXLEN', '0');
  // failure cases
  otherTypes(c);
  c.error(WRONGTYPE, 'XTRIM', 'list', 'MAXLEN', '1');
  c.error('XTRIM must be called with a trimming strategy', 'XTRIM', 's', 'LIMIT', '0');
  c.error('LIMIT cannot be used without specifying a trimming strategy', 'XTRIM', 's', 'LIMIT', '5');
  c.error('LIMIT cannot be used without the special ~ option', 'XTRIM', 's', 'MAXLEN', '1', 'LIMIT', '5');
  c.error(
    'LIMIT cannot be used without the special ~ option',
    'XTRIM',
    's',
    'MAXLEN',
    '=',
    '1',
    'LIMIT',
    '0',
  );
  c.error('MAXLEN and MINID options at the same time', 'XTRIM', 's', 'MAXLEN', '1', 'MINID', '1');
  c.error('MAXLEN argument must be >= 0', 'XTRIM', 's', 'MAXLEN', '-1');
  c.error('LIMIT argument must be >= 0', 'XTRIM', 's', 'MAXLEN', '~', '1', 'LIMIT', '-1');
  c.error('not an integer', 'XTRIM', 's', 'MAXLEN', 'x');
  c.error('not an integer', 'XTRIM', 's', 'MAXLEN', '~', '1', 'LIMIT', 'x');
  c.error('Invalid stream ID', 'XTRIM', 's', 'MINID', '-');
  c.error('syntax error', 'XTRIM', 's', 'MAXLEN', '1', 'extra');
  c.error('syntax error', 'XTRIM', 's', 'FOO', '1');
  c.error('wrong number of arguments', 'XTRIM', 's', 'MAXLEN');
  c.error('not an integer', 'XTRIM', 's', 'MAXLEN', '~');
  c.error('wrong number of arguments', 'XTRIM', 's');
});

diff('XTRIM ~ removes whole nodes only, LIMIT caps it', (c) => {
  fill(c, 's', 250);
  c.do('XTRIM', 's', 'MAXLEN', '~', '180');
  c.do('XLEN', 's');
  c.do('XTRIM', 's', 'MAXLEN', '~', '10', 'LIMIT', '50');
  c.do('XLEN', 's');
  c.do('XTRIM', 's', 'MAXLEN', '~', '10', 'LIMIT', '100');
  c.do('XLEN', 's');
  c.do('XRANGE', 's', '-', '+', 'COUNT', '1');
  c.do('XTRIM', 's', 'MINID', '~', '240');
  c.do('XTRIM', 's', 'MINID', '~', '300', 'LIMIT', '0');
  c.do('XLEN', 's');
  c.do('XRANGE', 's', '-', '+', 'COUNT', '1');
});

diff('XADD MAXLEN and MINID trim after adding', (c) => {
  fill(c, 's', 5);
  c.do('XADD', 's', 'MAXLEN', '3', '6-0', 'f', 'v');
  c.do('XRANGE', 's', '-', '+');
  c.do('XADD', 's', 'MINID', '=', '6', '7-0', 'f', 'v');
  c.do('XRANGE', 's', '-', '+');
  c.do('XADD', 's', 'maxlen', '~', '1', '8-0', 'f', 'v');
  c.do('XLEN', 's');
  fill(c, 'big', 150);
  c.do('XADD', 'big', 'MAXLEN', '~', '20', '151-0', 'f', 'v');
  c.do('XLEN', 'big');
  c.do('XADD', 'big', 'MINID', '~', '140', 'LIMIT', '10', '152-0', 'f', 'v');
  c.do('XLEN', 'big');
  c.do('XADD', 'big', 'MAXLEN', '0', '153-0', 'f', 'v');
  c.do('XLEN', 'big');
  c.do('XRANGE', 'big', '-', '+');
  c.do('XADD', 'big', 'MAXLEN', '0', 'NOMKSTREAM', '154-0', 'f', 'v');
  c.do('XADD', 'new', 'MAXLEN', '0', '1-0', 'f', 'v');
  c.do('EXISTS', 'new');
  // failure cases
  c.error(
    'LIMIT cannot be used without the special ~ option',
    'XADD',
    's',
    'MAXLEN',
    '1',
    'LIMIT',
    '5',
    '*',
    'f',
    'v',
  );
  c.error('LIMIT cannot be used without specifying', 'XADD', 's', 'LIMIT', '5', '*', 'f', 'v');
  c.error(
    'MAXLEN and MINID options at the same time',
    'XADD',
    's',
    'MINID',
    '1',
    'MAXLEN',
    '1',
    '*',
    'f',
    'v',
  );
  c.error('MAXLEN argument must be >= 0', 'XADD', 's', 'MAXLEN', '-5', '*', 'f', 'v');
  c.error('not an integer', 'XADD', 's', 'MAXLEN', '~', 'x', '*', 'f', 'v');
  c.error('Invalid stream ID', 'XADD', 's', 'MINID', 'x', '*', 'f', 'v');
  c.error('Invalid stream ID', 'XADD', 's', 'MAXLEN', '1', 'junk', 'f', 'v');
  c.do('XLEN', 's');
});

// ---------------------------------------------------------------------------------------------
// XSETID

diff('XSETID sets the last ID, entries added and max deleted ID', (c) => {
  fill(c, 's', 3);
  c.do('XSETID', 's', '10-0');
  c.error('equal or smaller', 'XADD', 's', '9-0', 'f', 'v');
  c.do('XADD', 's', '10-*', 'f', 'v');
  c.do('XSETID', 's', '10-1', 'ENTRIESADDED', '50', 'MAXDELETEDID', '5-0');
  c.do('XSETID', 's', '10-1', 'entriesadded', '4');
  c.do('XDEL', 's', '10-1', '1-0', '2-0', '3-0');
  c.do('XSETID', 's', '0-1');
  c.do('XADD', 's', '0-2', 'f', 'v');
  c.do('XRANGE', 's', '-', '+');
  // failure cases
  otherTypes(c);
  c.error('smaller than the target stream top item', 'XSETID', 's', '0-1');
  c.error(
    'entries_added specified in XSETID is smaller than the target stream length',
    'XSETID',
    's',
    '5-0',
    'ENTRIESADDED',
    '0',
  );
  c.error('smaller than the provided max_deleted_entry_id', 'XSETID', 's', '5-0', 'MAXDELETEDID', '6-0');
  c.error('entries_added must be positive', 'XSETID', 's', '5-0', 'ENTRIESADDED', '-1');
  c.error('not an integer', 'XSETID', 's', '5-0', 'ENTRIESADDED', 'x');
  c.error('Invalid stream ID', 'XSETID', 's', '+');
  c.error('Invalid stream ID', 'XSETID', 's', '5-0', 'MAXDELETEDID', 'x');
  c.error('syntax error', 'XSETID', 's', '5-0', 'ENTRIESADDED');
  c.error('syntax error', 'XSETID', 's', '5-0', 'FOO', '1');
  c.error('no such key', 'XSETID', 'missing', '5-0');
  c.error('syntax error', 'XSETID', 'missing', '5-0', 'FOO');
  c.error(WRONGTYPE, 'XSETID', 'list', '5-0');
  c.error('wrong number of arguments', 'XSETID', 's');
});

// ---------------------------------------------------------------------------------------------
// XGROUP

diff('XGROUP CREATE SETID DESTROY CREATECONSUMER DELCONSUMER', (c) => {
  fill(c, 's', 3);
  c.do('XGROUP', 'CREATE', 's', 'g1', '0');
  c.do('XGROUP', 'CREATE', 's', 'g2', '$');
  c.do('xgroup', 'create', 's', 'g3', '2-0', 'ENTRIESREAD', '2');
  c.do('XGROUP', 'CREATE', 'new', 'g', '$', 'MKSTREAM');
  c.do('XGROUP', 'CREATE', 'new2', 'g', '5-0', 'mkstream', 'ENTRIESREAD', '-1');
  c.do('XLEN', 'new');
  c.do('TYPE', 'new2');
  c.do('XREADGROUP', 'GROUP', 'g1', 'alice', 'STREAMS', 's', '>');
  c.do('XREADGROUP', 'GROUP', 'g2', 'bob', 'STREAMS', 's', '>');
  c.do('XREADGROUP', 'GROUP', 'g3', 'bob', 'STREAMS', 's', '>');
  c.do('XGROUP', 'SETID', 's', 'g2', '0');
  c.do('XREADGROUP', 'GROUP', 'g2', 'bob', 'COUNT', '1', 'STREAMS', 's', '>');
  c.do('XGROUP', 'SETID', 's', 'g2', '$', 'ENTRIESREAD', '3');
  c.do('XGROUP', 'SETID', 's', 'g2', '-');
  c.do('XGROUP', 'CREATECONSUMER', 's', 'g1', 'carol');
  c.do('XGROUP', 'CREATECONSUMER', 's', 'g1', 'carol');
  c.do('XGROUP', 'DELCONSUMER', 's', 'g1', 'alice');
  c.do('XGROUP', 'DELCONSUMER', 's', 'g1', 'alice');
  c.do('XGROUP', 'DELCONSUMER', 's', 'g1', 'carol');
  c.do('XPENDING', 's', 'g1');
  c.do('XGROUP', 'DESTROY', 's', 'g1');
  c.do('XGROUP', 'DESTROY', 's', 'g1');
  // failure cases
  otherTypes(c);
  c.error('BUSYGROUP', 'XGROUP', 'CREATE', 's', 'g2', '$');
  c.error('requires the key to exist', 'XGROUP', 'CREATE', 'missing', 'g', '$');
  c.error('requires the key to exist', 'XGROUP', 'CREATE', 'missing', 'g', 'bad-id');
  c.error('requires the key to exist', 'XGROUP', 'SETID', 'missing', 'g', '$');
  c.error('requires the key to exist', 'XGROUP', 'DESTROY', 'missing', 'g');
  c.error('requires the key to exist', 'XGROUP', 'CREATECONSUMER', 'missing', 'g', 'c');
  c.error('requires the key to exist', 'XGROUP', 'DELCONSUMER', 'missing', 'g', 'c');
  c.error(WRONGTYPE, 'XGROUP', 'CREATE', 'str', 'g', '$', 'MKSTREAM');
  c.error(WRONGTYPE, 'XGROUP', 'DESTROY', 'list', 'g');
  c.error('NOGROUP', 'XGROUP', 'SETID', 's', 'nope', '$');
  c.error('NOGROUP', 'XGROUP', 'CREATECONSUMER', 's', 'nope', 'c');
  c.error('NOGROUP', 'XGROUP', 'DELCONSUMER', 's', 'nope', 'c');
  c.error('Invalid stream ID', 'XGROUP', 'CREATE', 's', 'g9', '-');
  c.error('Invalid stream ID', 'XGROUP', 'SETID', 's', 'g2', 'x');
  c.error('ENTRIESREAD must be positive or -1', 'XGROUP', 'CREATE', 's', 'g9', '$', 'ENTRIESREAD', '-2');
  c.error('not an integer', 'XGROUP', 'SETID', 's', 'g2', '$', 'ENTRIESREAD', 'x');
  c.error('unknown subcommand or wrong number of arguments', 'XGROUP', 'SETID', 's', 'g2', '$', 'MKSTREAM');
  c.error('unknown subcommand or wrong number of arguments', 'XGROUP', 'CREATE', 's', 'g9', '$', 'FOO');
  c.error(
    'unknown subcommand or wrong number of arguments',
    'XGROUP',
    'SETID',
    's',
    'g2',
    '$',
    'ENTRIESREAD',
  );
  c.error('wrong number of arguments', 'XGROUP', 'CREATE', 's', 'g9');
  c.error('wrong number of arguments', 'XGROUP', 'DESTROY', 's');
  c.error('wrong number of arguments', 'XGROUP', 'CREATECONSUMER', 's', 'g1');
});

// ---------------------------------------------------------------------------------------------
// XREADGROUP / XACK / XPENDING

diff('XREADGROUP delivers new entries, history from the PEL, NOACK skips the PEL', (c) => {
  fill(c, 's', 5);
  c.do('XGROUP', 'CREATE', 's', 'g', '0');
  c.do('XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', '2', 'STREAMS', 's', '>');
  c.do('XREADGROUP', 'GROUP', 'g', 'bob', 'count', '1', 'STREAMS', 's', '>');
  c.do('XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '0');
  c.do('XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '1-0');
  c.do('XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', '1', 'STREAMS', 's', '0-0');
  c.do('XREADGROUP', 'GROUP', 'g', 'carol', 'NOACK', 'STREAMS', 's', '>');
  c.do('XREADGROUP', 'GROUP', 'g', 'carol', 'STREAMS', 's', '>');
  c.do('XREADGROUP', 'GROUP', 'g', 'carol', 'STREAMS', 's', '0');
  c.do('XDEL', 's', '2-0');
  c.do('XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '0');
  c.doApprox(1000, 'XPENDING', 's', 'g', '-', '+', '10');
  c.do('XPENDING', 's', 'g');
  c.do('XACK', 's', 'g', '1-0', '2-0', '9-0', '1-0');
  c.do('XACK', 's', 'g', '3-0');
  c.do('XPENDING', 's', 'g');
  c.do('XACK', 'missing', 'g', 'bad');
  c.do('XACK', 's', 'nogroup', 'bad');
  c.do('XGROUP', 'CREATE', 'e', 'g', '$', 'MKSTREAM');
  c.do('XREADGROUP', 'GROUP', 'g', 'x', 'STREAMS', 'e', '>');
  c.do('XREADGROUP', 'GROUP', 'g', 'x', 'STREAMS', 'e', '0');
  c.do('XADD', 's', '6-0', 'f', '6');
  c.do('XADD', 'e', '1-0', 'f', '1');
  c.do('XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', 'e', '>', '>');
  c.resp3();
  c.do('XADD', 's', '7-0', 'f', '7');
  c.do('XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', 'e', '>', '>');
  c.do('XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '>');
  c.do('XPENDING', 'e', 'g');
  c.resp2();
  // failure cases
  otherTypes(c);
  c.error('NOGROUP', 'XREADGROUP', 'GROUP', 'nope', 'alice', 'STREAMS', 's', '>');
  c.error('NOGROUP', 'XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 'missing', '>');
  c.error(WRONGTYPE, 'XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 'str', '>');
  c.error('The $ ID is meaningless', 'XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '$');
  c.error('Invalid stream ID', 'XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', 'x');
  c.error('Missing GROUP option', 'XREADGROUP', 'COUNT', '1', 'NOACK', 'STREAMS', 's', '>');
  c.error('Unbalanced XREAD list', 'XREADGROUP', 'GROUP', 'g', 'a', 'STREAMS', 's', 's', '>');
  c.error('syntax error', 'XREADGROUP', 'GROUP', 'g', 'a', 'FOO', 'STREAMS', 's', '>');
  c.error('syntax error', 'XREADGROUP', 'GROUP', 'g', 'a', 'COUNT', '1', 's', '>');
  c.error('not an integer', 'XREADGROUP', 'GROUP', 'g', 'a', 'COUNT', 'x', 'STREAMS', 's', '>');
  c.error('timeout is not an integer', 'XREADGROUP', 'GROUP', 'g', 'a', 'BLOCK', '1.5', 'STREAMS', 's', '>');
  c.error('timeout is negative', 'XREADGROUP', 'GROUP', 'g', 'a', 'BLOCK', '-1', 'STREAMS', 's', '>');
  c.error(WRONGTYPE, 'XACK', 'str', 'g', '1-0');
  c.error('Invalid stream ID', 'XACK', 's', 'g', '1-0', 'bad');
  c.error('wrong number of arguments', 'XACK', 's', 'g');
  c.error('wrong number of arguments', 'XREADGROUP', 'GROUP', 'g', 'a', 'STREAMS', 's');
});

diff('XPENDING summary and extended forms with IDLE and a consumer', (c) => {
  fill(c, 's', 6);
  c.do('XGROUP', 'CREATE', 's', 'g', '0');
  c.do('XPENDING', 's', 'g');
  c.do('XPENDING', 's', 'g', '-', '+', '10');
  c.do('XREADGROUP', 'GROUP', 'g', 'bob', 'COUNT', '2', 'STREAMS', 's', '>');
  c.do('XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', '3', 'STREAMS', 's', '>');
  c.do('XGROUP', 'CREATECONSUMER', 's', 'g', 'idle');
  c.do('XPENDING', 's', 'g');
  c.sleep(30);
  c.do('XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '4');
  c.doApprox(20, 'XPENDING', 's', 'g', '-', '+', '10');
  c.doApprox(20, 'XPENDING', 's', 'g', '(1-0', '(5', '10', 'alice');
  c.doApprox(20, 'XPENDING', 's', 'g', '-', '+', '2');
  c.doApprox(20, 'XPENDING', 's', 'g', 'IDLE', '25', '-', '+', '10');
  c.doApprox(20, 'XPENDING', 's', 'g', 'idle', '25', '-', '+', '10', 'bob');
  c.do('XPENDING', 's', 'g', '-', '+', '0');
  c.do('XPENDING', 's', 'g', '-', '+', '-5');
  c.do('XPENDING', 's', 'g', '-', '+', '10', 'nobody');
  c.do('XPENDING', 's', 'g', '-', '+', '10', 'idle');
  c.do('XPENDING', 's', 'g', '3', '2', '10');
  // failure cases
  otherTypes(c);
  c.error('NOGROUP', 'XPENDING', 's', 'nope');
  c.error('NOGROUP', 'XPENDING', 'missing', 'g', '-', '+', '10');
  c.error(WRONGTYPE, 'XPENDING', 'str', 'g');
  c.error('syntax error', 'XPENDING', 's', 'g', '-');
  c.error('syntax error', 'XPENDING', 's', 'g', '-', '+');
  c.error('syntax error', 'XPENDING', 's', 'g', 'IDLE', '5', '-', '+');
  c.error('syntax error', 'XPENDING', 's', 'g', 'IDLE', '5', '-', '+', '1', 'c', 'x');
  c.error('not an integer', 'XPENDING', 's', 'g', 'IDLE', 'x', '-', '+', '1');
  c.error('not an integer', 'XPENDING', 's', 'g', '-', '+', 'x');
  c.error('Invalid stream ID', 'XPENDING', 's', 'g', 'x', '+', '1');
  c.error('invalid start ID', 'XPENDING', 'missing', 'g', `(${MAX}-${MAX}`, '+', '1');
  c.error('wrong number of arguments', 'XPENDING', 's');
});

// ---------------------------------------------------------------------------------------------
// XREAD

diff('XREAD reads after IDs and $, COUNT, several keys, BLOCK timing out', (c) => {
  fill(c, 's', 4);
  c.do('XADD', 't', '9-0', 'x', 'y');
  c.do('XREAD', 'STREAMS', 's', '0');
  c.do('XREAD', 'COUNT', '2', 'STREAMS', 's', '1-0');
  c.do('XREAD', 'STREAMS', 's', 't', 'missing', '2', '0-0', '0');
  c.do('XREAD', 'STREAMS', 's', '4-0');
  c.do('XREAD', 'STREAMS', 's', '$');
  c.do('XREAD', 'STREAMS', 'missing', '$');
  c.do('XREAD', 'COUNT', '0', 'STREAMS', 's', '3');
  c.do('XREAD', 'COUNT', '-1', 'STREAMS', 's', '3');
  c.do('XREAD', 'BLOCK', '10', 'STREAMS', 's', '$');
  c.do('XREAD', 'BLOCK', '10', 'STREAMS', 's', '0');
  c.do('XDEL', 's', '4-0');
  c.do('XREAD', 'STREAMS', 's', '3-0');
  c.resp3();
  c.do('XREAD', 'STREAMS', 's', 't', '0', '0');
  c.do('XREAD', 'STREAMS', 's', '$');
  c.resp2();
  // failure cases
  otherTypes(c);
  c.error(WRONGTYPE, 'XREAD', 'STREAMS', 's', 'str', '0', '0');
  c.error('The > ID can be specified only', 'XREAD', 'STREAMS', 's', '>');
  c.error('GROUP option is only supported by XREADGROUP', 'XREAD', 'GROUP', 'g', 'c', 'STREAMS', 's', '0');
  c.error('NOACK option is only supported by XREADGROUP', 'XREAD', 'NOACK', 'STREAMS', 's', '0');
  c.error('Unbalanced XREAD list', 'XREAD', 'STREAMS', 's', 't', '0');
  c.error('Invalid stream ID', 'XREAD', 'STREAMS', 's', '-');
  c.error('syntax error', 'XREAD', 'COUNT', '1', 'FOO', 's', '0');
  c.error('wrong number of arguments', 'XREAD', 'STREAMS', 's');
});

// ---------------------------------------------------------------------------------------------
// XCLAIM / XAUTOCLAIM

diff('XCLAIM moves pending entries, with IDLE TIME RETRYCOUNT FORCE JUSTID LASTID', (c) => {
  fill(c, 's', 6);
  c.do('XGROUP', 'CREATE', 's', 'g', '0');
  c.do('XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', '4', 'STREAMS', 's', '>');
  c.do('XCLAIM', 's', 'g', 'bob', '0', '1-0');
  c.do('XCLAIM', 's', 'g', 'bob', '100000', '2-0');
  c.do('XCLAIM', 's', 'g', 'bob', '-5', '2-0', 'JUSTID');
  c.do('XCLAIM', 's', 'g', 'bob', '0', '3-0', '5-0', '9-0', 'RETRYCOUNT', '7', 'justid');
  c.do('XCLAIM', 's', 'g', 'carol', '0', '5-0', '6-0', 'FORCE', 'JUSTID');
  c.do('XCLAIM', 's', 'g', 'carol', '0', '4-0', 'IDLE', '50000', 'JUSTID');
  c.do('XCLAIM', 's', 'g', 'dave', '40000', '4-0', 'JUSTID');
  c.do('XCLAIM', 's', 'g', 'dave', '40000', '4-0', 'TIME', c.now(-60000), 'RETRYCOUNT', '1');
  c.do('XCLAIM', 's', 'g', 'erin', '0', '4-0', 'TIME', c.now(1000000), 'JUSTID');
  c.do('XCLAIM', 's', 'g', 'erin', '0', '4-0', 'IDLE', '-5', 'JUSTID');
  c.doApprox(50, 'XPENDING', 's', 'g', '-', '+', '10');
  c.do('XCLAIM', 's', 'g', 'bob', '0', '1-0', 'JUSTID', 'LASTID', '5-0');
  c.do('XCLAIM', 's', 'g', 'bob', '0', 'LASTID', '6-0');
  c.do('XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '>');
  c.do('XDEL', 's', '1-0');
  c.do('XCLAIM', 's', 'g', 'bob', '0', '1-0', '2-0', 'JUSTID');
  c.do('XPENDING', 's', 'g');
  // failure cases
  otherTypes(c);
  c.error('NOGROUP', 'XCLAIM', 's', 'nope', 'c', 'x', '1-0');
  c.error('NOGROUP', 'XCLAIM', 'missing', 'g', 'c', '0', '1-0');
  c.error(WRONGTYPE, 'XCLAIM', 'str', 'g', 'c', '0', '1-0');
  c.error('Invalid min-idle-time argument for XCLAIM', 'XCLAIM', 's', 'g', 'c', 'x', '1-0');
  c.error('Invalid IDLE option argument for XCLAIM', 'XCLAIM', 's', 'g', 'c', '0', '1-0', 'IDLE', 'x');
  c.error('Invalid TIME option argument for XCLAIM', 'XCLAIM', 's', 'g', 'c', '0', '1-0', 'TIME', 'x');
  c.error('Invalid RETRYCOUNT option argument', 'XCLAIM', 's', 'g', 'c', '0', '1-0', 'RETRYCOUNT', 'x');
  c.error('Invalid stream ID', 'XCLAIM', 's', 'g', 'c', '0', '1-0', 'LASTID', 'x');
  c.error("Unrecognized XCLAIM option 'FOO'", 'XCLAIM', 's', 'g', 'c', '0', '1-0', 'FOO');
  c.error("Unrecognized XCLAIM option '3-0'", 'XCLAIM', 's', 'g', 'c', '0', '1-0', 'JUSTID', '3-0');
  c.error("Unrecognized XCLAIM option 'IDLE'", 'XCLAIM', 's', 'g', 'c', '0', '1-0', 'IDLE');
  c.error('wrong number of arguments', 'XCLAIM', 's', 'g', 'c', '0');
});

diff('XAUTOCLAIM walks the PEL with a cursor, reports deleted entries', (c) => {
  fill(c, 's', 8);
  c.do('XGROUP', 'CREATE', 's', 'g', '0');
  c.do('XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '>');
  c.do('XDEL', 's', '2-0', '3-0');
  c.do('XAUTOCLAIM', 's', 'g', 'bob', '0', '0', 'COUNT', '3');
  c.do('XAUTOCLAIM', 's', 'g', 'bob', '0', '5-0', 'COUNT', '2', 'JUSTID');
  c.do('XAUTOCLAIM', 's', 'g', 'bob', '0', '(6-0', 'count', '10');
  c.do('XAUTOCLAIM', 's', 'g', 'carol', '100000', '-', 'JUSTID');
  c.do('XAUTOCLAIM', 's', 'g', 'carol', '-1', '-', 'COUNT', '1', 'JUSTID');
  c.do('XAUTOCLAIM', 's', 'g', 'carol', '0', '9-0');
  c.doApprox(50, 'XPENDING', 's', 'g', '-', '+', '10');
  c.do('XPENDING', 's', 'g');
  // failure cases
  otherTypes(c);
  c.error('NOGROUP', 'XAUTOCLAIM', 's', 'nope', 'c', '0', '0');
  c.error('NOGROUP', 'XAUTOCLAIM', 'missing', 'g', 'c', '0', '0');
  c.error(WRONGTYPE, 'XAUTOCLAIM', 'str', 'g', 'c', '0', '0');
  c.error('Invalid min-idle-time argument for XAUTOCLAIM', 'XAUTOCLAIM', 'missing', 'g', 'c', 'x', '0');
  c.error('Invalid stream ID', 'XAUTOCLAIM', 'missing', 'g', 'c', '0', 'x');
  c.error('invalid start ID', 'XAUTOCLAIM', 'missing', 'g', 'c', '0', `(${MAX}-${MAX}`);
  c.error('COUNT must be > 0', 'XAUTOCLAIM', 'missing', 'g', 'c', '0', '0', 'COUNT', '0');
  c.error('COUNT must be > 0', 'XAUTOCLAIM', 's', 'g', 'c', '0', '0', 'COUNT', 'x');
  c.error('COUNT must be > 0', 'XAUTOCLAIM', 's', 'g', 'c', '0', '0', 'COUNT', '576460752303423488');
  c.error('syntax error', 'XAUTOCLAIM', 'missing', 'g', 'c', '0', '0', 'FOO');
  c.error('syntax error', 'XAUTOCLAIM', 's', 'g', 'c', '0', '0', 'COUNT');
  c.error('wrong number of arguments', 'XAUTOCLAIM', 's', 'g', 'c', '0');
});

// ---------------------------------------------------------------------------------------------
// XINFO and HELP

diff('XINFO STREAM GROUPS CONSUMERS and the HELP subcommands', (c) => {
  c.do('XGROUP', 'HELP');
  c.do('XINFO', 'HELP');
  c.do('XGROUP', 'CREATE', 'e', 'g', '$', 'MKSTREAM');
  c.do('XINFO', 'STREAM', 'e');
  c.doShape('XINFO', 'STREAM', 'e', 'FULL');
  fill(c, 's', 150);
  c.do('XGROUP', 'CREATE', 's', 'g2', '0');
  c.do('XGROUP', 'CREATE', 's', 'g1', '$', 'ENTRIESREAD', '150');
  c.do('XGROUP', 'CREATE', 's', 'g3', '0', 'ENTRIESREAD', '-1');
  c.do('XREADGROUP', 'GROUP', 'g2', 'bob', 'COUNT', '3', 'STREAMS', 's', '>');
  c.do('XREADGROUP', 'GROUP', 'g2', 'alice', 'COUNT', '2', 'STREAMS', 's', '>');
  c.do('XDEL', 's', '1-0', '150-0');
  c.do('XADD', 's', '151-0', 'f', 'v');
  c.doShape('XINFO', 'STREAM', 's');
  c.do('XINFO', 'GROUPS', 's');
  c.doApprox(100, 'XINFO', 'CONSUMERS', 's', 'g2');
  c.do('XINFO', 'CONSUMERS', 's', 'g1');
  c.doShape('XINFO', 'STREAM', 's', 'FULL');
  c.doShape('XINFO', 'STREAM', 's', 'full', 'count', '2');
  c.doShape('XINFO', 'STREAM', 's', 'FULL', 'COUNT', '0');
  c.resp3();
  c.do('XINFO', 'GROUPS', 's');
  c.doShape('XINFO', 'STREAM', 's', 'FULL', 'COUNT', '1');
  c.resp2();
  c.do('XINFO', 'GROUPS', 'e');
  // failure cases
  otherTypes(c);
  c.error('no such key', 'XINFO', 'STREAM', 'missing');
  c.error('no such key', 'XINFO', 'GROUPS', 'missing');
  c.error(WRONGTYPE, 'XINFO', 'STREAM', 'str');
  c.error('NOGROUP', 'XINFO', 'CONSUMERS', 's', 'nope');
  c.error('unknown subcommand or wrong number of arguments', 'XINFO', 'STREAM', 's', 'FOO');
  c.error('unknown subcommand or wrong number of arguments', 'XINFO', 'STREAM', 's', 'FULL', 'COUNT');
  c.error('unknown subcommand or wrong number of arguments', 'XINFO', 'STREAM', 's', 'FULL', 'LIMIT', '1');
  c.error('not an integer', 'XINFO', 'STREAM', 's', 'FULL', 'COUNT', 'x');
  c.error('wrong number of arguments', 'XINFO', 'GROUPS', 's', 'x');
  c.error('wrong number of arguments', 'XINFO', 'STREAM');
  c.error('wrong number of arguments', 'XINFO', 'HELP', 'x');
  c.error('unknown subcommand', 'XINFO', 'FOO', 's');
});
