import { useState } from 'react';
import { get, post } from '../api.ts';
import { ConfirmAction } from '../confirm.tsx';
import { when } from '../format.ts';
import { codeColumn, Listing, Status } from '../listing.tsx';
import { useData } from '../use-data.ts';

interface Event {
  id: string;
  type: string;
  received_at: string;
  processed_at: string | null;
  error: string | null;
  note: string | null;
}

const stateOf = (e: Event) =>
  e.error ? { value: 'failed', className: 'failed' } : e.processed_at ? { value: 'processed', className: 'ok' } : { value: 'pending' };

export function EventsPage({ query }: { query: URLSearchParams }) {
  const type = query.get('type') ?? '';
  const list = useData(() => get<{ data: Event[] }>('events', { type, limit: '100' }), [type]);
  const [message, setMessage] = useState<string>();
  return (
    <>
      <h1>Webhook events</h1>
      <p className="muted">The Stripe event ledger: every event received, whether it was processed, and why not.</p>
      {message ? (
        <p className="notice" role="status">
          {message}
        </p>
      ) : null}
      <Listing
        source={list}
        empty="No events yet."
        rowKey={(e) => e.id}
        attention={(e) => e.error !== null}
        columns={[
          codeColumn('Event', (e: Event) => e.id),
          {
            header: 'Type',
            cell: (e) => (
              <a href={`#/events?type=${encodeURIComponent(e.type)}`}>
                <code>{e.type}</code>
              </a>
            ),
          },
          { header: 'Status', cell: (e) => <Status {...stateOf(e)} /> },
          { header: 'Received', cell: (e) => when(e.received_at) },
          { header: 'Error', className: 'wrap', cell: (e) => e.error ?? e.note ?? '' },
          {
            header: <span className="visually-hidden">Actions</span>,
            cell: (e) => (
              <ConfirmAction
                label="Replay"
                title={`Replay ${e.id}?`}
                describe={() =>
                  e.processed_at
                    ? 'The event was processed: its object is fetched from Stripe now and applied to the mirror.'
                    : 'The event runs again through the webhook ingest.'
                }
                run={async () => {
                  const r = await post<{ outcome: string }>(`admin/events/${encodeURIComponent(e.id)}/replay`);
                  setMessage(`${e.id}: ${r.outcome}`);
                }}
                done={list.reload}
              />
            ),
          },
        ]}
      />
    </>
  );
}
