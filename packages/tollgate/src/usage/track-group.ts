import { loadCustomerContexts } from '../entitlements/customer-context.ts';
import type { Deps } from '../lib/deps.ts';
import type { UsageEvent } from './event.ts';
import { decideEvents, type ValidEvent } from './prepare-events.ts';
import { writeEvents } from './write-events.ts';

/** A single track's answer: its event (or the original of a repeated key), and whether that original is other usage. */
export interface TrackOutcome {
  event: UsageEvent;
  conflict: boolean;
}

interface Pending {
  event: ValidEvent;
  now: Date;
  resolve: (outcome: TrackOutcome) => void;
  reject: (error: unknown) => void;
}

const MAX_GROUP = 1000;
// Per database and config: a batch is decided with one config's plans.
const queues = new WeakMap<object, WeakMap<object, Pending[]>>();

/**
 * Micro-batching for single `track` calls: the first call goes at once; calls
 * arriving while a write is in flight go together with the next one (one read
 * of the customers' plans, one write statement, one commit), so many
 * concurrent single-event requests cost a few batch round trips. Each caller
 * gets its own event (or the original, for a repeated key) exactly as from a
 * write of its own.
 */
export function submitTrack(deps: Deps, event: ValidEvent, now: Date): Promise<TrackOutcome> {
  return new Promise<TrackOutcome>((resolve, reject) => {
    let perDb = queues.get(deps.db);
    if (!perDb) {
      perDb = new WeakMap();
      queues.set(deps.db, perDb);
    }
    const waiting = perDb.get(deps.config);
    if (waiting) {
      waiting.push({ event, now, resolve, reject });
      return;
    }
    const queue: Pending[] = [{ event, now, resolve, reject }];
    perDb.set(deps.config, queue);
    void drain(deps, queue, perDb);
  });
}

async function drain(deps: Deps, queue: Pending[], perDb: WeakMap<object, Pending[]>): Promise<void> {
  while (queue.length > 0) {
    const batch = queue.splice(0, MAX_GROUP);
    try {
      const now = batch[0]?.now ?? deps.clock.now();
      const contexts = await loadCustomerContexts(deps.db, batch.map((p) => p.event.input.customer));
      const prepared = decideEvents(deps, batch.map((p) => p.event), contexts, now);
      // Each caller stands alone: a conflicting key refuses its own call only.
      const written = await writeEvents(deps.db, prepared, now);
      const conflicts = new Set(written.conflicts);
      batch.forEach((p, i) => {
        const event = written.events[i];
        if (event) p.resolve({ event, conflict: conflicts.has(i) });
        else p.reject(new Error('usage: track wrote no event'));
      });
    } catch (error) {
      for (const p of batch) p.reject(error);
    }
  }
  perDb.delete(deps.config);
}
