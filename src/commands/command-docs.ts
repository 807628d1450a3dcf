// The replies of COMMAND, COMMAND INFO, COMMAND DOCS and COMMAND HELP, built from the command table.
//
// Shapes follow Redis 7.0.15's server.c (addReplyCommandInfo, addReplyCommandDocs and helpers):
// every flag list is a set of status replies, filtered and ordered by Redis's bit order, which the
// table already stores; optional fields of a DOCS map are left out when Redis has no value. Redis
// lists subcommands in dict (hash) order, which varies per server start; we list them by name.

import { MapReply, type Reply, SetReply, StatusReply } from './reply.js';
import type { CommandArg, CommandInfo, KeySpec } from './table.js';

/** Flags that COMMAND INFO leaves out ("Hidden on purpose" in addReplyFlagsForCommand). */
const HIDDEN_FLAGS = new Set([
  'may_replicate',
  'sentinel',
  'only_sentinel',
  'protected',
  'module_getkeys',
  'module_no_cluster',
  'module_getchannels',
  'touches_arbitrary_keys',
]);

/** CMD_KEY_* bits in order, with the names addReplyFlagsForKeyArgs gives them. */
const KEY_SPEC_FLAGS: [string, string][] = [
  ['RO', 'RO'],
  ['RW', 'RW'],
  ['OW', 'OW'],
  ['RM', 'RM'],
  ['ACCESS', 'access'],
  ['UPDATE', 'update'],
  ['INSERT', 'insert'],
  ['DELETE', 'delete'],
  ['NOT_KEY', 'not_key'],
  ['INCOMPLETE', 'incomplete'],
  ['VARIABLE_FLAGS', 'variable_flags'],
];

const statusSet = (names: readonly string[]): SetReply => new SetReply(names.map((n) => new StatusReply(n)));

function keySpecReply(spec: KeySpec): Reply {
  const out: Reply[] = [];
  if (spec.notes !== undefined) out.push('notes', spec.notes);
  const flags = KEY_SPEC_FLAGS.filter(([json]) => spec.flags.includes(json)).map(([, name]) => name);
  out.push('flags', statusSet(flags));

  const bs = spec.begin_search;
  let begin: Reply[];
  if ('index' in bs) begin = ['type', 'index', 'spec', new MapReply(['index', bs.index.pos])];
  else if ('keyword' in bs) {
    begin = [
      'type',
      'keyword',
      'spec',
      new MapReply(['keyword', bs.keyword.keyword, 'startfrom', bs.keyword.startfrom]),
    ];
  } else begin = ['type', 'unknown', 'spec', new MapReply([])];
  out.push('begin_search', new MapReply(begin));

  const fk = spec.find_keys;
  let find: Reply[];
  if ('range' in fk) {
    const { lastkey, step, limit } = fk.range;
    find = ['type', 'range', 'spec', new MapReply(['lastkey', lastkey, 'keystep', step, 'limit', limit])];
  } else if ('keynum' in fk) {
    const { keynumidx, firstkey, step } = fk.keynum;
    find = [
      'type',
      'keynum',
      'spec',
      new MapReply(['keynumidx', keynumidx, 'firstkey', firstkey, 'keystep', step]),
    ];
  } else find = ['type', 'unknown', 'spec', new MapReply([])];
  out.push('find_keys', new MapReply(find));
  return new MapReply(out);
}

/**
 * One COMMAND INFO entry (also an element of the COMMAND reply): name, arity, flags, first key,
 * last key, key step, ACL categories, tips, key specs, subcommands.
 * @param subcommands the subcommands of `info` (empty for a plain command or a subcommand).
 */
export function commandInfoReply(info: CommandInfo, subcommands: readonly CommandInfo[]): Reply {
  return [
    info.fullname,
    info.arity,
    statusSet(info.flags.filter((f) => !HIDDEN_FLAGS.has(f))),
    info.firstKey,
    info.lastKey,
    info.keyStep,
    statusSet(info.aclCategories.map((c) => `@${c}`)),
    new SetReply(info.tips.slice()),
    new SetReply(info.keySpecs.map(keySpecReply)),
    // addReplyCommandSubCommands: an empty *set* when there is no subcommand table, else an array.
    subcommands.length === 0 ? new SetReply([]) : subcommands.map((s) => commandInfoReply(s, [])),
  ];
}

function argumentsReply(args: readonly CommandArg[]): Reply[] {
  return args.map((arg) => {
    const out: Reply[] = ['name', arg.name, 'type', arg.type];
    if (arg.key_spec_index !== undefined) out.push('key_spec_index', arg.key_spec_index);
    if (arg.token !== undefined) out.push('token', arg.token);
    if (arg.summary !== undefined) out.push('summary', arg.summary);
    if (arg.since !== undefined) out.push('since', arg.since);
    if (arg.deprecated_since !== undefined) out.push('deprecated_since', arg.deprecated_since);
    const flags: string[] = [];
    if (arg.optional) flags.push('optional');
    if (arg.multiple) flags.push('multiple');
    if (arg.multiple_token) flags.push('multiple_token');
    if (flags.length > 0) out.push('flags', statusSet(flags));
    if (arg.type === 'oneof' || arg.type === 'block')
      out.push('arguments', argumentsReply(arg.arguments ?? []));
    return new MapReply(out);
  });
}

/**
 * The COMMAND DOCS map of one command (the value next to its name in the COMMAND DOCS reply).
 * @param subcommands the subcommands of `info` (empty for a plain command or a subcommand).
 */
export function commandDocsReply(info: CommandInfo, subcommands: readonly CommandInfo[]): Reply {
  const out: Reply[] = [];
  if (info.summary !== '') out.push('summary', info.summary);
  if (info.since !== '') out.push('since', info.since);
  out.push('group', info.group);
  if (info.complexity !== '') out.push('complexity', info.complexity);
  if (info.docFlags.length > 0) out.push('doc_flags', statusSet(info.docFlags));
  if (info.deprecatedSince !== undefined) out.push('deprecated_since', info.deprecatedSince);
  if (info.replacedBy !== undefined) out.push('replaced_by', info.replacedBy);
  if (info.history.length > 0) {
    out.push('history', new SetReply(info.history.map(([since, changes]) => [since, changes])));
  }
  if (info.arguments.length > 0) out.push('arguments', argumentsReply(info.arguments));
  if (subcommands.length > 0) {
    out.push('subcommands', new MapReply(subcommands.flatMap((s) => [s.fullname, commandDocsReply(s, [])])));
  }
  return new MapReply(out);
}

/** The reply lines of COMMAND HELP (addReplyHelp adds the first line and the HELP entry). */
export const COMMAND_HELP: string[] = [
  'COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  '(no subcommand)',
  '    Return details about all Redis commands.',
  'COUNT',
  '    Return the total number of commands in this Redis server.',
  'LIST',
  '    Return a list of all commands in this Redis server.',
  'INFO [<command-name> ...]',
  '    Return details about multiple Redis commands.',
  '    If no command names are given, documentation details for all',
  '    commands are returned.',
  'DOCS [<command-name> ...]',
  '    Return documentation details about multiple Redis commands.',
  '    If no command names are given, documentation details for all',
  '    commands are returned.',
  'GETKEYS <full-command>',
  '    Return the keys from a full Redis command.',
  'GETKEYSANDFLAGS <full-command>',
  '    Return the keys and the access flags from a full Redis command.',
  'HELP',
  '    Prints this help.',
];
