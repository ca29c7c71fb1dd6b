import { useState } from 'react';
import { get, post } from '../api.ts';
import { ConfirmAction } from '../confirm.tsx';
import { when } from '../format.ts';
import { useData } from '../use-data.ts';

interface Endpoint {
  id: string;
  url: string;
  disabled_at: string | null;
}
interface Delivery {
  message_id: string;
  type: string;
  attempts: number;
  last_status: number | null;
  last_error: string | null;
  delivered_at: string | null;
  failed_at: string | null;
}

function EndpointDeliveries({ endpoint }: { endpoint: Endpoint }) {
  const [failedOnly, setFailedOnly] = useState(false);
  const { data, error, reload } = useData(
    () => get<{ data: Delivery[] }>('webhook-endpoints/deliveries', { id: endpoint.id, failed: failedOnly ? 'true' : undefined, limit: '50' }),
    [endpoint.id, failedOnly],
  );
  return (
    <section>
      <h2>
        <code>{endpoint.url}</code> {endpoint.disabled_at ? <span className="status canceled">disabled</span> : null}
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
          done={reload}
        />
      </div>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      {!data ? (
        <p className="muted">Loading…</p>
      ) : data.data.length === 0 ? (
        <p className="muted">No deliveries.</p>
      ) : (
        <div className="scroll">
          <table>
            <thead>
              <tr>
                <th>Message</th>
                <th>Type</th>
                <th className="num">Attempts</th>
                <th>Status</th>
                <th>When</th>
              </tr>
            </thead>
            <tbody>
              {data.data.map((d) => (
                <tr key={d.message_id} className={d.failed_at ? 'attention' : ''}>
                  <td>
                    <code>{d.message_id}</code>
                  </td>
                  <td>
                    <code>{d.type}</code>
                  </td>
                  <td className="num">{d.attempts}</td>
                  <td>
                    {d.failed_at ? (
                      <span className="status failed">failed</span>
                    ) : d.delivered_at ? (
                      <span className="status ok">delivered</span>
                    ) : (
                      <span className="status pending">retrying</span>
                    )}{' '}
                    <span className="sub">
                      {d.last_status ?? ''} {d.last_error ?? ''}
                    </span>
                  </td>
                  <td>{when(d.delivered_at ?? d.failed_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function DeliveriesPage() {
  const { data, error } = useData(() => get<{ data: Endpoint[] }>('webhook-endpoints'), []);
  return (
    <>
      <h1>Outbound deliveries</h1>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      {!data ? (
        <p className="muted">Loading…</p>
      ) : data.data.length === 0 ? (
        <p className="muted">No webhook endpoints registered.</p>
      ) : (
        data.data.map((e) => <EndpointDeliveries key={e.id} endpoint={e} />)
      )}
    </>
  );
}
