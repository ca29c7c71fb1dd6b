import type { Deps } from '../../core/lib/deps.ts';
import type { AppError } from '../../core/lib/errors.ts';
import { operation } from '../../core/lib/parse-input.ts';
import { err, ok, type Result } from '../../core/lib/result.ts';
import { trackInput, type UsageEvent } from './event.ts';
import { idempotencyConflict } from './idempotency.ts';
import { validateEvents } from './prepare-events.ts';
import { submitTrack } from './track-group.ts';

export { type TrackInput, trackInput } from './event.ts';

/**
 * Records usage that happened: appends it to the ledger and adds it to its
 * window's counter in one statement. A repeated idempotency key writes nothing
 * and returns the original record (`duplicate: true`), whatever its timestamp;
 * the key reused for other usage (another feature, amount or properties) is
 * 409 `idempotency_conflict`, and nothing is written. Never refuses for limits: use `consume` to check and count atomically.
 * Concurrent calls share batch writes (see track-group.ts).
 */
export const track = operation(trackInput, async (deps: Deps, input): Promise<Result<UsageEvent, AppError>> => {
  const now = deps.clock.now();
  const valid = validateEvents(deps, [input], () => '', now);
  if (!valid.ok) return valid;
  const [event] = valid.value;
  if (!event) throw new Error('usage: track validated no event');
  const outcome = await submitTrack(deps, event, now);
  return outcome.conflict ? err(idempotencyConflict(outcome.event)) : ok(outcome.event);
});
