import { describe, expect, it } from 'vitest';
import { StripeApiError } from '../errors.ts';
import { p, parseShape } from './params.ts';

const shape = {
  items: p.required(p.arr(p.obj({ price: p.required(p.string()), quantity: p.int({ min: 0 }) }))),
  cancel_at_period_end: p.bool(),
  behavior: p.enum(['a', 'b']),
};

function errorOf(body: unknown): StripeApiError['body']['error'] {
  try {
    parseShape(shape, body);
  } catch (e) {
    if (e instanceof StripeApiError) return e.body.error;
    throw e;
  }
  throw new Error('expected a validation error');
}

describe('parseShape', () => {
  it('turns form strings into typed values', () => {
    expect(parseShape(shape, { items: { '0': { price: 'price_1', quantity: '3' } }, cancel_at_period_end: 'true' })).toEqual({
      items: [{ price: 'price_1', quantity: 3 }],
      cancel_at_period_end: true,
    });
  });

  it('names the parameter in each kind of error', () => {
    expect(errorOf({ items: [{ price: 'x', colour: 'red' }] })).toMatchObject({ code: 'parameter_unknown', param: 'items[0][colour]' });
    expect(errorOf({ items: [{ quantity: '1' }] })).toMatchObject({ code: 'parameter_missing', param: 'items[0][price]' });
    expect(errorOf({})).toMatchObject({ code: 'parameter_missing', param: 'items' });
    expect(errorOf({ items: [{ price: 'x', quantity: 'two' }] })).toMatchObject({ code: 'parameter_invalid_integer', param: 'items[0][quantity]' });
    expect(errorOf({ items: [], cancel_at_period_end: 'yes' })).toMatchObject({ code: 'parameter_invalid_boolean', param: 'cancel_at_period_end' });
    expect(errorOf({ items: [], behavior: 'c' })).toMatchObject({ type: 'invalid_request_error', param: 'behavior' });
  });
});
