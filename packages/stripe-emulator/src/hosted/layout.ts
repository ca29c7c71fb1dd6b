import { formatAmount } from '@tollgate/currencies';
import { plainAmount } from '../resources/prices/amount.ts';

/** Escapes text for HTML element content and attribute values. */
export function esc(value: string | number | null | undefined): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** `1999, 'usd'` -> `$19.99` (zero-decimal currencies such as JPY have no minor unit). */
export function money(amount: number, currency: string): string {
  try {
    return formatAmount(amount, currency);
  } catch {
    return plainAmount(amount, currency);
  }
}

export function date(unix: number): string {
  return new Date(unix * 1000).toLocaleDateString('en-US', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
}

const CSS = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1a1f36;background:#f6f8fb}
a{color:#4f46e5}
.topbar{display:flex;align-items:center;gap:12px;padding:18px 32px;background:#fff;border-bottom:1px solid #e3e8ee}
.brand{font-weight:600;font-size:16px}
.badge{font-size:11px;font-weight:700;letter-spacing:.04em;text-transform:uppercase;color:#9a6700;background:#fff4d6;border:1px solid #f5d48a;border-radius:4px;padding:2px 6px}
.back{margin-left:auto;font-size:14px;text-decoration:none;color:#4f566b}
.back:hover{color:#1a1f36}
.wrap{max-width:980px;margin:0 auto;padding:40px 24px;display:grid;grid-template-columns:1fr 1fr;gap:48px}
@media (max-width:800px){.wrap{grid-template-columns:1fr;gap:24px;padding:24px 16px}}
.single{max-width:560px;margin:48px auto;padding:0 16px}
.card{background:#fff;border:1px solid #e3e8ee;border-radius:10px;padding:28px;box-shadow:0 1px 3px rgba(50,50,93,.06)}
h1{font-size:22px;margin:0 0 4px}
h2{font-size:16px;margin:0 0 16px}
.muted{color:#697386;font-size:14px}
.amount{font-size:34px;font-weight:700;margin:6px 0 24px;letter-spacing:-.01em}
table.lines{width:100%;border-collapse:collapse}
table.lines td{padding:10px 0;vertical-align:top;border-bottom:1px solid #eef1f5}
table.lines td.num{text-align:right;white-space:nowrap;padding-left:16px}
table.lines tr.total td{font-weight:700;border-bottom:none;padding-top:14px}
table.lines tr.sub td{color:#4f566b}
.discount td{color:#0a7d50}
label{display:block;font-size:13px;font-weight:600;color:#3c4257;margin:16px 0 6px}
input[type=text],input[type=email]{width:100%;font:inherit;padding:10px 12px;border:1px solid #cfd7df;border-radius:6px;background:#fff;outline:none}
input:focus{border-color:#635bff;box-shadow:0 0 0 3px rgba(99,91,255,.2)}
input.invalid{border-color:#df1b41}
.row{display:grid;grid-template-columns:1fr 1fr;gap:12px}
.error{color:#df1b41;font-size:13px;margin-top:6px}
.alert{background:#fdecef;border:1px solid #f5b8c4;color:#9b1036;border-radius:6px;padding:12px 14px;margin-bottom:8px;font-size:14px}
.ok{background:#e6f6ee;border:1px solid #a6dcbf;color:#0a5c3b;border-radius:6px;padding:12px 14px;font-size:14px}
button{font:inherit;cursor:pointer;border-radius:6px;border:1px solid transparent}
.pay{width:100%;margin-top:24px;padding:12px;background:#635bff;color:#fff;font-weight:600;font-size:16px}
.pay:hover{background:#5147e8}
.secondary{padding:9px 14px;background:#fff;border-color:#cfd7df;color:#1a1f36}
.secondary:hover{background:#f6f8fb}
.danger{padding:9px 14px;background:#fff;border-color:#f5b8c4;color:#c0123c}
.inline{display:flex;gap:8px;align-items:flex-start}
.inline input{flex:1}
.fine{font-size:12px;color:#8792a2;margin-top:16px;text-align:center}
.pill{display:inline-block;font-size:12px;font-weight:600;border-radius:10px;padding:1px 8px;background:#eef1f5;color:#4f566b}
.pill.active,.pill.paid,.pill.trialing{background:#e6f6ee;color:#0a5c3b}
.pill.past_due,.pill.open,.pill.incomplete,.pill.unpaid{background:#fff4d6;color:#9a6700}
.pill.canceled,.pill.void{background:#fdecef;color:#9b1036}
section{margin-bottom:28px}
.item{display:flex;justify-content:space-between;gap:16px;padding:14px 0;border-bottom:1px solid #eef1f5}
.item:last-child{border-bottom:none}
.actions{display:flex;gap:8px;flex-wrap:wrap;margin-top:10px}
select{font:inherit;padding:8px;border:1px solid #cfd7df;border-radius:6px;background:#fff}
`;

/** A complete HTML document around `body`. */
export function page(title: string, body: string, options: { backUrl?: string | null; backLabel?: string } = {}): string {
  const back = options.backUrl ? `<a class="back" href="${esc(options.backUrl)}">&larr; ${esc(options.backLabel ?? 'Back')}</a>` : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(title)}</title><style>${CSS}</style></head><body><header class="topbar"><span class="brand">Stripe Emulator</span><span class="badge">Test mode</span>${back}</header>${body}</body></html>`;
}

export function html(body: string, status = 200): Response {
  return new Response(body, { status, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } });
}

export function redirect(location: string): Response {
  return new Response(null, { status: 303, headers: { location } });
}
