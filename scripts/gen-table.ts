// Generates src/commands/table.ts, the command table, from scripts/redis7-commands.tsv (one row per
// command or subcommand of Redis 7.0.15, taken from Redis's src/commands/*.json).
//
// The table stores what a running Redis 7.0.15 holds after startup, not the raw JSON, so COMMAND
// INFO / COMMAND DOCS can be built from it without further rules:
// - flags, ACL categories and doc flags are deduplicated and ordered by Redis's bit order (the
//   order COMMAND INFO lists them in); ACL categories include the ones Redis adds at startup
//   (setImplicitACLCategories), flags include `movablekeys` (populateCommandLegacyRangeSpec);
// - firstKey/lastKey/keyStep are the legacy key range COMMAND INFO reports;
// - strings go through the C-literal round trip of Redis's generate-command-code.py (names lower
//   case, tokens upper case, empty strings absent), which is how MIGRATE's `""` token becomes empty.
//
// Run with `npx tsx scripts/gen-table.ts` (part of `npm run gen`).

import { readFileSync, writeFileSync } from 'node:fs';

const TSV = new URL('./redis7-commands.tsv', import.meta.url);
const OUT = new URL('../src/commands/table.ts', import.meta.url);

const COLUMNS = [
  'name',
  'group',
  'since',
  'arity',
  'flags',
  'acl_categories',
  'tips',
  'doc_flags',
  'deprecated_since',
  'replaced_by',
  'complexity',
  'summary',
  'key_specs_json',
  'arguments_json',
  'history_json',
] as const;
type Row = Record<(typeof COLUMNS)[number], string>;

/** CMD_* bits in server.h order; COMMAND INFO lists flags in this order. */
const FLAG_ORDER = [
  'write',
  'readonly',
  'denyoom',
  'module',
  'admin',
  'pubsub',
  'noscript',
  'blocking',
  'loading',
  'stale',
  'skip_monitor',
  'skip_slowlog',
  'asking',
  'fast',
  'no_auth',
  'may_replicate',
  'sentinel',
  'only_sentinel',
  'no_mandatory_keys',
  'protected',
  'module_getkeys',
  'module_no_cluster',
  'no_async_loading',
  'no_multi',
  'movablekeys',
  'allow_busy',
  'module_getchannels',
  'touches_arbitrary_keys',
];

/** ACL_CATEGORY_* bits in server.h order (also the order of ACLCommandCategories in acl.c). */
const ACL_ORDER = [
  'keyspace',
  'read',
  'write',
  'set',
  'sortedset',
  'list',
  'hash',
  'string',
  'bitmap',
  'hyperloglog',
  'geo',
  'stream',
  'pubsub',
  'admin',
  'fast',
  'slow',
  'blocking',
  'dangerous',
  'connection',
  'transaction',
  'scripting',
];

const DOC_FLAG_ORDER = ['deprecated', 'syscmd'];

/** The JSON `group` names that COMMAND DOCS spells differently (COMMAND_GROUP_STR in server.c). */
const GROUP_NAMES: Record<string, string> = { sorted_set: 'sorted-set' };

interface KeySpecJson {
  notes?: string;
  flags: string[];
  begin_search: Record<string, unknown>;
  find_keys: Record<string, unknown>;
}

interface ArgJson {
  name: string;
  type: string;
  key_spec_index?: number;
  token?: string;
  summary?: string;
  since?: string;
  deprecated_since?: string;
  optional?: boolean;
  multiple?: boolean;
  multiple_token?: boolean;
  arguments?: ArgJson[];
}

/**
 * What a JSON string becomes in Redis: generate-command-code.py pastes it between double quotes
 * into C source (empty -> NULL), and the C compiler reads that back as adjacent string literals.
 */
function cString(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const source = `"${value.replace(/\n/g, '\\n')}"`;
  let out = '';
  let inLiteral = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (ch === '"') inLiteral = !inLiteral;
    else if (!inLiteral) continue;
    else if (ch === '\\') {
      const next = source[++i]!;
      out += next === 'n' ? '\n' : next === 't' ? '\t' : next;
    } else out += ch;
  }
  return out;
}

