import type Stripe from 'stripe';
import { invalidRequest } from '../../errors.ts';
import type { Emulator } from '../../core/emulator.ts';
import { API_VERSION } from '../../core/emulator.ts';
import { initialMetadata, mergeMetadata } from '../../core/metadata.ts';
import { p, updatable } from '../../core/params.ts';
import { findOrMissing, resourceRoutes, withBody, withId } from '../../core/resource-routes.ts';
import { sent, sentOrNull } from '../../core/sent.ts';
import type { Db } from '../../core/db.ts';
import type { Router } from '../../core/router.ts';
import { WebhookDispatcher } from './delivery.ts';
import { listenRoutes } from './listen.ts';

const createShape = {
  url: p.required(p.string({ nonEmpty: true })),
  enabled_events: p.required(p.arr(p.string({ nonEmpty: true }))),
  description: p.string(),
  metadata: p.emptyable(p.metadata()),
  api_version: p.string(),
  connect: p.bool(),
  expand: p.arr(p.string()),
};
const updateShape = { ...updatable(createShape, ['url', 'enabled_events', 'description', 'metadata', 'expand']), disabled: p.bool() };

function checkUrl(url: string): void {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('protocol');
  } catch {
    throw invalidRequest('Invalid URL: must be an http or https URL.', 'url', 'url_invalid');
  }
}

/** Stripe returns the signing secret only when the endpoint is created. */
function withoutSecret(endpoint: Stripe.WebhookEndpoint): Stripe.WebhookEndpoint {
  const { secret: _secret, ...rest } = endpoint;
  return rest;
}

function getEndpoint(em: Emulator, id: string): Stripe.WebhookEndpoint {
  return findOrMissing(em.db.webhookEndpoints, 'webhook_endpoint', id);
}

export function webhookEndpointRoutes(r: Router, em: Emulator): void {
  const dispatcher = new WebhookDispatcher(em);
  em.onClose(() => dispatcher.close());
  listenRoutes(r);
  resourceRoutes(r, 'webhook_endpoint', (db: Db) => db.webhookEndpoints, {
    items: (em) => em.db.webhookEndpoints.newestFirst().map(withoutSecret),
    create: withBody(createShape, (em, input) => {
      checkUrl(input.url);
      if (input.enabled_events.length === 0) throw invalidRequest('Missing required param: enabled_events.', 'enabled_events', 'parameter_missing');
      const endpoint: Stripe.WebhookEndpoint = {
        id: em.ids.next('we'),
        object: 'webhook_endpoint',
        api_version: input.api_version ?? API_VERSION,
        application: null,
        created: em.now(),
        description: input.description ?? null,
        enabled_events: input.enabled_events,
        livemode: false,
        metadata: initialMetadata(input.metadata),
        secret: em.ids.secret('whsec', 32),
        status: 'enabled',
        url: input.url,
      };
      em.db.webhookEndpoints.put(endpoint);
      return endpoint;
    }),
    retrieve: (em, id) => withoutSecret(getEndpoint(em, id)),
    update: withId(updateShape, (em, id, input) => {
      const before = getEndpoint(em, id);
      if (input.url !== undefined) checkUrl(input.url);
      const after: Stripe.WebhookEndpoint = {
        ...before,
        ...sent(input, ['url', 'enabled_events']),
        ...sentOrNull(input, ['description']),
        ...(input.disabled !== undefined ? { status: input.disabled ? 'disabled' : 'enabled' } : {}),
        metadata: mergeMetadata(before.metadata, input.metadata),
      };
      em.db.webhookEndpoints.put(after);
      return withoutSecret(after);
    }),
    del: (em, id) => {
      const endpoint = getEndpoint(em, id);
      em.db.webhookEndpoints.delete(endpoint.id);
      return { id: endpoint.id, object: 'webhook_endpoint', deleted: true };
    },
  });
  // Emulator-only: the delivery log (every attempt, newest first).
  resourceRoutes(r, 'delivery', (db: Db) => db.deliveries, {
    path: '/_emulator/webhook_deliveries',
    match: { event: p.string(), endpoint: p.string() },
  });
}
