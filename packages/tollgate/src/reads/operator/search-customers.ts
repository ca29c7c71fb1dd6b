import { sql } from 'drizzle-orm';
import { queryRows } from '../../core/db/sql.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { SUBSCRIPTION_MRR } from '../metrics/mrr-sql.ts';

export interface CustomerListing {
  id: string;
  externalId: string | null;
  email: string | null;
  name: string | null;
  stripeCustomerId: string | null;
  planKey: string | null;
  status: string | null;
  currency: string | null;
  /** The customer's MRR over its subscriptions, minor units of `currency`. */
  mrr: number;
  createdAt: string;
}

/**
 * Customers for the dashboard: by the app's id, email (prefix, any case) or a
 * Stripe customer or subscription id when `query` is given, else newest
 * first; each with its latest live subscription's plan and status and its MRR.
 */
export async function searchCustomers(deps: Pick<Deps, 'db'>, input: { query?: string; limit?: number } = {}): Promise<CustomerListing[]> {
  const q = input.query?.trim() ?? '';
  const limit = Math.min(Math.max(input.limit ?? 50, 1), 200);
  const like = `${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const match =
    q === ''
      ? sql`true`
      : sql`(c.external_id = ${q} or c.stripe_customer_id = ${q} or lower(c.email) like ${like} or c.external_id like ${like}
          or c.stripe_customer_id in (select stripe_customer_id from subscriptions where id = ${q}))`;
  const rows = await queryRows<Record<string, string | null>>(
    deps.db,
    sql`select c.id, c.external_id, c.email, c.name, c.stripe_customer_id, c.created_at, s.plan_key, s.status, s.currency, coalesce(s.mrr, 0) as mrr
        from customers c
        left join lateral (
          select (array_agg(plan_key order by stripe_created desc))[1] as plan_key, (array_agg(status order by stripe_created desc))[1] as status,
                 (array_agg(currency order by stripe_created desc))[1] as currency, sum(${SUBSCRIPTION_MRR}) as mrr
          from subscriptions where stripe_customer_id = c.stripe_customer_id and status not in ('canceled', 'incomplete_expired')
        ) s on true
        where not c.deleted and ${match}
        order by c.created_at desc, c.id desc limit ${limit}`,
  );
  return rows.map((r) => ({
    id: r.id ?? '',
    externalId: r.external_id ?? null,
    email: r.email ?? null,
    name: r.name ?? null,
    stripeCustomerId: r.stripe_customer_id ?? null,
    planKey: r.plan_key ?? null,
    status: r.status ?? null,
    currency: r.currency ?? null,
    mrr: Number(r.mrr ?? 0),
    createdAt: new Date(r.created_at ?? 0).toISOString(),
  }));
}
