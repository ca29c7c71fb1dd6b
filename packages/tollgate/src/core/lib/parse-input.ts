import type { z } from 'zod';
import { type AppError, appError } from './errors.ts';
import { err, ok, type Result } from './result.ts';

/**
 * An operation's input checked against its schema (exported beside it:
 * `cancelSubscriptionInput` next to `cancelSubscription`): the parsed value,
 * or `validation_failed` naming the first bad field as the library spells it
 * (`events[1].idempotencyKey`; the HTTP edge's `errorReply` respells it
 * `events.1.idempotency_key`). Every caller goes through it: the HTTP route
 * (after the edge has parsed the same rules under snake_case names), the CLI
 * and an app calling the library.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, name?: string): Result<z.output<S>, AppError> {
  const parsed = schema.safeParse(input);
  return parsed.success ? ok(parsed.data) : err(inputError(parsed.error, name));
}

/**
 * The first issue of a failed parse as an AppError. `name` names the input
 * itself when it is a field of its own (`events` for a batch's array: its
 * issues are then `events[3].amount`); otherwise an issue without a path is
 * about the input as a whole.
 */
export function inputError(error: z.ZodError, name?: string): AppError {
  const issue = error.issues[0];
  // A bad key of a record is named by the record: the key itself may be what cannot be shown (a NUL).
  const at = issue?.code === 'invalid_key' ? issue.path.slice(0, -1) : (issue?.path ?? []);
  const path = name === undefined ? at : [name, ...at];
  const param = path.length > 0 ? libraryPath(path) : undefined;
  const where = name ?? 'input';
  if (!issue) return appError('validation_failed', `invalid ${where}`, param);
  // The rules' own messages read on from the name ("timeZone must be ..."); zod's are sentences of their own ("amount: Too big: ...").
  const joiner = /^[a-z]/.test(issue.message) ? ' ' : ': ';
  return appError('validation_failed', `${param ?? where}${joiner}${issue.message}`, param);
}

function libraryPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out === '' ? String(part) : `.${String(part)}`;
  return out;
}

/**
 * An operation whose input is parsed by its schema before it runs: the one
 * shape of every operation that takes input (`export const cancelSubscription
 * = operation(cancelSubscriptionInput, async (deps, input) => ...)`). The
 * caller passes the schema's input type; `run` gets its output, so a bad
 * field is `validation_failed` naming it and nothing runs.
 */
export function operation<S extends z.ZodType, D, T>(
  schema: S,
  run: (deps: D, input: z.output<S>) => Promise<Result<T, AppError>>,
): (deps: D, input: z.input<S>) => Promise<Result<T, AppError>> {
  return async (deps, raw) => {
    const parsed = parseInput(schema, raw);
    return parsed.ok ? run(deps, parsed.value) : parsed;
  };
}
