import { describe, expect, it } from 'vitest';
import type { Deps } from '../../core/lib/deps.ts';
import { HandlerContext } from './handler-context.ts';

const principal = { kind: 'customer_token' as const, id: 'tok_1', customer: 'user_1', admin: false };
// The context only carries deps to the handler; these tests never reach them.
const deps = {} as Deps;

describe('HandlerContext', () => {
  it('hands the operation the query and body under camelCase names, the resolved customer over the one sent', () => {
    const ctx = new HandlerContext(
      deps,
      principal,
      'user_1',
      { invoice_now: true },
      { customer: 'user_2', idempotency_key: 'k1', metadata: { plan_tier: 'a' } },
      'req_1',
    );
    expect(ctx.input).toEqual({ invoiceNow: true, customer: 'user_1', idempotencyKey: 'k1', metadata: { plan_tier: 'a' } });
  });

  it('leaves the customer out when the route acts for none', () => {
    const ctx = new HandlerContext(
      deps,
      { ...principal, kind: 'secret_key', admin: true },
      undefined,
      {},
      { customer: 'user_2', feature: 'messages' },
      'req_2',
    );
    expect(ctx.input).toEqual({ customer: 'user_2', feature: 'messages' });
  });

  it('builds a fresh input on each read (a handler may change its copy) from a getter every request shares', () => {
    const a = new HandlerContext(deps, principal, 'user_1', {}, { feature: 'messages' }, 'req_3');
    const b = new HandlerContext(deps, principal, 'user_1', {}, { feature: 'seats' }, 'req_4');
    expect(a.input).not.toBe(a.input);
    expect(Object.getOwnPropertyDescriptor(a, 'input')).toBeUndefined();
    expect(Object.getPrototypeOf(a)).toBe(Object.getPrototypeOf(b));
    expect(typeof Object.getOwnPropertyDescriptor(HandlerContext.prototype, 'input')?.get).toBe('function');
  });
});
