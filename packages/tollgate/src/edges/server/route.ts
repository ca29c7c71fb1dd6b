import { z } from 'zod';
import type { Principal } from '../auth/authenticate.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { INPUT_LIMITS, text } from '../../core/lib/input.ts';
import type { CamelKeys } from '../../core/lib/json-case.ts';
import type { Result } from '../../core/lib/result.ts';

/**
 * `customer`: a secret key naming `customer`, or a credential bound to one.
 * `secret`: secret keys only (admin). `public`: no credential (a credential
 * sent anyway is not read); for reads of what is public anyway, such as the
 * plan catalogue. `license`: no credential either; the body's `key` (a
 * license key) names what the request is about, and the edge rate limits
 * per key and per client address (the public license routes).
 */
export type AuthMode = 'customer' | 'secret' | 'public' | 'license';
type AnyObject = z.ZodObject;

export interface RouteContext<A extends AuthMode, Q, B> {
  deps: Deps;
  principal: Principal;
  /** The app's id of the customer the request acts for (customer routes). */
  customer: A extends 'customer' ? string : undefined;
  query: Q;
  body: B;
  /**
   * The parsed query and body under the library's names (`invoice_now` ->
   * `invoiceNow`), with the resolved `customer` on customer routes: the
   * operation's input, passed through as it is (see core/lib/schema-case.ts).
   */
  input: RouteInput<A, Q, B>;
  requestId: string;
}

/** What a route hands its operation: the request's fields, camelCase, and the customer it acts for. */
export type RouteInput<A extends AuthMode, Q, B> = CamelKeys<Q & B> & (A extends 'customer' ? { customer: string } : unknown);

/** What a handler returns: an operation's Result (rendered as JSON or the error body), or a Response. */
export type RouteOutput = Result<unknown> | Response;

export interface Route<A extends AuthMode = AuthMode, Q extends AnyObject = AnyObject, B extends AnyObject = AnyObject> {
  method: 'get' | 'post';
  /** Below /api/v1/billing, e.g. `subscription/cancel`. */
  path: string;
  summary: string;
  tag: string;
  auth: A;
  query?: Q;
  body?: B;
  /** Response schema for the OpenAPI document. */
  response?: z.ZodType;
  /** Status of a success (200 unless said). */
  status?: 200 | 201;
  /**
   * Body fields that are money decisions (a trial length, a raw price, an
   * ad-hoc amount, metadata the app acts on, a promotion switch): only a
   * secret key may send them. From a customer credential (a token, or an app's
   * hook without admin) the edge refuses them with 403 `forbidden` naming the
   * field, before anything runs. `events[].x` names a field of every element.
   * The values are samples the shared route tests send.
   */
  secretOnly?: Record<string, unknown>;
  /** A valid request: shown in the docs and sent by the shared route tests. */
  example: { query?: Record<string, string>; body?: Record<string, unknown> };
  handler(ctx: RouteContext<A, z.infer<Q>, z.infer<B>>): Promise<RouteOutput>;
}

/** Declares a route with its types inferred from its schemas. */
export function defineRoute<
  A extends AuthMode,
  Q extends AnyObject = z.ZodObject<Record<never, never>>,
  B extends AnyObject = z.ZodObject<Record<never, never>>,
>(route: Route<A, Q, B>): Route {
  return route;
}

export const BASE_PATH = '/api/v1/billing';

/** The field every customer route accepts: required with a secret key, optional (and checked) with a customer credential. */
export const customerField = text(INPUT_LIMITS.id).describe(
  "The app's own id for the customer. Required with a secret key; must match a customer token's customer.",
);

/** The query of a secret-key route about one customer (`customers/:id`: the app's id), with its example. */
export const oneCustomer = { query: z.object({ id: customerField }), example: { query: { id: 'user_123' } } };

export function withCustomer(schema: AnyObject | undefined): AnyObject {
  return (schema ?? z.object({})).extend({ customer: customerField.optional() });
}
