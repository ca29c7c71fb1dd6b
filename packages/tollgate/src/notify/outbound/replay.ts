import { and, desc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows } from '../../core/db/sql.ts';
import { webhookDeliveries } from '../../core/db/schema/webhook-deliveries.ts';
import { webhookEndpoints } from '../../core/db/schema/webhook-endpoints.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { appError } from '../../core/lib/errors.ts';
import { text } from '../../core/lib/input.ts';
import { operation } from '../../core/lib/parse-input.ts';
import { err, ok, type Result } from '../../core/lib/result.ts';
import type { WebhookDelivery } from '../../core/db/row-types.ts';

export const replayWebhooksInput = z
  .object({
    endpointId: text(100),
    /** Every delivery to the endpoint that was given up after its last retry. */
    failed: z.boolean().optional(),
    /** Every message created at or after this instant (delivered or not, older than the endpoint or not). */
    since: z.date().optional(),
    /** These outbox messages (`obx_...`: the `webhook-id` the endpoint received). */
    messageIds: z.array(text(100)).min(1).max(1000).optional(),
  })
  .superRefine((input, ctx) => {
    const modes = [input.failed === true, input.since !== undefined, input.messageIds !== undefined].filter(Boolean).length;
    if (modes !== 1) ctx.addIssue({ code: 'custom', path: ['failed'], message: 'or since or message_ids: give exactly one of the three' });
  });
export type ReplayInput = z.input<typeof replayWebhooksInput>;

export interface ReplayResult {
  /** Messages due again to the endpoint now, each with the full retry schedule ahead of it. */
  replayed: number;
  /** Of `messageIds`, those the outbox does not hold. */
  missing: string[];
}

/**
 * Makes messages due again to one endpoint, now: failed deliveries after
 * the endpoint is fixed, or history for an endpoint added later (which
 * otherwise only receives what is created from its creation on). The
 * message keeps its id, so a receiver that already has it deduplicates.
 */
export const replayWebhooks = operation(replayWebhooksInput, async (deps: Pick<Deps, 'db' | 'clock'>, input): Promise<Result<ReplayResult>> => {
  const [endpoint] = await deps.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, input.endpointId));
  if (!endpoint) return err(appError('not_found', `no webhook endpoint ${input.endpointId}`, 'id'));
  if (endpoint.disabledAt) return err(appError('conflict', `webhook endpoint ${input.endpointId} is disabled`, 'id'));
  const consumer = `webhook:${endpoint.id}`;
  const now = deps.clock.now().toISOString();
  let ids: string[];
  if (input.failed) {
    const rows = await queryRows<{ outbox_id: string }>(
      deps.db,
      sql`update outbox_deliveries set dead_at = null, attempts = 0, next_attempt_at = ${now}::timestamptz, last_error = null, updated_at = ${now}::timestamptz
        where consumer = ${consumer} and dead_at is not null returning outbox_id`,
    );
    ids = rows.map((r) => r.outbox_id);
  } else {
    const which = input.since
      ? sql`o.created_at >= ${input.since.toISOString()}::timestamptz`
      : sql`o.id in (select jsonb_array_elements_text(${JSON.stringify(input.messageIds ?? [])}::jsonb))`;
    const rows = await queryRows<{ outbox_id: string }>(
      deps.db,
      sql`insert into outbox_deliveries (outbox_id, consumer, attempts, next_attempt_at, updated_at)
        select o.id, ${consumer}, 0, ${now}::timestamptz, ${now}::timestamptz from outbox o where ${which}
        on conflict (outbox_id, consumer) do update
          set delivered_at = null, dead_at = null, attempts = 0, next_attempt_at = excluded.next_attempt_at, last_error = null, updated_at = excluded.updated_at
        returning outbox_id`,
    );
    ids = rows.map((r) => r.outbox_id);
  }
  if (ids.length > 0) {
    await deps.db
      .update(webhookDeliveries)
      .set({ failedAt: null })
      .where(
        and(
          eq(webhookDeliveries.endpointId, endpoint.id),
          sql`${webhookDeliveries.sourceId} in (select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))`,
        ),
      );
  }
  const found = new Set(ids);
  return ok({ replayed: ids.length, missing: (input.messageIds ?? []).filter((id) => !found.has(id)) });
});

export type { WebhookDelivery };

/** An endpoint's deliveries, newest first; `failed` keeps those given up (replayable). */
export async function listWebhookDeliveries(
  deps: Pick<Deps, 'db'>,
  input: { endpointId: string; failed?: boolean; limit?: number },
): Promise<WebhookDelivery[]> {
  return deps.db
    .select()
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.endpointId, input.endpointId),
        input.failed ? isNotNull(webhookDeliveries.failedAt) : undefined,
        input.failed ? isNull(webhookDeliveries.deliveredAt) : undefined,
      ),
    )
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(Math.min(Math.max(input.limit ?? 50, 1), 500));
}
