import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { outbox } from '../../core/db/schema/outbox.ts';
import { outboxDeliveries } from '../../core/db/schema/outbox-deliveries.ts';
import { queryRows } from '../../core/db/sql.ts';
import type { Deps } from '../../core/lib/deps.ts';
import type { HookMessage, HookType } from './types.ts';

export interface DrainOptions {
  /** Who is consuming: `hooks` (in-process handlers) or another consumer's name. */
  consumer: string;
  /** Messages claimed per call (default 100). */
  batchSize?: number;
  /** How long a claim keeps other workers off a message (default 60 s). */
  leaseSeconds?: number;
  /** Attempts before a message is marked dead for this consumer (default 10). */
  maxAttempts?: number;
  /** Delay before retry number `attempt + 1`, ms (default 2^attempt s, at most 1 h). */
  backoffMs?: (attempt: number) => number;
  /**
   * Messages this consumer has never claimed are considered from this
   * instant on (default: 7 days ago). Messages it has a delivery row for
   * (retries, replays) are considered whatever their age.
   */
  since?: Date;
  /** Messages handed to `deliver` at once (default 1: in order, one at a time). */
  concurrency?: number;
}

/** What `deliver` is told about the attempt it makes. */
export interface DeliveryAttempt {
  /** 1 for the first attempt. */
  attempt: number;
  /** No retry follows a failure of this attempt (it marks the message dead for the consumer). */
  last: boolean;
}

export interface DrainResult {
  delivered: number;
  failed: number;
  dead: number;
}

export const defaultBackoffMs = (attempt: number): number => Math.min(2 ** attempt * 1000, 3_600_000);

/**
 * Claims due messages for one consumer (atomically: two workers never hold
 * the same message), hands each to `deliver` in order, and records the
 * outcome: delivered, retry later with backoff, or dead after `maxAttempts`.
 * At least once: a crash after delivery but before the mark redelivers after
 * the lease, so handlers deduplicate on `message.id`.
 */
export async function drainOutbox(
  deps: Deps,
  deliver: (message: HookMessage, attempt: DeliveryAttempt) => Promise<void>,
  options: DrainOptions,
): Promise<DrainResult> {
  const now = deps.clock.now();
  const batch = options.batchSize ?? 100;
  const leaseEnd = new Date(now.getTime() + (options.leaseSeconds ?? 60) * 1000);
  const since = options.since ?? new Date(now.getTime() - 7 * 86_400_000);
  const maxAttempts = options.maxAttempts ?? 10;
  const backoff = options.backoffMs ?? defaultBackoffMs;
  const c = options.consumer;
  const claimed = await queryRows<{ outbox_id: string; attempts: number }>(
    deps.db,
    sql`with due as (
          select id from (
            (select o.id from outbox o
              where o.created_at >= ${since.toISOString()}
                and not exists (select 1 from outbox_deliveries d where d.outbox_id = o.id and d.consumer = ${c})
              order by o.id limit ${batch})
            union
            (select d.outbox_id from outbox_deliveries d
              where d.consumer = ${c} and d.delivered_at is null and d.dead_at is null and d.next_attempt_at <= ${now.toISOString()}
              order by d.outbox_id limit ${batch})
          ) u
          order by id
          limit ${batch}
        )
        insert into outbox_deliveries (outbox_id, consumer, attempts, next_attempt_at, updated_at)
        select id, ${c}, 1, ${leaseEnd.toISOString()}, ${now.toISOString()} from due
        on conflict (outbox_id, consumer) do update
          set attempts = outbox_deliveries.attempts + 1, next_attempt_at = excluded.next_attempt_at, updated_at = excluded.updated_at
          where outbox_deliveries.delivered_at is null and outbox_deliveries.dead_at is null
            and outbox_deliveries.next_attempt_at <= ${now.toISOString()}
        returning outbox_id, attempts`,
  );
  const result: DrainResult = { delivered: 0, failed: 0, dead: 0 };
  if (claimed.length === 0) return result;
  const attempts = new Map(claimed.map((r) => [r.outbox_id, Number(r.attempts)]));
  const messages = await deps.db
    .select()
    .from(outbox)
    .where(inArray(outbox.id, [...attempts.keys()]))
    .orderBy(asc(outbox.id));
  const one = async (row: (typeof messages)[number]) => {
    const message = { ...row, type: row.type as HookType } as HookMessage;
    const key = and(eq(outboxDeliveries.outboxId, row.id), eq(outboxDeliveries.consumer, c));
    const attempt = attempts.get(row.id) ?? 1;
    try {
      await deliver(message, { attempt, last: attempt >= maxAttempts });
      await deps.db.update(outboxDeliveries).set({ deliveredAt: deps.clock.now(), lastError: null, updatedAt: deps.clock.now() }).where(key);
      result.delivered++;
    } catch (error) {
      const at = deps.clock.now();
      const lastError = error instanceof Error ? error.message : String(error);
      if (attempt >= maxAttempts) {
        await deps.db.update(outboxDeliveries).set({ deadAt: at, lastError, updatedAt: at }).where(key);
        result.dead++;
        deps.log.error('hook delivery gave up', { consumer: c, outboxId: row.id, type: row.type, attempts: attempt, error: lastError });
      } else {
        const nextAttemptAt = new Date(at.getTime() + backoff(attempt));
        await deps.db.update(outboxDeliveries).set({ nextAttemptAt, lastError, updatedAt: at }).where(key);
        result.failed++;
        deps.log.warn('hook delivery failed; will retry', { consumer: c, outboxId: row.id, type: row.type, attempts: attempt, error: lastError });
      }
    }
  };
  // `concurrency` lanes take the messages in order; one slow message holds its lane only.
  let next = 0;
  const lane = async () => {
    while (next < messages.length) await one(messages[next++] as (typeof messages)[number]);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 1, messages.length)) }, lane));
  return result;
}
