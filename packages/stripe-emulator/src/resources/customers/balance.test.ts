import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../core/clock.ts';
import { rejectionOf, suiteEmulator } from '../../testing/sdk.ts';

const NOW = Date.UTC(2026, 10, 16, 12, 0, 0);

describe('customer balance transactions', () => {
  const t = suiteEmulator({ clock: fixedClock(NOW), schedulerIntervalMs: 0 });

  it('records credits and debits, moves the balance, and lists, retrieves and updates them', async () => {
    const customer = await t.stripe.customers.create({ email: 'credits@example.com' });
    const credit = await t.stripe.customers.createBalanceTransaction(customer.id, {
      amount: -2500,
      currency: 'usd',
      description: 'Top-up',
      metadata: { grant: 'g1' },
    });
    expect(credit).toMatchObject({
      object: 'customer_balance_transaction',
      id: expect.stringMatching(/^cbtxn_/) as unknown,
      amount: -2500,
      currency: 'usd',
      ending_balance: -2500,
      type: 'adjustment',
      customer: customer.id,
      description: 'Top-up',
      metadata: { grant: 'g1' },
      created: NOW / 1000,
    });
    const debit = await t.stripe.customers.createBalanceTransaction(customer.id, { amount: 500, currency: 'usd' });
    expect(debit.ending_balance).toBe(-2000);
    const after = await t.stripe.customers.retrieve(customer.id);
    expect(after).toMatchObject({ balance: -2000, currency: 'usd' });
    expect((await t.stripe.customers.listBalanceTransactions(customer.id)).data.map((x) => x.id)).toEqual([debit.id, credit.id]);
    expect((await t.stripe.customers.retrieveBalanceTransaction(customer.id, credit.id)).amount).toBe(-2500);
    const renamed = await t.stripe.customers.updateBalanceTransaction(customer.id, credit.id, { description: 'Credit pack', metadata: { grant: '' } });
    expect(renamed).toMatchObject({ description: 'Credit pack', metadata: {}, amount: -2500 });
    const updates = t.emulator.emulator.db.events
      .newestFirst()
      .filter((e) => e.type === 'customer.updated' && (e.data.object as { id?: string }).id === customer.id);
    expect(updates[0]!.data.previous_attributes).toEqual({ balance: -2500 });
  });

  it('applies a credit to the next invoice with an applied_to_invoice transaction', async () => {
    const customer = await t.stripe.customers.create({ email: 'apply@example.com', payment_method: 'pm_card_visa' });
    await t.stripe.customers.createBalanceTransaction(customer.id, { amount: -700, currency: 'usd' });
    const invoice = await t.stripe.invoices.create({ customer: customer.id });
    await t.stripe.invoiceItems.create({ customer: customer.id, invoice: invoice.id, amount: 1000, currency: 'usd' });
    const open = await t.stripe.invoices.finalizeInvoice(invoice.id);
    expect(open).toMatchObject({ total: 1000, starting_balance: -700, ending_balance: 0, amount_due: 300 });
    const list = await t.stripe.customers.listBalanceTransactions(customer.id, { invoice: invoice.id });
    expect(list.data).toEqual([expect.objectContaining({ type: 'applied_to_invoice', amount: 700, ending_balance: 0, invoice: invoice.id })]);
  });

  it('sets a starting balance and adjustments through balance, and refuses bad input by name', async () => {
    const customer = await t.stripe.customers.create({ balance: 1200 });
    expect(customer.balance).toBe(1200);
    await t.stripe.customers.update(customer.id, { balance: 200 });
    const kinds = (await t.stripe.customers.listBalanceTransactions(customer.id)).data.map((x) => [x.type, x.amount]);
    expect(kinds).toEqual([
      ['adjustment', -1000],
      ['initial', 1200],
    ]);
    const count = t.emulator.emulator.db.balanceTransactions.size;
    expect(await rejectionOf(t.stripe.customers.createBalanceTransaction(customer.id, { amount: 5 } as never))).toMatchObject({
      statusCode: 400,
      code: 'parameter_missing',
      param: 'currency',
    });
    expect(await rejectionOf(t.stripe.customers.createBalanceTransaction(customer.id, { amount: 'x' as unknown as number, currency: 'usd' }))).toMatchObject({
      code: 'parameter_invalid_integer',
      param: 'amount',
    });
    expect(await rejectionOf(t.stripe.customers.createBalanceTransaction(customer.id, { amount: 5, currency: 'eur' }))).toMatchObject({
      statusCode: 400,
      param: 'currency',
    });
    expect(await rejectionOf(t.stripe.customers.createBalanceTransaction(customer.id, { amount: 5, currency: 'usd', colour: 'red' } as never))).toMatchObject({
      code: 'parameter_unknown',
      param: 'colour',
    });
    expect(await rejectionOf(t.stripe.customers.createBalanceTransaction('cus_missing', { amount: 5, currency: 'usd' }))).toMatchObject({
      statusCode: 404,
      param: 'customer',
    });
    expect(await rejectionOf(t.stripe.customers.retrieveBalanceTransaction(customer.id, 'cbtxn_missing'))).toMatchObject({ statusCode: 404 });
    expect(t.emulator.emulator.db.balanceTransactions.size).toBe(count);
    expect((await t.stripe.customers.retrieve(customer.id)) as { balance: number }).toMatchObject({ balance: 200 });
  });
});
