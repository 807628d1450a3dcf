// Bitmaps (redis.io group "bitmap"), Redis 7.0: GETBIT SETBIT (BITCOUNT BITPOS BITOP BITFIELD
// are not implemented yet). Cases from Redis's unit/type/string.tcl and the edges of bitops.c.

import { diff } from './harness.js';

const BIN = Buffer.from([0x00, 0xff, 0x0d, 0x0a, 0x80, 0x7f, 0x00]);

diff('SETBIT and GETBIT create, grow and flip bits, MSB first', (c) => {
  c.do('SETBIT', 'k', '1', '1');
  c.do('GET', 'k');
  c.do('SETBIT', 'k', '1', '1');
  c.do('SETBIT', 'k', '1', '0');
  c.do('GET', 'k');
  c.do('SETBIT', 'k', '20', '1');
  c.do('STRLEN', 'k');
  c.do('GET', 'k');
  c.do('SETBIT', 'k', '0', '0'); // unchanged bit, nothing grows
  c.do('GETBIT', 'k', '20');
  c.do('GETBIT', 'k', '19');
  c.do('GETBIT', 'k', '23');
  c.do('GETBIT', 'k', '24'); // past the end
  c.do('GETBIT', 'k', '4294967295');
  c.do('GETBIT', 'missing', '0');
  c.do('SETBIT', 'z', '0', '0'); // a new key even when the bit stays 0
  c.do('GET', 'z');
  c.do('SETBIT', 'bin', '7', '1');
  c.do('SET', 'bin', BIN);
  c.do('GETBIT', 'bin', '8');
  c.do('SETBIT', 'bin', '8', '0');
  c.do('GET', 'bin');
});

diff('SETBIT on string-, integer- and embstr-encoded values leaves raw', (c) => {
  c.do('SET', 'n', '1'); // ascii "1" is 0b00110001
  c.do('OBJECT', 'ENCODING', 'n');
  c.do('SETBIT', 'n', '6', '1');
  c.do('SETBIT', 'n', '2', '0');
  c.do('GET', 'n');
  c.do('OBJECT', 'ENCODING', 'n');
  c.do('SET', 'e', 'ab');
  c.do('SETBIT', 'e', '1', '1'); // already set: nothing changes but the encoding
  c.do('OBJECT', 'ENCODING', 'e');
  c.do('SET', 'e2', 'ab');
  c.do('GETBIT', 'e2', '1');
  c.do('OBJECT', 'ENCODING', 'e2');
  c.do('SET', 'i', '12');
  c.do('GETBIT', 'i', '2');
  c.do('GETBIT', 'i', '15');
});

diff('SETBIT and GETBIT errors, in Redis order', (c) => {
  c.do('RPUSH', 'list', 'a');
  c.error('WRONGTYPE', 'SETBIT', 'list', '0', '1');
  c.error('WRONGTYPE', 'GETBIT', 'list', '0');
  c.error('bit offset is not an integer or out of range', 'SETBIT', 'list', '-1', '1');
  c.error('bit is not an integer or out of range', 'SETBIT', 'list', '0', '2');
  c.error('bit offset is not an integer or out of range', 'SETBIT', 'k', String(4 * 1024 * 1024 * 1024), '1');
  c.error('bit offset is not an integer or out of range', 'SETBIT', 'k', '-1', '1');
  c.error('bit offset is not an integer or out of range', 'SETBIT', 'k', '1.5', '1');
  c.error('bit offset is not an integer or out of range', 'SETBIT', 'k', 'x', 'y');
  c.error('bit offset is not an integer or out of range', 'SETBIT', 'k', '99999999999999999999', '1');
  c.error('bit offset is not an integer or out of range', 'GETBIT', 'k', '4294967296');
  c.error('bit offset is not an integer or out of range', 'GETBIT', 'k', '01');
  c.error('bit is not an integer or out of range', 'SETBIT', 'k', '0', '-1');
  c.error('bit is not an integer or out of range', 'SETBIT', 'k', '0', '20');
  c.error('bit is not an integer or out of range', 'SETBIT', 'k', '0', 'a');
  c.error('bit is not an integer or out of range', 'SETBIT', 'k', '0', '-0');
  c.error('wrong number of arguments', 'SETBIT', 'k', '0');
  c.error('wrong number of arguments', 'GETBIT', 'k');
  c.do('EXISTS', 'k');
});

diff('SETBIT keeps the TTL', (c) => {
  c.do('SET', 'k', 'a', 'EX', '100');
  c.do('SETBIT', 'k', '100', '1');
  c.doApprox(1, 'TTL', 'k');
});
