import { type Deps, decrementGauge, incrementGauge, setGauge } from 'tollgate';

/**
 * BlackRoad's side of seat sync: its user management tells Tollgate the
 * customer's user count, and Tollgate keeps the subscription quantity equal to
 * it (debounced, prorated, one Stripe call per burst: see the webhook server's
 * seat sync). `blackroadId` is the customer's BlackRoad id (Tollgate's customer id).
 */
export const addUser = (deps: Deps, blackroadId: string, userId: string) =>
  incrementGauge(deps, { customer: blackroadId, feature: 'users', idempotencyKey: `add:${userId}` });

export const removeUser = (deps: Deps, blackroadId: string, userId: string) =>
  decrementGauge(deps, { customer: blackroadId, feature: 'users', idempotencyKey: `remove:${userId}` });

/** A resync from BlackRoad's own count (a nightly job, or after an import). */
export const setUserCount = (deps: Deps, blackroadId: string, count: number) => setGauge(deps, { customer: blackroadId, feature: 'users', amount: count });
