import type Stripe from 'stripe';
import { METADATA, parseLookupKey } from '../../core/config/stripe-keys.ts';
import type { Clock } from '../../core/lib/clock.ts';
import { unixSeconds } from '../../core/lib/clock.ts';

/** Reading Stripe fields into mirror columns. */

export function idOf(value: string | { id?: string | undefined } | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  return value.id ?? null;
}

/** Unix seconds -> Date (null stays null). */
export function dateOf(seconds: number | null | undefined): Date | null {
  return seconds === null || seconds === undefined ? null : new Date(seconds * 1000);
}

export function metadataOf(value: Stripe.Metadata | null | undefined): Record<string, string> {
  return { ...(value ?? {}) };
}

/** The Tollgate plan a price belongs to: its lookup key, else its metadata. */
export function planKeyOfPrice(price: Pick<Stripe.Price, 'lookup_key' | 'metadata'> | null | undefined): string | null {
  if (!price) return null;
  const parsed = parseLookupKey(price.lookup_key);
  if (parsed?.kind === 'plan') return parsed.plan;
  if (parsed) return null;
  return price.metadata?.[METADATA.plan] ?? null;
}

/**
 * When a fetched object describes Stripe's state: the `Date` header of the
 * response that carried it (Stripe's clock, the one event `created` uses),
 * else our clock.
 */
export function fetchedAt(object: object, clock: Clock): number {
  const response: unknown = (object as { lastResponse?: unknown }).lastResponse;
  if (response && typeof response === 'object' && 'headers' in response) {
    const headers = response.headers;
    const date = headers && typeof headers === 'object' ? (headers as Record<string, unknown>).date : undefined;
    if (typeof date === 'string') {
      const ms = Date.parse(date);
      if (!Number.isNaN(ms)) return Math.floor(ms / 1000);
    }
  }
  return unixSeconds(clock.now());
}

/**
 * A Stripe object as plain JSON for the `raw` column: the SDK's objects are
 * copied without their `lastResponse`; an object parsed from a webhook body
 * is plain JSON already and is used as it is (never mutated).
 */
export function rawOf(object: object): Record<string, unknown> {
  if (!('lastResponse' in object)) return object as Record<string, unknown>;
  return JSON.parse(JSON.stringify(object)) as Record<string, unknown>;
}

/**
 * The columns every mirror row fills the same way: Stripe's `livemode` and
 * `created`, the raw object, and our timestamps (`sourceAt` is set by
 * `applyKind` once it knows when Stripe held this state).
 */
export function mirrorColumns(object: { livemode: boolean; created: number }, prev: { createdAt: Date } | undefined, now: Date) {
  return { livemode: object.livemode, stripeCreated: object.created, sourceAt: 0, raw: rawOf(object), createdAt: prev?.createdAt ?? now, updatedAt: now };
}
