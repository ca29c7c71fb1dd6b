import type Stripe from 'stripe';
import type { RunningEmulator } from 'stripe-emulator';

/**
 * Test support: registers the example's webhook URL with the test's
 * stripe-emulator, which then delivers every event itself over HTTP, signed
 * with the endpoint's secret at the emulator's (the test's) clock, as Stripe
 * does. `settled()` waits until every event emitted since registration has a
 * delivery the app answered 2xx, and fails naming the ones that did not.
 */
export interface LiveWebhooks {
  endpoint: Stripe.WebhookEndpoint;
  secret: string;
  /** Event types emitted since registration, in order. */
  types(): string[];
  settled(): Promise<void>;
}

const POLLS = 2_000;

export async function registerWebhooks(stripe: Stripe, running: RunningEmulator, url: string): Promise<LiveWebhooks> {
  const em = running.emulator;
  const events: { id: string; type: string }[] = [];
  em.onEvent((event) => events.push({ id: event.id, type: event.type }));
  const endpoint = await stripe.webhookEndpoints.create({ url, enabled_events: ['*'] });
  const secret = endpoint.secret ?? '';
  const pending = () => {
    const delivered = new Set<string>();
    for (const attempt of em.db.deliveries.values()) if (attempt.endpoint === endpoint.id && attempt.succeeded) delivered.add(attempt.event);
    return events.filter((e) => !delivered.has(e.id));
  };
  return {
    endpoint,
    secret,
    types: () => events.map((e) => e.type),
    async settled() {
      for (let i = 0; i < POLLS; i++) {
        if (pending().length === 0) return;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      const failed = [...em.db.deliveries.values()].filter((a) => a.endpoint === endpoint.id && !a.succeeded);
      throw new Error(
        `webhooks not delivered: ${pending()
          .map((e) => `${e.type} ${e.id}`)
          .join(', ')}; failed attempts: ${JSON.stringify(failed)}`,
      );
    },
  };
}
