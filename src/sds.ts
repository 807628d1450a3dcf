// Redis's sds.c text helpers, for the shell, the request decoder, MONITOR and the AOF manifest:
// sdscatrepr (quoteBytes) and sdssplitargs (splitArgs), carried over byte for byte. A line
// is a byte string (latin1, one char per byte) and so is every argument, so `"\xff"` stays one
// byte. Rules, as in sds.c:
//   - blanks (C isspace: space, \t, \n, \v, \f, \r) separate arguments; inside an unquoted
//     argument only space, \t, \n, \r end it (\v and \f are kept, as Redis keeps them);
//   - "double quotes" understand \xHH and \n \r \t \b \a, any other escaped char stands for
//     itself; 'single quotes' understand only \';
//   - a quote may open in the middle of an argument (foo"bar baz" is one argument);
//   - a closing quote must be followed by a blank or the end of the line, and every quote must
//     be closed, else the whole line is invalid;
//   - a NUL byte ends the line (the C string ends there).

/** C `isspace` in the C locale. */
function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\v' || c === '\f' || c === '\r';
}

function isHexDigit(c: string | undefined): boolean {
  return c !== undefined && /^[0-9a-fA-F]$/.test(c);
}

/** Escapes of a double-quoted argument other than \xHH. */
const ESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', b: '\b', a: '\x07' };

/**
 * Splits one input line into arguments as redis-cli does (Redis's `sdssplitargs`).
 *
 * @param line - the line as a byte string (one char per byte).
 * @returns the arguments as byte strings (an empty array for a blank line), or `null` when the
 * line has unbalanced quotes or a closing quote followed by something other than a blank.
 * @remarks O(N) in the length of the line.
 * @example
 * splitArgs('SET k "a b\\x00"'); // ['SET', 'k', 'a b\x00']
 * splitArgs('GET "k'); // null
 */
export function splitArgs(line: string): string[] | null {
  const nul = line.indexOf('\0');
  const s = nul < 0 ? line : line.slice(0, nul);
  const n = s.length;
  const args: string[] = [];
  let p = 0;
  for (;;) {
    while (p < n && isSpace(s[p])) p++;
    if (p >= n) return args;
    let current = '';
    let inDouble = false;
    let inSingle = false;
    let done = false;
    while (!done) {
      const c = s[p]; // undefined at the end of the line
      if (inDouble) {
        if (c === '\\' && s[p + 1] === 'x' && isHexDigit(s[p + 2]) && isHexDigit(s[p + 3])) {
          current += String.fromCharCode(Number.parseInt(s.slice(p + 2, p + 4), 16));
          p += 3;
        } else if (c === '\\' && p + 1 < n) {
          p++;
          current += ESCAPES[s[p]!] ?? s[p];
        } else if (c === '"') {
          if (p + 1 < n && !isSpace(s[p + 1])) return null;
          done = true;
        } else if (c === undefined) {
          return null; // unterminated quotes
        } else {
          current += c;
        }
      } else if (inSingle) {
        if (c === '\\' && s[p + 1] === "'") {
          p++;
          current += "'";
        } else if (c === "'") {
          if (p + 1 < n && !isSpace(s[p + 1])) return null;
          done = true;
        } else if (c === undefined) {
          return null; // unterminated quotes
        } else {
          current += c;
        }
      } else if (c === ' ' || c === '\n' || c === '\r' || c === '\t' || c === undefined) {
        done = true;
      } else if (c === '"') {
        inDouble = true;
      } else if (c === "'") {
        inSingle = true;
      } else {
        current += c;
      }
      if (p < n) p++;
    }
    args.push(current);
  }
}

/**
 * Quotes a byte string as Redis's `sdscatrepr` does: `"` + printable ASCII as is, `\\` `\"`
 * `\n` `\r` `\t` `\a` `\b` escaped, any other byte as `\xHH` + `"`.
 * @remarks O(N) in the length of `s`.
 */
export function quoteBytes(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    switch (c) {
      case 0x5c: // \
      case 0x22: // "
        out += `\\${s[i]}`;
        break;
      case 0x0a:
        out += '\\n';
        break;
      case 0x0d:
        out += '\\r';
        break;
      case 0x09:
        out += '\\t';
        break;
      case 0x07:
        out += '\\a';
        break;
      case 0x08:
        out += '\\b';
        break;
      default:
        // C isprint in the C locale: 0x20-0x7e.
        out += c >= 0x20 && c <= 0x7e ? s[i] : `\\x${c.toString(16).padStart(2, '0')}`;
    }
  }
  return `${out}"`;
}
