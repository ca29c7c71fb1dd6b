import type Stripe from 'stripe';

/**
 * Points the emulator's webhooks at this dev server: endpoints an earlier dev
 * run registered (metadata tollgate_dev) are replaced by one for `url`, whose
 * signing secret is returned (Stripe shows a secret only when it is created).
 */
export async function registerDevWebhook(stripe: Stripe, url: string): Promise<string> {
  const existing = await stripe.webhookEndpoints.list({ limit: 100 });
  for (const endpoint of existing.data) {
    if (endpoint.metadata?.tollgate_dev === 'true') await stripe.webhookEndpoints.del(endpoint.id);
  }
  const created = await stripe.webhookEndpoints.create({ url, enabled_events: ['*'], metadata: { tollgate_dev: 'true' } });
  if (!created.secret) throw new Error('the emulator returned no webhook signing secret');
  return created.secret;
}
