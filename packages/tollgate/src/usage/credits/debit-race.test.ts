import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { unwrap } from '../../core/lib/result.ts';
import { testDriver } from '../../testing/db.ts';
import { createTestDeps } from '../../testing/deps.ts';
import { consume } from '../ledger/consume.ts';
import { grantCredits } from './grant.ts';
import { creditsTestConfig } from './fixtures.test-support.ts';
import { perTest } from '../../testing/per-test.test-support.ts';
import { pidOf, sessions, waitForLockWait } from '../../testing/pg-sessions.test-support.ts';

describe('a debit racing another process on one balance (postgres)', () => {
  const deps = perTest(() => createTestDeps({ config: creditsTestConfig, stripe: false }));
  const others = perTest(() => sessions(deps, 2));

  it.skipIf(testDriver() !== 'postgres')(
    'a debit that waited for the balance reads the grants as the other process left them, not as its snapshot saw them',
    async () => {
      const grant = unwrap(await grantCredits(deps, { customer: 'r', amount: 30 }));
      const [admin, other] = others.clients as [pg.Client, pg.Client];
      const pid = await pidOf(other);
      // The other process holds the balance and spends 20 of the 30 (as its own debit statement would).
      await other.query('begin');
      await other.query(`select debt from credit_balances where customer_id = 'r' for update`);
      const waiting = consume(deps, { customer: 'r', feature: 'agent_run' }); // 25 credits: fits 30, not 10
      await waitForLockWait(admin, pid);
      await other.query(`update credit_grants set remaining = remaining - 20000000 where id = $1`, [grant.id]);
      await other.query('commit');
      expect(await waiting).toMatchObject({ ok: false, error: { code: 'insufficient_credits', details: { credits: { balance: 10, cost: 25 } } } });
      expect(unwrap(await consume(deps, { customer: 'r', feature: 'messages', amount: 10 })).credits?.balance).toBe(0);
    },
  );
});
