import { UsageError } from './command.ts';

/** What parseArgs handed a subcommand. */
export interface Args {
  values: Record<string, unknown>;
  positionals: string[];
}

/**
 * One field of an operation's input as the command line gives it: the flag
 * parseArgs must know (none for a positional), and how its text becomes the
 * field's value. A flag the operator got wrong is a UsageError (exit 2,
 * `--name ...`), raised before anything is opened; the value's own rules are
 * the operation's schema's.
 */
export interface Flag<V> {
  option?: { name: string; type: 'string' | 'boolean'; multiple?: boolean };
  read(args: Args): V;
}

export type Flags = Record<string, Flag<unknown>>;

/** The input the flags give: one field each (absent ones left out by `readFlags`). */
export type FlagInput<F extends Flags> = { [K in keyof F]: F[K] extends Flag<infer V> ? V : never };

/** The parseArgs options the flags need. */
export function flagOptions(flags: Flags): Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> {
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> = {};
  for (const { option } of Object.values(flags)) if (option) options[option.name] = { type: option.type, ...(option.multiple ? { multiple: true } : {}) };
  return options;
}

/** Reads every flag in order (so the first bad one is the one named); a field whose flag is absent is left out. */
export function readFlags<F extends Flags>(flags: F, args: Args): FlagInput<F> {
  const input: Record<string, unknown> = {};
  for (const [field, flag] of Object.entries(flags)) {
    const value = flag.read(args);
    if (value !== undefined) input[field] = value;
  }
  return input as FlagInput<F>;
}

const given = (values: Record<string, unknown>, name: string): string | undefined => (typeof values[name] === 'string' ? values[name] : undefined);

const stringFlag = <V>(name: string, read: (raw: string | undefined) => V): Flag<V> => ({
  option: { name, type: 'string' },
  read: ({ values }) => read(given(values, name)),
});

/** `--name TEXT`, or undefined. */
export function text(name: string): Flag<string | undefined>;
/** `--name TEXT`, or `fallback`. */
export function text(name: string, fallback: string): Flag<string>;
export function text(name: string, fallback?: string): Flag<string | undefined> {
  return stringFlag(name, (raw) => raw ?? fallback);
}

/** `--name TEXT`, which must be given (and not empty). */
export function required(name: string): Flag<string> {
  return stringFlag(name, (raw) => {
    if (raw === undefined || raw.length === 0) throw new UsageError(`--${name} is required`);
    return raw;
  });
}

/** `--name N`: any finite number (the operation's schema says which it takes), or undefined. */
export function number(name: string): Flag<number | undefined>;
/** `--name N`, which must be given. */
export function number(name: string, options: { required: true }): Flag<number>;
export function number(name: string, options: { required?: boolean } = {}): Flag<number | undefined> {
  return stringFlag(name, (raw) => {
    if (raw === undefined) {
      if (options.required) throw new UsageError(`--${name} is required`);
      return undefined;
    }
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(value)) throw new UsageError(`--${name} must be a number`);
    return value;
  });
}

/** `--limit N`: a whole number from 1 to `max`. */
export function limit(max = 100): Flag<number | undefined> {
  return stringFlag('limit', (raw) => {
    if (raw === undefined) return undefined;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1 || value > max) throw new UsageError(`--limit must be an integer from 1 to ${max}`);
    return value;
  });
}

/** `--name one|two`: one of `choices`, or `fallback`; `message` says what else is refused. */
export function choice<const C extends string>(name: string, choices: readonly C[], message: string): Flag<C | undefined>;
export function choice<const C extends string>(name: string, choices: readonly C[], message: string, fallback: C): Flag<C>;
export function choice<const C extends string>(name: string, choices: readonly C[], message: string, fallback?: C): Flag<C | undefined> {
  return {
    option: { name, type: 'string' },
    read: ({ values }) => {
      const raw = values[name] ?? fallback;
      if (raw !== undefined && !choices.includes(raw as C)) throw new UsageError(message);
      return raw as C | undefined;
    },
  };
}

/** `--name`: true when given. */
export function flag(name: string): Flag<boolean> {
  return { option: { name, type: 'boolean' }, read: ({ values }) => values[name] === true };
}

/** `--name`: true when given, otherwise absent from the input. */
export function onlyIf(name: string): Flag<true | undefined> {
  return { option: { name, type: 'boolean' }, read: ({ values }) => (values[name] === true ? true : undefined) };
}

/** `--name A --name B`: every value given, or undefined. */
export function repeated(name: string): Flag<string[] | undefined> {
  return {
    option: { name, type: 'string', multiple: true },
    read: ({ values }) => (Array.isArray(values[name]) ? values[name].map(String) : undefined),
  };
}

/** `--name a,b`: the comma-separated values, trimmed, or undefined. */
export function list(name: string): Flag<string[] | undefined> {
  return stringFlag(name, (raw) =>
    raw
      ?.split(',')
      .map((e) => e.trim())
      .filter(Boolean),
  );
}

/** `--name 2026-03-01T00:00:00Z`: an ISO date-time, or undefined. */
export function instant(name: string): Flag<Date | undefined> {
  return {
    option: { name, type: 'string' },
    read: ({ values }) => {
      if (values[name] === undefined) return undefined;
      const at = new Date(given(values, name) ?? Number.NaN);
      if (Number.isNaN(at.getTime())) throw new UsageError(`--${name} must be an ISO date-time such as 2026-03-01T00:00:00Z`);
      return at;
    },
  };
}

/** `--name 2026-01-01`: a date as JavaScript reads it, or undefined. */
export function date(name: string): Flag<Date | undefined> {
  return stringFlag(name, (raw) => (raw === undefined ? undefined : new Date(raw)));
}

/** The `index`th word after the subcommand; `what` names it in the usage error when it is missing. */
export function positional(index: number, what: string): Flag<string> {
  return {
    read: ({ positionals }) => {
      const value = positionals[index];
      if (value === undefined) throw new UsageError(`expected ${what}`);
      return value;
    },
  };
}
