import { listEvents } from '../../../reads/operator/list.ts';
import { commonOptions, limitOption, withRuntime } from '../with-runtime.ts';
import { EXIT } from '../command.ts';
import { commandGroup } from '../group.ts';
import { render, table } from '../output.ts';

export const eventsCommand = commandGroup(
  'events',
  'Stripe events received through the webhook (the event ledger).',
  { ...commonOptions, limit: { type: 'string' }, type: { type: 'string' } },
  [
    {
      name: 'list',
      summary: 'Events, newest first (--type filters).',
      usage: 'list [--type invoice.paid] [--limit 20] [--json]',
      run: ({ values }, io) =>
        withRuntime(io, values, async ({ deps }) => {
          const rows = await listEvents(deps, { ...limitOption(values), ...(typeof values.type === 'string' ? { type: values.type } : {}) });
          render(io, values.json, rows, () =>
            rows.length === 0
              ? 'No events yet.'
              : table(
                  ['id', 'type', 'received', 'processed', 'error', 'note'],
                  rows.map((e) => [e.id, e.type, e.receivedAt, e.processedAt, e.error, e.note]),
                ),
          );
          return EXIT.ok;
        }),
    },
  ],
);
