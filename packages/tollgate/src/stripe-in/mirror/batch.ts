import type Stripe from 'stripe';
import { METADATA } from '../../core/config/stripe-keys.ts';
import type { HookDraft } from '../../notify/hooks/types.ts';
import { queryPrepared } from '../../core/db/sql.ts';
import { settleLicenses } from '../../licenses/settle.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { type ApplyResult, applyStripeObject } from './apply.ts';
import { evaluateKind } from './apply-kind.ts';
import { CODECS, loadSql, saveSql } from './batch-sql.ts';
import { isGone, type MirrorKind, type MirrorRow, type StripeObjectLike } from './kind.ts';
import { type CustomerRow, customerKind } from './kind-customer.ts';
import { lockKeysSql, objectLockKeys, stripeCustomerOf } from './lock.ts';
import { invoiceKind } from './kind-invoice.ts';
import { paymentMethodKind } from './kind-payment-method.ts';
import { customerIdFor, subscriptionKind } from './kind-subscription.ts';
import type { SubscriptionRow } from './subscription-row.ts';

/** An object carried by an event, in a webhook batch. */
export interface BatchItem {
  object: StripeObjectLike;
  event: { id: string; created: number };
}

/** The batch cannot be applied set-based (a rare case needs the one-by-one road); the caller retries it event by event. */
export class NeedsOneByOne extends Error {
  constructor(reason: string) {
    super(`batch needs one-by-one ingestion: ${reason}`);
    this.name = 'NeedsOneByOne';
  }
}

type Row = MirrorRow & { id: string };
type AnyKind = MirrorKind<StripeObjectLike, Row>;

/** The kinds applied set-based: most of the event volume. */
const SET_BASED: Record<string, AnyKind> = {
  customer: customerKind,
  subscription: subscriptionKind,
  invoice: invoiceKind,
  payment_method: paymentMethodKind,
};

/**
 * The kind that applies `object` set-based, or undefined for the one-by-one
 * road (checkout sessions, products, prices, discounts, and deletions, which
 * keep stored columns the batch does not load).
 */
export function setBasedKind(object: StripeObjectLike): AnyKind | undefined {
  if (isGone(object)) return undefined;
  return SET_BASED[object.object];
}

const externalIdOf = (object: StripeObjectLike): string | undefined =>
  object.object === 'customer' ? (object as Stripe.Customer).metadata?.[METADATA.externalId] || undefined : undefined;

/** The advisory-lock keys of the set-based objects (the same keys `applyKind` and `linkCustomer` take). */
export function batchLockKeys(objects: StripeObjectLike[]): string[] {
  const keys = new Set<string>();
  for (const object of objects) {
    const kind = setBasedKind(object);
    if (!kind) continue;
    for (const key of objectLockKeys(kind.name, object)) keys.add(key);
    const externalId = externalIdOf(object);
    if (externalId) keys.add(`customer-external:${externalId}`);
  }
  return [...keys];
}

/**
 * Applies the objects of many events in the caller's transaction
 * (`deps.db`), with the result each would have had alone, in order.
 *
 * Objects without a set-based kind go first, one by one through
 * `applyStripeObject`. The rest costs three statements, however many there
 * are: one takes their locks (unless `locked`: the caller took
 * `batchLockKeys` already), one loads every row they touch (subscriptions,
 * invoices, payment methods, customers by Stripe id and by external id),
 * and, after the ordering rule has run over the events in order in memory,
 * one saves the final rows, links new customers and writes the hooks.
 */
