import { describe, expect, it } from 'vitest';
import { parseForm } from './form.ts';

describe('parseForm', () => {
  it('parses nested brackets, indexed and pushed arrays, and metadata', () => {
    const body = parseForm(
      'items[0][price]=price_1&items[0][quantity]=2&items[1][price]=price_2&expand[]=customer&expand[]=latest_invoice&metadata[plan]=pro&email=a%40b.co&name=Ada+L',
    );
    expect(body).toEqual({
      items: { '0': { price: 'price_1', quantity: '2' }, '1': { price: 'price_2' } },
      expand: ['customer', 'latest_invoice'],
      metadata: { plan: 'pro' },
      email: 'a@b.co',
      name: 'Ada L',
    });
  });

  it('keeps empty strings (Stripe uses them to unset) and ignores malformed keys', () => {
    expect(parseForm('metadata[k]=&description=&a[b=1')).toEqual({ metadata: { k: '' }, description: '' });
  });
});
