import type Stripe from 'stripe';
import { invalidRequest, resourceMissing } from '../../errors.ts';
import type { Emulator } from '../../core/emulator.ts';
import { API_VERSION } from '../../core/emulator.ts';
import { p, parseShape } from '../../core/params.ts';
import { type Router, pathId } from '../../core/router.ts';

const LISTEN_METADATA = 'stripe_emulator_listen';

/** The signing secret `listen` forwards with: one per emulator state (kept with `--data`), as the Stripe CLI has one per account. */
export function listenSecret(em: Emulator): string {
  const existing = em.db.listenSecrets.get('cli');
  if (existing) return existing.secret;
  const secret = em.ids.secret('whsec', 32);
  em.db.listenSecrets.put({ id: 'cli', secret });
  return secret;
}

export interface ListenSession {
  object: 'emulator.listen';
  secret: string;
  endpoint: string | null;
  forward_to: string | null;
  enabled_events: string[];
  api_version: string;
}

/**
 * Emulator-only routes behind `stripe-emulator listen`: `POST /_emulator/listen` registers a
 * forwarding webhook endpoint signed with the listen secret (or, without `forward_to`, only answers
 * the secret: `--print-secret`); `DELETE /_emulator/listen/:id` removes it when the command stops.
 */
export function listenRoutes(r: Router): void {
  r.post('/_emulator/listen', ({ em, body }) => {
    const input = parseShape({ forward_to: p.string({ nonEmpty: true }), events: p.arr(p.string({ nonEmpty: true })) }, body);
    const secret = listenSecret(em);
    const events = input.events && input.events.length > 0 ? input.events : ['*'];
    if (input.forward_to === undefined)
      return { object: 'emulator.listen', secret, endpoint: null, forward_to: null, enabled_events: events, api_version: API_VERSION } satisfies ListenSession;
    try {
      const url = new URL(input.forward_to);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
    } catch {
      throw invalidRequest('Invalid forward_to: must be an http or https URL.', 'forward_to', 'url_invalid');
    }
    const endpoint: Stripe.WebhookEndpoint = {
      id: em.ids.next('we'),
      object: 'webhook_endpoint',
      api_version: API_VERSION,
      application: null,
      created: em.now(),
      description: 'stripe-emulator listen',
      enabled_events: events,
      livemode: false,
      metadata: { [LISTEN_METADATA]: 'true' },
      secret,
      status: 'enabled',
      url: input.forward_to,
    };
    em.db.webhookEndpoints.put(endpoint);
    return {
      object: 'emulator.listen',
      secret,
      endpoint: endpoint.id,
      forward_to: endpoint.url,
      enabled_events: events,
      api_version: API_VERSION,
    } satisfies ListenSession;
  });
  r.delete('/_emulator/listen/:id', (ctx) => {
    const endpoint = ctx.em.db.webhookEndpoints.get(pathId(ctx));
    if (!endpoint || endpoint.metadata[LISTEN_METADATA] !== 'true') throw resourceMissing('listen endpoint', pathId(ctx), 'id');
    ctx.em.db.webhookEndpoints.delete(endpoint.id);
    return { id: endpoint.id, object: 'webhook_endpoint', deleted: true };
  });
}
