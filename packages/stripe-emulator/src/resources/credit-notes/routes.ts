import type Stripe from 'stripe';
import { mergeMetadata } from '../../core/metadata.ts';
import { expandShape, p, parseShape, updatable } from '../../core/params.ts';
import { resourceRoutes, withBody, withId } from '../../core/resource-routes.ts';
import { sentOrNull } from '../../core/sent.ts';
import type { Db } from '../../core/db.ts';
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

const updateShape = updatable(noteShape, ['memo', 'metadata', 'expand']);

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
  r.get('/v1/credit_notes/preview', (ctx) => previewOf(ctx, false));
  r.get('/v1/credit_notes/preview/lines', (ctx) => {
    const note = previewOf(ctx, true);
    return { object: 'list', data: note.lines.data, has_more: false, url: '/v1/credit_notes/preview/lines' };
  });
  resourceRoutes(r, 'credit_note', (db: Db) => db.creditNotes, {
    match: { customer: p.string(), invoice: p.string() },
    create: withBody(noteShape, (em, { email_type: _m, ...input }) => issueCreditNote(em, input)),
    retrieve: (em, id) => getCreditNote(em, id),
    update: withId(updateShape, (em, id, input) => {
      const before = getCreditNote(em, id);
      const after: Stripe.CreditNote = {
        ...before,
        ...sentOrNull(input, ['memo']),
        metadata: mergeMetadata(before.metadata ?? {}, input.metadata),
      };
      em.db.creditNotes.put(after);
      em.emit('credit_note.updated', after, { previous: { memo: before.memo, metadata: before.metadata } });
      return after;
    }),
    actions: { void: withId(expandShape, (em, id) => voidCreditNote(em, id)) },
    lines: { object: 'credit_note_line_item', of: (em, id) => getCreditNote(em, id, 'credit_note') },
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
