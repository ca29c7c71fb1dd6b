'use client';

import { formatAmount, PurchaseButton, useCheckoutSync } from '@tollgate/react';
import { buyAgent } from '../app/actions.ts';
import type { Listing } from '../lib/agents.ts';

/** Agents other users made, bought once through Checkout; owned ones say so (read from the engine's purchases). */
export function Marketplace({ listings, sessionId }: { listings: readonly Listing[]; sessionId: string | null }) {
  const sync = useCheckoutSync(sessionId);
  return (
    <>
      {sync.data?.status === 'complete' ? (
        <p role="status" className="note">
          Thanks! Your agent is ready.
        </p>
      ) : null}
      <ul className="cards">
        {listings.map((l) => (
          <li key={l.id} className="tollgate-panel card" aria-labelledby={`${l.id}-name`} data-agent={l.id}>
            <h2 id={`${l.id}-name`}>{l.name}</h2>
            <p className="muted">by {l.seller}</p>
            <p>{l.description}</p>
            <p className="price">{formatAmount(l.price, 'usd')}</p>
            <PurchaseButton owns={{ metadataKey: 'agent_id', metadataValue: l.id }} action={() => buyAgent(l.id)}>
              Buy {l.name}
            </PurchaseButton>
          </li>
        ))}
      </ul>
    </>
  );
}
