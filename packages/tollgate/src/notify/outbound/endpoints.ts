import { desc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { webhookEndpoints } from '../../core/db/schema/webhook-endpoints.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { appError } from '../../core/lib/errors.ts';
import { httpUrl, INPUT_LIMITS, text } from '../../core/lib/input.ts';
import { operation } from '../../core/lib/parse-input.ts';
import { err, ok, type Result } from '../../core/lib/result.ts';
import { ALLOW_PRIVATE_HINT, privateUrlReason } from './address-guard.ts';
import { newEndpointSecret } from './sign.ts';
import type { WebhookEndpoint } from '../../core/db/row-types.ts';

export type { WebhookEndpoint };

export const createWebhookEndpointInput = z.object({
  url: httpUrl().describe('Refused at a loopback, private or link-local address unless the server allows private networks'),
  events: z.array(text(100)).max(50).optional().describe('Hook types; all when absent'),
});
export type CreateWebhookEndpointInput = z.input<typeof createWebhookEndpointInput>;

/**
 * Registers an app endpoint for signed outbound webhooks; the secret is
 * returned for the app to verify with. The endpoint receives the messages
 * created from now on (`replayWebhooks` sends it older ones). A URL at a
 * loopback, private or link-local address is refused unless the config
 * allows private networks (names are checked again at each delivery, when
 * they resolve).
 */
export const createWebhookEndpoint = operation(
  createWebhookEndpointInput,
  async (deps: Pick<Deps, 'db' | 'ids' | 'clock' | 'config'>, input): Promise<Result<WebhookEndpoint>> => {
    const url = new URL(input.url);
    const refused = deps.config.outbound?.allowPrivateNetworks ? null : privateUrlReason(url);
    if (refused) return err(appError('validation_failed', `url: ${refused}; ${ALLOW_PRIVATE_HINT}`, 'url'));
    const [row] = await deps.db
      .insert(webhookEndpoints)
      .values({ id: deps.ids.next('whe'), url: url.toString(), secret: newEndpointSecret(), events: input.events ?? [], createdAt: deps.clock.now() })
      .returning();
    if (!row) throw new Error('webhook_endpoints: insert returned nothing');
    return ok(row);
  },
);

export async function listWebhookEndpoints(deps: Pick<Deps, 'db'>, input: { includeDisabled?: boolean } = {}): Promise<WebhookEndpoint[]> {
  return deps.db
    .select()
    .from(webhookEndpoints)
    .where(input.includeDisabled ? undefined : isNull(webhookEndpoints.disabledAt))
    .orderBy(desc(webhookEndpoints.createdAt));
}

export const disableWebhookEndpointInput = z.object({ id: text(INPUT_LIMITS.id) });

export const disableWebhookEndpoint = operation(
  disableWebhookEndpointInput,
  async (deps: Pick<Deps, 'db' | 'clock'>, input): Promise<Result<WebhookEndpoint>> => {
    const [row] = await deps.db.update(webhookEndpoints).set({ disabledAt: deps.clock.now() }).where(eq(webhookEndpoints.id, input.id)).returning();
    return row ? ok(row) : err(appError('not_found', `no webhook endpoint ${input.id}`, 'id'));
  },
);
