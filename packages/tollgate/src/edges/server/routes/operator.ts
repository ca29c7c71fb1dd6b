import { z } from 'zod';
import { INPUT_LIMITS, text } from '../../../core/lib/input.ts';
import { getCustomerRecord, listCustomers, listEvents, listPurchases, listSubscriptionRows } from '../../../reads/operator/list.ts';
import { getOrCreateCustomer } from '../../../commands/customers/get-or-create.ts';
import { updateCustomer } from '../../../commands/customers/update.ts';
import { isValidTimeZone } from '../../../usage/entitlements/windows.ts';
import { type AppError, appError } from '../../../core/lib/errors.ts';
import { err, ok } from '../../../core/lib/result.ts';
import { presentSubscription, withFormatted } from '../present.ts';
import { customerField, defineRoute, oneCustomer, type Route } from '../route.ts';

const limit = z.coerce.number().int().min(1).max(100).optional().describe('1 to 100, default 20');
const tag = 'Admin';
const timeZone = z
  .string()
  .max(100)
  .refine(isValidTimeZone, { error: 'must be an IANA time zone name such as "Europe/Paris", or "UTC"' })
  .describe("The zone of the customer's calendar usage windows (features with timeZone: 'customer'): UTC or an IANA name such as Europe/Paris");

/** The library names fields in camelCase and the customer `customer`; this API says `time_zone`, and `id` in the path. */
function httpParam(error: AppError): AppError {
  const param = error.param === 'customer' ? 'id' : error.param === 'timeZone' ? 'time_zone' : error.param;
  return param === undefined ? error : { ...error, param };
}

/** Operator routes over the local mirror: secret key only. */
export const operatorRoutes: Route[] = [
  defineRoute({
    method: 'post',
    path: 'customers',
    summary: 'Get or create the billing customer for an app id (one Stripe customer per id, race-safe)',
    tag,
    auth: 'secret',
    body: z.object({
      customer: customerField,
      email: z.email().max(INPUT_LIMITS.email).optional(),
      name: text(200, 0).optional(),
      metadata: z.record(text(40), text(INPUT_LIMITS.text, 0)).optional(),
      time_zone: timeZone.optional().describe('Used when this call creates the customer (default UTC); change it with POST customers/{id}'),
      currency: text(3, 3)
        .optional()
        .describe("The currency checkout bills this customer in (one of a plan's currencies); used when this call creates the customer"),
    }),
    example: { body: { customer: 'user_123', email: 'ada@example.com', time_zone: 'Europe/Paris' } },
    async handler({ deps, input }) {
      const { customer: externalId, ...details } = input;
      const result = await getOrCreateCustomer(deps, { ...details, externalId });
      if (!result.ok) return result;
      const { raw: _raw, sourceAt: _s, ...customer } = result.value.customer;
      return ok({ created: result.value.created, customer });
    },
  }),
  defineRoute({
    method: 'get',
    path: 'customers',
    summary: 'Customers, newest first',
    tag,
    auth: 'secret',
    query: z.object({ limit }),
    example: {},
    handler: async ({ deps, query }) => ok({ data: await listCustomers(deps, { ...(query.limit ? { limit: query.limit } : {}) }) }),
  }),
  defineRoute({
    method: 'get',
    path: 'customers/:id',
    summary: "One customer by the app's id",
    tag,
    auth: 'secret',
    ...oneCustomer,
    async handler({ deps, query }) {
      const customer = await getCustomerRecord(deps, { externalId: query.id });
      return customer ? ok(customer) : err(appError('customer_not_found', `no customer "${query.id}"`, 'id'));
    },
  }),
  defineRoute({
    method: 'post',
    path: 'customers/:id',
    summary: 'Update a customer: its time zone, in effect at once (a usage allowance belongs to a local date, whichever zone reads it)',
    tag,
    auth: 'secret',
    query: oneCustomer.query,
    body: z.object({ time_zone: timeZone }),
    example: { query: { id: 'user_123' }, body: { time_zone: 'Europe/Paris' } },
    async handler({ deps, query, body }) {
      const result = await updateCustomer(deps, { customer: query.id, timeZone: body.time_zone });
      if (!result.ok) return err(httpParam(result.error));
      const { raw: _raw, sourceAt: _s, ...customer } = result.value.customer;
      return ok({ customer, previousTimeZone: result.value.previousTimeZone });
    },
  }),
  defineRoute({
    method: 'get',
    path: 'subscriptions',
    summary: 'Subscriptions, newest first (filter by status, plan, customer)',
    tag,
    auth: 'secret',
    query: z.object({ limit, status: text(40).optional(), plan: text(INPUT_LIMITS.key).optional(), customer: customerField.optional() }),
    example: { query: { status: 'active' } },
    async handler({ deps, query }) {
      const rows = await listSubscriptionRows(deps, query);
      return ok({ data: rows.map((r) => ({ ...presentSubscription(r), customer: r.customer })) });
    },
  }),
  defineRoute({
    method: 'get',
    path: 'purchases',
    summary: 'One-time purchases, newest first',
    tag,
    auth: 'secret',
    query: z.object({ limit, customer: customerField.optional() }),
    example: {},
    async handler({ deps, query }) {
      const rows = await listPurchases(deps, query);
      return ok({ data: rows.map((p) => (p.currency ? withFormatted({ ...p }, p.currency, ['amountTotal']) : p)) });
    },
  }),
  defineRoute({
    method: 'get',
    path: 'events',
    summary: 'Stripe events received (the webhook ledger), newest first',
    tag,
    auth: 'secret',
    query: z.object({ limit, type: text(100).optional() }),
    example: {},
    handler: async ({ deps, query }) => ok({ data: await listEvents(deps, query) }),
  }),
];
