import type { Deps } from '../../core/lib/deps.ts';
import { createWorkerLease, type WorkerLease } from '../../core/lib/worker-lease.ts';
import { planMeterReports, type PlanOptions, type PlanResult } from './plan-reports.ts';
import { createMeterEventStream } from './meter-event-stream.ts';
import { createRateLimiter, type RateLimiter } from './rate-limiter.ts';
import { sendMeterReports, type SendResult } from './send-reports.ts';

export interface ReporterOptions extends PlanOptions {
  /** Stripe calls per second at most (default 100, Stripe's general limit). */
  ratePerSecond?: number;
  /** Pause between rounds when there is nothing left to do (default 10 s). */
  intervalMs?: number;
  limiter?: RateLimiter;
  /** Reports claimed and sent per round (default 500). */
  sendBatchSize?: number;
  /**
   * Base URL of the v2 meter event stream, for features with
   * `reporting: 'stream'`. Default: meter-events.stripe.com when `deps.stripe`
   * talks to api.stripe.com, else the client's own host (the stripe-emulator).
   */
  meterEventsUrl?: string;
  /**
   * The running loop (`start`) reports only while it holds this lease, so a
   * database served by many nodes has one reporter: one rate limit and at most
   * one call in flight per customer and meter. Default: the `usage_reporter`
   * lease (60 s, renewed every round); `false` runs without one.
   */
  lease?: WorkerLease | false;
}

export type ReportRound = PlanResult & SendResult;

export interface Reporter {
  /** One round: plan what is billable and unreported, then send what is due (whoever holds the lease: for one-off runs and tests). */
  runOnce(): Promise<ReportRound>;
  /** Rounds until stopped, while this reporter holds the lease; otherwise it waits, trying again every `intervalMs`. */
  start(): void;
  /** Stops after the round in progress and gives the lease up. */
  stop(): Promise<void>;
  /** Turns of the running loop so far (a round, or a try for the lease another process holds). */
  turns(): number;
}

/**
 * The usage reporter: aggregates billable (overage) usage per customer x
 * meter x window into meter events with deterministic identifiers and sends
 * them to Stripe Billing Meters. Its cursor lives in the database (counters'
 * `reported` column and `meter_reports`), so a restart resumes where it was.
 */
export function createReporter(deps: Deps, options: ReporterOptions = {}): Reporter {
  const limiter =
    options.limiter ??
    createRateLimiter({ ratePerSecond: options.ratePerSecond ?? 100, now: () => deps.clock.now().getTime(), sleep: (ms) => deps.clock.sleep(ms) });
  // One stream per reporter: its session token lives across rounds until it expires.
  const stream = createMeterEventStream(deps, limiter, options.meterEventsUrl ? { baseUrl: options.meterEventsUrl } : {});
  const lease = options.lease === false ? undefined : (options.lease ?? createWorkerLease(deps, 'usage_reporter'));
  let running: Promise<void> | null = null;
  let stopping = false;
  let wake: (() => void) | null = null;
  let turns = 0;

  async function runOnce(): Promise<ReportRound> {
    const planned = await planMeterReports(deps, options);
    const sent = await sendMeterReports(deps, { limiter, stream, ...(options.sendBatchSize ? { batchSize: options.sendBatchSize } : {}) });
    return { ...planned, ...sent };
  }

  async function loop(): Promise<void> {
    while (!stopping) {
      let busy = false;
      try {
        // Another process holds the lease: it reports; this one waits its turn.
        if (!lease || (await lease.acquire())) {
          const round = await runOnce();
          busy = round.planned > 0 || round.sent > 0;
        }
      } catch (error) {
        deps.log.error('usage: reporter round failed', { error: error instanceof Error ? error.message : String(error) });
      }
      turns++;
      if (!busy && !stopping) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, options.intervalMs ?? 10_000);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = null;
      }
    }
    try {
      await lease?.release();
    } catch (error) {
      // It expires on its own; the next holder waits for that.
      deps.log.warn('usage: reporter lease not released', { error: error instanceof Error ? error.message : String(error) });
    }
  }

  return {
    runOnce,
    start() {
      if (running) return;
      stopping = false;
      running = loop();
    },
    async stop() {
      stopping = true;
      wake?.();
      await running;
      running = null;
    },
    turns: () => turns,
  };
}
