import type { TollgateConfig } from '../../config/types.ts';
import { formatMoney } from '../../lib/money.ts';

const escape = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The pricing table of the config, as the demo page shows it. */
export function pricingCards(config: TollgateConfig): string {
  const currency = config.currency ?? 'usd';
  return Object.entries(config.plans)
    .filter(([, plan]) => !plan.hidden)
    .map(([key, plan]) => {
      const price = plan.custom
        ? 'Custom'
        : plan.prices?.monthly !== undefined
          ? `${formatMoney({ amount: plan.prices.monthly, currency })}/month`
          : 'Free';
      const highlights = (plan.highlights ?? []).map((h) => `<li>${escape(h)}</li>`).join('');
      const action = plan.prices?.monthly !== undefined && !plan.custom ? `<button data-plan="${escape(key)}">Choose ${escape(plan.name)}</button>` : '';
      return `<div class="card"><h3>${escape(plan.name)}</h3><p class="price">${escape(price)}</p><ul>${highlights}</ul>${action}</div>`;
    })
    .join('');
}

export function demoPage(config: TollgateConfig): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>Tollgate dev</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:64rem;margin:2rem auto;padding:0 1rem}.cards{display:flex;gap:1rem;flex-wrap:wrap}
.card{border:1px solid #ddd;border-radius:8px;padding:1rem;flex:1;min-width:12rem}.price{font-size:1.4em;font-weight:600}</style></head>
<body><h1>Tollgate dev</h1><p>The pricing table below comes from your config. <a href="/api/v1/docs">API docs</a></p>
<h2>Pricing</h2><div class="cards">${pricingCards(config)}</div>
</body></html>`;
}
