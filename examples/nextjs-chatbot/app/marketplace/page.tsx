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
      {canceled ? (
        <p role="status" className="note">
          Checkout canceled: nothing was charged.
        </p>
      ) : null}
      <Marketplace listings={LISTINGS} sessionId={sessionId ?? null} />
    </>
  );
}
