import Stripe from 'stripe';

/** How a sweep retries Stripe calls that failed for a passing reason. */
export interface RetryOptions {
  /** Tries in all, the first included (default 8). */
  attempts?: number;
  /** Delay before the first retry, ms (default 500); doubles each time, with jitter. */
  baseMs?: number;
  /** Largest delay, ms (default 8,000). */
  maxMs?: number;
  /** Waits `ms` (default a timer; tests pass one that only records the delay). */
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1) (default Math.random). */
  random?: () => number;
  /** Called before each retry (progress, logs). */
  onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
}

/** Rate limited (429), Stripe's own failure (5xx) or the connection: worth another try. */
export function isTransientStripeError(error: unknown): boolean {
  if (error instanceof Stripe.errors.StripeConnectionError) return true;
  if (!(error instanceof Stripe.errors.StripeError)) return false;
  const status = error.statusCode ?? 0;
  return status === 429 || status >= 500 || error instanceof Stripe.errors.StripeRateLimitError;
}

const timerSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The delay before retry number `attempt` (1-based): exponential with full jitter over its upper half. */
export function retryDelayMs(attempt: number, options: RetryOptions = {}): number {
  const base = options.baseMs ?? 500;
  const cap = options.maxMs ?? 8_000;
  const ceiling = Math.min(cap, base * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (options.random ?? Math.random)() * (ceiling / 2));
}

/**
 * Runs `call`, retrying transient Stripe failures with exponential backoff;
 * anything else (and the last transient failure) is thrown. `call` must be
 * safe to repeat (reads, and applies that run in their own transaction).
 */
export async function withStripeRetries<T>(call: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = Math.max(1, options.attempts ?? 8);
  const sleep = options.sleep ?? timerSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= attempts || !isTransientStripeError(error)) throw error;
      const delayMs = retryDelayMs(attempt, options);
      options.onRetry?.({ attempt, delayMs, error });
      await sleep(delayMs);
    }
  }
}
