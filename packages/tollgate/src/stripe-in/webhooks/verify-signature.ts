import { createHmac, timingSafeEqual } from 'node:crypto';
import { type AppError, appError } from '../../core/lib/errors.ts';
import { err, ok, type Result } from '../../core/lib/result.ts';

export const DEFAULT_TOLERANCE_SECONDS = 300;
const PARAM = 'Stripe-Signature';

/** Stripe's v1 signature: hex HMAC-SHA256 of `"<t>.<raw body>"` keyed by the whole `whsec_` secret. */
export function signPayload(payload: Uint8Array | string, secret: string, timestamp: number): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(payload).digest('hex');
}

/** A `Stripe-Signature` header value for a payload (tests, benches, replays). */
export function signatureHeader(payload: Uint8Array | string, secret: string, timestamp: number): string {
  return `t=${timestamp},v1=${signPayload(payload, secret, timestamp)}`;
}

function parseHeader(header: string): { timestamp: number; signatures: string[] } | null {
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't' && /^\d+$/.test(value)) timestamp = Number(value);
    else if (key === 'v1' && /^[0-9a-f]{64}$/i.test(value)) signatures.push(value.toLowerCase());
  }
  return timestamp === null || signatures.length === 0 ? null : { timestamp, signatures };
}

/**
 * Verifies a `Stripe-Signature` header against the raw body. Any of several
 * secrets may match (rotation). A timestamp older than `toleranceSeconds` is
 * refused (a replay); 0 disables that check. As in Stripe's libraries, a
 * timestamp ahead of our clock is accepted (clock skew; it still needs the
 * secret to sign).
 */
export function verifySignature(
  payload: Uint8Array,
  header: string | null,
  secrets: readonly string[],
  toleranceSeconds: number,
  nowSeconds: number,
): Result<{ timestamp: number }, AppError> {
  if (!header) return err(appError('invalid_request', 'the Stripe-Signature header is missing', PARAM));
  const parsed = parseHeader(header);
  if (!parsed) return err(appError('invalid_request', 'the Stripe-Signature header is malformed (expected t=...,v1=...)', PARAM));
  const matches = secrets.some((secret) => {
    const expected = Buffer.from(signPayload(payload, secret, parsed.timestamp), 'hex');
    return parsed.signatures.some((s) => timingSafeEqual(Buffer.from(s, 'hex'), expected));
  });
  if (!matches) {
    const hint =
      'check that STRIPE_WEBHOOK_SECRET is the signing secret of this endpoint (each Dashboard endpoint, and `stripe listen`, has its own whsec_; test and live mode differ)';
    return err(appError('invalid_request', `no Stripe-Signature v1 signature matches the body: ${hint}`, PARAM));
  }
  if (toleranceSeconds > 0 && nowSeconds - parsed.timestamp > toleranceSeconds) {
    return err(appError('invalid_request', `the Stripe-Signature timestamp is outside the ${toleranceSeconds} s tolerance`, PARAM));
  }
  return ok({ timestamp: parsed.timestamp });
}
