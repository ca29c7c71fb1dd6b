import { loadCustomerContexts } from '../entitlements/customer-context.ts';
import { createBatcher, perObject } from '../../core/lib/batcher.ts';
import type { Deps } from '../../core/lib/deps.ts';
import type { UsageEvent } from './event.ts';
import { decideEvents, type ValidEvent } from './prepare-events.ts';
import { writeEvents } from './write-events.ts';

/** A single track's answer: its event (or the original of a repeated key), and whether that original is other usage. */
export interface TrackOutcome {
  event: UsageEvent;
  conflict: boolean;
}

interface Pending {
  deps: Deps;
  event: ValidEvent;
  now: Date;
}

const MAX_GROUP = 1000;
// Per database and config: a batch is decided with one config's plans.
const groups = perObject((_db: object) => perObject((_config: object) => createBatcher(writeGroup, { maxItems: MAX_GROUP, concurrency: 1, gather: 'none' })));

/**
 * Micro-batching for single `track` calls: the first call goes at once; calls
 * arriving while a write is in flight go together with the next one (one read
 * of the customers' plans, one write statement, one commit), so many
 * concurrent single-event requests cost a few batch round trips. Each caller
 * gets its own event (or the original, for a repeated key) exactly as from a
 * write of its own.
 */
export async function submitTrack(deps: Deps, event: ValidEvent, now: Date): Promise<TrackOutcome> {
  const outcome = await groups(deps.db)(deps.config).submit({ deps, event, now });
  if (!outcome) throw new Error('usage: track wrote no event');
  return outcome;
}

async function writeGroup(batch: Pending[]): Promise<(TrackOutcome | undefined)[]> {
  const deps = batch[0]!.deps;
  const now = batch[0]!.now;
  const contexts = await loadCustomerContexts(
    deps.db,
    batch.map((p) => p.event.input.customer),
  );
  const prepared = decideEvents(
    deps,
    batch.map((p) => p.event),
    contexts,
    now,
  );
  // Each caller stands alone: a conflicting key refuses its own call only.
  const written = await writeEvents(deps.db, prepared, now);
  const conflicts = new Set(written.conflicts);
  return batch.map((_, i) => {
    const event = written.events[i];
    return event ? { event, conflict: conflicts.has(i) } : undefined;
  });
}
