// Metered usage: the ledger, window counters, atomic consume, gauges, reversal.
export { consume, type ConsumeInput, type ConsumeResult } from './consume.ts';
export type { TrackInput, UsageEvent } from './event.ts';
export { track } from './track.ts';
export { recordItemUsage, type RecordItemUsageInput } from './record-item-usage.ts';
export { MAX_BATCH_EVENTS, trackBatch, type TrackBatchResult } from './track-batch.ts';
export { reversalKey } from './event.ts';
export { reverseUsage, type ReverseInput } from './reverse.ts';
export type { GaugeInput, GaugeValue } from './gauge.ts';
export { setGauge } from './set-gauge.ts';
export { incrementGauge } from './increment-gauge.ts';
export { decrementGauge } from './decrement-gauge.ts';
export { getUsage, type CustomerUsage, type GetUsageInput } from './get-usage.ts';
export { getUsageHistory, type UsageHistory, type UsageHistoryInput } from './history.ts';
