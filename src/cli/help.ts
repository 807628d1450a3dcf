// HELP, tab completion and inline hints of the embedis shell, carried over from redis-cli 7.0
// (cliInitHelp, cliAddArgument, cliOutputHelp, completionCallback, hintsCallback). redis-cli
// builds its help table from the server's COMMAND DOCS; embedis builds it from the command
// table, listing what the store implements (as its COMMAND DOCS would), so HELP never offers a
// command that would reply "unknown command".

import { implementedCommands, implementedInfo } from '../commands/dispatch.js';
import type { CommandArg, CommandInfo } from '../commands/table.js';

/** One line of the help table: a command or a subcommand, as redis-cli's helpEntry. */
export interface HelpEntry {
  /** The name words, upper case: ['GET'] or ['OBJECT', 'ENCODING']. */
  readonly words: readonly string[];
  /** The words joined by a space: 'OBJECT ENCODING'. */
  readonly full: string;
  /** The usage line built from the arguments: 'key [NX|XX]'. */
  readonly params: string;
  readonly summary: string;
  /** '' when the command has none. */
  readonly since: string;
  /** The redis.io group: 'string', 'generic', 'sorted-set' ... */
  readonly group: string;
}

/** An empty name or token shows as `""`, as redis-cli's sdscat_orempty. */
const orEmpty = (s: string): string => (s === '' ? '""' : s);

/**
 * The usage text of one argument, as redis-cli's cliAddArgument builds it from COMMAND DOCS:
 * `[NX|XX]`, `key [key ...]`, `[LIMIT offset count]`, `[EX seconds|PX milliseconds|...]`.
 */
function argumentUsage(arg: CommandArg): string {
  let tokenPart = arg.token === undefined ? '' : orEmpty(arg.token);
  let repeatPart = '';
  if (arg.type === 'oneof') repeatPart = argumentsUsage(arg.arguments ?? [], '|');
  else if (arg.type === 'block') repeatPart = argumentsUsage(arg.arguments ?? [], ' ');
  else if (arg.type !== 'pure-token') repeatPart = orEmpty(arg.name);
  if (tokenPart !== '' && arg.type !== 'pure-token') tokenPart += ' ';
  let out = arg.optional ? '[' : '';
  out += tokenPart + repeatPart;
  if (arg.multiple) out += ` [${arg.multiple_token ? tokenPart : ''}${repeatPart} ...]`;
  if (arg.optional) out += ']';
  return out;
}

/**
 * The usage line of a command from its arguments, as redis-cli shows it after the command name
 * in HELP and in hints (cliConcatArguments).
 * @example argumentsUsage(getInfo.arguments) // 'key'
 */
export function argumentsUsage(args: readonly CommandArg[], separator = ' '): string {
  return args.map(argumentUsage).join(separator);
}

function entryOf(info: CommandInfo, container?: string): HelpEntry {
  const words =
    container === undefined ? [info.name.toUpperCase()] : [container.toUpperCase(), info.name.toUpperCase()];
  return {
    words,
    full: words.join(' '),
    params: argumentsUsage(info.arguments),
    summary: info.summary,
    since: info.since,
    group: info.group,
  };
}

let table: { entries: HelpEntry[]; groups: string[] } | undefined;

/** Builds the help table once, on first use (after every command family has registered). */
function helpTable(): { entries: HelpEntry[]; groups: string[] } {
  if (table !== undefined) return table;
  const entries: HelpEntry[] = [];
  for (const name of implementedCommands()) {
    const found = implementedInfo(name);
    if (found === undefined) continue;
    entries.push(entryOf(found.info));
    for (const sub of found.subcommands) entries.push(entryOf(sub, found.info.name));
  }
  // redis-cli sorts with strcmp; names are ASCII, so code-unit order is the same.
  entries.sort((a, b) => (a.full < b.full ? -1 : a.full > b.full ? 1 : 0));
  const groups = [...new Set(entries.map((e) => e.group))].sort();
  table = { entries, groups };
  return table;
}

/** Every command and subcommand HELP knows, sorted by name. */
export function helpEntries(): readonly HelpEntry[] {
  return helpTable().entries;
}

