import type { LicenseRow } from '../core/db/row-types.ts';
import type { LicenseSnapshot } from '../notify/hooks/types.ts';
import type { StatusVerdict } from './status.ts';

export type { LicenseRow };

/** A license as hooks and the API show it, with its status as of now (`verdict`) when given. */
export function licenseSnapshot(row: LicenseRow, verdict?: StatusVerdict): LicenseSnapshot {
  return {
    id: row.id,
    key: row.key,
    status: verdict?.status ?? row.status,
    reason: verdict ? verdict.reason : row.statusReason,
    customer: row.externalId,
    subscriptionId: row.subscriptionId,
    purchaseId: row.purchaseId,
    planKey: row.planKey,
    productKey: row.productKey,
    features: row.features,
    activationLimit: row.activationLimit,
    issuedAt: row.issuedAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
  };
}

/** A timestamp column read through raw SQL (a Date on node-postgres, a Date or a string on PGlite). */
export function dateOrNull(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  if (typeof value === 'string' || typeof value === 'number') return new Date(value);
  throw new TypeError(`not a timestamp: ${typeof value}`);
}
