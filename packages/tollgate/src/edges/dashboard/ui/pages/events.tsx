import { useState } from 'react';
import { get, post } from '../api.ts';
import { ConfirmAction } from '../confirm.tsx';
import { when } from '../format.ts';
import { useData } from '../use-data.ts';

interface Event {
  id: string;
  type: string;
  received_at: string;
  processed_at: string | null;
  error: string | null;
  note: string | null;
}

export function EventsPage({ query }: { query: URLSearchParams }) {
  const type = query.get('type') ?? '';
  const { data, error, reload } = useData(() => get<{ data: Event[] }>('events', { type, limit: '100' }), [type]);
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
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      {!data ? (
        <p className="muted">Loading…</p>
      ) : data.data.length === 0 ? (
        <p className="muted">No events yet.</p>
      ) : (
        <div className="scroll">
          <table>
            <thead>
              <tr>
                <th>Event</th>
                <th>Type</th>
                <th>Status</th>
                <th>Received</th>
                <th>Error</th>
                <th>
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.data.map((e) => (
                <tr key={e.id} className={e.error ? 'attention' : ''}>
                  <td>
                    <code>{e.id}</code>
                  </td>
                  <td>
                    <a href={`#/events?type=${encodeURIComponent(e.type)}`}>
                      <code>{e.type}</code>
                    </a>
                  </td>
                  <td>
                    <span className={e.error ? 'status failed' : e.processed_at ? 'status ok' : 'status pending'}>
                      {e.error ? 'failed' : e.processed_at ? 'processed' : 'pending'}
                    </span>
                  </td>
                  <td>{when(e.received_at)}</td>
                  <td className="wrap">{e.error ?? e.note ?? ''}</td>
                  <td>
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
                      done={reload}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
