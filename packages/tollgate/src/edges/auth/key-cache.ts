import type { Deps } from '../../core/lib/deps.ts';
import type { AppError } from '../../core/lib/errors.ts';
import { ok, type Result } from '../../core/lib/result.ts';
import type { ApiKeyInfo } from './key-info.ts';
import { keyStoreFor, revocationCount } from './key-store.ts';
import { hashApiKey, isSecretKeyShaped, lookupApiKey } from './keys.ts';

/** How long a verified key is trusted without asking the database again (TOLLGATE_KEY_CACHE_SECONDS). */
export const DEFAULT_KEY_CACHE_SECONDS = 5;
const MAX_ENTRIES = 10_000;

export interface ApiKeyVerifier {
  verify(key: string): Promise<Result<ApiKeyInfo, AppError>>;
}

/**
 * Verifies secret keys against the database and remembers the ones that are
 * valid for `ttlSeconds` (0 asks the database every time), keyed by the key's
 * SHA-256. Failures are never remembered: a key created a moment ago works on
 * its first request. A revoke in this process takes effect at once; elsewhere
 * within `ttlSeconds`.
 */
export function createApiKeyVerifier(deps: Pick<Deps, 'db' | 'clock'>, options: { ttlSeconds?: number | undefined } = {}): ApiKeyVerifier {
  const ttlMs = Math.max(0, (options.ttlSeconds ?? DEFAULT_KEY_CACHE_SECONDS) * 1000);
  const store = keyStoreFor(deps.db);
  return {
    async verify(key) {
      if (ttlMs === 0 || !isSecretKeyShaped(key)) return lookupApiKey(deps, key);
      const hash = hashApiKey(key);
      const now = deps.clock.now().getTime();
      const cached = store.verified.get(hash);
      if (cached && cached.generation === revocationCount() && now < cached.expiresAt) return ok(cached.info);
      const pending = store.inFlight.get(hash);
      if (pending) return pending;
      const generation = revocationCount();
      const lookup = lookupApiKey(deps, key, hash).finally(() => store.inFlight.delete(hash));
      store.inFlight.set(hash, lookup);
      const result = await lookup;
      // A revoke that ran while the row was read may not be in what we read: keep nothing then.
      if (result.ok && generation === revocationCount()) {
        if (store.verified.size >= MAX_ENTRIES) store.verified.clear(); // bounded memory under key churn
        store.verified.set(hash, { info: result.value, expiresAt: now + ttlMs, generation });
      } else {
        store.verified.delete(hash);
      }
      return result;
    },
  };
}
