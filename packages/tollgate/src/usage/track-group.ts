import type { Db } from '../db/connect.ts';
import type { UsageEvent } from './event.ts';
import { type PreparedEvent, writeEvents } from './write-events.ts';

interface Pending {
  event: PreparedEvent;
  now: Date;
  resolve: (event: UsageEvent) => void;
  reject: (error: unknown) => void;
}

const MAX_GROUP = 1000;
const queues = new WeakMap<object, Pending[]>();

/**
 * Micro-batching for single `track` calls: the first call writes at once;
 * calls arriving while a write is in flight are written together by the next
 * one (one statement, one commit), so many concurrent single-event requests
 * cost a few batch writes. Each caller gets its own event (or the original,
 * for a repeated key) exactly as from a write of its own.
 */
export function submitTrack(db: Db, event: PreparedEvent, now: Date): Promise<UsageEvent> {
  return new Promise<UsageEvent>((resolve, reject) => {
    const waiting = queues.get(db);
    if (waiting) {
      waiting.push({ event, now, resolve, reject });
      return;
    }
    const queue: Pending[] = [{ event, now, resolve, reject }];
    queues.set(db, queue);
    void drain(db, queue);
  });
}

async function drain(db: Db, queue: Pending[]): Promise<void> {
  while (queue.length > 0) {
    const batch = queue.splice(0, MAX_GROUP);
    try {
      const written = await writeEvents(db, batch.map((p) => p.event), batch[0]?.now ?? new Date(0));
      batch.forEach((p, i) => {
        const event = written[i];
        if (event) p.resolve(event);
        else p.reject(new Error('usage: track wrote no event'));
      });
    } catch (error) {
      for (const p of batch) p.reject(error);
    }
  }
  queues.delete(db);
}
