import { z } from 'zod';
import { stringProblem } from '../lib/input.ts';

/**
 * Metadata an app attaches to what Tollgate creates in Stripe: Stripe's own
 * limits (at most 50 keys of up to 40 characters, string values of up to 500),
 * less the `reserved` keys Tollgate writes itself; keys starting with
 * `tollgate_` are Tollgate's. A bad key is named by its own path unless it
 * holds what cannot be shown (a NUL, a lone surrogate).
 */
export const stripeMetadata = (reserved = 1) =>
  z.record(z.string(), z.string()).superRefine((value, ctx) => {
    const entries = Object.entries(value);
    if (entries.length > 50 - reserved) ctx.addIssue({ code: 'custom', message: `may have at most ${50 - reserved} keys` });
    for (const [key, item] of entries) {
      if (key.length === 0 || key.length > 40 || stringProblem(key) !== null) {
        const path = stringProblem(key) === null ? [key] : [];
        ctx.addIssue({ code: 'custom', path, message: 'keys must be 1 to 40 characters, without NUL or lone surrogates' });
      } else if (key.startsWith('tollgate_')) {
        ctx.addIssue({ code: 'custom', path: [key], message: 'keys starting with tollgate_ are reserved' });
      } else if (item.length > 500 || stringProblem(item) !== null) {
        ctx.addIssue({ code: 'custom', path: [key], message: 'must be a string of at most 500 characters, without NUL or lone surrogates' });
      }
    }
  });
