import type { Deps } from '../../core/lib/deps.ts';
import { type AppError, appError } from '../../core/lib/errors.ts';
import { err, ok, type Result } from '../../core/lib/result.ts';
import type { TrackInput, UsageEvent } from './event.ts';
import { prepareEvents } from './prepare-events.ts';
import { idempotencyConflict } from './idempotency.ts';
import { writeEvents } from './write-events.ts';

export const MAX_BATCH_EVENTS = 1000;

export interface TrackBatchResult {
  /** In input order; repeats are the original records with `duplicate: true`. */
  events: UsageEvent[];
  recorded: number;
  duplicates: number;
}

/**
 * Records up to 1,000 events in one round trip to the database (plus one read
 * of the customers' plans, and one more only when some keys were repeats).
 * All or nothing: a malformed event fails the call, naming `events[i].field`,
 * and so does a key that already recorded other usage (409
 * `idempotency_conflict`, naming `events[i].idempotencyKey`); nothing is written.
 */
export async function trackBatch(deps: Deps, events: TrackInput[]): Promise<Result<TrackBatchResult, AppError>> {
  if (!Array.isArray(events) || events.length === 0) {
    return err(appError('validation_failed', 'events must be a non-empty array.', 'events'));
  }
  if (events.length > MAX_BATCH_EVENTS) {
    return err(appError('validation_failed', `events holds ${events.length} events; at most ${MAX_BATCH_EVENTS} per call.`, 'events'));
  }
  const prepared = await prepareEvents(deps, events, (i) => `events[${i}].`);
  if (!prepared.ok) return prepared;
  const written = await writeEvents(deps.db, prepared.value, deps.clock.now(), { atomic: true });
  const conflict = written.conflicts[0];
  if (conflict !== undefined) return err(idempotencyConflict(written.events[conflict]!, `events[${conflict}].idempotencyKey`));
  const duplicates = written.events.filter((e) => e.duplicate).length;
  return ok({ events: written.events, recorded: written.events.length - duplicates, duplicates });
}
