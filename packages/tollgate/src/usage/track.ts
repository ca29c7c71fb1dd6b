import type { Deps } from '../lib/deps.ts';
import type { AppError } from '../lib/errors.ts';
import { ok, type Result } from '../lib/result.ts';
import type { TrackInput, UsageEvent } from './event.ts';
import { prepareEvents } from './prepare-events.ts';
import { writeEvents } from './write-events.ts';

/**
 * Records usage that happened: appends it to the ledger and adds it to its
 * window's counter in one statement. A repeated idempotency key writes nothing
 * and returns the original record (`duplicate: true`), whatever its timestamp.
 * Never refuses for limits: use `consume` to check and count atomically.
 */
export async function track(deps: Deps, input: TrackInput): Promise<Result<UsageEvent, AppError>> {
  const prepared = await prepareEvents(deps, [input], () => '');
  if (!prepared.ok) return prepared;
  const [event] = await writeEvents(deps.db, prepared.value, deps.clock.now());
  if (!event) throw new Error('usage: track wrote no event');
  return ok(event);
}