export async function applyBatch(deps: Deps, items: BatchItem[], options: { locked?: boolean } = {}): Promise<ApplyResult[]> {
  const results: ApplyResult[] = items.map((item) => ({
    outcome: 'ignored',
    object: item.object.object,
    id: item.object.id,
    refetched: false,
    hooks: [],
  }));
  const setBased: { index: number; kind: AnyKind }[] = [];
  for (const [index, item] of items.entries()) {
    const kind = setBasedKind(item.object);
    if (kind) setBased.push({ index, kind });
    else results[index] = await applyStripeObject(deps, item.object, { event: item.event });
  }
  if (setBased.length === 0) return results;
  const objects = setBased.map((s) => (items[s.index] as BatchItem).object);
  if (!options.locked) await queryPrepared(deps.db, lockKeysSql(batchLockKeys(objects)));

  const state = await loadState(deps, objects);
  const keyOf = (kind: AnyKind, id: string) => `${kind.name}:${id}`;
  const lookup = (stripeCustomerId: string | null): Promise<string | null> => {
    if (stripeCustomerId === null) return Promise.resolve(null);
    const known = state.byStripe.get(stripeCustomerId);
    if (known) return Promise.resolve(known.id);
    return state.askedStripe.has(stripeCustomerId) ? Promise.resolve(null) : customerIdFor(deps, stripeCustomerId);
  };

  const dirty = new Map<string, { kind: AnyKind; row: Row }>();
  const newCustomers = new Map<string, string>();
  const drafts: { draft: HookDraft; eventId: string; result: ApplyResult }[] = [];
  for (const { index, kind } of setBased) {
    const item = items[index] as BatchItem;
    const result = results[index] as ApplyResult;
    const key = keyOf(kind, item.object.id);
    const prev = state.rows.get(key);
    const evaluation = await evaluateKind(deps, kind, item.object, prev, { event: item.event }, lookup);
    result.refetched = evaluation.refetched;
    result.outcome = evaluation.outcome;
    if (evaluation.outcome !== 'applied' || !evaluation.next) continue;
    const next = evaluation.next;
    // A refetch found the object deleted: the row keeps stored columns the batch did not load.
    if ((next as { raw?: unknown }).raw === null) throw new NeedsOneByOne(`${item.object.object} ${item.object.id} was deleted in Stripe`);
    if (kind.name === 'customer') linkInBatch(deps, state, prev as CustomerRow | undefined, next as unknown as CustomerRow, newCustomers);
    state.rows.set(key, next);
    dirty.set(key, { kind, row: next });
    for (const draft of kind.hooks(prev, next)) drafts.push({ draft, eventId: item.event.id, result });
  }

  // Rows saved before their customer arrived in the same batch point at it now (as the link would have made them).
  for (const { kind, row } of dirty.values()) {
    const r = row as Row & { customerId?: string | null; stripeCustomerId?: string | null };
    if (kind.name !== 'customer' && r.customerId === null && r.stripeCustomerId) r.customerId = state.byStripe.get(r.stripeCustomerId)?.id ?? null;
  }
  const hooks = drafts.map(({ draft, eventId, result }) => {
    const id = deps.ids.next('obx');
    result.hooks.push(id);
    const customer = draft.stripeCustomerId ? state.byStripe.get(draft.stripeCustomerId) : undefined;
    return {
      id,
      type: draft.type,
      customer_id: customer?.id ?? null,
      external_id: customer?.externalId ?? null,
      object_id: draft.objectId,
      event_id: eventId,
      payload: draft.payload,
    };
  });
  const ledgered = [...dirty.values()].filter((d) => d.kind.ledger);
  const existing = ledgered.filter((d) => state.loaded.has(keyOf(d.kind, d.row.id)));
  for (const kind of new Set(existing.map((d) => d.kind)))
    await kind.ledger?.before(
      deps,
      existing.filter((d) => d.kind === kind).map((d) => d.row.id),
    );
  await queryPrepared(deps.db, saveSql(deps.clock.now(), [...dirty.values()], newCustomers, hooks));
  for (const kind of new Set(ledgered.map((d) => d.kind))) {
    const saved = setBased
      .filter((s) => s.kind === kind && results[s.index]?.outcome === 'applied')
      .map((s) => ({ index: s.index, id: (items[s.index] as BatchItem).object.id, eventId: (items[s.index] as BatchItem).event.id }));
    const last = new Map(saved.map((s) => [s.id, s]));
    const ledgerHooks = await kind.ledger?.after(
      deps,
      [...last.values()].map(({ id, eventId }) => ({ id, eventId })),
    );
    for (const [id, outboxIds] of ledgerHooks ?? []) results[last.get(id)?.index ?? -1]?.hooks.push(...outboxIds);
  }
  // Licenses follow their subscriptions (and customers' links) in the same transaction (src/licenses).
  const licensed = new Map<string, string>();
  for (const { index, kind } of setBased) {
    const item = items[index] as BatchItem;
    const stripeCustomer = stripeCustomerOf(item.object);
    if ((kind.name === 'subscription' || kind.name === 'customer') && stripeCustomer && results[index]?.outcome === 'applied')
      licensed.set(stripeCustomer, item.event.id);
  }
  if (licensed.size > 0) await settleLicenses(deps, { stripeCustomerIds: licensed.keys(), eventByCustomer: licensed });
  return results;
}

