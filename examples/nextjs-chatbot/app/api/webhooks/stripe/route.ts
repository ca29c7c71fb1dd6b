import { billing } from '../../../../lib/billing.ts';

/** Stripe's webhook: raw body, signature verified, applied to Tollgate's mirror (answers 2xx only once stored). */
export async function POST(request: Request): Promise<Response> {
  return (await billing()).webhook(request);
}

export const dynamic = 'force-dynamic';
