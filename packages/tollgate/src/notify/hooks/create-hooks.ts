import type { Deps } from '../../core/lib/deps.ts';
import { startPeriodic } from '../../core/lib/periodic.ts';
import { type DrainOptions, type DrainResult, drainOutbox } from './drain-outbox.ts';
import type { HookMessage, HookType } from './types.ts';

export type HookHandler<K extends HookType> = (message: HookMessage<K>) => Promise<void> | void;

export interface Hooks {
  /** Registers a handler; returns a function that removes it. */
  on<K extends HookType>(type: K, handler: HookHandler<K>): () => void;
  /** Runs every handler for the message's type; throws if one does (the message is retried). */
  dispatch(message: HookMessage): Promise<void>;
}

/** The app's typed hook handlers. Handlers may run more than once per message: deduplicate on `message.id`. */
export function createHooks(): Hooks {
  const handlers = new Map<HookType, HookHandler<HookType>[]>();
  return {
    on(type, handler) {
      const list = handlers.get(type) ?? [];
      list.push(handler as HookHandler<HookType>);
      handlers.set(type, list);
      return () => {
        const current = handlers.get(type) ?? [];
        handlers.set(
          type,
          current.filter((h) => h !== (handler as HookHandler<HookType>)),
        );
      };
    },
    async dispatch(message) {
      for (const handler of handlers.get(message.type) ?? []) await handler(message);
    },
  };
}

export interface HookWorker {
  /** Drains once now (also what the timer does). */
  drain(): Promise<DrainResult>;
  stop(): Promise<void>;
}

/**
 * Delivers the outbox to in-process handlers (consumer `hooks`) every
 * `intervalMs`, draining batches until none is left each time.
 */
export function startHookWorker(deps: Deps, hooks: Hooks, options: Partial<DrainOptions> & { intervalMs?: number } = {}): HookWorker {
  const drainOptions: DrainOptions = { ...options, consumer: options.consumer ?? 'hooks' };
  let stopped = false;
  const drainAll = async (): Promise<DrainResult> => {
    const total: DrainResult = { delivered: 0, failed: 0, dead: 0 };
    for (;;) {
      const r = await drainOutbox(deps, (m) => hooks.dispatch(m), drainOptions);
      total.delivered += r.delivered;
      total.failed += r.failed;
      total.dead += r.dead;
      if (r.delivered + r.failed + r.dead < (drainOptions.batchSize ?? 100) || stopped) return total;
    }
  };
  const task = startPeriodic(drainAll, { intervalMs: options.intervalMs ?? 1000, firstAfterMs: 0, log: deps.log, failure: 'hook worker failed' });
  return {
    drain: () => task.runOnce(),
    async stop() {
      stopped = true;
      await task.stop();
    },
  };
}
