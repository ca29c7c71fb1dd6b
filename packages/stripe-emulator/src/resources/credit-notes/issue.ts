import type Stripe from 'stripe';
import { invalidRequest, resourceMissing } from '../../errors.ts';
import type { Emulator } from '../../core/emulator.ts';
import { previousAttributes } from '../../core/emulator.ts';
import { recordBalanceTransaction } from '../customers/balance.ts';
import { customerIdOf, saveInvoice } from '../invoices/invoices.ts';
import { invoicePaymentId } from '../invoices/pay.ts';
import { createRefund } from '../refunds/refunds.ts';
import { type CreditNoteInput, draftCreditNote } from './compute.ts';

export function getCreditNote(em: Emulator, id: string, param = 'id'): Stripe.CreditNote {
  const note = em.db.creditNotes.get(id);
  if (!note) throw resourceMissing('credit_note', id, param);
  return note;
}

function invoiceAt(em: Emulator, invoice: Stripe.Invoice): number {
  return em.timeFor(typeof invoice.test_clock === 'string' ? invoice.test_clock : (invoice.test_clock?.id ?? null));
}

/** Applies a credit note's pre-payment part to its open invoice: it owes less, and is paid once it owes nothing. */
function reduceInvoice(em: Emulator, invoice: Stripe.Invoice, prePayment: number, postPayment: number, at: number): void {
  const remaining = invoice.amount_remaining - prePayment;
  const after: Stripe.Invoice = {
    ...invoice,
    amount_due: invoice.amount_due - prePayment,
    amount_remaining: remaining,
    pre_payment_credit_notes_amount: invoice.pre_payment_credit_notes_amount + prePayment,
    post_payment_credit_notes_amount: invoice.post_payment_credit_notes_amount + postPayment,
  };
  if (prePayment > 0 && remaining === 0 && invoice.status === 'open') {
    const paid: Stripe.Invoice = { ...after, status: 'paid', next_payment_attempt: null, status_transitions: { ...invoice.status_transitions, paid_at: at } };
    saveInvoice(em, invoice, paid, 'invoice.paid', at);
    for (const hook of em.hooks.invoicePaymentAttempted) hook(paid, 'paid');
    return;
  }
  if (Object.keys(previousAttributes(invoice, after)).length > 0) saveInvoice(em, invoice, after, 'invoice.updated', at);
}

/**
 * Issues a credit note (`credit_note.created`): reduces what the invoice owes, then refunds the
 * payment (`refund_amount`), credits the customer's balance (`credit_amount`, a `credit_note`
 * balance transaction) and records `out_of_band_amount`.
 */
export function issueCreditNote(em: Emulator, input: CreditNoteInput): Stripe.CreditNote {
  const probe = em.db.invoices.get(input.invoice);
  const at = probe ? invoiceAt(em, probe) : em.now();
  const { invoice, note: drafted, prePayment, postPayment } = draftCreditNote(em, input, em.ids.next('cn'), at);
  let note = drafted;
  if ((input.refund_amount ?? 0) > 0) {
    const payment = em.db.invoicePayments.get(invoicePaymentId(invoice.id));
    const pi = payment?.status === 'paid' ? payment.payment.payment_intent : undefined;
    if (!pi)
      throw invalidRequest(`Invoice ${invoice.id} was not paid with a payment that can be refunded; use credit_amount or out_of_band_amount.`, 'refund_amount');
    const refund = createRefund(em, { payment_intent: typeof pi === 'string' ? pi : pi.id, amount: input.refund_amount!, metadata: { credit_note: note.id } });
    note = { ...note, refunds: [{ amount_refunded: refund.amount, payment_record_refund: null, refund: refund.id, type: 'refund' }] };
  }
  if ((input.credit_amount ?? 0) > 0) {
    const txn = recordBalanceTransaction(em, customerIdOf(invoice), {
      amount: -input.credit_amount!,
      currency: invoice.currency,
      type: 'credit_note',
      creditNote: note.id,
      invoice: invoice.id,
      at,
    });
    note = { ...note, customer_balance_transaction: txn.id };
  }
  em.db.creditNotes.put(note);
  reduceInvoice(em, em.db.invoices.get(invoice.id) ?? invoice, prePayment, postPayment, at);
  em.emit('credit_note.created', note, { at });
  return note;
}

/** Voids a credit note (`credit_note.voided`), undoing its credit to the invoice and the customer's balance; one with a refund cannot be voided. */
export function voidCreditNote(em: Emulator, id: string): Stripe.CreditNote {
  const before = getCreditNote(em, id);
  if (before.status === 'void') throw invalidRequest(`Credit note ${id} is already void.`, undefined, 'credit_note_not_voidable');
  if (before.refunds.length > 0) throw invalidRequest(`Credit note ${id} refunded a payment, so it cannot be voided.`, undefined, 'credit_note_not_voidable');
  const invoiceId = typeof before.invoice === 'string' ? before.invoice : before.invoice.id;
  const invoice = em.db.invoices.get(invoiceId);
  if (!invoice) throw resourceMissing('invoice', invoiceId, 'invoice');
  if (before.pre_payment_amount > 0 && invoice.status !== 'open')
    throw invalidRequest(
      `Credit note ${id} reduced invoice ${invoice.id}, which is now ${invoice.status ?? 'closed'}, so it cannot be voided.`,
      undefined,
      'credit_note_not_voidable',
    );
  const at = invoiceAt(em, invoice);
  if (before.customer_balance_transaction) {
    const txn = em.db.balanceTransactions.get(
      typeof before.customer_balance_transaction === 'string' ? before.customer_balance_transaction : before.customer_balance_transaction.id,
    );
    if (txn)
      recordBalanceTransaction(em, customerIdOf(invoice), {
        amount: -txn.amount,
        currency: txn.currency,
        type: 'credit_note',
        creditNote: id,
        invoice: invoice.id,
        at,
      });
  }
  const restored: Stripe.Invoice = {
    ...invoice,
    amount_due: invoice.amount_due + before.pre_payment_amount,
    amount_remaining: invoice.amount_remaining + before.pre_payment_amount,
    pre_payment_credit_notes_amount: invoice.pre_payment_credit_notes_amount - before.pre_payment_amount,
    post_payment_credit_notes_amount: invoice.post_payment_credit_notes_amount - before.post_payment_amount,
  };
  saveInvoice(em, invoice, restored, 'invoice.updated', at);
  const after: Stripe.CreditNote = { ...before, status: 'void', voided_at: at };
  em.db.creditNotes.put(after);
  em.emit('credit_note.voided', after, { previous: { status: 'issued', voided_at: null }, at });
  return after;
}
