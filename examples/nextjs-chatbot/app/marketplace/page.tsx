import { CheckoutCanceled } from '../../components/checkout-canceled.tsx';
import { Marketplace } from '../../components/marketplace.tsx';
import { LISTINGS } from '../../lib/agents.ts';
import { requireUser } from '../../lib/session.ts';

export const dynamic = 'force-dynamic';

export default async function MarketplacePage({ searchParams }: { searchParams: Promise<{ session_id?: string; canceled?: string }> }) {
  await requireUser();
  const { session_id: sessionId, canceled } = await searchParams;
  return (
    <>
      <h1>Marketplace</h1>
      <CheckoutCanceled canceled={canceled} />
      <Marketplace listings={LISTINGS} sessionId={sessionId ?? null} />
    </>
  );
}