/** The generic help, printed by `HELP` with no argument (redis-cli's cliOutputGenericHelp). */
export function genericHelp(version: string): string {
  return (
    `embedis ${version}\n` +
    'To get help about Redis commands type:\n' +
    '      "help @<group>" to get a list of commands in <group>\n' +
    '      "help <command>" for help on <command>\n' +
    '      "help <tab>" to get a list of possible help topics\n' +
    '      "quit" to exit\n' +
    '\n' +
    'To set embedis preferences:\n' +
    '      ":set hints" enable online hints\n' +
    '      ":set nohints" disable online hints\n' +
    'Set your preferences in ~/.embedisrc\n'
  );
}

/** One entry as redis-cli's cliOutputCommandHelp prints it (ANSI bold/grey/yellow, CRLF). */
function entryHelp(e: HelpEntry, withGroup: boolean): string {
  let out = `\r\n  \x1b[1m${e.full}\x1b[0m \x1b[90m${e.params}\x1b[0m\r\n`;
  out += `  \x1b[33msummary:\x1b[0m ${e.summary}\r\n`;
  if (e.since !== '') out += `  \x1b[33msince:\x1b[0m ${e.since}\r\n`;
  if (withGroup) out += `  \x1b[33mgroup:\x1b[0m ${e.group}\r\n`;
  return out;
}

/**
 * The text of `HELP [args...]`, as redis-cli's cliOutputHelp prints it: the generic help with no
 * argument; for `@group` every command of that group; otherwise every command whose first words
 * match the arguments (`HELP OBJECT` lists OBJECT and each OBJECT subcommand). Matching is
 * case-insensitive; nothing matching prints an empty line.
 *
 * @param args - the words after HELP.
 * @param version - shown by the generic help.
 */
export function formatHelp(args: readonly string[], version: string): string {
  if (args.length === 0) return genericHelp(version);
  let out = '';
  const first = args[0]!;
  if (first.startsWith('@')) {
    const group = first.slice(1).toLowerCase();
    for (const e of helpEntries()) if (e.group.toLowerCase() === group) out += entryHelp(e, false);
  } else {
    const words = args.map((a) => a.toUpperCase());
    for (const e of helpEntries()) {
      if (words.length <= e.words.length && words.every((w, i) => w === e.words[i]))
        out += entryHelp(e, true);
    }
  }
  return `${out}\r\n`;
}

/**
 * Tab completions of an input line, as redis-cli's completionCallback: after `help ` the help
 * topics (commands and `@groups`), otherwise command names. Each completion is a whole line.
 * A name is offered in lower case when the typed part is lower case, so completing never turns
 * `ge` into `geT`.
 */
export function completions(line: string): string[] {
  let start = 0;
  let withGroups = false;
  if (line.slice(0, 5).toLowerCase() === 'help ') {
    start = 5;
    while (start < line.length && /\s/.test(line[start]!)) start++;
    withGroups = true;
  }
  const typed = line.slice(start);
  const lower = typed !== '' && typed === typed.toLowerCase() && typed !== typed.toUpperCase();
  const { entries, groups } = helpTable();
  const topics = entries.map((e) => e.full);
  if (withGroups) topics.push(...groups.map((g) => `@${g}`));
  const head = line.slice(0, start);
  const out: string[] = [];
  for (const t of topics) {
    if (t.slice(0, typed.length).toLowerCase() !== typed.toLowerCase()) continue;
    out.push(head + (lower && !t.startsWith('@') ? t.toLowerCase() : t));
  }
  return out;
}

/**
 * The inline hint shown after the typed text (redis-cli's hintsCallback): the usage of the
 * longest matching command, minus the arguments already typed. Null when nothing matches.
 *
 * @param args - the line split into arguments.
 * @param endsWithSpace - whether the line ends with a blank (else the hint starts with one).
 */
export function commandHint(args: readonly string[], endsWithSpace: boolean): string | null {
  if (args.length === 0) return null;
  let best: HelpEntry | undefined;
  for (const e of helpEntries()) {
    if (e.words.length > args.length || e.words.length <= (best?.words.length ?? 0)) continue;
    if (e.words.every((w, i) => w === args[i]!.toUpperCase())) best = e;
  }
  if (best === undefined) return null;
  let hint = best.params;
  // Drop one word of the usage per argument typed past the command name, stopping at the
  // first optional part.
  let toRemove = args.length - best.words.length;
  while (toRemove > 0 && hint.length > 0) {
    if (hint[0] === '[') break;
    if (hint[0] === ' ') toRemove--;
    hint = hint.slice(1);
  }
  return endsWithSpace ? hint : ` ${hint}`;
}
