import { z } from 'zod';
import { activateLicense, activateLicenseInput } from '../../../licenses/activate.ts';
import { deactivateLicense, deactivateLicenseInput } from '../../../licenses/deactivate.ts';
import { getLicense, listLicenses } from '../../../licenses/list.ts';
import { restoreLicense } from '../../../licenses/restore.ts';
import { retireSigningKey } from '../../../licenses/retire-key.ts';
import { revokeLicense } from '../../../licenses/revoke.ts';
import { rotateSigningKey } from '../../../licenses/rotate-key.ts';
import { listSigningKeys, publishedKeys } from '../../../licenses/signing-key.ts';
import { validateLicense, validateLicenseInput } from '../../../licenses/validate.ts';
import { INPUT_LIMITS, text } from '../../../core/lib/input.ts';
import { ok } from '../../../core/lib/result.ts';
import { customerField, defineRoute, type Route } from '../route.ts';

const limit = z.coerce.number().int().min(1).max(100).optional().describe('1 to 100, default 20');
const id = z.object({ id: text(INPUT_LIMITS.id).describe('The license id (`lic_...`)') });
const EXAMPLE_KEY = 'tg_lic.lsk_01JEXAMPLE.eyJ2IjoxfQ.c2lnbmF0dXJl';

const view = z.object({
  id: z.string(),
  key: z.string().optional(),
  status: z.enum(['active', 'suspended', 'revoked', 'expired']),
  reason: z.string().nullable(),
  customer: z.string(),
  plan: z.string().nullable(),
  product: z.string().nullable(),
  features: z.array(z.string()),
  subscription_id: z.string().nullable(),
  purchase_id: z.string().nullable(),
  issued_at: z.string(),
  expires_at: z.string().nullable(),
  activations: z.object({ used: z.number().int(), limit: z.number().int() }),
});
const activation = z.object({ id: z.string(), instance: z.string(), name: z.string().nullable(), created_at: z.string() });
const signingKey = z.object({ kid: z.string(), algorithm: z.literal('Ed25519'), public_key: z.string(), status: z.string() });

/** The public license routes: keyed by the license key, no credential, rate limited per key and per client address. */
const publicRoutes: Route[] = [
  defineRoute({
    method: 'post',
    path: 'licenses/validate',
    summary: 'Validate a license key: status, features, expiry, activation usage and a reason code; optionally a lease (a short-lived signed license file)',
    tag: 'Licenses',
    auth: 'license',
    body: validateLicenseInput,
    response: z.object({
      valid: z.boolean(),
      code: z.enum(['valid', 'not_found', 'expired', 'suspended', 'revoked', 'too_many_activations', 'not_activated']),
      license: view.nullable(),
      lease: z.object({ token: z.string(), expires_at: z.string() }).optional(),
    }),
    example: { body: { key: EXAMPLE_KEY, instance: 'machine-1', lease: true } },
    handler: async ({ deps, input }) => validateLicense(deps, input),
  }),
  defineRoute({
    method: 'post',
    path: 'licenses/activate',
    summary: 'Activate an instance on a license (refused over its activation limit; activating it again answers the same activation)',
    tag: 'Licenses',
    auth: 'license',
    body: activateLicenseInput,
    response: z.object({ activation, created: z.boolean(), license: view }),
    example: { body: { key: EXAMPLE_KEY, instance: 'machine-1', name: "Ada's laptop" } },
    handler: async ({ deps, input }) => activateLicense(deps, input),
  }),
  defineRoute({
    method: 'post',
    path: 'licenses/deactivate',
    summary: "Free an instance's activation",
    tag: 'Licenses',
    auth: 'license',
    body: deactivateLicenseInput,
    response: z.object({ deactivated: z.boolean(), license: view }),
    example: { body: { key: EXAMPLE_KEY, instance: 'machine-1' } },
    handler: async ({ deps, input }) => deactivateLicense(deps, input),
  }),
  defineRoute({
    method: 'get',
    path: 'licenses/keys',
    summary: 'The public keys license keys and leases verify with (the active key and those still verifying after a rotation)',
    tag: 'Licenses',
    auth: 'public',
    response: z.object({ keys: z.array(signingKey) }),
    example: {},
    handler: async ({ deps }) => ok({ keys: await publishedKeys(deps) }),
  }),
];

