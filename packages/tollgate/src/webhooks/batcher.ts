/**
 * Group commit for webhook deliveries. A delivery starts a batch as soon as
 * the event loop has handled what else arrived with it (one `setImmediate`),
 * when fewer than `concurrency` batches are running, so one event alone
 * waits for nothing; deliveries that arrive while batches run wait and go
 * together in the next one, up to `maxItems`. Under load, batches grow to
 * the number of deliveries in flight and each costs one transaction.
 */
export interface BatcherOptions {
  /** Most items in one batch (default 100). */
  maxItems?: number;
  /** Batches running at once (default 2). */
  concurrency?: number;
  /** Called with each batch's size as it starts (metrics, tests). */
  onBatch?: (size: number) => void;
}

/** After the current turn of the event loop (runtimes without `setImmediate`: a zero timeout). */
const later: (run: () => void) => void =
  typeof setImmediate === 'function' ? (run) => setImmediate(run) : (run) => setTimeout(run, 0);

export function createBatcher<T, R>(
  run: (items: T[]) => Promise<PromiseSettledResult<R>[]>,
  options: BatcherOptions = {},
): (item: T) => Promise<R> {
  const maxItems = options.maxItems ?? 100;
  const concurrency = options.concurrency ?? 2;
  if (!Number.isInteger(maxItems) || maxItems < 1) throw new TypeError('batch.maxItems must be a positive integer');
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new TypeError('batch.concurrency must be a positive integer');
  const queue: { item: T; resolve: (value: R) => void; reject: (reason: unknown) => void }[] = [];
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

  function pump(): void {
    while (running < concurrency && queue.length > 0) {
      const batch = queue.splice(0, maxItems);
      running++;
      options.onBatch?.(batch.length);
      run(batch.map((b) => b.item))
        .then(
          (results) => {
            batch.forEach((b, i) => {
              const result = results[i];
              if (result?.status === 'fulfilled') b.resolve(result.value);
              else b.reject(result ? result.reason : new Error('the batch returned no result for this item'));
            });
          },
          (error: unknown) => {
            for (const b of batch) b.reject(error);
          },
        )
        .finally(() => {
          running--;
          schedule();
        });
    }
  }

  return (item) =>
    new Promise<R>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      schedule();
    });
}
