import type { ParseArgsConfig } from 'node:util';
import { type Command, type CommandIo, UsageError } from './command.ts';

export interface Subcommand {
  name: string;
  summary: string;
  usage: string;
  run(args: { values: Record<string, unknown>; positionals: string[] }, io: CommandIo): Promise<number>;
}

/** A command with subcommands (`tollgate keys create`): one file per subcommand group, one usage line each. */
export function commandGroup(name: string, summary: string, options: NonNullable<ParseArgsConfig['options']>, subcommands: Subcommand[]): Command {
  const usage = subcommands.map((s) => `tollgate ${name} ${s.usage}\n      ${s.summary}`).join('\n  ');
  return {
    name,
    summary,
    usage: `\n  ${usage}`,
    options,
    async run({ values, positionals }, io) {
      const [sub, ...rest] = positionals;
      const found = subcommands.find((s) => s.name === sub);
      if (!found) {
        const names = subcommands.map((s) => s.name).join('|');
        throw new UsageError(sub === undefined ? `expected a subcommand: ${names}` : `unknown subcommand "${sub}" (expected ${names})`);
      }
      return found.run({ values: { ...values, __command: `${name} ${found.name}` }, positionals: rest }, io);
    },
  };
}

export function requireString(values: Record<string, unknown>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value.length === 0) throw new UsageError(`--${name} is required`);
  return value;
}

export function requirePositional(positionals: string[], what: string): string {
  const value = positionals[0];
  if (value === undefined) throw new UsageError(`expected ${what}`);
  return value;
}
