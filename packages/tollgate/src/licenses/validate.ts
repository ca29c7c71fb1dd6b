import { z } from 'zod';
import { unixSeconds } from '../core/lib/clock.ts';
import type { Deps } from '../core/lib/deps.ts';
import { type AppError, appError } from '../core/lib/errors.ts';
import { text } from '../core/lib/input.ts';
import { operation } from '../core/lib/parse-input.ts';
import { ok, type Result } from '../core/lib/result.ts';
import { loadLicenseByKey } from './load.ts';
import { signToken } from './sign.ts';
import { currentSigningKey } from './signing-key.ts';
import { licenseStatus } from './status.ts';
import { type LicenseView, licenseView } from './view.ts';

export type ValidationCode = 'valid' | 'not_found' | 'expired' | 'suspended' | 'revoked' | 'too_many_activations' | 'not_activated';

export interface LicenseValidation {
  valid: boolean;
  code: ValidationCode;
  /** The license as of now (without its key), or null when the key is unknown. */
  license: LicenseView | null;
  /** When asked for and valid: `tg_lease.<kid>.<payload>.<signature>`, expiring at `expiresAt`. */
  lease?: { token: string; expiresAt: Date };
}

const DEFAULT_LEASE_TTL_SECONDS = 86_400;

/** Length limits of the public routes' inputs. */
export const LICENSE_INPUT = { key: 2048, instance: 255, name: 200 } as const;

/** The license key a public license route is about. */
export const licenseKey = () => text(LICENSE_INPUT.key).describe('The license key (`tg_lic.<kid>.<payload>.<signature>`)');
/** An instance of the licensed software: a machine fingerprint, a deployment id. */
export const licenseInstance = () => text(LICENSE_INPUT.instance, 1, { notBlank: true }).describe('The instance: a machine fingerprint, a deployment id');

export const validateLicenseInput = z.object({
  /** The license key. */
  key: licenseKey(),
  /** An instance (machine fingerprint): valid only if it is activated. */
  instance: licenseInstance().optional().describe('Valid only if this instance is activated'),
  /** Also sign a lease: a short-lived license file an offline client caches and re-validates when it expires. */
  lease: z.boolean().optional().describe('Also return a lease signed for `licenses.leaseTtlSeconds` (when valid)'),
});
export type ValidateLicenseInput = z.input<typeof validateLicenseInput>;

/**
 * Online validation (the public `licenses/validate` route): one read of the
 * license by its key with its subscription or purchase and activations; the
 * status is decided as of now (licenses/status.ts), so a grace that ended a
 * moment ago answers `suspended` before the sweep writes it. An unknown key
 * is an answer (`not_found`), not an error. With `lease`, a valid license
 * also gets a lease signed by the current key, valid for
 * `licenses.leaseTtlSeconds` (never past the license's own expiry).
 */
export const validateLicense = operation(validateLicenseInput, async (deps: Deps, input): Promise<Result<LicenseValidation>> => {
  const loaded = await loadLicenseByKey(deps.db, input.key, { instance: input.instance });
  if (!loaded) return ok({ valid: false, code: 'not_found', license: null });
  const now = deps.clock.now();
  const verdict = licenseStatus(deps.config, loaded.license, loaded.facts, now);
  const license = licenseView(loaded, verdict, false);
  let code: ValidationCode = verdict.status === 'active' ? 'valid' : verdict.status;
  if (code === 'valid') {
    if (input.instance !== undefined && !loaded.activated) code = loaded.used >= loaded.license.activationLimit ? 'too_many_activations' : 'not_activated';
    else if (loaded.used > loaded.license.activationLimit) code = 'too_many_activations';
  }
  if (code !== 'valid' || !input.lease) return ok({ valid: code === 'valid', code, license });
  const ttl = deps.config.licenses?.leaseTtlSeconds ?? DEFAULT_LEASE_TTL_SECONDS;
  const iat = unixSeconds(now);
  const own = loaded.license.expiresAt ? unixSeconds(loaded.license.expiresAt) : Number.POSITIVE_INFINITY;
  const exp = Math.min(iat + ttl, own);
  const token = signToken(
    'lease',
    {
      v: 1,
      lid: loaded.license.id,
      sub: loaded.license.externalId,
      plan: loaded.license.planKey,
      product: loaded.license.productKey,
      features: loaded.license.features,
      act: loaded.license.activationLimit,
      iat,
      exp,
      ins: input.instance ?? null,
    },
    await currentSigningKey(deps),
  );
  return ok({ valid: true, code, license, lease: { token, expiresAt: new Date(exp * 1000) } });
});

/** The refusal for a key no license has. */
export function licenseNotFound(): AppError {
  return appError('license_not_found', 'no license has this key', 'key');
}
