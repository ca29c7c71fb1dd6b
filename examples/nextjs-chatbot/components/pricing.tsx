'use client';

import { ManageSubscriptionButton, PricingTable, SubscriptionStatus, useSubscription } from '@tollgate/react';
import { createBillingPortalSession, createCheckoutSession } from '../app/actions.ts';

/** The plans (the engine's catalogue), bought through the server action; subscribers change plan in the portal. */
export function Pricing({ origin }: { origin: string }) {
  const { data: subscription } = useSubscription();
  return (
    <>
      <div className="tollgate-panel row">
        <SubscriptionStatus />
        {subscription ? <ManageSubscriptionButton action={createBillingPortalSession} /> : null}
      </div>
      <PricingTable
        successUrl={`${origin}/billing?session_id={CHECKOUT_SESSION_ID}`}
        cancelUrl={`${origin}/pricing`}
        contactSalesUrl="mailto:sales@chatbot.example"
        checkoutAction={createCheckoutSession}
      />
    </>
  );
}
