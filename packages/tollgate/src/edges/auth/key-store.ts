import type { Db } from '../../core/db/connect.ts';
import type { AppError } from '../../core/lib/errors.ts';
import type { Result } from '../../core/lib/result.ts';
import type { ApiKeyInfo } from './key-info.ts';

export interface CachedKey {
  info: ApiKeyInfo;
  /** Clock time (ms) after which the database is asked again. */
  expiresAt: number;
  /** `revocationCount()` when the key was read: any later revoke in this process makes it stale. */
  generation: number;
}

export interface KeyStore {
  verified: Map<string, CachedKey>;
  /** Lookups in flight, so a burst with a new key asks the database once. */
  inFlight: Map<string, Promise<Result<ApiKeyInfo, AppError>>>;
}

// Per database handle (like the track groups): two apps on one handle share what they verified.
const stores = new WeakMap<Db, KeyStore>();
let revocations = 0;

export function keyStoreFor(db: Db): KeyStore {
  let store = stores.get(db);
  if (!store) {
    store = { verified: new Map(), inFlight: new Map() };
    stores.set(db, store);
  }
  return store;
}

export function revocationCount(): number {
  return revocations;
}

/**
 * Called by `revokeApiKey`: a key revoked in this process is refused by this
 * process's next request, whichever database handle verified it. Other
 * processes and nodes notice when their entry expires.
 */
export function forgetApiKey(db: Db, hash: string): void {
  revocations++;
  stores.get(db)?.verified.delete(hash);
}
