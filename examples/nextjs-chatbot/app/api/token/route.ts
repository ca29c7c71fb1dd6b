import { billing } from '../../../lib/billing.ts';
import { tollgate } from '../../../lib/engine.ts';
import { currentUser } from '../../../lib/session.ts';

/** A short-lived customer token for the signed-in user: what TollgateProvider's getToken fetches. */
export async function POST(): Promise<Response> {
  const user = await currentUser();
  if (!user) return Response.json({ error: { code: 'unauthenticated', message: 'Sign in first' } }, { status: 401 });
  const { deps } = await billing();
  const { loadTokenSecret, mintCustomerToken } = await tollgate();
  const minted = mintCustomerToken(await loadTokenSecret(deps), { customer: user, now: deps.clock.now(), ttlSeconds: 900 });
  return Response.json({ token: minted.token });
}

export const dynamic = 'force-dynamic';
