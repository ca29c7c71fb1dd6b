import type { Db } from '../../core/db/connect.ts';
import { createGroups, perObject } from '../../core/lib/batcher.ts';
import { retryRefusedAfter } from '../ledger/retry-refused.ts';
import { DEBIT, DEBIT_ORIGINALS } from './debit-sql.ts';
import type { LedgerRow } from './ledger-row.ts';

/** One debit, priced: the balance, the spend window and the terms it is decided under. */
export interface DebitRequest {
  id: string;
  customer: string;
  system: string;
  feature: string;
  units: number;
  /** Micro-credits. */
  cost: number;
  idempotencyKey: string;
  properties: Record<string, unknown> | null;
  /** Micro-credits the balance may go below zero. */
  overdraft: number;
  spendWindow: string;
  /** The plan's default cap (micro-credits), null for none. */
  planCap: number | null;
  now: Date;
}

/** The balance around one decision (micro-credits). */
export interface DebitState {
  balance: number;
  spent: number;
  cap: number | null;
}

export type DebitOutcome =
  | (DebitState & { kind: 'inserted'; balanceBefore: number; threshold: number | null; topupSeq: number | null })
  | (DebitState & { kind: 'duplicate'; row: LedgerRow })
  | (DebitState & { kind: 'refused'; reason: 'insufficient_credits' | 'spend_cap_reached' });

const MAX_GROUP = 256;
// `gather: 'first'`: one turn of the event loop before a balance's first statement, so debits arriving
// together (a wave of requests whose reads settled at once) go in one statement, not one alone and the rest after.
const groups = perObject((db: Db) => createGroups((reqs: DebitRequest[]) => flushGroup(db, reqs), { maxItems: MAX_GROUP, concurrency: 1, gather: 'first' }));

/**
 * Group commit for debits of one balance, as for consumes of one counter
 * (usage/consume-group.ts): the first debit runs at once; debits arriving
 * while it runs wait and then go together, in arrival order, in ONE statement
 * (one row lock, one commit). Decisions are exactly those of running them one
 * by one; the row lock makes the balance exact across processes.
 */
export function submitDebit(db: Db, req: DebitRequest): Promise<DebitOutcome> {
  const key = `${req.customer}\u0000${req.system}\u0000${req.overdraft}\u0000${req.spendWindow}\u0000${req.planCap}`;
  return groups(db).submit(key, req);
}

/** Debits waiting behind a running group on `db` (what a test stages a race with). */
export function waitingDebits(db: Db): number {
  return groups(db).waiting();
}

const num = (v: string | number | null): number | null => (v === null ? null : Number(v));

async function flushGroup(db: Db, reqs: DebitRequest[]): Promise<DebitOutcome[]> {
  const first = reqs[0]!;
  const payload = JSON.stringify(reqs.map((r, o) => ({ o, i: r.id, k: r.idempotencyKey, f: r.feature, u: r.units, c: r.cost, p: r.properties })));
  const rows = await DEBIT.rows(db, [first.customer, first.system, payload, first.now.toISOString(), first.overdraft, first.spendWindow, first.planCap]);
  const head = rows[0];
  if (!head || head.start_avail === null) throw new Error(`credits: balance row ${first.customer}/${first.system} missing`);
  const inserted = new Set(reqs.filter((_, o) => rows[o]?.inserted === true).map((r) => r.id));
  const cap = num(head.cap);
  const threshold = num(head.thr);
  const originals = await findOriginals(
    db,
    first.customer,
    reqs.filter((r, o) => r.idempotencyKey !== r.id && !(rows[o]?.ok && inserted.has(r.id))),
  );
  // A phantom: the walk counted a debit whose key another process inserted and committed while this
  // statement waited for the row lock (its snapshot predates that commit), so the insert skipped it.
  // The balance after it is understated by its cost, and a refusal after it may be wrong: those go again.
  let phantom = 0;
  let phantomSpend = 0;
  let firstPhantom = -1;
  let state: DebitState = { balance: Number(head.start_avail), spent: Number(head.start_spent), cap };
  // Auto top-up crossings among the inserted debits, numbered as the statement counted them.
  const crossings: number[] = [];
  const outcomes = reqs.map((r, o): DebitOutcome => {
    const row = rows[o]!;
    if (row.ok && !inserted.has(r.id)) {
      phantom += r.cost;
      phantomSpend += r.cost;
      if (firstPhantom < 0) firstPhantom = o;
    }
    const before = state;
    state = { balance: Number(row.avail) + phantom, spent: Number(row.spent) - phantomSpend, cap };
    if (row.ok && inserted.has(r.id)) {
      const crossed = threshold !== null && before.balance >= threshold && state.balance < threshold;
      if (crossed) crossings.push(o);
      return { kind: 'inserted', ...state, balanceBefore: before.balance, threshold, topupSeq: null };
    }
    const original = originals.get(r.idempotencyKey);
    if (original) return { kind: 'duplicate', ...state, row: original };
    const short = before.balance - r.cost < -r.overdraft;
    return { kind: 'refused', ...before, reason: short ? 'insufficient_credits' : 'spend_cap_reached' };
  });
  const lastSeq = num(head.topup_seq);
  if (lastSeq !== null) {
    crossings.forEach((o, i) => {
      const outcome = outcomes[o]!;
      if (outcome.kind === 'inserted') outcome.topupSeq = lastSeq - crossings.length + 1 + i;
    });
  }
  if (firstPhantom < 0) return outcomes;
  return retryRefusedAfter(reqs, outcomes, firstPhantom, (again) => flushGroup(db, again));
}

/** The ledger rows of the keys that were not inserted: earlier debits, a sibling in the group, or another process's. */
async function findOriginals(db: Db, customer: string, reqs: DebitRequest[]): Promise<Map<string, LedgerRow>> {
  const out = new Map<string, LedgerRow>();
  const keys = reqs.map((r) => r.idempotencyKey);
  if (keys.length === 0) return out;
  const found = await DEBIT_ORIGINALS.rows(db, [customer, JSON.stringify(keys)]);
  for (const row of found) out.set(row.idempotency_key, row);
  return out;
}
