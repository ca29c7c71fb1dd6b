import type Stripe from 'stripe';
import { invalidRequest, resourceMissing } from '../../errors.ts';
import type { Emulator } from '../../core/emulator.ts';
import { API_VERSION } from '../../core/emulator.ts';
import { paginate } from '../../core/list.ts';
import { initialMetadata, mergeMetadata } from '../../core/metadata.ts';
import { expandShape, listShape, p, parseShape } from '../../core/params.ts';
import { type Router, pathId } from '../../core/router.ts';
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
const updateShape = {
  url: p.string({ nonEmpty: true }),
  enabled_events: p.arr(p.string({ nonEmpty: true })),
  description: p.string(),
  metadata: p.emptyable(p.metadata()),
  disabled: p.bool(),
  expand: p.arr(p.string()),
};

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
  const endpoint = em.db.webhookEndpoints.get(id);
  if (!endpoint) throw resourceMissing('webhook_endpoint', id, 'id');
  return endpoint;
}

export function webhookEndpointRoutes(r: Router, em: Emulator): void {
  const dispatcher = new WebhookDispatcher(em);
  em.onClose(() => dispatcher.close());
  listenRoutes(r);
  r.post('/v1/webhook_endpoints', ({ em, body }) => {
    const input = parseShape(createShape, body);
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
  });
  r.get('/v1/webhook_endpoints', ({ em, body }) => {
    const input = parseShape(listShape, body);
    return paginate(em.db.webhookEndpoints.newestFirst().map(withoutSecret), input, '/v1/webhook_endpoints', 'webhook_endpoint');
  });
  r.get('/v1/webhook_endpoints/:id', (ctx) => {
    parseShape(expandShape, ctx.body);
    return withoutSecret(getEndpoint(ctx.em, pathId(ctx)));
  });
  r.post('/v1/webhook_endpoints/:id', (ctx) => {
    const input = parseShape(updateShape, ctx.body);
    const before = getEndpoint(ctx.em, pathId(ctx));
    if (input.url !== undefined) checkUrl(input.url);
    const after: Stripe.WebhookEndpoint = {
      ...before,
      ...(input.url !== undefined ? { url: input.url } : {}),
      ...(input.enabled_events !== undefined ? { enabled_events: input.enabled_events } : {}),
      ...(input.description !== undefined ? { description: input.description === '' ? null : input.description } : {}),
      ...(input.disabled !== undefined ? { status: input.disabled ? 'disabled' : 'enabled' } : {}),
      metadata: mergeMetadata(before.metadata, input.metadata),
    };
    ctx.em.db.webhookEndpoints.put(after);
    return withoutSecret(after);
  });
  r.delete('/v1/webhook_endpoints/:id', (ctx) => {
    parseShape({}, ctx.body);
    const endpoint = getEndpoint(ctx.em, pathId(ctx));
    ctx.em.db.webhookEndpoints.delete(endpoint.id);
    return { id: endpoint.id, object: 'webhook_endpoint', deleted: true };
  });
  // Emulator-only: the delivery log (every attempt, newest first).
  r.get('/_emulator/webhook_deliveries', ({ em, body }) => {
    const input = parseShape({ ...listShape, event: p.string(), endpoint: p.string() }, body);
    const items = em.db.deliveries
      .newestFirst()
      .filter((d) => (input.event === undefined || d.event === input.event) && (input.endpoint === undefined || d.endpoint === input.endpoint));
    return paginate(items, input, '/_emulator/webhook_deliveries', 'delivery');
  });
}
