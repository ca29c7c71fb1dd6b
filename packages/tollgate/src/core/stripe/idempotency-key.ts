import { createHash } from 'node:crypto';
import type { Clock } from '../lib/clock.ts';

/**
 * Idempotency key for a session create: the same request within the same
 * minute (a double click, an SDK or app retry) gets the same session; a later
 * visit gets a fresh one, since sessions expire and complete.
 */
export function sessionIdempotencyKey(kind: string, clock: Clock, inputs: unknown): string {
  const minute = Math.floor(clock.now().getTime() / 60_000);
  return `tollgate-${kind}-${createHash('sha256').update(JSON.stringify({ inputs, minute })).digest('hex').slice(0, 48)}`;
}
