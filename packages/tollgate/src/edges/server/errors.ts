import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import Stripe from 'stripe';
import type { ZodError } from 'zod';
import { type AppError, appError, errorReply, TollgateError } from '../../core/lib/errors.ts';
import type { Logger } from '../../core/lib/log.ts';
import { clientGone, nodeIncoming } from './body.ts';

/** `errorReply` (lib/errors.ts, the one renderer) written through Hono's context. */
export function honoError(c: Context, error: AppError, headers?: Record<string, string>): Response {
  const reply = errorReply(error, headers);
  return c.json(reply.body, reply.status as 400, reply.headers);
}

export function validationError(error: ZodError, where: 'body' | 'query'): AppError {
  const issue = error.issues[0];
  const param = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : undefined;
  const message = issue ? `${param ?? where}: ${issue.message}` : `invalid ${where}`;
  return appError('validation_failed', message, param);
}

/** What a thrown error answers: expected failures keep their code; anything else is a logged 500 without internals. */
export function errorFromThrown(e: unknown, log: Logger, path: string): AppError {
  if (e instanceof TollgateError) return e.error;
  if (e instanceof HTTPException) {
    const code = e.status === 413 ? 'payload_too_large' : e.status === 401 ? 'unauthenticated' : 'invalid_request';
    return appError(code, e.message || 'invalid request');
  }
  if (e instanceof Stripe.errors.StripeError) {
    // Stripe refused or could not be reached: a gateway error, never a 500 with internals.
    const unavailable = e instanceof Stripe.errors.StripeConnectionError || e.statusCode === 429 || (e.statusCode ?? 0) >= 500;
    log.warn('stripe error in route', { path, type: e.type, status: e.statusCode, message: e.message });
    return appError(unavailable ? 'stripe_unavailable' : 'stripe_error', `Stripe: ${e.message}`);
  }
  const error = e instanceof Error ? e : new Error(String(e));
  log.error('unhandled error in route', { path, error: error.message, stack: error.stack });
  return appError('internal_error', 'internal error; see the server log for the request id');
}

/** Hono's onError (errorFromThrown); a client that went away mid-request is one quiet line, not an error with a stack. */
export function mapError(log: Logger) {
  return (e: Error, c: Context): Response => {
    const path = new URL(c.req.url).pathname;
    if (clientGone(nodeIncoming(c))) {
      log.info('client went away before its request was read', { path, requestId: c.get('requestId') as string | undefined });
      return honoError(c, appError('invalid_request', 'the request ended early'));
    }
    return honoError(c, errorFromThrown(e, log, path));
  };
}
