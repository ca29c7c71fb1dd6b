import type { Deps } from '../../../core/lib/deps.ts';
import { appError } from '../../../core/lib/errors.ts';
import { err, ok } from '../../../core/lib/result.ts';
import { createWebhookEndpoint, listWebhookEndpoints } from '../../../notify/outbound/endpoints.ts';
import { listWebhookDeliveries, replayWebhooks } from '../../../notify/outbound/replay.ts';
import { flag, instant, limit, list, onlyIf, repeated, required } from '../flags.ts';
import { commandGroup, subcommand } from '../group.ts';
import { listing } from '../output.ts';

const endpointId = required('endpoint');
const since = instant('since');

/** `tollgate webhooks`: the app's outbound webhook endpoints, their deliveries, and replays. */
export const webhooksCommand = commandGroup('webhooks', 'Outbound webhooks to the app: endpoints, failed deliveries, replays.', [
  subcommand({
    name: 'list',
    summary: 'Enabled endpoints.',
    usage: 'list [--json]',
    flags: {},
    read: async (deps: Deps) => (await listWebhookEndpoints(deps)).map(({ secret: _secret, ...rest }) => rest),
    show: listing('No webhook endpoints.', ['id', 'url', 'events', 'created'], (e) => [e.id, e.url, e.events.join(',') || '*', e.createdAt]),
  }),
  subcommand({
    name: 'add',
    summary: 'Register an endpoint (prints its signing secret once); it gets messages from now on, or from --since.',
    usage: 'add --url URL [--events a,b] [--since ISO] [--json]',
    flags: { url: required('url'), since, events: list('events') },
    run: async (deps, { since: from, ...input }) => {
      const created = await createWebhookEndpoint(deps, input);
      if (!created.ok) return created;
      const replay = from ? await replayWebhooks(deps, { endpointId: created.value.id, since: from }) : undefined;
      return ok({ endpoint: created.value, replay });
    },
    json: ({ endpoint, replay }) => ({ ...endpoint, replayed: replay?.ok ? replay.value.replayed : 0 }),
    show: ({ endpoint, replay }, input) =>
      [
        `Endpoint ${endpoint.id} -> ${endpoint.url}`,
        `Secret   ${endpoint.secret}  (shown once)`,
        ...(replay?.ok ? [`Replaying ${replay.value.replayed} message(s) since ${input.since?.toISOString() ?? ''}`] : []),
      ].join('\n'),
  }),
  subcommand({
    name: 'deliveries',
    summary: "An endpoint's deliveries, newest first (--failed: those given up after the last retry).",
    usage: 'deliveries --endpoint ID [--failed] [--limit 50] [--json]',
    flags: { endpointId, failed: flag('failed'), limit: limit(500) },
    read: listWebhookDeliveries,
    show: listing('No deliveries.', ['message', 'type', 'attempts', 'status', 'delivered', 'gave up', 'error'], (d) => [
      d.sourceId,
      d.type,
      d.attempts,
      d.lastStatus,
      d.deliveredAt,
      d.failedAt,
      d.lastError,
    ]),
  }),
  subcommand({
    name: 'replay',
    summary: 'Send messages to an endpoint again now: those given up (--failed), all since an instant (--since), or some (--message ID, repeatable).',
    usage: 'replay --endpoint ID (--failed | --since ISO | --message obx_... ...) [--json]',
    flags: { endpointId, since, failed: onlyIf('failed'), messageIds: repeated('message') },
    run: async (deps, input) => {
      const result = await replayWebhooks(deps, input);
      if (result.ok && result.value.missing.length > 0) return err(appError('not_found', `no outbox message ${result.value.missing.join(', ')}`, 'message'));
      return result;
    },
    show: (r, { endpointId: id }) => `Replaying ${r.replayed} message(s) to ${id}: due now (a running server delivers them).`,
  }),
]);
