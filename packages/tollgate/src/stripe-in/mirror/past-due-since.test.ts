import { eq, sql } from 'drizzle-orm';
import type Stripe from 'stripe';
import { beforeAll, describe, expect, it } from 'vitest';
import { subscriptions } from '../../core/db/schema/subscriptions.ts';
import { migrate } from '../../core/db/migrate.ts';
import { queryRows } from '../../core/db/sql.ts';
import { createTestDatabase, testDriver } from '../../testing/db.ts';
import { createTestDeps } from '../../testing/deps.ts';
import { applyStripeObject } from './apply.ts';
import { applyBatch, type BatchItem } from './batch.ts';
import { runPastDueScenario } from './scenario.test-support.ts';
import { unixSeconds } from '../../core/lib/clock.ts';
import { perSuite } from '../../testing/per-test.test-support.ts';

/** Event times: long before the test's now, so a refetch (dated by the emulator's clock, the test's) is always later. */
const BASE = 1_700_000_000;
const at = (offset: number) => new Date((BASE + offset) * 1000);

type Step = [offset: number, status: Stripe.Subscription.Status];

/**
 * The rule for `subscriptions.past_due_since`: set when a state enters
 * past_due, kept while it stays, cleared when it leaves; older states never
 * move it. The same sequences run on both roads that apply subscriptions:
 * one by one (`applyStripeObject`) and the webhook batch (`applyBatch`, all
 * events in one batch, and one batch per event so every `prev` comes back
 * from the database through the batch's JSON load).
 */
describe(`past_due_since: the mirror rule on both roads (${testDriver()})`, () => {
  const deps = perSuite(createTestDeps);
  let base: Stripe.Subscription;
  let serial = 0;
  beforeAll(async () => {
    // A real subscription, past_due in the emulator: refetches (ties) answer past_due.
    const s = await runPastDueScenario(deps.stripe, {
      externalId: 'user_pd',
      from: { plan: 'pro', amount: 1500 },
      to: { plan: 'business', amount: 4900 },
      frozenTime: unixSeconds(deps.clock.now()),
    });
    base = JSON.parse(JSON.stringify(await deps.stripe.subscriptions.retrieve(s.created.id))) as Stripe.Subscription;
  });

  const items = (steps: Step[]): BatchItem[] =>
    steps.map(([offset, status]) => ({
      object: { ...base, status },
      event: { id: `evt_pd_${++serial}`, created: BASE + offset },
    }));

  const ROADS: Record<string, (items: BatchItem[]) => Promise<void>> = {
    'one by one': async (list) => {
      for (const item of list) await applyStripeObject(deps, item.object, { event: item.event });
    },
    'one batch': async (list) => {
      await deps.db.transaction(async (tx) => void (await applyBatch({ ...deps, db: tx }, list)));
    },
    'a batch per event': async (list) => {
      for (const item of list) await deps.db.transaction(async (tx) => void (await applyBatch({ ...deps, db: tx }, [item])));
    },
  };

  async function after(road: string, steps: Step[]): Promise<{ status: string; pastDueSince: Date | null }> {
    await deps.db.execute(sql`delete from subscription_items`);
    await deps.db.execute(sql`delete from subscriptions`);
    await deps.db.execute(sql`delete from outbox`);
    await (ROADS[road] as (items: BatchItem[]) => Promise<void>)(items(steps));
    const [row] = await deps.db
      .select({ status: subscriptions.status, pastDueSince: subscriptions.pastDueSince })
      .from(subscriptions)
      .where(eq(subscriptions.id, base.id));
    if (!row) throw new Error('the subscription was not mirrored');
    return row;
  }

  const CASES: { name: string; steps: Step[]; status: string; since: Date | null | 'refetch' }[] = [
    {
      name: 'enters',
      steps: [
        [1000, 'active'],
        [2000, 'past_due'],
      ],
      status: 'past_due',
      since: at(2000),
    },
    {
      name: 'stays (a later past_due state keeps the time)',
      steps: [
        [1000, 'active'],
        [2000, 'past_due'],
        [3000, 'past_due'],
      ],
      status: 'past_due',
      since: at(2000),
    },
    {
      name: 'leaves',
      steps: [
        [1000, 'active'],
        [2000, 'past_due'],
        [3000, 'past_due'],
        [4000, 'active'],
      ],
      status: 'active',
      since: null,
    },
    {
      name: 're-enters with the new time',
      steps: [
        [2000, 'past_due'],
        [4000, 'active'],
        [5000, 'past_due'],
      ],
      status: 'past_due',
      since: at(5000),
    },
    {
      name: 'leaves for another status than active',
      steps: [
        [2000, 'past_due'],
        [3000, 'unpaid'],
      ],
      status: 'unpaid',
      since: null,
    },
    { name: 'first seen past_due: from that state', steps: [[3000, 'past_due']], status: 'past_due', since: at(3000) },
    {
      name: 'out of order: an older past_due never comes back after leaving',
      steps: [
        [4000, 'active'],
        [2000, 'past_due'],
        [3000, 'past_due'],
      ],
      status: 'active',
      since: null,
    },
    {
      name: 'out of order: an older entry never moves the time',
      steps: [
        [5000, 'past_due'],
        [4000, 'active'],
        [2000, 'past_due'],
        [1000, 'active'],
      ],
      status: 'past_due',
      since: at(5000),
    },
    {
      name: 'out of order: an older active never clears it',
      steps: [
        [2000, 'past_due'],
        [1000, 'active'],
      ],
      status: 'past_due',
      since: at(2000),
    },
    // The same second as the row: refetched (Stripe says past_due); the state entered keeps the event's time.
    {
      name: 'a duplicate keeps the original time',
      steps: [
        [1000, 'active'],
        [2000, 'past_due'],
        [2000, 'past_due'],
        [3000, 'past_due'],
        [2000, 'past_due'],
      ],
      status: 'past_due',
      since: at(2000),
    },
    {
      name: 'a tie refetched: the entering event dates it, not the refetch',
      steps: [
        [2000, 'active'],
        [2000, 'past_due'],
      ],
      status: 'past_due',
      since: at(2000),
    },
    {
      name: 'a tie refetched: an active event of the same second never restarts it',
      steps: [
        [2000, 'past_due'],
        [2000, 'active'],
      ],
      status: 'past_due',
      since: at(2000),
    },
    // Nothing the mirror received showed it past due: the refetch that found it so dates it.
    {
      name: 'a tie refetched: found past due by the refetch alone',
      steps: [
        [1000, 'active'],
        [2000, 'active'],
        [2000, 'active'],
      ],
      status: 'past_due',
      since: 'refetch',
    },
  ];

  for (const road of Object.keys(ROADS)) {
    it(`${road}: enter, stay, leave, out of order, duplicates`, async () => {
      for (const c of CASES) {
        const before = deps.clock.now().getTime(); // a refetch is dated by Stripe's clock, the test's
        const row = await after(road, c.steps);
        const since = c.since === 'refetch' && row.pastDueSince && row.pastDueSince.getTime() >= before - 1000 ? 'refetch' : row.pastDueSince;
        expect({ case: c.name, status: row.status, since }).toEqual({ case: c.name, status: c.status, since: c.since });
      }
    });
  }

  it('a fetched copy (a command response, a sync) of a subscription still past due keeps the time', async () => {
    await after('one by one', [
      [1000, 'active'],
      [2000, 'past_due'],
    ]);
    const fetched = await deps.stripe.subscriptions.retrieve(base.id);
    expect((await applyStripeObject(deps, fetched)).outcome).toBe('applied');
    const [row] = await deps.db.select().from(subscriptions).where(eq(subscriptions.id, base.id));
    expect(row).toMatchObject({ status: 'past_due', pastDueSince: at(2000) });
    expect(row?.sourceAt).toBeGreaterThan(BASE + 2000);
  });
});

