import { type AppError, appError } from './errors.ts';

/**
 * Credits are written as numbers with up to six decimals (`0.002`) and
 * stored as integer micro-credits (2,000). The conversion goes through the
 * number's decimal digits, never a float multiplication, so `0.1` is exactly
 * 100,000 micro-credits and `0.0000001` is refused rather than rounded.
 */
export const MICROS_PER_CREDIT = 1_000_000;

/** The largest amount of credits one value may carry (micro-credits stay exact integers in a double). */
export const MAX_CREDITS = 1_000_000_000;

/** Micro-credits of `credits`, or null when it is not a finite number with at most six decimals within ±MAX_CREDITS. */
export function toMicros(credits: number): number | null {
  if (typeof credits !== 'number' || !Number.isFinite(credits) || Math.abs(credits) > MAX_CREDITS) return null;
  const fixed = Math.abs(credits).toFixed(6);
  // More precision than six decimals: the six-decimal form is another number.
  if (Number(fixed) !== Math.abs(credits)) return null;
  const [whole = '0', fraction = ''] = fixed.split('.');
  const micros = Number(whole) * MICROS_PER_CREDIT + Number(fraction.padEnd(6, '0'));
  return credits < 0 ? -micros : micros;
}

/** Credits of an amount of micro-credits (for answers and display). */
export function fromMicros(micros: number | string | bigint): number {
  return Number(micros) / MICROS_PER_CREDIT;
}

export interface CreditsRule {
  /** Zero allowed (default false: at least one micro-credit). */
  allowZero?: boolean;
}

/**
 * An amount of credits from untrusted input: a number at least 0 (or above
 * it), at most MAX_CREDITS, with at most six decimals; the error names `param`.
 */
export function parseCredits(value: unknown, param: string, rule: CreditsRule = {}): { ok: true; micros: number } | { ok: false; error: AppError } {
  const micros = typeof value === 'number' ? toMicros(value) : null;
  if (micros === null) {
    const fraction = typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= MAX_CREDITS;
    return {
      ok: false,
      error: appError(
        'validation_failed',
        fraction
          ? `${param} has more than six decimals: credits are kept in millionths.`
          : `${param} must be a number of credits of at most ${MAX_CREDITS.toLocaleString('en-US')}.`,
        param,
      ),
    };
  }
  if (micros < 0 || (micros === 0 && rule.allowZero !== true)) {
    return { ok: false, error: appError('validation_failed', `${param} must be ${rule.allowZero ? 'at least 0' : 'above 0'} credits.`, param) };
  }
  return { ok: true, micros };
}
