import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { planPriceLookupKey } from '../../core/config/stripe-keys.ts';
import { outbox } from '../../core/db/schema/outbox.ts';
import { planMigrationItems, planMigrations } from '../../core/db/schema/plan-migrations.ts';
import { subscriptions } from '../../core/db/schema/subscriptions.ts';
import { unwrap } from '../../core/lib/result.ts';
import { pushConfig } from '../push/push.ts';
import { createTestDeps } from '../../testing/deps.ts';
import { migratePlan } from './migrate.ts';
import { previewPlanMigration } from './preview-migration.ts';
import { subscribeAt, v2Config } from './test-support.ts';
import { perTest } from '../../testing/per-test.test-support.ts';

const SUBSCRIBERS = 200;
const FAILING = 'cust_007';
const customer = (i: number) => `cust_${String(i).padStart(3, '0')}`;

describe('plans migrate: 200 subscribers from v1 to v2', () => {
  const deps = perTest(() => createTestDeps({ config: v2Config }));
  beforeEach(async () => {
    unwrap(await pushConfig(deps, { apply: true }));
  });

  it(
    'previews each, then moves each once across an interruption, at the rate asked, reporting a refused card without stopping',
    { timeout: 300_000 },
    async () => {
      const subs = new Map<string, string>();
      for (let i = 0; i < SUBSCRIBERS; i++) {
        const sub = await subscribeAt(deps, customer(i), 1);
        subs.set(customer(i), sub.id);
      }
      // One customer's card starts failing: a move now (prorated, paid first) is refused for them alone.
      const failingSub = subs.get(FAILING) ?? '';
      const failingCustomer = (await deps.stripe.subscriptions.retrieve(failingSub)).customer as string;
      const bad = await deps.stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: failingCustomer });
      await deps.stripe.subscriptions.update(failingSub, { default_payment_method: bad.id });

      // Dry run: every subscriber with Stripe's prorated preview and the MRR change; nothing written, nothing moved.
      const preview = unwrap(await previewPlanMigration(deps, { plan: 'pro', from: 'v1', to: 'v2', at: 'now' }, { ratePerSecond: 50 }));
      expect(preview.customers).toHaveLength(SUBSCRIBERS);
      expect(preview.failed).toBe(0);
      for (const line of preview.customers) {
        expect(line).toMatchObject({ currency: 'usd', mrrBefore: 1500, mrrAfter: 2000, mrrChange: 500 });
        expect(line.prorationAmount).toBeGreaterThan(0);
        expect(line.prorationAmount).toBeLessThanOrEqual(500);
      }
      expect(preview.totals).toEqual([{ currency: 'usd', mrrBefore: SUBSCRIBERS * 1500, mrrAfter: SUBSCRIBERS * 2000, mrrChange: SUBSCRIBERS * 500 }]);
      expect(await deps.db.select().from(planMigrations)).toEqual([]);
      const v1 = (await deps.stripe.prices.list({ lookup_keys: [planPriceLookupKey('pro', 'month', 1)] })).data[0]?.id;
      expect((await deps.stripe.subscriptions.retrieve(subs.get(customer(0)) ?? '')).items.data[0]?.price.id).toBe(v1);

      // The run is interrupted after 80 subscribers (Ctrl-C), at 5 a second of the injected clock.
      const seconds = new Map<number, number>();
      const paced = () => {
        const second = Math.floor(deps.clock.now().getTime() / 1000);
        seconds.set(second, (seconds.get(second) ?? 0) + 1);
      };
      const stop = new AbortController();
      const started = deps.clock.now().getTime();
      const first = unwrap(
        await migratePlan(
          deps,
          { plan: 'pro', from: 'v1', to: 'v2', at: 'now' },
          {
            ratePerSecond: 5,
            signal: stop.signal,
            onProgress: (p) => {
              paced();
              if (p.done === 80) stop.abort();
            },
          },
        ),
      );
      expect(first).toMatchObject({ resumed: false, total: SUBSCRIBERS, interrupted: true });
      // Subscribers go in subscription id order: the failing card may be among the first 80.
      expect(first.failures.map((f) => f.customer)).toEqual(first.failures.length > 0 ? [FAILING] : []);
      expect(first.moved + first.failures.length).toBe(80);
      const items = async () => deps.db.select().from(planMigrationItems).where(eq(planMigrationItems.migrationId, first.migrationId));
      expect((await items()).filter((i) => i.status === 'pending')).toHaveLength(120);

      expect(Math.max(...seconds.values())).toBeLessThanOrEqual(5);
      // Resumed (a new run, a new limiter: counted on its own): the same command carries on; the failing card is reported and the rest are moved.
      seconds.clear();
      const second = unwrap(await migratePlan(deps, { plan: 'pro', from: 'v1', to: 'v2', at: 'now' }, { ratePerSecond: 5, onProgress: paced }));
      expect(second).toMatchObject({ migrationId: first.migrationId, resumed: true, total: SUBSCRIBERS, moved: SUBSCRIBERS - 1, interrupted: false });
      expect(second.failures.map((f) => [f.customer, f.subscription])).toEqual([[FAILING, failingSub]]);
      expect(second.failures[0]?.error).toMatch(/^payment_failed: /);
      expect(Math.max(...seconds.values())).toBeLessThanOrEqual(5);
      expect(deps.clock.now().getTime() - started).toBeGreaterThanOrEqual(((SUBSCRIBERS - 1) / 5) * 1000);

      // Each subscriber was attempted once and moved once: one prorated invoice each, on the v2 price.
      const after = await items();
      expect(after.filter((i) => i.attempts !== 1).map((i) => i.customer)).toEqual(first.failures.length > 0 ? [FAILING] : []);
      const v2 = (await deps.stripe.prices.list({ lookup_keys: [planPriceLookupKey('pro', 'month', 2)] })).data[0]?.id;
      for (const [name, id] of subs) {
        const sub = await deps.stripe.subscriptions.retrieve(id);
        const updates = (await deps.stripe.invoices.list({ subscription: id, limit: 100 })).data.filter((i) => i.billing_reason === 'subscription_update');
        if (name === FAILING) {
          expect(sub.items.data[0]?.price.id).toBe(v1);
          continue;
        }
        expect(sub.items.data[0]?.price.id).toBe(v2);
        expect(updates).toHaveLength(1);
      }
      const mirrored = await deps.db.select().from(subscriptions);
      expect(mirrored.filter((s) => s.planVersion === 2)).toHaveLength(SUBSCRIBERS - 1);

      // The card is fixed; running the move again retries only the failed one, and the migration completes.
      const good = await deps.stripe.paymentMethods.attach('pm_card_visa', { customer: failingCustomer });
      await deps.stripe.subscriptions.update(failingSub, { default_payment_method: good.id });
      const third = unwrap(await migratePlan(deps, { plan: 'pro', from: 'v1', to: 'v2', at: 'now' }));
      expect(third).toMatchObject({ resumed: true, moved: SUBSCRIBERS, failures: [] });
      expect((await deps.db.select().from(planMigrations))[0]).toMatchObject({ status: 'completed' });
      expect((await items()).filter((i) => i.attempts > 1).map((i) => i.customer)).toEqual([FAILING]);
      // The retry paid the pending change's invoice: one prorated invoice, paid, no second charge.
      expect((await deps.stripe.subscriptions.retrieve(failingSub)).items.data[0]?.price.id).toBe(v2);
      const retried = (await deps.stripe.invoices.list({ subscription: failingSub })).data.filter((i) => i.billing_reason === 'subscription_update');
      expect(retried.map((i) => i.status)).toEqual(['paid']);
      // Each move is a plan change for the app's hooks (same plan, another version).
      const changes = await deps.db.select().from(outbox).where(eq(outbox.type, 'plan.changed'));
      expect(changes).toHaveLength(SUBSCRIBERS);
      const previous = changes.map((c) => (c.payload as { previous: { planKey: string; planVersion: number } }).previous);
      expect(previous.every((p) => p.planKey === 'pro' && p.planVersion === 1)).toBe(true);
      // Nobody is left on v1: a new run has nothing to move.
      expect(unwrap(await migratePlan(deps, { plan: 'pro', from: 'v1', to: 'v2', at: 'now' }))).toMatchObject({ resumed: false, total: 0, moved: 0 });
    },
  );
});
