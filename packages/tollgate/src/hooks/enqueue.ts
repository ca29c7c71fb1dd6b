import { inArray } from 'drizzle-orm';
import { customers } from '../db/schema/customers.ts';
import { outbox } from '../db/schema/outbox.ts';
import type { Deps } from '../lib/deps.ts';
import type { HookDraft } from './types.ts';

/**
 * Writes hooks to the outbox. Call it with `deps.db` set to the transaction
 * that made the change, so the notification commits (or not) with it.
 */
export async function enqueueHooks(deps: Deps, drafts: HookDraft[], eventId: string | null = null): Promise<string[]> {
  if (drafts.length === 0) return [];
  const stripeIds = [...new Set(drafts.map((d) => d.stripeCustomerId).filter((id): id is string => id !== null))];
  const known =
    stripeIds.length === 0
      ? []
      : await deps.db
          .select({ id: customers.id, externalId: customers.externalId, stripeCustomerId: customers.stripeCustomerId })
          .from(customers)
          .where(inArray(customers.stripeCustomerId, stripeIds));
  const byStripe = new Map(known.map((c) => [c.stripeCustomerId, c]));
  const now = deps.clock.now();
  const rows = drafts.map((draft) => {
    const customer = draft.stripeCustomerId ? byStripe.get(draft.stripeCustomerId) : undefined;
    return {
      id: deps.ids.next('obx'),
      type: draft.type,
      customerId: customer?.id ?? null,
      externalId: customer?.externalId ?? null,
      objectId: draft.objectId,
      eventId,
      payload: draft.payload,
      createdAt: now,
    };
  });
  await deps.db.insert(outbox).values(rows);
  return rows.map((r) => r.id);
}
