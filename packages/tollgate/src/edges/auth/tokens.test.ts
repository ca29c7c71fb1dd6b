import { describe, expect, it } from 'vitest';
import { mintCustomerToken, verifyCustomerToken } from './tokens.ts';

const now = new Date('2026-01-01T00:00:00Z');

describe('customer tokens', () => {
  it('round-trips the customer until it expires', () => {
    const minted = mintCustomerToken('s3cret', { customer: 'user_1', now, ttlSeconds: 60 });
    const ok = verifyCustomerToken('s3cret', minted.token, new Date(now.getTime() + 59_000));
    expect(ok).toEqual({ ok: true, value: { customer: 'user_1', expiresAt: new Date('2026-01-01T00:01:00Z') } });
    const expired = verifyCustomerToken('s3cret', minted.token, new Date(now.getTime() + 60_000));
    expect(expired.ok ? null : expired.error.message).toMatch(/expired/);
  });

  it('refuses another secret, a changed payload and junk', () => {
    const { token } = mintCustomerToken('s3cret', { customer: 'user_1', now });
    expect(verifyCustomerToken('other', token, now).ok).toBe(false);
    const [payload, signature] = token.slice(6).split('.');
    const changed = Buffer.from(JSON.stringify({ c: 'user_2', iat: 0, exp: 9e9 })).toString('base64url');
    expect(payload).toBeTruthy();
    expect(verifyCustomerToken('s3cret', `tg_ct_${changed}.${signature}`, now).ok).toBe(false);
    for (const junk of ['tg_ct_', 'tg_ct_a.b.c', 'tg_ct_abc', 'nope']) expect(verifyCustomerToken('s3cret', junk, now).ok).toBe(false);
  });
});
