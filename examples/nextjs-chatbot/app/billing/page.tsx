import { Billing } from '../../components/billing.tsx';
import { requireUser } from '../../lib/session.ts';

export const dynamic = 'force-dynamic';

export default async function BillingPage({ searchParams }: { searchParams: Promise<{ session_id?: string }> }) {
  await requireUser();
  const { session_id: sessionId } = await searchParams;
  return (
    <>
      <h1>Billing</h1>
      <Billing sessionId={sessionId ?? null} />
    </>
  );
}
