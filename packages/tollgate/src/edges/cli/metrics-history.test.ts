import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscriptions } from '../../core/db/schema/subscriptions.ts';
import { createTestDeps, type TestDeps } from '../../testing/deps.ts';
import { runTollgate } from './test-support.ts';

describe('tollgate metrics: backfill, movements, mrr --history', () => {
  let deps: TestDeps;
  const tollgate = (args: string[]) => runTollgate(args, { env: { INIT_CWD: '/nonexistent-tollgate-project' }, database: deps.database, clock: deps.clock });
  beforeAll(async () => {
    deps = await createTestDeps({ stripe: false, now: '2026-03-10T12:00:00Z' });
  });
  afterAll(() => deps.close());

  it('backfills the mirror at start, lists movements and prints the daily series', async () => {
    const now = deps.clock.now();
    const base = { status: 'active', currency: 'usd', interval: 'month', intervalCount: 1, quantity: 1, sourceAt: 0, raw: {}, createdAt: now, updatedAt: now };
    await deps.db.insert(subscriptions).values([
      { ...base, id: 'sub_a', stripeCustomerId: 'cus_a', planKey: 'pro', amount: 1500, stripeCreated: Date.parse('2026-03-08T09:00:00Z') / 1000 },
      {
        ...base,
        id: 'sub_b',
        stripeCustomerId: 'cus_b',
        planKey: 'business',
        amount: 4900,
        stripeCreated: Date.parse('2026-03-01T09:00:00Z') / 1000,
        status: 'canceled',
        endedAt: new Date('2026-03-09T10:00:00Z'),
      },
    ]);
    // Any admin command migrates and backfills first; the explicit one then finds nothing left.
    expect((await tollgate(['metrics', 'backfill'])).stdout).toBe('0 movements written.\n');
    const moves = JSON.parse((await tollgate(['metrics', 'movements', '--json'])).stdout) as { kind: string; amount: number; subscriptionId: string }[];
    expect(moves.map((m) => [m.subscriptionId, m.kind, m.amount])).toEqual([
      ['sub_b', 'churn', -4900],
      ['sub_a', 'new', 1500],
      ['sub_b', 'new', 4900],
    ]);
    const history = await tollgate(['metrics', 'mrr', '--history', '--from', '2026-03-07', '--to', '2026-03-10']);
    expect(history.stdout).toBe(
      [
        'USD',
        'DATE        MRR     SUBSCRIBERS  NEW     EXPANSION  CONTRACTION  CHURN    REACTIVATION',
        '2026-03-07  $49.00            1',
        '2026-03-08  $64.00            2  $15.00',
        '2026-03-09  $15.00            1                                  -$49.00',
        '2026-03-10  $15.00            1',
        '',
      ].join('\n'),
    );
    const pro = JSON.parse(
      (await tollgate(['metrics', 'mrr', '--history', '--plan', 'business', '--from', '2026-03-09', '--to', '2026-03-09', '--json'])).stdout,
    ) as { series: { days: { mrr: number }[] }[] };
    expect(pro.series[0]?.days).toEqual([expect.objectContaining({ mrr: 0, churn: -4900 })]);
    const bad = await tollgate(['metrics', 'mrr', '--history', '--from', '2026-03-09', '--to', '2026-03-01']);
    expect([bad.code, bad.stderr]).toEqual([2, 'tollgate metrics mrr: to must not be before from (to)\n']);
  });
});
