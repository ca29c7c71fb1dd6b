import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { LicenseSigningKeyRow } from '../core/db/row-types.ts';
import { licenseSigningKeys } from '../core/db/schema/license-signing-keys.ts';
import type { Deps } from '../core/lib/deps.ts';
import { loadSealer, type Sealer } from './seal.ts';
import type { SigningKey } from './sign.ts';

export type SigningKeyRow = LicenseSigningKeyRow;

/** A signing key as the API shows it: never its private half. */
export interface SigningKeyView {
  kid: string;
  algorithm: string;
  publicKey: string;
  status: string;
  createdAt: Date;
  rotatedAt: Date | null;
  retiredAt: Date | null;
}

export function signingKeyView(row: SigningKeyRow): SigningKeyView {
  return {
    kid: row.id,
    algorithm: row.algorithm,
    publicKey: row.publicKey,
    status: row.status,
    createdAt: row.createdAt,
    rotatedAt: row.rotatedAt,
    retiredAt: row.retiredAt,
  };
}

// Private keys opened in this process, by key id (ids are unique, whatever the database).
const opened = new Map<string, KeyObject>();

/** A new key pair's row, sealed; status `active`. */
export function newSigningKeyRow(deps: Pick<Deps, 'ids' | 'clock'>, sealer: Sealer): SigningKeyRow {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const jwk = publicKey.export({ format: 'jwk' });
  if (typeof jwk.x !== 'string') throw new Error('ed25519: no public key in the JWK');
  return {
    id: deps.ids.next('lsk'),
    algorithm: 'Ed25519',
    publicKey: jwk.x,
    privateKey: sealer.seal(privateKey.export({ format: 'der', type: 'pkcs8' })),
    sealedWith: sealer.id,
    status: 'active',
    createdAt: deps.clock.now(),
    rotatedAt: null,
    retiredAt: null,
  };
}

function open(row: SigningKeyRow, sealer: Sealer): SigningKey | null {
  if (row.sealedWith !== sealer.id) return null;
  let key = opened.get(row.id);
  if (!key) {
    const der = sealer.open(row.privateKey);
    if (!der) return null;
    key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    if (opened.size > 100) opened.clear();
    opened.set(row.id, key);
  }
  return { id: row.id, privateKey: key, publicKey: row.publicKey };
}

async function loadActive(deps: Pick<Deps, 'db'>): Promise<SigningKeyRow | undefined> {
  const [row] = await deps.db.select().from(licenseSigningKeys).where(eq(licenseSigningKeys.status, 'active'));
  return row;
}

/**
 * The key that signs now, made on first use. Concurrent first uses make one
 * (a unique index allows a single `active` row; the losers read the winner's).
 * An active key this deployment's secret cannot open (the secret changed) is
 * rotated: it keeps verifying, a new key signs.
 */
export async function activeSigningKey(deps: Pick<Deps, 'db' | 'ids' | 'clock' | 'config' | 'log'>): Promise<SigningKey> {
  const sealer = await loadSealer(deps);
  let row = await loadActive(deps);
  if (row) {
    const key = open(row, sealer);
    if (key) return key;
    deps.log.warn('license signing key sealed with another secret: rotating to a new key (the old one keeps verifying)', { kid: row.id });
    await deps.db
      .update(licenseSigningKeys)
      .set({ status: 'verifying', rotatedAt: deps.clock.now() })
      .where(and(eq(licenseSigningKeys.id, row.id), eq(licenseSigningKeys.status, 'active')));
  }
  await deps.db.insert(licenseSigningKeys).values(newSigningKeyRow(deps, sealer)).onConflictDoNothing();
  row = await loadActive(deps);
  const key = row ? open(row, sealer) : null;
  if (!key) throw new Error('license signing: no active key this deployment can open');
  return key;
}

// The active key per database handle, for hot paths (leases): re-read at most every ACTIVE_TTL_MS.
const ACTIVE_TTL_MS = 30_000;
const recent = new WeakMap<object, { key: SigningKey; at: number }>();

/** `activeSigningKey`, remembered for a few seconds per database handle (a rotation elsewhere is seen within 30 s). */
export async function currentSigningKey(deps: Pick<Deps, 'db' | 'ids' | 'clock' | 'config' | 'log'>): Promise<SigningKey> {
  const now = deps.clock.now().getTime();
  const hit = recent.get(deps.db);
  if (hit && now - hit.at < ACTIVE_TTL_MS && now >= hit.at) return hit.key;
  const key = await activeSigningKey(deps);
  recent.set(deps.db, { key, at: now });
  return key;
}

/** Forgets the remembered active key of a database handle (after a rotation in this process). */
export function forgetCurrentSigningKey(db: object): void {
  recent.delete(db);
}

/** Every signing key (none of them private), oldest first. */
export async function listSigningKeys(deps: Pick<Deps, 'db'>): Promise<SigningKeyView[]> {
  const rows = await deps.db.select().from(licenseSigningKeys).orderBy(asc(licenseSigningKeys.createdAt), asc(licenseSigningKeys.id));
  return rows.map(signingKeyView);
}

/** The public keys apps should trust: the active key and those still verifying (not retired). */
export async function publishedKeys(deps: Pick<Deps, 'db'>): Promise<{ kid: string; algorithm: string; publicKey: string; status: string }[]> {
  const rows = await deps.db
    .select()
    .from(licenseSigningKeys)
    .where(inArray(licenseSigningKeys.status, ['active', 'verifying']))
    .orderBy(asc(licenseSigningKeys.createdAt), asc(licenseSigningKeys.id));
  return rows.map((r) => ({ kid: r.id, algorithm: r.algorithm, publicKey: r.publicKey, status: r.status }));
}
