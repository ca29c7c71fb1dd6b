import { and, asc, eq, gt, isNotNull } from 'drizzle-orm';
import type Stripe from 'stripe';
import { customers } from '../db/schema/customers.ts';
import { syncCursors } from '../db/schema/sync-cursors.ts';
import type { Deps } from '../lib/deps.ts';
import { applyStripeObject } from '../mirror/apply.ts';
import { fetchedAt } from '../mirror/fields.ts';
import { paymentMethodKind } from '../mirror/kind-payment-method.ts';
import { paymentMethods } from '../db/schema/payment-methods.ts';

export const SYNC_RESOURCES = ['products', 'prices', 'customers', 'subscriptions', 'invoices', 'payment_methods'] as const;
export type SyncResource = (typeof SYNC_RESOURCES)[number];

export interface SyncProgress {
  resource: SyncResource;
  /** Objects applied so far in this run of the resource (including before a resume). */
  applied: number;
  done: boolean;
}

export interface SyncOptions {
  resources?: readonly SyncResource[];
  /** Objects per Stripe page (default 100, Stripe's maximum). */
  pageSize?: number;
  /** Ignore a stored cursor and start the resource from the beginning. */
  restart?: boolean;
  onProgress?: (progress: SyncProgress) => void;
  /** Stop after this many pages per resource (tests use it to simulate an interruption). */
  maxPages?: number;
}

interface Page {
  objects: { id: string; object: string }[];
  hasMore: boolean;
  fetchedAt: number;
}

async function fetchPage(deps: Deps, resource: SyncResource, after: string | undefined, limit: number): Promise<Page> {
  const params = { limit, ...(after ? { starting_after: after } : {}) };
  const wrap = (list: Stripe.ApiList<{ id: string; object: string }>): Page => ({
    objects: list.data,
    hasMore: list.has_more,
    fetchedAt: fetchedAt(list, deps.clock),
  });
  switch (resource) {
    case 'products':
      return wrap(await deps.stripe.products.list(params));
    case 'prices':
      return wrap(await deps.stripe.prices.list(params));
    case 'customers':
      return wrap(await deps.stripe.customers.list(params));
    case 'subscriptions':
      return wrap(await deps.stripe.subscriptions.list({ ...params, status: 'all' }));
    case 'invoices':
      return wrap((await deps.stripe.invoices.list(params)));
    case 'payment_methods':
      return paymentMethodsPage(deps, after, limit);
  }
}

/**
 * Payment methods are listed per customer, so this resource pages through the
 * mirror's customers (by Stripe id) and fetches each one's payment methods;
 * the cursor is the last customer done.
 */
async function paymentMethodsPage(deps: Deps, after: string | undefined, limit: number): Promise<Page> {
  const batch = Math.max(1, Math.floor(limit / 10));
  const rows = await deps.db
    .select({ id: customers.stripeCustomerId })
    .from(customers)
    .where(and(isNotNull(customers.stripeCustomerId), eq(customers.deleted, false), after ? gt(customers.stripeCustomerId, after) : undefined))
    .orderBy(asc(customers.stripeCustomerId))
    .limit(batch + 1);
  const ids = rows.slice(0, batch).map((r) => r.id ?? '');
  const objects: Page['objects'] = [];
  let at = 0;
  for (const id of ids) {
    const listed = new Set<string>();
    for await (const pm of deps.stripe.customers.listPaymentMethods(id, { limit: 100 })) {
      objects.push(pm);
      listed.add(pm.id);
    }
    // Mirrored as attached but no longer listed: fetch each to learn it was detached.
    const mirrored = await deps.db
      .select({ id: paymentMethods.id })
      .from(paymentMethods)
      .where(eq(paymentMethods.stripeCustomerId, id));
    for (const { id: pmId } of mirrored) {
      if (!listed.has(pmId)) objects.push(await paymentMethodKind.retrieve(deps.stripe, pmId));
    }
    at = Math.max(at, fetchedAt({}, deps.clock));
  }
  // The cursor must be the customer, not the payment method: carry it as the last "object".
  const last = ids.at(-1);
  return { objects: last ? [...objects, { id: last, object: 'cursor' }] : objects, hasMore: rows.length > batch, fetchedAt: at };
}

/**
 * Reconciliation: pages through Stripe and applies every object through
 * `applyStripeObject` (so the ordering guard holds: nothing newer is
 * overwritten by a stale page). Resumable: each page's last id is stored in
 * `sync_cursors`, and a later run starts after it.
 */
export async function syncStripe(deps: Deps, options: SyncOptions = {}): Promise<Record<SyncResource, number>> {
  const totals = Object.fromEntries(SYNC_RESOURCES.map((r) => [r, 0])) as Record<SyncResource, number>;
  for (const resource of options.resources ?? SYNC_RESOURCES) {
    const [state] = await deps.db.select().from(syncCursors).where(eq(syncCursors.resource, resource));
    const resume = !options.restart && state?.cursor ? state.cursor : undefined;
    let applied = resume ? (state?.applied ?? 0) : 0;
    let cursor = resume;
    const now = deps.clock.now();
    await deps.db
      .insert(syncCursors)
      .values({ resource, cursor: cursor ?? null, applied, startedAt: now, finishedAt: null, updatedAt: now })
      .onConflictDoUpdate({
        target: syncCursors.resource,
        set: { cursor: cursor ?? null, applied, finishedAt: null, updatedAt: now, ...(resume ? {} : { startedAt: now }) },
      });
    let pages = 0;
    for (;;) {
      if (options.maxPages !== undefined && pages >= options.maxPages) return totals;
      const page = await fetchPage(deps, resource, cursor, options.pageSize ?? 100);
      pages++;
      for (const object of page.objects) {
        if (object.object === 'cursor') continue;
        await applyStripeObject(deps, object, { fetchedAt: page.fetchedAt });
        applied++;
        totals[resource]++;
      }
      cursor = page.objects.at(-1)?.id ?? cursor;
      const done = !page.hasMore;
      await deps.db
        .update(syncCursors)
        .set({ cursor: done ? null : (cursor ?? null), applied, updatedAt: deps.clock.now(), ...(done ? { finishedAt: deps.clock.now() } : {}) })
        .where(eq(syncCursors.resource, resource));
      options.onProgress?.({ resource, applied, done });
      if (done) break;
    }
  }
  return totals;
}
