import type Stripe from 'stripe';
import { paginate } from '../../core/list.ts';
import { mergeMetadata } from '../../core/metadata.ts';
import { expandShape, listShape, p, parseShape } from '../../core/params.ts';
import { type RouteContext, type Router, pathId } from '../../core/router.ts';
import { textPdf } from '../invoices/render.ts';
import { plainAmount } from '../prices/amount.ts';
import { draftCreditNote } from './compute.ts';
import { getCreditNote, issueCreditNote, voidCreditNote } from './issue.ts';

const line = p.obj({
  type: p.required(p.enum(['invoice_line_item', 'custom_line_item'])),
  invoice_line_item: p.string({ nonEmpty: true }),
  quantity: p.int({ min: 0 }),
  amount: p.int({ min: 0 }),
  unit_amount: p.int({ min: 0 }),
  description: p.string(),
  tax_rates: p.emptyable(p.arr(p.string({ nonEmpty: true }))),
  metadata: p.emptyable(p.metadata()),
});
const noteShape = {
  invoice: p.required(p.string({ nonEmpty: true })),
  lines: p.arr(line),
  amount: p.int({ min: 0 }),
  credit_amount: p.int({ min: 0 }),
  refund_amount: p.int({ min: 0 }),
  out_of_band_amount: p.int({ min: 0 }),
  memo: p.string(),
  metadata: p.emptyable(p.metadata()),
  reason: p.enum(['duplicate', 'fraudulent', 'order_change', 'product_unsatisfactory']),
  effective_at: p.int(),
  email_type: p.enum(['credit_note', 'none']),
  expand: p.arr(p.string()),
};

function previewOf(ctx: RouteContext, withList: boolean): Stripe.CreditNote {
  const {
    expand: _e,
    email_type: _m,
    limit: _l,
    starting_after: _s,
    ending_before: _b,
    ...input
  } = parseShape(
    { ...noteShape, ...(withList ? { limit: p.int({ min: 1, max: 100 }), starting_after: p.string(), ending_before: p.string() } : {}) },
    ctx.body,
  );
  const invoice = ctx.em.db.invoices.get(input.invoice);
  return draftCreditNote(
    ctx.em,
    input,
    ctx.em.ids.next('cn'),
    invoice ? ctx.em.timeFor(typeof invoice.test_clock === 'string' ? invoice.test_clock : null) : ctx.em.now(),
  ).note;
}

/** `/v1/credit_notes`: issue (with preview), retrieve, update, list, void, lines; and a PDF at `pdf`. */
export function creditNoteRoutes(r: Router): void {
  r.post('/v1/credit_notes', ({ em, body }) => {
    const { expand: _e, email_type: _m, ...input } = parseShape(noteShape, body);
    return issueCreditNote(em, input);
  });
  r.get('/v1/credit_notes/preview', (ctx) => previewOf(ctx, false));
  r.get('/v1/credit_notes/preview/lines', (ctx) => {
    const note = previewOf(ctx, true);
    return { object: 'list', data: note.lines.data, has_more: false, url: '/v1/credit_notes/preview/lines' };
  });
  r.get('/v1/credit_notes', ({ em, body }) => {
    const input = parseShape({ ...listShape, customer: p.string(), invoice: p.string() }, body);
    const items = em.db.creditNotes
      .newestFirst()
      .filter((n) => (input.customer === undefined || n.customer === input.customer) && (input.invoice === undefined || n.invoice === input.invoice));
    return paginate(items, input, '/v1/credit_notes', 'credit_note');
  });
  r.get('/v1/credit_notes/:id', (ctx) => {
    parseShape(expandShape, ctx.body);
    return getCreditNote(ctx.em, pathId(ctx));
  });
  r.get('/v1/credit_notes/:id/lines', (ctx) => {
    const input = parseShape(listShape, ctx.body);
    const note = getCreditNote(ctx.em, pathId(ctx), 'credit_note');
    return paginate(note.lines.data, input, `/v1/credit_notes/${note.id}/lines`, 'credit_note_line_item');
  });
  r.post('/v1/credit_notes/:id', (ctx) => {
    const input = parseShape({ memo: p.string(), metadata: p.emptyable(p.metadata()), expand: p.arr(p.string()) }, ctx.body);
    const before = getCreditNote(ctx.em, pathId(ctx));
    const after: Stripe.CreditNote = {
      ...before,
      ...(input.memo !== undefined ? { memo: input.memo === '' ? null : input.memo } : {}),
      metadata: mergeMetadata(before.metadata ?? {}, input.metadata),
    };
    ctx.em.db.creditNotes.put(after);
    ctx.em.emit('credit_note.updated', after, { previous: { memo: before.memo, metadata: before.metadata } });
    return after;
  });
  r.post('/v1/credit_notes/:id/void', (ctx) => {
    parseShape(expandShape, ctx.body);
    return voidCreditNote(ctx.em, pathId(ctx));
  });
  r.get(
    '/credit_notes/:id/pdf',
    (ctx) => {
      const note = getCreditNote(ctx.em, pathId(ctx));
      const lines = [
        `Credit note ${note.number}`,
        `Status: ${note.status}`,
        `Invoice: ${typeof note.invoice === 'string' ? note.invoice : note.invoice.id}`,
        '',
        ...note.lines.data.map((l) => `${l.description ?? ''}   ${plainAmount(l.amount, note.currency)}`),
        '',
        `Total: ${plainAmount(note.total, note.currency)}`,
      ];
      return new Response(textPdf(lines), { headers: { 'content-type': 'application/pdf', 'content-disposition': `inline; filename="${note.number}.pdf"` } });
    },
    { public: true },
  );
}
