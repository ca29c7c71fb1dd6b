import { appError } from '../../../core/lib/errors.ts';
import { createWebhookEndpoint, listWebhookEndpoints } from '../../../notify/outbound/endpoints.ts';
import { listWebhookDeliveries, replayWebhooks } from '../../../notify/outbound/replay.ts';
import { commonOptions, failure, finish, withRuntime } from '../with-runtime.ts';
import { EXIT, UsageError } from '../command.ts';
import { commandGroup, requireString } from '../group.ts';
import { render, table } from '../output.ts';

function instant(value: unknown, flag: string): Date | undefined {
  if (value === undefined) return undefined;
  const at = new Date(typeof value === 'string' ? value : Number.NaN);
  if (Number.isNaN(at.getTime())) throw new UsageError(`--${flag} must be an ISO date-time such as 2026-03-01T00:00:00Z`);
  return at;
}

/** `tollgate webhooks`: the app's outbound webhook endpoints, their deliveries, and replays. */
export const webhooksCommand = commandGroup(
  'webhooks',
  'Outbound webhooks to the app: endpoints, failed deliveries, replays.',
  {
    ...commonOptions,
    url: { type: 'string' },
    events: { type: 'string' },
    endpoint: { type: 'string' },
    failed: { type: 'boolean' },
    since: { type: 'string' },
    message: { type: 'string', multiple: true },
    limit: { type: 'string' },
  },
  [
    {
      name: 'list',
      summary: 'Enabled endpoints.',
      usage: 'list [--json]',
      run: ({ values }, io) =>
        withRuntime(io, values, async ({ deps }) => {
          const rows = (await listWebhookEndpoints(deps)).map(({ secret: _secret, ...rest }) => rest);
          render(io, values.json, rows, () =>
            rows.length === 0
              ? 'No webhook endpoints.'
              : table(
                  ['id', 'url', 'events', 'created'],
                  rows.map((e) => [e.id, e.url, e.events.join(',') || '*', e.createdAt]),
                ),
          );
          return EXIT.ok;
        }),
    },
    {
      name: 'add',
      summary: 'Register an endpoint (prints its signing secret once); it gets messages from now on, or from --since.',
      usage: 'add --url URL [--events a,b] [--since ISO] [--json]',
      run: ({ values }, io) => {
        const url = requireString(values, 'url');
        const since = instant(values.since, 'since');
        const events =
          typeof values.events === 'string'
            ? values.events
                .split(',')
                .map((e) => e.trim())
                .filter(Boolean)
            : undefined;
        return withRuntime(io, values, async ({ deps }) => {
          const created = await createWebhookEndpoint(deps, { url, ...(events ? { events } : {}) });
          if (!created.ok) return failure(io, 'webhooks add', created.error);
          const replay = since ? await replayWebhooks(deps, { endpointId: created.value.id, since }) : undefined;
          render(io, values.json, { ...created.value, replayed: replay?.ok ? replay.value.replayed : 0 }, () =>
            [
              `Endpoint ${created.value.id} -> ${created.value.url}`,
              `Secret   ${created.value.secret}  (shown once)`,
              ...(replay?.ok ? [`Replaying ${replay.value.replayed} message(s) since ${since?.toISOString() ?? ''}`] : []),
            ].join('\n'),
          );
          return EXIT.ok;
        });
      },
    },
    {
      name: 'deliveries',
      summary: "An endpoint's deliveries, newest first (--failed: those given up after the last retry).",
      usage: 'deliveries --endpoint ID [--failed] [--limit 50] [--json]',
      run: ({ values }, io) => {
        const endpointId = requireString(values, 'endpoint');
        const limit = values.limit === undefined ? undefined : Number(values.limit);
        if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > 500)) throw new UsageError('--limit must be an integer from 1 to 500');
        return withRuntime(io, values, async ({ deps }) => {
          const rows = await listWebhookDeliveries(deps, { endpointId, failed: values.failed === true, ...(limit ? { limit } : {}) });
          render(io, values.json, rows, () =>
            rows.length === 0
              ? 'No deliveries.'
              : table(
                  ['message', 'type', 'attempts', 'status', 'delivered', 'gave up', 'error'],
                  rows.map((d) => [d.sourceId, d.type, d.attempts, d.lastStatus, d.deliveredAt, d.failedAt, d.lastError]),
                ),
          );
          return EXIT.ok;
        });
      },
    },
    {
      name: 'replay',
      summary: 'Send messages to an endpoint again now: those given up (--failed), all since an instant (--since), or some (--message ID, repeatable).',
      usage: 'replay --endpoint ID (--failed | --since ISO | --message obx_... ...) [--json]',
      run: ({ values }, io) => {
        const endpointId = requireString(values, 'endpoint');
        const since = instant(values.since, 'since');
        const messageIds = Array.isArray(values.message) ? values.message.map(String) : undefined;
        return withRuntime(io, values, async ({ deps }) => {
          const result = await replayWebhooks(deps, {
            endpointId,
            ...(values.failed === true ? { failed: true } : {}),
            ...(since ? { since } : {}),
            ...(messageIds ? { messageIds } : {}),
          });
          if (result.ok && result.value.missing.length > 0)
            return failure(io, 'webhooks replay', appError('not_found', `no outbox message ${result.value.missing.join(', ')}`, 'message'));
          return finish(io, 'webhooks replay', result, (r) =>
            render(io, values.json, r, () => `Replaying ${r.replayed} message(s) to ${endpointId}: due now (a running server delivers them).`),
          );
        });
      },
    },
  ],
);
