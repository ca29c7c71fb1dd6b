import { z } from 'zod';
import { createPortalSession } from '../../../commands/portal/create-session.ts';
import { defineRoute, type Route } from '../route.ts';
import { INPUT_LIMITS } from '../../../core/lib/input.ts';

const returnUrl = z.url().max(INPUT_LIMITS.url).describe('Where the portal sends the customer back to');
const session = z.object({ id: z.string(), url: z.string() });

/** The Stripe customer portal (cards, invoices, cancelation), GET or POST as the seed apps call it. */
export const portalRoutes: Route[] = (['get', 'post'] as const).map((method) =>
  defineRoute({
    method,
    path: 'portal',
    summary: 'Open a customer portal session; redirect the browser to url',
    tag: 'Portal',
    auth: 'customer',
    ...(method === 'get' ? { query: z.object({ return_url: returnUrl }) } : { body: z.object({ return_url: returnUrl }) }),
    response: session,
    example:
      method === 'get'
        ? { query: { customer: 'user_123', return_url: 'https://app.example/billing' } }
        : { body: { customer: 'user_123', return_url: 'https://app.example/billing' } },
    handler: ({ deps, customer, query, body }) => createPortalSession(deps, { customer, returnUrl: String((method === 'get' ? query : body).return_url) }),
  }),
);
