import { formatAmount, PurchaseButton, type PurchaseActionResult } from '@tollgate/react';

/** An agent made by another user, sold once at the seller's price (an ad-hoc Checkout price). */
export interface Listing {
  id: string;
  name: string;
  seller: string;
  price: number;
  currency: string;
}

/** A one-time product of the engine's config. */
export interface Product {
  key: string;
  name: string;
  price: number;
  currency: string;
}

/** The demo's "server action": the dev server starts the Checkout, as an app's backend would with its secret key. */
async function buy(agentId: string): Promise<PurchaseActionResult> {
  const response = await fetch('/demo/purchase', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ agent_id: agentId, return_url: `${window.location.origin}/` }),
  });
  return (await response.json()) as PurchaseActionResult;
}

/** Bought once: after the purchase the card says Owned; a second purchase is refused by the engine. */
export function Marketplace({ listings, products }: { listings: Listing[]; products: Product[] }) {
  const returnTo = `${window.location.origin}/?session_id={CHECKOUT_SESSION_ID}`;
  return (
    <section aria-labelledby="market-heading">
      <h2 id="market-heading">Marketplace</h2>
      <ul className="demo-cards">
        {listings.map((l) => (
          <li key={l.id} className="tollgate-panel demo-card" aria-labelledby={`${l.id}-name`} data-agent={l.id}>
            <h3 id={`${l.id}-name`}>{l.name}</h3>
            <p className="demo-muted">by {l.seller}</p>
            <p className="demo-price">{formatAmount(l.price, l.currency)}</p>
            <PurchaseButton owns={{ metadataKey: 'agent_id', metadataValue: l.id }} action={() => buy(l.id)}>
              Buy {l.name}
            </PurchaseButton>
          </li>
        ))}
        {products.map((p) => (
          <li key={p.key} className="tollgate-panel demo-card" aria-labelledby={`${p.key}-name`} data-product={p.key}>
            <h3 id={`${p.key}-name`}>{p.name}</h3>
            <p className="demo-muted">One-time product</p>
            <p className="demo-price">{formatAmount(p.price, p.currency)}</p>
            <PurchaseButton owns={{ product: p.key }} product={p.key} successUrl={returnTo} cancelUrl={`${window.location.origin}/`}>
              Buy {p.name}
            </PurchaseButton>
          </li>
        ))}
      </ul>
    </section>
  );
}
