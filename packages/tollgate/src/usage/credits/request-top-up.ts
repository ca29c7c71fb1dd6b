import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../core/db/sql.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { findPack, findSystem } from './systems.ts';

/** A crossing's top-up id: the same customer, system and crossing number always give the same id (and Stripe idempotency key). */
export function topUpId(customer: string, system: string, seq: number): string {
  return `ctu_${createHash('sha256').update(`${customer}\u0000${system}\u0000${seq}`).digest('hex').slice(0, 32)}`;
}

/** The PaymentIntent's idempotency key: derived from the crossing, so a crash or a race never charges twice. */
export function topUpIdempotencyKey(id: string): string {
  return `tollgate_topup_${id}`;
}

export interface TopUpRequest {
  customer: string;
  system: string;
  /** The crossing (credit_balances.topup_seq after it). */
  seq: number;
}

/**
 * Records the top-up of one crossing of the customer's threshold, priced from
 * the config's pack, to be charged by `runTopUps`. Idempotent: one row per
 * crossing. Nothing is recorded when the customer turned auto top-up off
 * meanwhile or the pack left the config (logged).
 */
export async function requestTopUp(deps: Deps, request: TopUpRequest): Promise<void> {
  const [settings] = await queryRows<{ pack: string }>(
    deps.db,
    sql`select pack from credit_auto_topups where customer_id = ${request.customer} and system = ${request.system} and enabled`,
  );
  if (!settings) return;
  const system = findSystem(deps.config, request.system);
  const pack = system.ok ? findPack(system.value, settings.pack) : system;
  if (!pack.ok) {
    deps.log.warn('credits: auto top-up skipped, its pack is not in the config', { customer: request.customer, system: request.system, pack: settings.pack });
    return;
  }
  const now = deps.clock.now().toISOString();
  await deps.db.execute(sql`
    insert into credit_topups (id, customer_id, system, seq, pack, credits, amount, currency, status, attempts, next_attempt_at, created_at, updated_at)
    values (${topUpId(request.customer, request.system, request.seq)}, ${request.customer}, ${request.system}, ${request.seq}, ${settings.pack},
      ${pack.value.micros}, ${pack.value.price}, ${deps.config.currency ?? 'usd'}, 'pending', 0, ${now}::timestamptz, ${now}::timestamptz, ${now}::timestamptz)
    on conflict do nothing`);
}