describe(`past_due_since: migration 0007 on a mirror that already has past_due rows (${testDriver()})`, () => {
  it('dates them by their open, failed latest invoice; leaves the rest null', async () => {
    const database = await createTestDatabase();
    try {
      // The mirror as it was before 0007.
      await database.db.execute(sql`alter table subscriptions drop column past_due_since`);
      await database.db.execute(sql`delete from tollgate_migrations where tag = '0007_past_due_since'`);
      const failedAt = 1_790_000_000;
      const invoice = (id: string, status: string, attempts: number, finalizedAt: number | null) => sql`insert into invoices
        (id, stripe_customer_id, subscription_id, status, currency, attempt_count, stripe_created, source_at, raw, created_at, updated_at)
        values (${id}, 'cus_1', null, ${status}, 'usd', ${attempts}, 1, 1,
          ${JSON.stringify({ id, status_transitions: { finalized_at: finalizedAt } })}::jsonb, now(), now())`;
      await database.db.execute(invoice('in_failed', 'open', 1, failedAt));
      await database.db.execute(invoice('in_unattempted', 'open', 0, failedAt));
      await database.db.execute(invoice('in_paid', 'paid', 1, failedAt));
      const subscription = (id: string, status: string, latestInvoice: string | null) => sql`insert into subscriptions
        (id, stripe_customer_id, status, currency, latest_invoice_id, stripe_created, source_at, raw, created_at, updated_at)
        values (${id}, 'cus_1', ${status}, 'usd', ${latestInvoice}, 1, ${failedAt + 30 * 86_400}, '{}'::jsonb, now(), now())`;
      await database.db.execute(subscription('sub_failed', 'past_due', 'in_failed'));
      await database.db.execute(subscription('sub_unattempted', 'past_due', 'in_unattempted'));
      await database.db.execute(subscription('sub_paid', 'past_due', 'in_paid'));
      await database.db.execute(subscription('sub_unknown_invoice', 'past_due', 'in_elsewhere'));
      await database.db.execute(subscription('sub_active', 'active', 'in_failed'));

      expect((await migrate(database.db)).applied).toEqual(['0007_past_due_since']);
      const rows = await queryRows<{ id: string; past_due_since: Date | string | null }>(
        database.db,
        sql`select id, past_due_since from subscriptions order by id`,
      );
      expect(rows.map((r) => [r.id, r.past_due_since === null ? null : new Date(r.past_due_since).getTime()])).toEqual([
        ['sub_active', null],
        ['sub_failed', failedAt * 1000],
        ['sub_paid', null],
        ['sub_unattempted', null],
        ['sub_unknown_invoice', null],
      ]);
    } finally {
      await database.close();
    }
  });
});
