import { z } from 'zod';
import { type AppError, appError } from '../lib/errors.ts';
import type { PlanDefinition, SeatSync, TollgateConfig } from './types.ts';

export const MAX_SEATS = 10_000;

export const seatSyncSchema = z.strictObject({
  feature: z.string().min(1),
  minimum: z.number().int().min(1).max(MAX_SEATS).optional(),
  maximum: z.number().int().min(1).max(MAX_SEATS).optional(),
  debounceSeconds: z.number().int().min(0).max(86_400).optional(),
  maxDelaySeconds: z
    .number()
    .int()
    .min(0)
    .max(7 * 86_400)
    .optional(),
});

/** A plan's seat sync with its defaults filled in. */
export interface SeatTerms {
  feature: string;
  minimum: number;
  maximum: number;
  debounceMs: number;
  maxDelayMs: number;
}

export function seatTerms(sync: SeatSync): SeatTerms {
  return {
    feature: sync.feature,
    minimum: sync.minimum ?? 1,
    maximum: sync.maximum ?? MAX_SEATS,
    debounceMs: (sync.debounceSeconds ?? 60) * 1000,
    maxDelayMs: (sync.maxDelaySeconds ?? 3600) * 1000,
  };
}

/** Cross-field rules of a plan's `seatSync`, as [path, message] pairs. */
export function seatSyncProblems(config: TollgateConfig, planKey: string): [string[], string][] {
  const sync = config.plans[planKey]?.seatSync;
  if (!sync) return [];
  const path = ['plans', planKey, 'seatSync'];
  const problems: [string[], string][] = [];
  if (config.plans[planKey]?.perSeat !== true) problems.push([path, 'seat sync needs a per-seat plan (perSeat: true)']);
  const feature = config.features[sync.feature];
  if (!feature) problems.push([[...path, 'feature'], `unknown feature "${sync.feature}" (declare it under features)`]);
  else if (feature.type !== 'gauge')
    problems.push([[...path, 'feature'], `"${sync.feature}" is a ${feature.type} feature: seat sync follows a gauge (the user count)`]);
  const terms = seatTerms(sync);
  if (terms.maximum < terms.minimum) problems.push([[...path, 'maximum'], `maximum (${terms.maximum}) is below minimum (${terms.minimum})`]);
  if (terms.maxDelayMs < terms.debounceMs) problems.push([[...path, 'maxDelaySeconds'], 'maxDelaySeconds must be at least debounceSeconds']);
  return problems;
}

/** An explicit seat count (checkout, a seat change) on a seat-synced plan must lie within its bounds. */
export function seatBoundsProblem(plan: PlanDefinition | undefined, seats: number | undefined, param = 'seats'): AppError | null {
  if (!plan?.seatSync || seats === undefined) return null;
  const { minimum, maximum } = seatTerms(plan.seatSync);
  if (seats < minimum) return appError('validation_failed', `${param} must be at least ${minimum}: the plan's minimum number of seats`, param);
  if (seats > maximum) return appError('validation_failed', `${param} must be at most ${maximum}: the plan's maximum number of seats`, param);
  return null;
}