interface BatchState {
  /** Rows by `kind:id` (customers by `customer:<stripe id>`), as loaded and then as the batch changed them. */
  rows: Map<string, Row>;
  byStripe: Map<string, CustomerRow>;
  byExternal: Map<string, CustomerRow>;
  /** Stripe customer ids the load looked for (a miss means no row). */
  askedStripe: Set<string>;
  /** `kind:id` of the rows that existed before the batch. */
  loaded: Set<string>;
}

/** One statement: every row the batch reads. */
async function loadState(deps: Deps, objects: StripeObjectLike[]): Promise<BatchState> {
  const ids = (kind: string) => new Set(objects.filter((o) => o.object === kind).map((o) => o.id));
  const stripeIds = new Set<string>();
  const externalIds = new Set<string>();
  for (const object of objects) {
    const stripeId = stripeCustomerOf(object);
    if (stripeId) stripeIds.add(stripeId);
    const externalId = externalIdOf(object);
    if (externalId) externalIds.add(externalId);
  }
  const [loaded] = await queryPrepared<Record<string, unknown>>(
    deps.db,
    loadSql({ subscriptions: ids('subscription'), invoices: ids('invoice'), paymentMethods: ids('payment_method'), stripeIds, externalIds }),
  );
  const state: BatchState = { rows: new Map(), byStripe: new Map(), byExternal: new Map(), askedStripe: stripeIds, loaded: new Set() };
  const list = (value: unknown): Record<string, unknown>[] => (typeof value === 'string' ? JSON.parse(value) : (value ?? [])) as Record<string, unknown>[];
  for (const kind of ['subscription', 'invoice', 'payment_method'] as const) {
    for (const json of list(loaded?.[kind])) {
      const row = CODECS[kind].fromJson(json) as unknown as Row;
      if (kind === 'subscription') (row as unknown as SubscriptionRow).items = null;
      state.rows.set(`${kind}:${row.id}`, row);
      state.loaded.add(`${kind}:${row.id}`);
    }
  }
  for (const json of list(loaded?.customer)) {
    const row = CODECS.customer.fromJson(json);
    if (row.stripeCustomerId) {
      state.byStripe.set(row.stripeCustomerId, row);
      state.rows.set(`customer:${row.stripeCustomerId}`, row);
    }
    if (row.externalId) state.byExternal.set(row.externalId, row);
  }
  return state;
}

/**
 * What `customerKind.save` and `linkCustomer` do, in memory: a customer new
 * to the mirror takes the app's row that waits for it (same external id, no
 * Stripe id yet), or a new row with that external id, never one linked
 * elsewhere. The merge of two existing rows is left to the one-by-one road.
 */
function linkInBatch(deps: Deps, state: BatchState, prev: CustomerRow | undefined, next: CustomerRow, newCustomers: Map<string, string>): void {
  const stripeId = next.stripeCustomerId ?? '';
  const externalId = (next.metadata as Record<string, string | undefined>)[METADATA.externalId] || undefined;
  if (prev) {
    if (externalId && prev.externalId === null) throw new NeedsOneByOne(`customer ${stripeId} is linked to ${externalId} after it was mirrored`);
  } else if (externalId) {
    const waiting = state.byExternal.get(externalId);
    if (!waiting) {
      next.externalId = externalId;
      state.byExternal.set(externalId, next);
    } else if (waiting.stripeCustomerId === null) {
      next.id = waiting.id;
      next.externalId = waiting.externalId;
      next.timeZone = waiting.timeZone;
      next.createdAt = waiting.createdAt;
      state.byExternal.set(externalId, next);
    } else {
      deps.log.warn('customer link conflict: external id or Stripe customer already linked elsewhere', { externalId, stripeCustomerId: stripeId });
    }
  }
  if (!prev) newCustomers.set(stripeId, next.id);
  state.byStripe.set(stripeId, next);
}
