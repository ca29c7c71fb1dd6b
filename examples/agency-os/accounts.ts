import { randomBytes } from 'node:crypto';

/** Who is calling Agency OS: a member of one tenant, or an operator (support, finance). */
export type Principal = { kind: 'member'; userId: string; tenantId: string } | { kind: 'operator'; userId: string };

export interface Tenant {
  id: string;
  plan: string | null;
  status: 'active' | 'trialing' | 'past_due' | 'suspended' | 'canceled';
  subscriptionId: string;
  provisionedAt: Date;
}

/**
 * Stand-in for Agency OS's own accounts and tenants tables: bearer tokens for
 * members and operators, the tenants provisioned on payment, and the dunning
 * notices sent. Billing writes here only through the hooks in billing-hooks.ts.
 */
export function createAccounts() {
  const tokens = new Map<string, Principal>();
  const tenants = new Map<string, Tenant>();
  const notices: { tenantId: string; message: string }[] = [];
  const licenseKeys = new Map<string, string>();
  let provisions = 0;
  const token = (principal: Principal) => {
    const value = `aos_${randomBytes(18).toString('base64url')}`;
    tokens.set(value, principal);
    return value;
  };
  return {
    member: (userId: string, tenantId: string) => token({ kind: 'member', userId, tenantId }),
    operator: (userId: string) => token({ kind: 'operator', userId }),
    principalOf(authorization: string | undefined): Principal | undefined {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
      return match?.[1] ? tokens.get(match[1]) : undefined;
    },
    /** Creates the tenant's workspace once; a second call (a redelivered hook) changes nothing. */
    provision(tenantId: string, subscriptionId: string, plan: string | null, status: Tenant['status'], at: Date): boolean {
      if (tenants.has(tenantId)) return false;
      tenants.set(tenantId, { id: tenantId, plan, status, subscriptionId, provisionedAt: at });
      provisions++;
      return true;
    },
    setStatus(tenantId: string, status: Tenant['status']): void {
      const tenant = tenants.get(tenantId);
      if (tenant) tenant.status = status;
    },
    tenant: (tenantId: string) => tenants.get(tenantId),
    /** Keeps the tenant's license key (Tollgate's `license.issued`); a redelivered hook changes nothing. */
    setLicense(tenantId: string, key: string): void {
      if (!licenseKeys.has(tenantId)) licenseKeys.set(tenantId, key);
    },
    license: (tenantId: string) => licenseKeys.get(tenantId),
    provisions: () => provisions,
    notify: (tenantId: string, message: string) => void notices.push({ tenantId, message }),
    notices: (tenantId: string) => notices.filter((n) => n.tenantId === tenantId).map((n) => n.message),
  };
}

export type Accounts = ReturnType<typeof createAccounts>;
