import { useState } from 'react';
import type { RouteResponse } from '../../../client/index.ts';
import { get, post } from '../api.ts';
import { ConfirmAction } from '../confirm.tsx';
import { when } from '../format.ts';
import { codeColumn, ErrorNote, Listing, Status } from '../listing.tsx';
import { useData } from '../use-data.ts';

interface Endpoint {
  id: string;
  url: string;
  disabled_at: string | null;
}
/** One delivery as the API answers it (the generated contract). */
type Delivery = RouteResponse<'GET webhook-endpoints/deliveries'>['data'][number];

function EndpointDeliveries({ endpoint }: { endpoint: Endpoint }) {
  const [failedOnly, setFailedOnly] = useState(false);
  const list = useData(
    () => get<{ data: Delivery[] }>('webhook-endpoints/deliveries', { id: endpoint.id, failed: failedOnly ? 'true' : undefined, limit: '50' }),
    [endpoint.id, failedOnly],
  );
  return (
    <section>
      <h2>
        <code>{endpoint.url}</code> {endpoint.disabled_at ? <Status value="disabled" className="canceled" /> : null}
      </h2>
      <div className="actions">
        <label className="inline">
          <input type="checkbox" checked={failedOnly} onChange={(e) => setFailedOnly(e.target.checked)} /> Failed only
        </label>
        <ConfirmAction
          label="Retry failed"
          title="Retry every failed delivery?"
          describe={() => 'Each delivery given up after its last retry is sent again now, with the full retry schedule.'}
          run={() => post('webhook-endpoints/replay', { id: endpoint.id, failed: true })}
          done={list.reload}
        />
      </div>
      <Listing
        source={list}
        columns={[
          codeColumn('Message', (d: Delivery) => d.message_id),
          codeColumn('Type', (d: Delivery) => d.type),
          { header: 'Attempts', num: true, cell: (d) => d.attempts },
          {
            header: 'Status',
            cell: (d) => (
              <>
                <Status
                  {...(d.failed_at
                    ? { value: 'failed' }
                    : d.delivered_at
                      ? { value: 'delivered', className: 'ok' }
                      : { value: 'retrying', className: 'pending' })}
                />{' '}
                <span className="sub">
                  {d.last_status ?? ''} {d.last_error ?? ''}
                </span>
              </>
            ),
          },
          { header: 'When', cell: (d) => when(d.delivered_at ?? d.failed_at) },
        ]}
        empty="No deliveries."
        rowKey={(d) => d.message_id}
        attention={(d) => d.failed_at !== null}
      />
    </section>
  );
}

export function DeliveriesPage() {
  const { data, error } = useData(() => get<{ data: Endpoint[] }>('webhook-endpoints'), []);
  return (
    <>
      <h1>Outbound deliveries</h1>
      <ErrorNote error={error} />
      {!data ? (
        error ? null : (
          <p className="muted">Loading…</p>
        )
      ) : data.data.length === 0 ? (
        <p className="muted">No webhook endpoints registered.</p>
      ) : (
        data.data.map((e) => <EndpointDeliveries key={e.id} endpoint={e} />)
      )}
    </>
  );
}
