'use client';

import { ErrorMessage, ManageSubscriptionButton, SubscriptionStatus, UsageDisplay, UsageHistoryChart, useCheckoutSync, useSubscription } from '@tollgate/react';
import Link from 'next/link';
import { createBillingPortalSession } from '../app/actions.ts';

/** The return from Checkout and the portal: the plan (synced before the webhook), usage, and 30 days of messages. */
export function Billing({ sessionId }: { sessionId: string | null }) {
  const sync = useCheckoutSync(sessionId);
  const { data: subscription } = useSubscription();
  return (
    <div className="grid-2">
      <section className="tollgate-panel" aria-labelledby="plan-heading">
        <h2 id="plan-heading">Your plan</h2>
        {sync.data?.status === 'complete' ? (
          <p role="status" className="note">
            Thanks! Checkout is complete.
          </p>
        ) : null}
        <ErrorMessage error={sync.error} />
        <SubscriptionStatus />
        <p className="actions">
          {subscription ? (
            <ManageSubscriptionButton action={createBillingPortalSession} />
          ) : (
            <Link className="tollgate-button" href="/pricing">
              See plans
            </Link>
          )}
        </p>
      </section>
      <UsageDisplay labels={{ messages: 'messages today', agents: 'agents' }} features={['messages', 'agents']} />
      <section className="tollgate-panel wide" aria-label="Usage analytics">
        <UsageHistoryChart feature="messages" title="Messages per day" unit="messages" />
      </section>
    </div>
  );
}
