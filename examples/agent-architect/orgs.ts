import { randomBytes } from 'node:crypto';

/**
 * Stand-in for the app's own organisations: each has an API key its lead
 * sources send, and its agents run unless billing paused them. The org id is
 * Tollgate's customer id (the seed put it in the Stripe customer's metadata as `org_id`).
 */
export interface Orgs {
  add(orgId: string): string;
  byKey(key: string): string | undefined;
  pause(orgId: string, reason: string): void;
  resume(orgId: string): void;
  /** Why the org's agents are paused, or undefined when they run. */
  pausedFor(orgId: string): string | undefined;
}

export function createOrgs(): Orgs {
  const keys = new Map<string, string>();
  const paused = new Map<string, string>();
  return {
    add(orgId) {
      const key = `ak_${randomBytes(18).toString('base64url')}`;
      keys.set(key, orgId);
      return key;
    },
    byKey: (key) => keys.get(key),
    pause: (orgId, reason) => void paused.set(orgId, reason),
    resume: (orgId) => void paused.delete(orgId),
    pausedFor: (orgId) => paused.get(orgId),
  };
}
