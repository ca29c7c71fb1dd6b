// CPU accounting for the benches, from Linux /proc (undefined elsewhere).
import { readdirSync, readFileSync } from 'node:fs';

const TICK = 100; // USER_HZ on Linux

/**
 * CPU seconds summed over the processes that `pick` selects by pid, parent pid
 * and command name: their utime + stime, and their reaped children's
 * (cutime + cstime), so a child that exited still counts.
 */
export function procCpu(pick: (self: number, parent: number, command: string) => boolean): number | undefined {
  try {
    let total = 0;
    for (const d of readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      } catch {
        continue;
      }
      const close = stat.lastIndexOf(')');
      const fields = stat.slice(close + 2).split(' ');
      const command = stat.slice(stat.indexOf('(') + 1, close);
      if (pick(Number(d), Number(fields[1]), command)) total += (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / TICK;
    }
    return total;
  } catch {
    return undefined;
  }
}

/** CPU seconds of a process and its children (a cluster's serving processes). */
export const processTreeCpu = (pid: number) => procCpu((self, parent) => self === pid || parent === pid);

/** CPU seconds of every Postgres process on this machine (meaningful when the server is local and nothing else uses it). */
export const postgresCpu = () => procCpu((_self, _parent, command) => command.startsWith('postgres'));
