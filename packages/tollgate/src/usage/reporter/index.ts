// Reporting billable usage to Stripe Billing Meters.
export { backoffMs, eventTimestamp, isTooLate, meterIdentifier } from './meter-event.ts';
export { planMeterReports, type PlanOptions, type PlanResult } from './plan-reports.ts';
export { createRateLimiter, type RateLimiter, type RateLimiterOptions } from './rate-limiter.ts';
export { createReporter, type Reporter, type ReporterOptions, type ReportRound } from './run-reporter.ts';
export { isDuplicateIdentifier, isRetryable, sendMeterReports, type SendOptions, type SendResult } from './send-reports.ts';
export { createMeterEventStream, MAX_STREAM_EVENTS, type MeterEventStream, type MeterEventStreamOptions, type StreamEvent } from './meter-event-stream.ts';
export { reportsThroughStream } from './send-reports.ts';
