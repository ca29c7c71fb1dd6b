import Stripe from 'stripe';
import { type AppError, appError, httpStatus, TollgateError } from '../../core/lib/errors.ts';
import { createLogger } from '../../core/lib/log.ts';
import type { Result } from '../../core/lib/result.ts';
import { type CommandIo, EXIT } from './command.ts';
import { openRuntime, type Runtime } from './runtime.ts';

/** Opens deps for an operator command (migrated database, Stripe from the environment), runs it, closes. */
export async function withRuntime(io: CommandIo, values: Record<string, unknown>, body: (runtime: Runtime) => Promise<number>): Promise<number> {
  // The embedded database is one process's at a time: held by a running dev or serve, this refuses in one line naming it.
  const runtime = await openRuntime({
    env: io.env,
    data: values.data,
    migrate: true,
    log: createLogger({ level: 'warn' }),
    command: `tollgate ${commandName(values)}`,
    database: io.database,
    clock: io.clock,
  });
  try {
    return await body(runtime);
  } catch (e) {
    // Stripe missing or refusing, or an expected failure thrown across a boundary: one line.
    if (e instanceof TollgateError) return failure(io, commandName(values), e.error);
    if (e instanceof Stripe.errors.StripeError) return failure(io, commandName(values), appError('stripe_error', `Stripe: ${e.message}`));
    throw e;
  } finally {
    await runtime.close();
  }
}

/** An expected failure as one line and an exit code that means something. */
export function failure(io: CommandIo, command: string, error: AppError): number {
  io.err(`tollgate ${command}: ${error.message}${error.param ? ` (${error.param})` : ''}`);
  const status = httpStatus(error.code);
  if (status === 404) return EXIT.notFound;
  if (status === 400) return EXIT.usage;
  return EXIT.failure;
}

/** Renders a Result: its value through `show`, or its error as one line. */
export function finish<T>(io: CommandIo, command: string, result: Result<T>, show: (value: T) => void): number {
  if (!result.ok) return failure(io, command, result.error);
  show(result.value);
  return EXIT.ok;
}

/** The command name for error lines (set by commandGroup as `__command`). */
export function commandName(values: Record<string, unknown>): string {
  return typeof values.__command === 'string' ? values.__command : 'command';
}

export const commonOptions = {
  json: { type: 'boolean' },
  data: { type: 'string' },
} as const;
