import type { Deps } from '../lib/deps.ts';
import type { AppError } from '../lib/errors.ts';
import { ok, type Result } from '../lib/result.ts';
import type { TrackInput, UsageEvent } from './event.ts';
import { prepareEvents } from './prepare-events.ts';
import { submitTrack } from './track-group.ts';

/**
 * Records usage that happened: appends it to the ledger and adds it to its
 * window's counter in one statement. A repeated idempotency key writes nothing
 * and returns the original record (`duplicate: true`), whatever its timestamp.
 * Never refuses for limits: use `consume` to check and count atomically.
 * Concurrent calls share batch writes (see track-group.ts).
 */
export async function track(deps: Deps, input: TrackInput): Promise<Result<UsageEvent, AppError>> {
  const prepared = await prepareEvents(deps, [input], () => '');
  if (!prepared.ok) return prepared;
  const [event] = prepared.value;
  if (!event) throw new Error('usage: track prepared no event');
  return ok(await submitTrack(deps.db, event, deps.clock.now()));
}
