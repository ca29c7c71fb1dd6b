import { and, asc, eq, gt, isNotNull } from 'drizzle-orm';
import type Stripe from 'stripe';
import { customers } from '../../core/db/schema/customers.ts';
import { syncCursors } from '../../core/db/schema/sync-cursors.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { applyStripeObject } from '../mirror/apply.ts';
import { fetchedAt } from '../mirror/fields.ts';
import { paymentMethodKind } from '../mirror/kind-payment-method.ts';
import { paymentMethods } from '../../core/db/schema/payment-methods.ts';
import { type RetryOptions, withStripeRetries } from './retry-stripe.ts';

export const SYNC_RESOURCES = ['products', 'prices', 'customers', 'subscriptions', 'subscription_schedules', 'invoices', 'payment_methods'] as const;
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
  /** Retries of Stripe calls that fail for a passing reason (429, 5xx, connection). */
  retry?: RetryOptions;
  /** Called for each object (or page) that could not be applied; the sweep carries on. */
  onFailure?: (failure: SyncFailure) => void;
}

/** An object the sweep could not apply (or a page it could not fetch, `id` null), and why. */
export interface SyncFailure {
  resource: SyncResource;
  /** The Stripe object's id; null when a page could not be fetched (the rest of that resource was skipped). */
  id: string | null;
  error: string;
}

export interface SyncResult {
  /** Objects applied per resource in this run. */
  applied: Record<SyncResource, number>;
  failures: SyncFailure[];
  /** Stripe calls retried after a 429, 5xx or connection failure. */
  retries: number;
}

interface Page {
  /** Stripe objects; `cursor` and `failed` (a customer whose payment methods could not be listed) are markers. */
  objects: { id: string; object: string; error?: string }[];
  hasMore: boolean;
  fetchedAt: number;
}

async function fetchPage(deps: Deps, resource: SyncResource, after: string | undefined, limit: number, retry: RetryOptions): Promise<Page> {
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
    case 'subscription_schedules':
      // Every schedule, ended ones too: a released or canceled schedule the mirror still has as open must close there.
      return wrap(await deps.stripe.subscriptionSchedules.list(params));
    case 'invoices':
      return wrap(await deps.stripe.invoices.list(params));
    case 'payment_methods':
      return paymentMethodsPage(deps, after, limit, retry);
  }
}

/** A customer's payment methods, and those the mirror has as attached that Stripe no longer lists (fetched, to learn they were detached). */
async function customerPaymentMethods(deps: Deps, id: string): Promise<{ id: string; object: string }[]> {
  const objects: { id: string; object: string }[] = [];
  const listed = new Set<string>();
  for await (const pm of deps.stripe.customers.listPaymentMethods(id, { limit: 100 })) {
    objects.push(pm);
    listed.add(pm.id);
  }
  const mirrored = await deps.db.select({ id: paymentMethods.id }).from(paymentMethods).where(eq(paymentMethods.stripeCustomerId, id));
  for (const { id: pmId } of mirrored) {
    if (!listed.has(pmId)) objects.push(await paymentMethodKind.retrieve(deps.stripe, pmId));
  }
  return objects;
}

/**
 * Payment methods are listed per customer, so this resource pages through the
 * mirror's customers (by Stripe id) and fetches each one's payment methods;
 * the cursor is the last customer done.
 */
async function paymentMethodsPage(deps: Deps, after: string | undefined, limit: number, retry: RetryOptions): Promise<Page> {
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
    try {
      objects.push(...(await withStripeRetries(() => customerPaymentMethods(deps, id), retry)));
    } catch (error) {
      // One customer's listing failing does not stop the others: reported as that customer's failure.
      objects.push({ id, object: 'failed', error: messageOf(error) });
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
 *
 * One object that cannot be applied does not stop the sweep: it is reported
 * in `failures` (and `onFailure`) and the sweep goes on. Stripe calls that
 * fail for a passing reason (429, 5xx, a dropped connection) are retried
 * with backoff; a page that still fails skips the rest of its resource
 * (its cursor stays, so the next run resumes there) and is reported.
 */
export async function syncStripe(deps: Deps, options: SyncOptions = {}): Promise<SyncResult> {
  const result: SyncResult = { applied: Object.fromEntries(SYNC_RESOURCES.map((r) => [r, 0])) as Record<SyncResource, number>, failures: [], retries: 0 };
  const retry: RetryOptions = {
    ...options.retry,
    onRetry: (info) => {
      result.retries++;
      options.retry?.onRetry?.(info);
    },
  };
  const fail = (failure: SyncFailure) => {
    result.failures.push(failure);
    deps.log.warn('sync: could not apply', { ...failure });
    options.onFailure?.(failure);
  };
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
      if (options.maxPages !== undefined && pages >= options.maxPages) return result;
      let page: Page;
      try {
        page = await withStripeRetries(() => fetchPage(deps, resource, cursor, options.pageSize ?? 100, retry), retry);
      } catch (error) {
        fail({ resource, id: null, error: `a page of ${resource} could not be fetched (the next run resumes there): ${messageOf(error)}` });
        break;
      }
      pages++;
      for (const object of page.objects) {
        if (object.object === 'cursor') continue;
        if (object.object === 'failed') {
          fail({ resource, id: object.id, error: object.error ?? 'failed' });
          continue;
        }
        try {
          await withStripeRetries(() => applyStripeObject(deps, object, { fetchedAt: page.fetchedAt }), retry);
          applied++;
          result.applied[resource]++;
        } catch (error) {
          fail({ resource, id: object.id, error: messageOf(error) });
        }
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
  return result;
}

/** One line: the database's own message rather than the query that carried it. */
function messageOf(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const message = cause instanceof Error ? cause.message : String(cause);
  return message.split('\n')[0] ?? message;
}
