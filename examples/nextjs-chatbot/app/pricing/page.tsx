import { Pricing } from '../../components/pricing.tsx';
import { appOrigin, requireUser } from '../../lib/session.ts';

export const dynamic = 'force-dynamic';

export default async function PricingPage({ searchParams }: { searchParams: Promise<{ canceled?: string }> }) {
  await requireUser();
  const { canceled } = await searchParams;
  return (
    <>
      <h1>Pricing</h1>
      {canceled ? (
        <p role="status" className="note">
          Checkout canceled: nothing was charged.
        </p>
      ) : null}
      <Pricing origin={appOrigin()} />
    </>
  );
}
