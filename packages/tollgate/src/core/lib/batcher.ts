/**
 * Group commit, the one mechanism: items submitted one by one run together,
 * `run(items)` once per batch, each caller getting its own result. While fewer
 * than `concurrency` batches run, a submitted item starts a batch (at once, or
 * after the current turn of the event loop with `gather`); items arriving
 * while batches run wait and go together in the next one, up to `maxItems`.
 * Under load, batches grow to the number of callers in flight and each costs
 * one round trip. Used by webhooks (ingest), check (reads), track, consume
 * and credit debits (writes).
 */
export interface BatcherOptions {
  /** Most items in one batch (default 100). */
  maxItems?: number;
  /** Batches running at once (default 2). */
  concurrency?: number;
  /** Called with each batch's size as it starts (metrics, tests). */
  onBatch?: (size: number) => void;
}

export interface GroupOptions extends BatcherOptions {
  /**
   * When a batch waits one turn of the event loop before it starts, so that
   * items arriving together go in one batch: `none` (a batch starts at once),
   * `first` (only the batch that starts an idle queue), `always` (every batch).
   */
  gather?: 'none' | 'first' | 'always';
  /** Called when nothing waits and nothing runs (a keyed group forgets itself). */
  onIdle?: () => void;
}

export interface Batcher<T, R> {
  submit(item: T): Promise<R>;
  /** Items waiting behind the running batches (what a test stages a race with). */
  waiting(): number;
}

/** After the current turn of the event loop (runtimes without `setImmediate`: a zero timeout). */
const later: (run: () => void) => void = typeof setImmediate === 'function' ? (run) => setImmediate(run) : (run) => setTimeout(run, 0);

interface Pending<T, R> {
  item: T;
  resolve: (value: R) => void;
  reject: (reason: unknown) => void;
}

/** `run` answers one result per item, in order; a missing one rejects its caller, a thrown error the whole batch. */
export function createBatcher<T, R>(run: (items: T[]) => Promise<R[]>, options: GroupOptions = {}): Batcher<T, R> {
  const maxItems = options.maxItems ?? 100;
  const concurrency = options.concurrency ?? 2;
  const gather = options.gather ?? 'always';
  if (!Number.isInteger(maxItems) || maxItems < 1) throw new TypeError('batch.maxItems must be a positive integer');
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new TypeError('batch.concurrency must be a positive integer');
  const queue: Pending<T, R>[] = [];
  let running = 0;
  let scheduled = false;

  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    later(() => {
      scheduled = false;
      pump();
    });
  }

  function settle(batch: Pending<T, R>[], results: R[]): void {
    batch.forEach((b, i) => {
      if (i < results.length) b.resolve(results[i] as R);
      else b.reject(new Error('the batch returned no result for this item'));
    });
  }

  function start(batch: Pending<T, R>[]): Promise<void> {
    try {
      return run(batch.map((b) => b.item)).then(
        (results) => settle(batch, results),
        (error: unknown) => {
          for (const b of batch) b.reject(error);
        },
      );
    } catch (error) {
      for (const b of batch) b.reject(error);
      return Promise.resolve();
    }
  }

  function pump(): void {
    while (running < concurrency && queue.length > 0) {
      const batch = queue.splice(0, maxItems);
      running++;
      options.onBatch?.(batch.length);
      void start(batch).finally(() => {
        running--;
        if (gather === 'always') schedule();
        else pump();
        if (running === 0 && queue.length === 0 && !scheduled) options.onIdle?.();
      });
    }
  }

  return {
    submit: (item) =>
      new Promise<R>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        if (gather === 'none' || (gather === 'first' && running > 0)) pump();
        else schedule();
      }),
    waiting: () => queue.length,
  };
}

/**
 * Batchers by key, each made on first use and forgotten when idle: one group
 * per counter, balance or database, so items of different keys never share
 * a batch.
 */
export function createGroups<T, R>(run: (items: T[]) => Promise<R[]>, options: GroupOptions = {}) {
  const groups = new Map<string, Batcher<T, R>>();
  return {
    submit(key: string, item: T): Promise<R> {
      let group = groups.get(key);
      if (!group) {
        group = createBatcher(run, { ...options, onIdle: () => groups.delete(key) });
        groups.set(key, group);
      }
      return group.submit(item);
    },
    /** Items waiting behind running batches, over every key. */
    waiting(): number {
      let n = 0;
      for (const group of groups.values()) n += group.waiting();
      return n;
    },
  };
}

/** One value per object (a database handle, a config), made on first use, gone with the object. */
export function perObject<K extends object, V>(make: (key: K) => V): (key: K) => V {
  const values = new WeakMap<K, V>();
  return (key) => {
    let value = values.get(key);
    if (value === undefined) {
      value = make(key);
      values.set(key, value);
    }
    return value;
  };
}

/**
 * Concurrent reads of one key share the read in flight: at most one query's
 * age, nothing kept after it settles (every node still reads the database's truth).
 */
export function sharedInFlight<V>(read: (key: string) => Promise<V>): (key: string) => Promise<V> {
  const pending = new Map<string, Promise<V>>();
  return (key) => {
    let value = pending.get(key);
    if (!value) {
      value = read(key).finally(() => pending.delete(key));
      pending.set(key, value);
    }
    return value;
  };
}