function ordered(values: Iterable<string>, order: string[], what: string, name: string): string[] {
  const set = new Set(values);
  for (const v of set) if (!order.includes(v)) throw new Error(`${name}: unknown ${what} '${v}'`);
  return order.filter((v) => set.has(v));
}

function list(cell: string): string[] {
  return cell === '' ? [] : cell.split(',').map((s) => s.trim().toLowerCase());
}

function normalizeArg(arg: ArgJson): ArgJson {
  const out: ArgJson = { name: cString(arg.name.toLowerCase()) ?? '', type: arg.type };
  if (arg.key_spec_index !== undefined) out.key_spec_index = arg.key_spec_index;
  const token = cString(arg.token?.toUpperCase());
  if (token !== undefined) out.token = token;
  const summary = cString(arg.summary);
  if (summary !== undefined) out.summary = summary;
  const since = cString(arg.since);
  if (since !== undefined) out.since = since;
  const deprecated = cString(arg.deprecated_since);
  if (deprecated !== undefined) out.deprecated_since = deprecated;
  if (arg.optional) out.optional = true;
  if (arg.multiple) out.multiple = true;
  if (arg.multiple_token) out.multiple_token = true;
  if (arg.type === 'oneof' || arg.type === 'block') out.arguments = (arg.arguments ?? []).map(normalizeArg);
  return out;
}

function normalizeKeySpec(spec: KeySpecJson): KeySpecJson {
  const out: KeySpecJson = { flags: spec.flags, begin_search: spec.begin_search, find_keys: spec.find_keys };
  const notes = cString(spec.notes);
  return notes === undefined ? out : { notes, ...out };
}

interface LegacyRange {
  firstKey: number;
  lastKey: number;
  keyStep: number;
  movable: boolean;
}

/**
 * Redis's populateCommandLegacyRangeSpec followed by the arithmetic of addReplyCommandInfo: the
 * (first, last, step) triple of COMMAND INFO, and whether the command gets `movablekeys`.
 */
function legacyRange(specs: KeySpecJson[]): LegacyRange {
  const none = (movable: boolean): LegacyRange => ({ firstKey: 0, lastKey: 0, keyStep: 0, movable });
  if (specs.length === 0) return none(false);
  const index = (s: KeySpecJson) => s.begin_search.index as { pos: number } | undefined;
  const range = (s: KeySpecJson) =>
    s.find_keys.range as { lastkey: number; step: number; limit: number } | undefined;
  const incomplete = (s: KeySpecJson) => s.flags.includes('INCOMPLETE');

  if (specs.length === 1 && index(specs[0]!) && range(specs[0]!)) {
    const pos = index(specs[0]!)!.pos;
    const r = range(specs[0]!)!;
    return {
      firstKey: pos,
      lastKey: r.lastkey >= 0 ? r.lastkey + pos : r.lastkey,
      keyStep: r.step,
      movable: incomplete(specs[0]!),
    };
  }

  let movable = false;
  let first = Number.POSITIVE_INFINITY;
  let last = 0;
  let prevLast = 0;
  // Redis compares last keys as unsigned ints, so a negative (relative-to-end) one always wins.
  const unsigned = (n: number) => (n < 0 ? 2 ** 32 + n : n);
  for (const spec of specs) {
    const bs = index(spec);
    const fk = range(spec);
    if (!bs || !fk) {
      movable = true;
      continue;
    }
    if (fk.step !== 1 || (prevLast !== 0 && prevLast !== bs.pos - 1)) {
      movable = true;
      continue;
    }
    if (incomplete(spec)) movable = true;
    first = Math.min(first, bs.pos);
    const abs = fk.lastkey >= 0 ? fk.lastkey + bs.pos : fk.lastkey;
    last = unsigned(last) >= unsigned(abs) ? last : abs;
    prevLast = last;
  }
  if (first === Number.POSITIVE_INFINITY) return none(true);
  return { firstKey: first, lastKey: last, keyStep: 1, movable };
}

