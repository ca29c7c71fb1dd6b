import type Stripe from 'stripe';
import type { Deps } from '../../core/lib/deps.ts';
import type { HookDraft } from '../../notify/hooks/types.ts';

/** A Stripe object as it reaches the mirror; `deleted` marks a deletion. */
export interface StripeObjectLike {
  id: string;
  object: string;
}

/** A deletion we learnt about without a full object (a 404 on refetch, a `*.deleted` event). */
export interface Gone {
  id: string;
  object: string;
  deleted: true;
}

/** A deletion: a `Gone`, a `Deleted*` object, or an object flagged by a `*.deleted` event. */
export function isGone(object: object): object is Gone {
  return (object as { deleted?: unknown }).deleted === true;
}

export interface MirrorRow {
  sourceAt: number | null;
}

/** Finds the Tollgate customer id of a Stripe customer id (null when unknown). */
export type CustomerLookup = (stripeCustomerId: string | null) => Promise<string | null>;

/**
 * How one kind of Stripe object is mirrored. `applyKind` drives it: lock,
 * load, decide (version and monotonic rank), maybe refetch, save, hooks.
 */
export interface MirrorKind<O extends StripeObjectLike, R extends MirrorRow> {
  name: string;
  load(deps: Deps, id: string): Promise<R | undefined>;
  /**
   * Builds the row; `prev` carries what a deletion or partial object leaves
   * unchanged. `customers` answers from a batch's prefetch (default: a query).
   */
  toRow(deps: Deps, object: O | Gone, prev: R | undefined, customers?: CustomerLookup): Promise<R | null>;
  /**
   * A marker that only ever grows for one object (a canceled subscription
   * never becomes active again; a paid invoice never becomes open).
   */
  rank(row: R): number;
  /**
   * Columns that remember the row's history rather than describe the object
   * (a subscription's `pastDueSince`): filled on `next` from `prev` and `at`,
   * the unix seconds at which Stripe held the state of `next`. When an event
   * in the second of `prev` (a tie) made the mirror refetch, `carried` is the
   * state that event carried, at its `created`: evidence of what held in
   * that second, in an order relative to `prev` that nobody knows. Optional.
   */
  remember?(next: R, prev: R | undefined, at: number, carried?: { row: R; at: number }): void;
  save(deps: Deps, row: R, prev: R | undefined): Promise<void>;
  /** The current object from Stripe; `Gone` when Stripe no longer has it. */
  retrieve(stripe: Stripe, id: string): Promise<O | Gone>;
  hooks(prev: R | undefined, next: R): HookDraft[];
  /**
   * Bookkeeping that follows saved rows in the same transaction (subscriptions:
   * MRR movements, src/metrics): `before` runs ahead of the save with the ids
   * that existed, `after` once they are saved and returns outbox ids by row id.
   */
  ledger?: {
    before(deps: Deps, existingIds: string[]): Promise<unknown>;
    after(deps: Deps, saved: { id: string; eventId: string | null }[]): Promise<Map<string, string[]>>;
  };
}

/** Stripe answered 404 for the object. */
export function isMissing(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    ((error as { statusCode?: unknown }).statusCode === 404 || (error as { code?: unknown }).code === 'resource_missing')
  );
}

export async function retrieveOrGone<O extends StripeObjectLike>(object: string, id: string, load: () => Promise<O>): Promise<O | Gone> {
  try {
    return await load();
  } catch (error) {
    if (isMissing(error)) return { id, object, deleted: true };
    throw error;
  }
}
