import {
  ErrorMessage,
  ManageSubscriptionButton,
  PricingTable,
  SubscriptionStatus,
  UsageDisplay,
  UsageHistoryChart,
  useCheckoutSync,
  useSubscription,
} from '@tollgate/react';
import { useEffect } from 'react';
import { Composer } from './composer.tsx';
import { Marketplace, type Listing, type Product } from './marketplace.tsx';

/** What the dev server puts in the page: the marketplace's listings and the config's one-time products. */
export interface DemoData {
  listings: Listing[];
  products: Product[];
  customer: string;
}

const sessionId = new URLSearchParams(window.location.search).get('session_id');

/** The dev demo: every part is a real @tollgate/react component against this engine, as `demo_user`. */
export function DemoApp({ data }: { data: DemoData }) {
  const sync = useCheckoutSync(sessionId);
  const { data: subscription } = useSubscription();
  const origin = window.location.origin;
  useEffect(() => {
    // The return trip is done once synced: a reload must not sync again.
    if (sync.data) window.history.replaceState(null, '', '/');
  }, [sync.data]);
  const thanks =
    sync.data?.status === 'complete' ? (sync.data.mode === 'payment' ? 'Thanks! Your purchase is complete.' : 'Thanks! Checkout is complete.') : null;

  return (
    <>
      <header className="demo-top">
        <p className="demo-brand">Tollgate dev</p>
        <p className="demo-user">
          Signed in as <code>{data.customer}</code> · test card <code>4242 4242 4242 4242</code> · <a href="/api/v1/docs">API docs</a>
        </p>
      </header>
      <main className="demo-main">
        {thanks ? (
          <p role="status" className="demo-note">
            {thanks}
          </p>
        ) : null}
        <ErrorMessage error={sync.error} />
        <div className="demo-grid">
          <section className="tollgate-panel" aria-labelledby="plan-heading">
            <h2 id="plan-heading">Your plan</h2>
            <SubscriptionStatus />
            {subscription ? (
              <p className="demo-actions">
                <ManageSubscriptionButton returnUrl={`${origin}/`} />
              </p>
            ) : null}
          </section>
          <section className="tollgate-panel" aria-labelledby="try-heading">
            <h2 id="try-heading">Try it</h2>
            <Composer />
            <UsageDisplay title={null} labels={{ messages: 'messages today', agents: 'agents' }} />
          </section>
        </div>
        <section aria-labelledby="pricing-heading">
          <h2 id="pricing-heading">Pricing</h2>
          <PricingTable successUrl={`${origin}/?session_id={CHECKOUT_SESSION_ID}`} cancelUrl={`${origin}/`} contactSalesUrl="mailto:sales@example.com" />
        </section>
        <Marketplace listings={data.listings} products={data.products} />
        <section className="tollgate-panel" aria-label="Usage history">
          <UsageHistoryChart feature="messages" title="Messages per day" unit="messages" />
        </section>
      </main>
    </>
  );
}
