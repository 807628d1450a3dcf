// Dense integer ids for every command and subcommand of the command table, so per-command
// counters (INFO commandstats, LATENCY HISTOGRAM) are array slots a store allocates once and the
// dispatcher bumps with one indexed increment. Ids follow the table: top-level commands in name
// order, each followed by its subcommands — the order INFO commandstats reports them in.

import { COMMANDS, type CommandInfo, SUBCOMMANDS } from '../commands/table.js';

const ids = new Map<string, number>();
const infos: CommandInfo[] = [];

for (const info of COMMANDS) {
  ids.set(info.fullname, infos.length);
  infos.push(info);
  for (const sub of SUBCOMMANDS[info.name] ?? []) {
    ids.set(sub.fullname, infos.length);
    infos.push(sub);
  }
}

/** Number of command ids: the length of a per-command counter array. */
export const COMMAND_COUNT = infos.length;

/** The id of a command (`get`, `config|set`), or -1 when the table has no such command. */
export function commandId(fullname: string): number {
  return ids.get(fullname) ?? -1;
}

/** The table entry of command id `id`. */
export function commandInfo(id: number): CommandInfo {
  return infos[id]!;
}
