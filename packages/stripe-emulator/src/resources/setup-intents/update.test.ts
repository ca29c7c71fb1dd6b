import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../core/clock.ts';
import { rejectionOf, suiteEmulator } from '../../testing/sdk.ts';

const NOW = Date.UTC(2026, 10, 16, 12, 0, 0);

describe('updating a setup intent', () => {
  const t = suiteEmulator({ clock: fixedClock(NOW), schedulerIntervalMs: 0 });

  it('sets the customer, payment method, metadata and flow_directions before confirming', async () => {
    const customer = await t.stripe.customers.create({ email: 'seti@example.com' });
    const si = await t.stripe.setupIntents.create({});
    expect(si).toMatchObject({ status: 'requires_payment_method', flow_directions: null, customer: null });
    const updated = await t.stripe.setupIntents.update(si.id, {
      customer: customer.id,
      payment_method: 'pm_card_visa',
      metadata: { source: 'settings' },
      description: 'Card for top-ups',
      flow_directions: ['inbound'],
    });
    expect(updated).toMatchObject({
      customer: customer.id,
      status: 'requires_confirmation',
      metadata: { source: 'settings' },
      description: 'Card for top-ups',
      flow_directions: ['inbound'],
      payment_method: expect.stringMatching(/^pm_/) as unknown,
    });
    const confirmed = await t.stripe.setupIntents.confirm(si.id);
    expect(confirmed.status).toBe('succeeded');
    expect((await t.stripe.paymentMethods.retrieve(confirmed.payment_method as string)).customer).toBe(customer.id);
  });

  it('refuses changes once succeeded, unknown ids and parameters by name, keeping nothing', async () => {
    const customer = await t.stripe.customers.create({});
    const done = await t.stripe.setupIntents.create({ customer: customer.id, payment_method: 'pm_card_visa', confirm: true });
    expect(await rejectionOf(t.stripe.setupIntents.update(done.id, { description: 'late' }))).toMatchObject({
      statusCode: 400,
      code: 'setup_intent_unexpected_state',
    });
    const open = await t.stripe.setupIntents.create({});
    expect(await rejectionOf(t.stripe.setupIntents.update(open.id, { customer: 'cus_missing' }))).toMatchObject({ statusCode: 404, param: 'customer' });
    expect(await rejectionOf(t.stripe.setupIntents.update(open.id, { flow_directions: ['sideways'] }))).toMatchObject({
      statusCode: 400,
      param: 'flow_directions[0]',
    });
    expect(await rejectionOf(t.stripe.setupIntents.update(open.id, { colour: 'red' } as never))).toMatchObject({ code: 'parameter_unknown', param: 'colour' });
    expect(await rejectionOf(t.stripe.setupIntents.update('seti_missing', { description: 'x' }))).toMatchObject({ statusCode: 404 });
    expect(await t.stripe.setupIntents.retrieve(open.id)).toMatchObject({ customer: null, description: null, flow_directions: null });
  });
});
