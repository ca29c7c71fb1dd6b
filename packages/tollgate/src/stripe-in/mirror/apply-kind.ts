import { enqueueHooks } from '../../notify/hooks/enqueue.ts';
import { unixSeconds } from '../../core/lib/clock.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { fetchedAt } from './fields.ts';
import type { CustomerLookup, MirrorKind, MirrorRow, StripeObjectLike } from './kind.ts';
import { lockKeys, objectLockKeys } from './lock.ts';
import { alteredNote, storable } from './storable.ts';

/** Where an object came from. */
export interface ApplySource {
  /** The event that carried it (webhooks, replays). Its `created` orders it. */
  event?: { id: string; created: number } | undefined;
  /** For a fetched object: unix seconds of Stripe's state. Default: the response's Date header, else the clock. */
  fetchedAt?: number | undefined;
  /** Allow a refetch from Stripe when the order is in doubt (default true). */
  refetch?: boolean | undefined;
}

export type ApplyOutcome = 'applied' | 'stale' | 'ignored';

export interface ApplyResult {
  outcome: ApplyOutcome;
  object: string;
  id: string;
  /** True when the order was in doubt and the object was refetched from Stripe. */
  refetched: boolean;
  /** Outbox ids of the hooks the change caused. */
  hooks: string[];
}

type Verdict = 'apply' | 'skip' | 'refetch';

/**
 * The ordering rule. A row never moves to a lower rank (a canceled
 * subscription stays canceled). A fetched object is current: it applies. An
 * event applies when it is newer than what the row last saw, is skipped when
 * older, and on a tie (same second) is refetched unless its rank proves it newer.
 */
export function decide(prevAt: number | null, prevRank: number, at: number, rank: number, fromEvent: boolean): Verdict {
  if (prevAt === null) return 'apply';
  if (rank < prevRank) return 'skip';
  if (!fromEvent) return 'apply';
  if (at > prevAt) return 'apply';
  if (at < prevAt) return 'skip';
  return rank > prevRank ? 'apply' : 'refetch';
}

/** What applying an object to `prev` comes to (before anything is written). */
export interface Evaluation<R> {
  outcome: ApplyOutcome;
  /** The row to save when `outcome` is `applied`. */
  next?: R;
  refetched: boolean;
}

/**
 * Builds the object's row and runs the ordering rule against `prev` (maybe
 * refetching from Stripe). Writes nothing: `applyKind` and the webhook batch
 * (mirror/batch.ts) save and enqueue hooks themselves.
 */
export async function evaluateKind<O extends StripeObjectLike, R extends MirrorRow>(
  deps: Deps,
  kind: MirrorKind<O, R>,
  object: O,
  prev: R | undefined,
  source: ApplySource,
  customers?: CustomerLookup,
): Promise<Evaluation<R>> {
  let at = source.event?.created ?? source.fetchedAt ?? fetchedAt(object, deps.clock);
  let next = await kind.toRow(deps, object, prev, customers);
  if (next === null) return { outcome: 'ignored', refetched: false };
  const carried = { row: next, at };
  const prevRank = prev ? kind.rank(prev) : -1;
  let verdict = decide(prev?.sourceAt ?? null, prevRank, at, kind.rank(next), source.event !== undefined);
  let refetched = false;
  if (verdict === 'refetch') {
    if (source.refetch === false) {
      verdict = 'skip';
    } else {
      const fresh = await retrieveStorable(deps, kind, object.id);
      refetched = true;
      at = Math.max(at, 'lastResponse' in fresh ? fetchedAt(fresh, deps.clock) : unixSeconds(deps.clock.now()));
      next = await kind.toRow(deps, fresh, prev, customers);
      verdict = next === null || kind.rank(next) < prevRank ? 'skip' : 'apply';
    }
  }
  if (verdict === 'skip' || next === null) return { outcome: 'stale', refetched };
  next.sourceAt = Math.max(prev?.sourceAt ?? 0, at);
  kind.remember?.(next, prev, next.sourceAt, refetched ? carried : undefined);
  return { outcome: 'applied', next, refetched };
}

/** The current object from Stripe, with what Postgres cannot store replaced (logged). */
async function retrieveStorable<O extends StripeObjectLike, R extends MirrorRow>(deps: Deps, kind: MirrorKind<O, R>, id: string) {
  const fetched = await kind.retrieve(deps.stripe, id);
  const cleaned = storable(fetched);
  if (cleaned.altered.length === 0) return fetched;
  deps.log.warn('stripe object stored altered', { object: kind.name, id, note: alteredNote(cleaned.altered) });
  return cleaned.value;
}

/** Runs one kind's apply; `deps.db` must be a transaction. */
export async function applyKind<O extends StripeObjectLike, R extends MirrorRow>(
  deps: Deps,
  kind: MirrorKind<O, R>,
  object: O,
  source: ApplySource,
): Promise<ApplyResult> {
  const result: ApplyResult = { outcome: 'ignored', object: object.object, id: object.id, refetched: false, hooks: [] };
  await lockKeys(deps, objectLockKeys(kind.name, object));
  const prev = await kind.load(deps, object.id);
  const evaluation = await evaluateKind(deps, kind, object, prev, source);
  result.refetched = evaluation.refetched;
  if (evaluation.outcome !== 'applied' || !evaluation.next) return { ...result, outcome: evaluation.outcome };
  if (prev && kind.ledger) await kind.ledger.before(deps, [object.id]);
  await kind.save(deps, evaluation.next, prev);
  result.hooks = await enqueueHooks(deps, kind.hooks(prev, evaluation.next), source.event?.id ?? null);
  if (kind.ledger) {
    const ledgerHooks = await kind.ledger.after(deps, [{ id: object.id, eventId: source.event?.id ?? null }]);
    result.hooks.push(...(ledgerHooks.get(object.id) ?? []));
  }
  return { ...result, outcome: 'applied' };
}
