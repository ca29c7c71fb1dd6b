import type { LoadedLicense } from './loaded.ts';
import type { StatusVerdict } from './status.ts';

/** A license as the API shows it (the `key` only where the caller may see it: the customer's own, the operator). */
export interface LicenseView {
  id: string;
  key?: string;
  status: string;
  reason: string | null;
  customer: string;
  plan: string | null;
  product: string | null;
  features: string[];
  subscriptionId: string | null;
  purchaseId: string | null;
  issuedAt: Date;
  expiresAt: Date | null;
  activations: { used: number; limit: number };
}

export function licenseView(loaded: LoadedLicense, verdict: StatusVerdict, withKey: boolean): LicenseView {
  const { license } = loaded;
  return {
    id: license.id,
    ...(withKey ? { key: license.key } : {}),
    status: verdict.status,
    reason: verdict.reason,
    customer: license.externalId,
    plan: license.planKey,
    product: license.productKey,
    features: license.features,
    subscriptionId: license.subscriptionId,
    purchaseId: license.purchaseId,
    issuedAt: license.issuedAt,
    expiresAt: license.expiresAt,
    activations: { used: loaded.used, limit: license.activationLimit },
  };
}
