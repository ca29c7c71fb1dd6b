import { z } from 'zod';
import type { Deps } from '../../core/lib/deps.ts';
import type { AppError } from '../../core/lib/errors.ts';
import { parseInput } from '../../core/lib/parse-input.ts';
import { err, ok, type Result } from '../../core/lib/result.ts';
import { type TrackInput, trackInput, type UsageEvent } from './event.ts';
import { prepareEvents } from './prepare-events.ts';
import { idempotencyConflict } from './idempotency.ts';
import { writeEvents } from './write-events.ts';

export const MAX_BATCH_EVENTS = 1000;

export const trackBatchInput = z
  .array(trackInput)
  .min(1, { error: 'must be a non-empty array.' })
  .max(MAX_BATCH_EVENTS, { error: `at most ${MAX_BATCH_EVENTS} events per call.` });

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
export async function trackBatch(deps: Deps, raw: TrackInput[]): Promise<Result<TrackBatchResult, AppError>> {
  const events = parseInput(trackBatchInput, raw, 'events');
  if (!events.ok) return events;
  const prepared = await prepareEvents(deps, events.value, (i) => `events[${i}].`);
  if (!prepared.ok) return prepared;
  const written = await writeEvents(deps.db, prepared.value, deps.clock.now(), { atomic: true });
  const conflict = written.conflicts[0];
  if (conflict !== undefined) return err(idempotencyConflict(written.events[conflict]!, `events[${conflict}].idempotencyKey`));
  const duplicates = written.events.filter((e) => e.duplicate).length;
  return ok({ events: written.events, recorded: written.events.length - duplicates, duplicates });
}
