import type { ParseArgsConfig } from 'node:util';
import type { Deps } from '../../core/lib/deps.ts';
import { ok, type Result } from '../../core/lib/result.ts';
import { type Command, type CommandIo, EXIT, UsageError } from './command.ts';
import { type Args, type FlagInput, type Flags, flagOptions, readFlags } from './flags.ts';
import { render } from './output.ts';
import { commandName, commonOptions, failure, withRuntime } from './with-runtime.ts';

export interface Subcommand {
  name: string;
  summary: string;
  usage: string;
  /** The flags it reads (its group accepts them all, with --json and --data). */
  options?: NonNullable<ParseArgsConfig['options']>;
  run(args: Args, io: CommandIo): Promise<number>;
}

/** A command with subcommands (`tollgate keys create`): one file per subcommand group, one usage line each. */
export function commandGroup(name: string, summary: string, subcommands: Subcommand[]): Command {
  const usage = subcommands.map((s) => `tollgate ${name} ${s.usage}\n      ${s.summary}`).join('\n  ');
  return {
    name,
    summary,
    usage: `\n  ${usage}`,
    options: Object.assign({ ...commonOptions }, ...subcommands.map((s) => s.options ?? {})) as NonNullable<ParseArgsConfig['options']>,
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

/**
 * A subcommand as data: the operation it calls, the input fields it reads
 * from flags and positionals, and how a person reads the result (`--json`
 * prints the value itself). The operation parses the input with its own
 * schema, so a bad value is its `validation_failed` naming the field, as it
 * is for the library and the HTTP API.
 */
export interface OperationSubcommand<F extends Flags, T> {
  name: string;
  summary: string;
  usage: string;
  /** The operation's input fields, each from its flag or positional (`flags.ts`). */
  flags: F;
  /** A rule across flags (exactly one of two), checked before anything opens; throws a UsageError. */
  check?(input: FlagInput<F>): void;
  /** Calls the operation: `run` one that returns a Result, `read` one that cannot fail (a read of the mirror). */
  run?(deps: Deps, input: FlagInput<F>): Promise<Result<T>>;
  read?(deps: Deps, input: FlagInput<F>): Promise<T>;
  /** What --json prints (default: the value). */
  json?(value: T): unknown;
  /** What a person reads. */
  show(value: T, input: FlagInput<F>): string;
  /** The exit code of a success (default 0). */
  exit?(value: T): number;
}

export function subcommand<F extends Flags, T>(spec: OperationSubcommand<F, T>): Subcommand {
  return {
    name: spec.name,
    summary: spec.summary,
    usage: spec.usage,
    options: flagOptions(spec.flags),
    run: (args, io) => {
      const input = readFlags(spec.flags, args);
      spec.check?.(input);
      return withRuntime(io, args.values, async ({ deps }) => {
        const result = await call(spec, deps, input);
        if (!result.ok) return failure(io, commandName(args.values), result.error);
        const value = result.value;
        render(io, args.values.json, spec.json ? spec.json(value) : value, () => spec.show(value, input));
        return spec.exit?.(value) ?? EXIT.ok;
      });
    },
  };
}

async function call<F extends Flags, T>(spec: OperationSubcommand<F, T>, deps: Deps, input: FlagInput<F>): Promise<Result<T>> {
  if (spec.run) return spec.run(deps, input);
  if (spec.read) return ok(await spec.read(deps, input));
  throw new Error(`subcommand ${spec.name}: give run or read`);
}
