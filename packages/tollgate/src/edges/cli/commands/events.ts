import { listEvents } from '../../../reads/operator/list.ts';
import { limit, text } from '../flags.ts';
import { commandGroup, subcommand } from '../group.ts';
import { listing } from '../output.ts';

export const eventsCommand = commandGroup('events', 'Stripe events received through the webhook (the event ledger).', [
  subcommand({
    name: 'list',
    summary: 'Events, newest first (--type filters).',
    usage: 'list [--type invoice.paid] [--limit 20] [--json]',
    flags: { limit: limit(), type: text('type') },
    read: listEvents,
    show: listing('No events yet.', ['id', 'type', 'received', 'processed', 'error', 'note'], (e) => [
      e.id,
      e.type,
      e.receivedAt,
      e.processedAt,
      e.error,
      e.note,
    ]),
  }),
]);
