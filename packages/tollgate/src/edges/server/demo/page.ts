import type { TollgateConfig } from '../../../core/config/types.ts';
import { formatMoney } from '../../../core/lib/money.ts';

const escape = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The pricing table of the config, as the demo page shows it. */
export function pricingCards(config: TollgateConfig): string {
  const currency = config.currency ?? 'usd';
  return Object.entries(config.plans)
    .filter(([, plan]) => !plan.hidden)
    .map(([key, plan]) => {
      const price = plan.custom ? 'Custom' : plan.prices?.monthly !== undefined ? `${formatMoney({ amount: plan.prices.monthly, currency })}/month` : 'Free';
      const highlights = (plan.highlights ?? []).map((h) => `<li>${escape(h)}</li>`).join('');
      const action =
        plan.prices?.monthly !== undefined && !plan.custom
          ? `<button data-plan="${escape(key)}" data-name="${escape(plan.name)}">Choose ${escape(plan.name)}</button>`
          : plan.custom
            ? '<small>Contact sales</small>'
            : '';
      return `<div class="card" data-card="${escape(key)}"><h3>${escape(plan.name)}</h3><p class="price">${escape(price)}</p><ul>${highlights}</ul>${action}</div>`;
    })
    .join('');
}

export function demoPage(config: TollgateConfig): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>Tollgate dev</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:64rem;margin:2rem auto;padding:0 1rem}.cards{display:flex;gap:1rem;flex-wrap:wrap}
.card{border:1px solid #ddd;border-radius:8px;padding:1rem;flex:1;min-width:12rem}.card.current{border-color:#2a7;box-shadow:0 0 0 2px #2a7}
.price{font-size:1.4em;font-weight:600}.meter{background:#eee;border-radius:4px;height:10px;overflow:hidden}.meter>div{background:#2a7;height:100%}
#notice{padding:.5rem 1rem;background:#fffbe6;border:1px solid #f0d875;border-radius:6px;display:none}</style></head>
<body><h1>Tollgate dev</h1>
<p>Signed in as <code>demo_user</code>. The pricing table comes from your config; checkout runs on the stripe-emulator
(card 4242 4242 4242 4242). <a href="/api/v1/docs">API docs</a></p>
<p id="notice"></p>
<h2>Your plan</h2><div id="subscription">Loading...</div>
<h2>Pricing</h2><div class="cards">${pricingCards(config)}</div>
<h2>Usage</h2><div id="usage">Loading...</div>
<p><button id="consume">Send a message (consume 1 message)</button></p>
<script src="/demo/app.js"></script>
</body></html>`;
}
