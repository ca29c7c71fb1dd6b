/**
 * SEAM(licenses): where Agency OS's "automated license generation upon
 * successful payment" plugs in. The licenses module (`tollgate` src/licenses,
 * migration 0011) is being built on another branch; until it is merged, this
 * example records each request here, once per tenant, so the flow and its
 * tests stand.
 *
 * After the merge the lead wires it (see README, "License seam"):
 *   1. give the plans a license grant in tollgate.config.ts, so Tollgate issues
 *      the license itself, once, on the mirror road when the subscription is paid;
 *   2. replace `createPendingLicenses` by a handler of the `license.issued` hook
 *      that stores `message.payload.license` (its `key`) on the tenant, and
 *      show it from `getLicense` / `listLicenses`.
 */
export interface LicenseRequest {
  tenantId: string;
  subscriptionId: string;
  plan: string | null;
}

export interface LicenseSeam {
  /** Called once per provisioned tenant (billing-hooks.ts, on `subscription.activated`). */
  requestLicense(request: LicenseRequest): Promise<void> | void;
  /** The requests so far (the stand-in's record). */
  requests(): LicenseRequest[];
}

/** The stand-in until the licenses module is merged: keeps one request per tenant. */
export function createPendingLicenses(): LicenseSeam {
  const byTenant = new Map<string, LicenseRequest>();
  return {
    requestLicense(request) {
      if (!byTenant.has(request.tenantId)) byTenant.set(request.tenantId, request);
    },
    requests: () => [...byTenant.values()],
  };
}
