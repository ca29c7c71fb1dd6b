import { perObject, sharedInFlight } from '../../core/lib/batcher.ts';
import type { Db } from '../../core/db/connect.ts';
import { statement } from '../../core/db/sql.ts';
import type { SubscriptionState } from './resolve-plan.ts';
import { isValidTimeZone } from './windows.ts';

/**
 * What usage and entitlements read about a customer from the Stripe mirror:
 * its time zone, its Stripe customer id and its current subscription. A
 * customer the mirror does not know (a free user who never met Stripe) has
 * none of them: UTC and the default plan.
 */
export interface CustomerContext {
  timeZone: string;
  stripeCustomerId: string | null;
  subscription: SubscriptionState | null;
}

/** Columns `CONTEXT_COLUMNS` selects, as the drivers return them. */
export interface ContextRow extends Record<string, unknown> {
  time_zone: string | null;
  stripe_customer_id: string | null;
  plan_key: string | null;
  plan_version: number | null;
  status: string | null;
  current_period_start: Date | string | null;
  current_period_end: Date | string | null;
  past_due_since: Date | string | null;
}

/**
 * FROM-clause joins that add the context columns for the external id in
 * `k.ext`. The subscription that counts is the live one (active or trialing,
 * then past_due), then the newest. Plain text: it is part of prepared statements.
 */
export const CONTEXT_JOINS = `
    left join customers c on c.external_id = k.ext and not c.deleted
    left join lateral (
      select s.plan_key, s.plan_version, s.status, s.current_period_start, s.current_period_end, s.past_due_since
      from subscriptions s
      where c.id is not null and (s.customer_id = c.id or s.stripe_customer_id = c.stripe_customer_id)
      order by case s.status when 'active' then 0 when 'trialing' then 0 when 'past_due' then 1 else 2 end,
        s.stripe_created desc
      limit 1
    ) s on true`;

export const CONTEXT_COLUMNS =
  'c.time_zone, c.stripe_customer_id, s.plan_key, s.plan_version, s.status, s.current_period_start, s.current_period_end, s.past_due_since';

function toDate(value: Date | string | null): Date | null {
  if (value === null) return null;
  return value instanceof Date ? value : new Date(value);
}

export function contextFromRow(row: ContextRow | undefined): CustomerContext {
  const tz = row?.time_zone;
  return {
    timeZone: tz && isValidTimeZone(tz) ? tz : 'UTC',
    stripeCustomerId: row?.stripe_customer_id ?? null,
    subscription:
      row?.status != null
        ? {
            planKey: row.plan_key,
            planVersion: row.plan_version,
            status: row.status,
            currentPeriodStart: toDate(row.current_period_start),
            currentPeriodEnd: toDate(row.current_period_end),
            pastDueSince: toDate(row.past_due_since),
          }
        : null,
  };
}

const CONTEXTS = statement<ContextRow & { ext: string }, [customersJson: string]>(
  'tollgate_customer_contexts',
  `select k.ext, ${CONTEXT_COLUMNS} from jsonb_array_elements_text($1::jsonb) as k(ext) ${CONTEXT_JOINS}`,
);
const CONTEXT = statement<ContextRow, [customer: string]>(
  'tollgate_customer_context',
  `select ${CONTEXT_COLUMNS} from (select $1::text as ext) k ${CONTEXT_JOINS}`,
);

/** Contexts of several customers in one round trip. */
export async function loadCustomerContexts(db: Db, customers: string[]): Promise<Map<string, CustomerContext>> {
  const unique = [...new Set(customers)];
  const rows = await CONTEXTS.rows(db, [JSON.stringify(unique)]);
  const out = new Map<string, CustomerContext>();
  for (const row of rows) out.set(row.ext, contextFromRow(row));
  return out;
}

// Concurrent loads of one customer's context share the query in flight.
const contexts = perObject((db: Db) => sharedInFlight(async (customer) => contextFromRow((await CONTEXT.rows(db, [customer]))[0])));

/**
 * One customer's context. Calls that arrive while a load of the same customer
 * is in flight share its answer (at most one query's age; nothing is kept
 * after it settles, so every node still reads the database's truth).
 */
export async function loadCustomerContext(db: Db, customer: string): Promise<CustomerContext> {
  const context = await contexts(db)(customer);
  return { ...context };
}
