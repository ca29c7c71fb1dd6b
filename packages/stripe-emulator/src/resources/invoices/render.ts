import type Stripe from 'stripe';
import { plainAmount } from '../prices/amount.ts';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

const date = (unix: number | null | undefined): string => (unix ? new Date(unix * 1000).toISOString().slice(0, 10) : '-');

/** The hosted invoice page: a plain HTML summary of the invoice. */
export function invoiceHtml(invoice: Stripe.Invoice): string {
  const rows = invoice.lines.data
    .map(
      (line) =>
        `<tr><td>${escapeHtml(line.description ?? '')}</td><td>${line.quantity ?? ''}</td><td style="text-align:right">${plainAmount(line.amount, line.currency)}</td></tr>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Invoice ${escapeHtml(invoice.number ?? invoice.id)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:720px;margin:2rem auto;color:#222}table{width:100%;border-collapse:collapse}td,th{padding:.4rem;border-bottom:1px solid #ddd;text-align:left}</style></head>
<body>
<h1>Invoice ${escapeHtml(invoice.number ?? invoice.id)}</h1>
<p>Status: <strong data-status="${invoice.status ?? ''}">${escapeHtml(invoice.status ?? '')}</strong></p>
<p>Billed to: ${escapeHtml(invoice.customer_name ?? invoice.customer_email ?? '')}</p>
<p>Date: ${date(invoice.created)} &middot; Due: ${date(invoice.due_date)}</p>
<table><thead><tr><th>Description</th><th>Qty</th><th style="text-align:right">Amount</th></tr></thead><tbody>${rows}</tbody></table>
<p>Total: <strong>${plainAmount(invoice.total, invoice.currency)}</strong> &middot; Amount due: <strong>${plainAmount(invoice.amount_due, invoice.currency)}</strong> &middot; Paid: ${plainAmount(invoice.amount_paid, invoice.currency)}</p>
<p><a href="${escapeHtml(invoice.invoice_pdf ?? '')}">Download PDF</a></p>
</body></html>`;
}

/** PDF strings keep to printable ASCII with (, ) and \ escaped. */
function pdfText(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?').replace(/([()\\])/g, '\\$1');
}

/** A small, valid one-page PDF (Helvetica text) of the invoice, with a correct cross-reference table. */
export function invoicePdf(invoice: Stripe.Invoice): Uint8Array<ArrayBuffer> {
  const lines = [
    `Invoice ${invoice.number ?? invoice.id}`,
    `Status: ${invoice.status ?? ''}`,
    `Billed to: ${invoice.customer_name ?? invoice.customer_email ?? ''}`,
    `Date: ${date(invoice.created)}   Due: ${date(invoice.due_date)}`,
    '',
    ...invoice.lines.data.map((line) => `${line.description ?? ''}   ${plainAmount(line.amount, line.currency)}`),
    '',
    `Total: ${plainAmount(invoice.total, invoice.currency)}`,
    `Amount due: ${plainAmount(invoice.amount_due, invoice.currency)}`,
    `Amount paid: ${plainAmount(invoice.amount_paid, invoice.currency)}`,
  ];
  return textPdf(lines);
}

/** A small, valid one-page PDF of text lines (Helvetica), with a correct cross-reference table. */
export function textPdf(lines: string[]): Uint8Array<ArrayBuffer> {
  const content = ['BT', '/F1 11 Tf', '14 TL', '50 790 Td', ...lines.map((l) => `(${pdfText(l)}) '`), 'ET'].join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) pdf += `${String(offset).padStart(10, '0')} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  // Every byte is ASCII (pdfText replaces the rest), so UTF-8 encoding is byte-exact.
  return new TextEncoder().encode(pdf);
}
