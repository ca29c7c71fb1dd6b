import { snakeKeys, snakeParam } from './json-case.ts';
/**
 * The one table of error codes. Each code has its HTTP status; every error a
 * client sees has the body `{ "error": { "code", "message", "param"? } }`.
 */
export const ERROR_CODES = {
  invalid_request: 400,
  validation_failed: 400,
  invalid_config: 400,
  currency_not_supported: 400,
  promotion_code_inactive: 400,
  unauthenticated: 401,
  forbidden: 403,
  limit_reached: 403,
  feature_not_in_plan: 403,
  subscription_inactive: 403,
  license_inactive: 403,
  too_many_activations: 403,
  spend_cap_reached: 403,
  insufficient_credits: 402,
  payment_failed: 402,
  not_found: 404,
  customer_not_found: 404,
  plan_not_found: 404,
  plan_version_not_found: 404,
  product_not_found: 404,
  price_not_found: 404,
  feature_not_found: 404,
  subscription_not_found: 404,
  license_not_found: 404,
  coupon_not_found: 404,
  already_subscribed: 409,
  already_owned: 409,
  plan_not_self_serve: 409,
  nothing_to_change: 409,
  license_not_restorable: 409,
  conflict: 409,
  idempotency_conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  internal_error: 500,
  stripe_error: 502,
  stripe_unavailable: 503,
  database_unavailable: 503,
  starting: 503,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface AppError {
  code: ErrorCode;
  message: string;
  /** The request field the error is about, when there is one. */
  param?: string;
  /** Extra machine-readable facts (for example `resetsAt` on `limit_reached`). */
  details?: Record<string, unknown>;
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; param?: string } & Record<string, unknown>;
}

export function httpStatus(code: ErrorCode): number {
  return ERROR_CODES[code];
}

export function appError(code: ErrorCode, message: string, param?: string, details?: Record<string, unknown>): AppError {
  const e: AppError = { code, message };
  if (param !== undefined) e.param = param;
  if (details !== undefined) e.details = details;
  return e;
}

export function errorBody(error: AppError): ErrorBody {
  const body: ErrorBody['error'] = { code: error.code, message: error.message };
  if (error.param !== undefined) body.param = error.param;
  if (error.details !== undefined) Object.assign(body, error.details);
  return { error: body };
}

/** A JSON answer as every transport writes it: status, a body already in the API's snake_case, headers. */
export interface JsonReply {
  status: number;
  body: object;
  headers?: Record<string, string>;
}

/**
 * The one renderer of an error, for every transport (routes, the Node
 * listener, Hono's handlers, the Stripe webhook, the dev gate):
 * `httpStatus(code)` and `{ error: { code, message, param? } }`, `param`
 * spelled as the HTTP API spells the field (`idempotencyKey` -> `idempotency_key`).
 */
export function errorReply(error: AppError, headers?: Record<string, string>): JsonReply {
  const body = errorBody(error.param === undefined ? error : { ...error, param: snakeParam(error.param) });
  const reply: JsonReply = { status: httpStatus(error.code), body: snakeKeys(body) as object };
  if (headers) reply.headers = headers;
  return reply;
}

/** `errorReply` as a web-standard Response (transports that answer with one). */
export function errorResponse(error: AppError, headers?: Record<string, string>): Response {
  const reply = errorReply(error, headers);
  return new Response(JSON.stringify(reply.body), { status: reply.status, headers: { 'content-type': 'application/json', ...reply.headers } });
}

/**
 * Thrown for an expected failure that must cross a boundary which cannot carry
 * a Result (a Hono handler, a CLI command). Domain code returns Results.
 */
export class TollgateError extends Error {
  readonly error: AppError;
  constructor(error: AppError) {
    super(error.message);
    this.name = 'TollgateError';
    this.error = error;
  }
}

/**
 * Broken configuration found at start-up (an unreachable DATABASE_URL, say).
 * The CLI prints its message as one line and exits; no stack trace.
 */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}