/** The customer's own licenses (an account page, with a customer token). */
const customerRoutes: Route[] = [
  defineRoute({
    method: 'get',
    path: 'licenses',
    summary: "The customer's licenses with their keys, newest first",
    tag: 'Licenses',
    auth: 'customer',
    query: z.object({ limit }),
    response: z.object({ data: z.array(view) }),
    example: { query: { customer: 'user_123' } },
    handler: async ({ deps, customer, query }) => ok({ data: await listLicenses(deps, { customer, limit: query.limit }) }),
  }),
];

const tag = 'Admin: licenses';
/** A secret-key route on one license, by id. */
const oneLicense = { tag, auth: 'secret' as const, query: id, example: { query: { id: 'lic_01JEXAMPLE' } } };

/** Operator routes: secret key only. */
const operatorRoutes: Route[] = [
  defineRoute({
    method: 'get',
    path: 'admin/licenses',
    summary: 'Licenses, newest first (filter by customer and stored status)',
    tag,
    auth: 'secret',
    query: z.object({ limit, customer: customerField.optional(), status: z.enum(['active', 'suspended', 'revoked', 'expired']).optional() }),
    response: z.object({ data: z.array(view) }),
    example: { query: { status: 'active' } },
    handler: async ({ deps, query }) => ok({ data: await listLicenses(deps, query) }),
  }),
  defineRoute({
    method: 'get',
    path: 'admin/licenses/:id',
    summary: 'One license with its activations',
    ...oneLicense,
    response: view.extend({ activation_list: z.array(activation) }),
    handler: async ({ deps, query }) => getLicense(deps, { id: query.id }),
  }),
  defineRoute({
    method: 'post',
    path: 'admin/licenses/:id/revoke',
    summary: 'Revoke a license (license.revoked); billing never brings it back, restore does',
    ...oneLicense,
    response: view,
    handler: async ({ deps, query }) => revokeLicense(deps, { id: query.id }),
  }),
  defineRoute({
    method: 'post',
    path: 'admin/licenses/:id/restore',
    summary: "Undo an operator's revocation: the license takes the status billing gives it (refused when billing ended it)",
    ...oneLicense,
    response: view,
    handler: async ({ deps, query }) => restoreLicense(deps, { id: query.id }),
  }),
  defineRoute({
    method: 'get',
    path: 'admin/license-keys',
    summary: 'Every license signing key (public halves only): active, verifying, retired',
    tag,
    auth: 'secret',
    example: {},
    handler: async ({ deps }) => ok({ data: await listSigningKeys(deps) }),
  }),
  defineRoute({
    method: 'post',
    path: 'admin/license-keys/rotate',
    summary: 'Rotate: a new key signs from now on; the previous one keeps verifying until retired',
    tag,
    auth: 'secret',
    example: {},
    handler: async ({ deps }) => rotateSigningKey(deps),
  }),
  defineRoute({
    method: 'post',
    path: 'admin/license-keys/:kid/retire',
    summary: 'Retire a key that no longer signs: it leaves the published keys (what it signed stops verifying offline)',
    tag,
    auth: 'secret',
    query: z.object({ kid: text(INPUT_LIMITS.id) }),
    example: { query: { kid: 'lsk_01JEXAMPLE' } },
    handler: async ({ deps, query }) => retireSigningKey(deps, { kid: query.kid }),
  }),
];

/** Licenses (src/licenses): public routes keyed by the license key, the customer's own, the operator's. */
export const licenseRoutes: Route[] = [...publicRoutes, ...customerRoutes, ...operatorRoutes];
