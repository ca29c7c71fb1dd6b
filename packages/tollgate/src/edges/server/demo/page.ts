import type { TollgateConfig } from '../../../core/config/types.ts';

/** The marketplace the demo sells from: agents made by other users, each bought once at its seller's price. */
export const DEMO_LISTINGS = [
  { id: 'agt_research', name: 'Research agent', seller: 'Grace', price: 1200, currency: 'usd' },
  { id: 'agt_sql', name: 'SQL helper', seller: 'Alan', price: 900, currency: 'usd' },
] as const;

/** `<` escaped so the JSON cannot close its script element. */
const inScript = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

/** The page shell: the React app (ui/) renders into #root from the data below. */
export function demoPage(config: TollgateConfig, customer: string): string {
  const currency = config.currency ?? 'usd';
  const products = Object.entries(config.products ?? {}).map(([key, p]) => ({ key, name: p.name, price: p.price, currency: p.currency ?? currency }));
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tollgate dev</title><link rel="stylesheet" href="/demo/app.css"></head>
<body><div id="root"><p style="padding:1rem">Loading the demo…</p></div>
<script type="application/json" id="demo-data">${inScript({ listings: DEMO_LISTINGS, products, customer })}</script>
<script type="module" src="/demo/app.js"></script>
</body></html>`;
}