function parseRows(text: string): Row[] {
  const lines = text.split('\n').filter((l) => l !== '');
  const header = lines[0]!.split('\t');
  if (header.join('\t') !== COLUMNS.join('\t')) throw new Error(`unexpected TSV header: ${lines[0]}`);
  return lines.slice(1).map((line) => {
    const cells = line.split('\t');
    if (cells.length !== COLUMNS.length) throw new Error(`bad row (${cells.length} cells): ${line}`);
    return Object.fromEntries(COLUMNS.map((c, i) => [c, cells[i]!])) as Row;
  });
}

function buildEntry(row: Row): Record<string, unknown> {
  const [container, sub] = row.name.includes(' ') ? row.name.split(' ') : [undefined, row.name];
  const name = cString(sub!.toLowerCase())!;
  const fullname = container === undefined ? name : `${container}|${name}`;
  const keySpecs = (row.key_specs_json ? (JSON.parse(row.key_specs_json) as KeySpecJson[]) : []).map(
    normalizeKeySpec,
  );
  const args = row.arguments_json ? (JSON.parse(row.arguments_json) as ArgJson[]).map(normalizeArg) : [];
  const history = row.history_json ? (JSON.parse(row.history_json) as [string, string][]) : [];
  const range = legacyRange(keySpecs);

  const flags = new Set(list(row.flags));
  if (range.movable) flags.add('movablekeys');

  // setImplicitACLCategories (server.c): categories that follow from the flags.
  const acl = new Set(list(row.acl_categories));
  if (flags.has('write')) acl.add('write');
  if (flags.has('readonly') && !acl.has('scripting')) acl.add('read');
  if (flags.has('admin')) acl.add('admin').add('dangerous');
  if (flags.has('pubsub')) acl.add('pubsub');
  if (flags.has('fast')) acl.add('fast');
  if (flags.has('blocking')) acl.add('blocking');
  if (!acl.has('fast')) acl.add('slow');

  const entry: Record<string, unknown> = { name, fullname };
  if (container !== undefined) entry.container = container;
  Object.assign(entry, {
    group: GROUP_NAMES[row.group] ?? row.group,
    since: cString(row.since) ?? '',
    arity: Number(row.arity),
    flags: ordered(flags, FLAG_ORDER, 'flag', fullname),
    aclCategories: ordered(acl, ACL_ORDER, 'ACL category', fullname),
    tips: list(row.tips),
    docFlags: ordered(list(row.doc_flags), DOC_FLAG_ORDER, 'doc flag', fullname),
  });
  const deprecatedSince = cString(row.deprecated_since);
  if (deprecatedSince !== undefined) entry.deprecatedSince = deprecatedSince;
  const replacedBy = cString(row.replaced_by);
  if (replacedBy !== undefined) entry.replacedBy = replacedBy;
  Object.assign(entry, {
    complexity: cString(row.complexity) ?? '',
    summary: cString(row.summary) ?? '',
    firstKey: range.firstKey,
    lastKey: range.lastKey,
    keyStep: range.keyStep,
    keySpecs,
    arguments: args,
    history: history.map(([since, changes]) => [cString(since) ?? '', cString(changes) ?? '']),
  });
  if (!Number.isInteger(entry.arity)) throw new Error(`${fullname}: bad arity '${row.arity}'`);
  return entry;
}

/** One object literal per line: top-level keys bare, values as JSON. */
function literal(entry: Record<string, unknown>): string {
  return `{${Object.entries(entry)
    .map(([k, v]) => `${k}:${JSON.stringify(v)}`)
    .join(',')}}`;
}

