import type Stripe from 'stripe';
import type { Emulator, RequestFault } from '../core/emulator.ts';

export type FaultKind = 'rate_limit' | 'server_error' | 'drop' | 'latency';

/** What fault injection does; everything is off by default. */
export interface FaultSettings {
  /** Share of matching requests (0..1) that get a fault. */
  rate: number;
  /** Which faults to pick from (one at random per faulted request). */
  kinds: FaultKind[];
  /** Only requests whose path starts with one of these (all API requests when empty). */
  paths: string[];
  /** Added delay for `latency` faults, in milliseconds. */
  latencyMs: number;
  webhooks: {
    /** Share of events delivered twice (same event id). */
    duplicateRate: number;
    /** Deliver events in random order within a window of this many milliseconds (0: in order). */
    shuffleWindowMs: number;
    /** Delay before the first delivery attempt, in milliseconds. */
    delayMs: number;
  };
}

export const DEFAULT_FAULTS: FaultSettings = { rate: 0, kinds: [], paths: [], latencyMs: 0, webhooks: { duplicateRate: 0, shuffleWindowMs: 0, delayMs: 0 } };

export class FaultInjector {
  settings: FaultSettings = structuredClone(DEFAULT_FAULTS);
  /** Counts of injected faults, for the control endpoint. */
  readonly injected: Record<FaultKind | 'webhook_duplicate' | 'webhook_delayed' | 'webhook_shuffled', number> = {
    rate_limit: 0,
    server_error: 0,
    drop: 0,
    latency: 0,
    webhook_duplicate: 0,
    webhook_delayed: 0,
    webhook_shuffled: 0,
  };
  /** Bumped by reset(): a delayed delivery of an earlier generation is dropped. */
  #generation = 0;
  #buffer: (() => void)[] = [];
  #flushTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly random: () => number = Math.random,
    /** Waits on the emulator's clock (a test's clock moves itself instead of waiting). */
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((done) => setTimeout(done, ms).unref()),
  ) {}

  configure(next: FaultSettings): void {
    this.settings = next;
  }

  /** The fault for a request to `path`, or null. Control routes (`/_emulator`) and pages are never faulted. */
  forRequest(path: string): RequestFault | null {
    const s = this.settings;
    if (s.rate <= 0 || s.kinds.length === 0) return null;
    if (!(path.startsWith('/v1/') || path.startsWith('/v2/'))) return null;
    if (s.paths.length > 0 && !s.paths.some((prefix) => path.startsWith(prefix))) return null;
    if (this.random() >= s.rate) return null;
    const kind = s.kinds[Math.floor(this.random() * s.kinds.length)] ?? 'server_error';
    this.injected[kind]++;
    return kind === 'latency' ? { kind, ms: s.latencyMs } : { kind };
  }

  #later(ms: number, run: () => void): void {
    const generation = this.#generation;
    void this.sleep(ms).then(() => {
      if (generation === this.#generation) run();
    });
  }

  /** Schedules a webhook delivery; returns false when no webhook fault is configured (deliver as usual). */
  scheduleWebhook(_event: Stripe.EventBase, send: () => void): boolean {
    const w = this.settings.webhooks;
    if (w.duplicateRate <= 0 && w.shuffleWindowMs <= 0 && w.delayMs <= 0) return false;
    const copies = this.random() < w.duplicateRate ? 2 : 1;
    if (copies === 2) this.injected.webhook_duplicate++;
    const deliver = () => {
      for (let i = 0; i < copies; i++) send();
    };
    if (w.shuffleWindowMs > 0) {
      this.injected.webhook_shuffled++;
      this.#buffer.push(deliver);
      if (!this.#flushTimer) {
        this.#flushTimer = setTimeout(() => this.#flush(), w.shuffleWindowMs + w.delayMs);
        this.#flushTimer.unref();
      }
      return true;
    }
    if (w.delayMs > 0) {
      this.injected.webhook_delayed++;
      this.#later(w.delayMs, deliver);
      return true;
    }
    deliver();
    return true;
  }

  #flush(): void {
    this.#flushTimer = null;
    const batch = this.#buffer;
    this.#buffer = [];
    for (let i = batch.length - 1; i > 0; i--) {
      const j = Math.floor(this.random() * (i + 1));
      [batch[i], batch[j]] = [batch[j]!, batch[i]!];
    }
    for (const deliver of batch) deliver();
  }

  /** Turns everything off and drops scheduled deliveries. */
  reset(): void {
    this.settings = structuredClone(DEFAULT_FAULTS);
    this.#generation++;
    if (this.#flushTimer) clearTimeout(this.#flushTimer);
    this.#flushTimer = null;
    this.#buffer = [];
  }
}

const injectors = new WeakMap<Emulator, FaultInjector>();

/** The emulator's fault injector (created on first use, off). */
export function faultsOf(em: Emulator): FaultInjector {
  let injector = injectors.get(em);
  if (!injector) {
    injector = new FaultInjector(Math.random, (ms) => em.sleep(ms));
    injectors.set(em, injector);
    em.onClose(() => injector?.reset());
  }
  return injector;
}
