import type Stripe from 'stripe';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../core/clock.ts';
import { planPrice } from '../../testing/fixtures.ts';
import { rejectionOf, suiteEmulator } from '../../testing/sdk.ts';

const NOW = Date.UTC(2026, 10, 16, 12, 0, 0);

describe('subscription items, items[][plan] and removing a discount', () => {
  const t = suiteEmulator({ clock: fixedClock(NOW), schedulerIntervalMs: 0 });
  let base: Stripe.Price;
  let seats: Stripe.Price;
  let yearly: Stripe.Price;
  beforeAll(async () => {
    base = await planPrice(t.stripe, 'Base', 3000);
    seats = await planPrice(t.stripe, 'Seat', 1000);
    yearly = await planPrice(t.stripe, 'Yearly', 30_000, { interval: 'year' });
  });

  async function subscribed(items: Stripe.SubscriptionCreateParams.Item[], extra: Partial<Stripe.SubscriptionCreateParams> = {}): Promise<Stripe.Subscription> {
    const customer = await t.stripe.customers.create({ payment_method: 'pm_card_visa' });
    const pm = (await t.stripe.customers.listPaymentMethods(customer.id)).data[0]!;
    await t.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
    return t.stripe.subscriptions.create({ customer: customer.id, items, ...extra });
  }

  it('accepts items[][plan] (a price id) on create and update, and always returns default_tax_rates', async () => {
    const sub = await subscribed([{ plan: base.id, quantity: 2 }]);
    expect(sub.items.data[0]).toMatchObject({ price: { id: base.id }, plan: { id: base.id, object: 'plan' }, quantity: 2 });
    expect(sub.default_tax_rates).toEqual([]);
    const updated = await t.stripe.subscriptions.update(sub.id, { items: [{ id: sub.items.data[0]!.id, plan: seats.id }], proration_behavior: 'none' });
    expect(updated.items.data[0]!.price.id).toBe(seats.id);
    expect(await rejectionOf(t.stripe.subscriptions.create({ customer: sub.customer as string, items: [{ plan: base.id, price: base.id }] }))).toMatchObject({
      statusCode: 400,
      param: 'items[0][plan]',
    });
    expect(await rejectionOf(t.stripe.subscriptions.create({ customer: sub.customer as string, items: [{ plan: 'price_missing' }] }))).toMatchObject({
      statusCode: 404,
      param: 'items[0][plan]',
    });
  });

  it('adds, changes and removes items through /v1/subscription_items, with prorations and events', async () => {
    const sub = await subscribed([{ price: base.id }]);
    const added = await t.stripe.subscriptionItems.create({ subscription: sub.id, price: seats.id, quantity: 3, metadata: { role: 'seats' } });
    expect(added).toMatchObject({
      object: 'subscription_item',
      subscription: sub.id,
      quantity: 3,
      metadata: { role: 'seats' },
      price: { id: seats.id },
      current_period_end: sub.items.data[0]!.current_period_end,
    });
    const pending = await t.stripe.invoiceItems.list({ customer: sub.customer as string, pending: true });
    expect(pending.data.map((ii) => ii.amount)).toEqual([3000]);

    const changed = await t.stripe.subscriptionItems.update(added.id, { quantity: 5, proration_behavior: 'none' });
    expect(changed).toMatchObject({ id: added.id, quantity: 5 });
    expect((await t.stripe.subscriptionItems.retrieve(added.id)).quantity).toBe(5);
    const listed = await t.stripe.subscriptionItems.list({ subscription: sub.id });
    expect(listed.data.map((i) => i.id)).toEqual([added.id, sub.items.data[0]!.id]);

    const removed = await t.stripe.subscriptionItems.del(added.id, { proration_behavior: 'none' });
    expect(removed).toEqual({ id: added.id, object: 'subscription_item', deleted: true });
    expect((await t.stripe.subscriptions.retrieve(sub.id)).items.data.map((i) => i.id)).toEqual([sub.items.data[0]!.id]);
    const updates = t.emulator.emulator.db.events
      .newestFirst()
      .filter((e) => e.type === 'customer.subscription.updated' && (e.data.object as { id: string }).id === sub.id);
    expect(updates).toHaveLength(3);
    expect(await rejectionOf(t.stripe.subscriptionItems.retrieve(added.id))).toMatchObject({ statusCode: 404 });
  });

  it('refuses item writes by name and keeps nothing', async () => {
    const sub = await subscribed([{ price: base.id }]);
    const before = JSON.stringify(await t.stripe.subscriptions.retrieve(sub.id));
    const only = sub.items.data[0]!.id;
    expect(await rejectionOf(t.stripe.subscriptionItems.create({ subscription: sub.id }))).toMatchObject({
      statusCode: 400,
      code: 'parameter_missing',
      param: 'price',
    });
    expect(await rejectionOf(t.stripe.subscriptionItems.create({ subscription: 'sub_missing', price: seats.id }))).toMatchObject({
      statusCode: 404,
      param: 'subscription',
    });
    expect(await rejectionOf(t.stripe.subscriptionItems.create({ subscription: sub.id, price: yearly.id }))).toMatchObject({ statusCode: 400 });
    expect(await rejectionOf(t.stripe.subscriptionItems.create({ subscription: sub.id, price: seats.id, quantity: 'two' as unknown as number }))).toMatchObject(
      { code: 'parameter_invalid_integer', param: 'quantity' },
    );
    expect(await rejectionOf(t.stripe.subscriptionItems.update(only, { colour: 'red' } as Stripe.SubscriptionItemUpdateParams))).toMatchObject({
      code: 'parameter_unknown',
      param: 'colour',
    });
    expect(await rejectionOf(t.stripe.subscriptionItems.update('si_missing', { quantity: 2 }))).toMatchObject({ statusCode: 404 });
    expect(await rejectionOf(t.stripe.subscriptionItems.del(only))).toMatchObject({ statusCode: 400 });
    expect(JSON.stringify(await t.stripe.subscriptions.retrieve(sub.id))).toBe(before);
  });

  it('removes a subscription discount (customer.discount.deleted) so the next invoice is full price', async () => {
    const coupon = await t.stripe.coupons.create({ percent_off: 50, duration: 'forever' });
    const sub = await subscribed([{ price: base.id }], { discounts: [{ coupon: coupon.id }] });
    expect((await t.stripe.invoices.retrieve(sub.latest_invoice as string)).total).toBe(1500);
    const discountId = sub.discounts[0] as string;
    const deleted = await t.stripe.subscriptions.deleteDiscount(sub.id);
    expect(deleted).toMatchObject({ id: discountId, object: 'discount', deleted: true, subscription: sub.id, source: { coupon: coupon.id, type: 'coupon' } });
    expect((await t.stripe.subscriptions.retrieve(sub.id)).discounts).toEqual([]);
    const types = t.emulator.emulator.db.events
      .newestFirst()
      .slice(0, 2)
      .map((e) => e.type);
    expect(types).toEqual(['customer.subscription.updated', 'customer.discount.deleted']);
    const preview = await t.stripe.invoices.createPreview({ subscription: sub.id });
    expect(preview.total).toBe(3000);
    expect(await rejectionOf(t.stripe.subscriptions.deleteDiscount(sub.id))).toMatchObject({ statusCode: 404, code: 'resource_missing' });
    expect(await rejectionOf(t.stripe.subscriptions.deleteDiscount('sub_missing'))).toMatchObject({ statusCode: 404 });
  });
});