const HEADER = `// Generated by scripts/gen-table.ts from scripts/redis7-commands.tsv — do not edit; run \`npm run gen\`.
//
// The Redis 7.0.15 command table as a running server holds it: flags, ACL categories (with the
// implicit ones) and doc flags in Redis's bit order, the legacy key range of COMMAND INFO, key specs
// and arguments in the shape of Redis's src/commands/*.json.

/** A key spec, as in Redis's src/commands/*.json (flags upper case: 'RO', 'RW', 'ACCESS', ...). */
export interface KeySpec {
  notes?: string;
  flags: string[];
  begin_search:
    | { index: { pos: number } }
    | { keyword: { keyword: string; startfrom: number } }
    | { unknown: null };
  find_keys:
    | { range: { lastkey: number; step: number; limit: number } }
    | { keynum: { keynumidx: number; firstkey: number; step: number } }
    | { unknown: null };
}

export type CommandArgType =
  | 'string'
  | 'integer'
  | 'double'
  | 'key'
  | 'pattern'
  | 'unix-time'
  | 'pure-token'
  | 'oneof'
  | 'block';

/** A command argument, as in Redis's src/commands/*.json (name lower case, token upper case). */
export interface CommandArg {
  name: string;
  type: CommandArgType;
  key_spec_index?: number;
  token?: string;
  summary?: string;
  since?: string;
  deprecated_since?: string;
  optional?: boolean;
  multiple?: boolean;
  multiple_token?: boolean;
  /** Present exactly for 'oneof' and 'block'. */
  arguments?: CommandArg[];
}

export interface CommandInfo {
  /** Lower case; for a subcommand its own name ('encoding'). */
  name: string;
  /** 'get', or 'object|encoding' for a subcommand. */
  fullname: string;
  /** The parent command of a subcommand ('object'). */
  container?: string;
  /** As COMMAND DOCS spells it: 'string', 'sorted-set', ... */
  group: string;
  /** '' when Redis has none. */
  since: string;
  /** Negative: at least -arity arguments, counting the command name. */
  arity: number;
  /** Lower case, in Redis's bit order, including the ones COMMAND INFO hides ('may_replicate', ...). */
  flags: string[];
  /** Without '@', including the implicit ones, in Redis's bit order. */
  aclCategories: string[];
  tips: string[];
  docFlags: string[];
  deprecatedSince?: string;
  replacedBy?: string;
  /** '' when Redis has none. */
  complexity: string;
  /** '' when Redis has none. */
  summary: string;
  /** The legacy key range COMMAND INFO reports (0, 0, 0 when the key specs don't allow one). */
  firstKey: number;
  lastKey: number;
  keyStep: number;
  keySpecs: KeySpec[];
  arguments: CommandArg[];
  history: [string, string][];
}
`;

function main(): void {
  const rows = parseRows(readFileSync(TSV, 'utf8'));
  const entries = rows.map(buildEntry);
  const byName = (a: Record<string, unknown>, b: Record<string, unknown>) =>
    (a.name as string) < (b.name as string) ? -1 : (a.name as string) > (b.name as string) ? 1 : 0;
  const top = entries.filter((e) => e.container === undefined).sort(byName);
  const subs = new Map<string, Record<string, unknown>[]>();
  for (const e of entries) {
    if (e.container === undefined) continue;
    const container = e.container as string;
    if (!top.some((t) => t.name === container)) throw new Error(`${e.fullname}: no container`);
    subs.set(container, [...(subs.get(container) ?? []), e]);
  }
  const containers = [...subs.keys()].sort();

  let out = HEADER;
  out += '\n/** Top-level commands, sorted by name. */\n';
  out += 'export const COMMANDS: readonly CommandInfo[] = [\n';
  for (const e of top) out += `${literal(e)},\n`;
  out += '];\n';
  out += '\n/** Container name -> its subcommands, sorted by name. */\n';
  out += 'export const SUBCOMMANDS: Readonly<Record<string, readonly CommandInfo[]>> = {\n';
  for (const c of containers) {
    out += `${JSON.stringify(c)}: [\n`;
    for (const e of subs.get(c)!.sort(byName)) out += `${literal(e)},\n`;
    out += '],\n';
  }
  out += '};\n';
  writeFileSync(OUT, out);
  console.log(`wrote ${OUT.pathname}: ${top.length} commands, ${entries.length - top.length} subcommands`);
}

main();
