import { CheckoutCanceled } from '../../components/checkout-canceled.tsx';
import { Pricing } from '../../components/pricing.tsx';
import { appOrigin, requireUser } from '../../lib/session.ts';

export const dynamic = 'force-dynamic';

export default async function PricingPage({ searchParams }: { searchParams: Promise<{ canceled?: string }> }) {
  await requireUser();
  const { canceled } = await searchParams;
  return (
    <>
      <h1>Pricing</h1>
      <CheckoutCanceled canceled={canceled} />
      <Pricing origin={appOrigin()} />
    </>
  );
}
