import { z } from 'zod';
import { MAX_TOKEN_TTL_SECONDS, mintCustomerToken } from '../../auth/tokens.ts';
import { ok } from '../../../core/lib/result.ts';
import { customerField, defineRoute, type Route } from '../route.ts';

/** Customer tokens: minted by the app's backend (secret key) for its signed-in user. */
export function tokenRoutes(tokenSecret: () => Promise<string>): Route[] {
  return [
    defineRoute({
      method: 'post',
      path: 'tokens',
      summary: 'Mint a short-lived token a browser can use for one customer',
      tag: 'Authentication',
      auth: 'secret',
      status: 201,
      body: z.object({
        customer: customerField,
        ttl_seconds: z.number().int().min(60).max(MAX_TOKEN_TTL_SECONDS).optional().describe('Lifetime, default 3600'),
      }),
      response: z.object({ token: z.string(), customer: z.string(), expires_at: z.string() }),
      example: { body: { customer: 'user_123', ttl_seconds: 900 } },
      async handler({ deps, input }) {
        const minted = mintCustomerToken(await tokenSecret(), { ...input, now: deps.clock.now() });
        return ok({ token: minted.token, customer: minted.customer, expires_at: minted.expiresAt.toISOString() });
      },
    }),
    defineRoute({
      method: 'get',
      path: 'session',
      summary: 'Who the credential acts for',
      tag: 'Authentication',
      auth: 'customer',
      response: z.object({ customer: z.string(), credential: z.enum(['secret_key', 'customer_token', 'app']) }),
      example: { query: { customer: 'user_123' } },
      async handler({ customer, principal }) {
        return ok({ customer, credential: principal.kind });
      },
    }),
  ];
}
