import { invalidRequest } from '../errors.ts';
import { collectionForId, type Db } from './db.ts';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function cannotExpand(path: string): never {
  throw invalidRequest(`This property cannot be expanded (${path}).`, 'expand');
}

function expandValue(db: Db, value: unknown, rest: string[], full: string): unknown {
  if (rest.length === 0) {
    if (typeof value === 'string') {
      const found = collectionForId(db, value)?.get(value);
      if (!found) cannotExpand(full);
      return found;
    }
    return value;
  }
  if (value === null || value === undefined) return value;
  if (typeof value === 'string') {
    const found = collectionForId(db, value)?.get(value);
    if (!found) cannotExpand(full);
    return expandIn(db, found, rest, full);
  }
  if (Array.isArray(value)) return value.map((v) => expandValue(db, v, rest, full));
  if (isObject(value)) return expandIn(db, value, rest, full);
  return cannotExpand(full);
}

type Virtual = (db: Db, object: Record<string, unknown>) => unknown;
const virtualFields = new Map<string, Virtual>();

/**
 * Registers a field Stripe only includes when expanded (`invoice.payments`): `objectType`
 * is the object's `object` value.
 */
export function registerVirtualExpansion(objectType: string, field: string, compute: Virtual): void {
  virtualFields.set(`${objectType}.${field}`, compute);
}

/** Expands one dotted path (`latest_invoice.customer`, `data.customer`) in a copy of `object`. */
function expandIn(db: Db, object: Record<string, unknown>, segments: string[], full: string): Record<string, unknown> {
  const [field, ...rest] = segments;
  if (field === undefined) return cannotExpand(full);
  const virtual = typeof object.object === 'string' ? virtualFields.get(`${object.object}.${field}`) : undefined;
  if (!virtual && !(field in object)) return cannotExpand(full);
  const value = virtual ? virtual(db, object) : object[field];
  if (virtual && rest.length === 0) return { ...object, [field]: value };
  // Only ids (strings), lists/objects on the way to one, and nulls can be expanded.
  if (rest.length === 0 && typeof value !== 'string' && value !== null && !isObject(value)) return cannotExpand(full);
  return { ...object, [field]: expandValue(db, value, rest, full) };
}

/** Applies every `expand[]` path to a response value; an unknown path is a 400. */
export function applyExpand(db: Db, value: unknown, paths: readonly string[]): unknown {
  if (!isObject(value)) return value;
  let out: Record<string, unknown> = value;
  for (const path of paths) {
    const segments = path.split('.');
    if (segments.length > 4) throw invalidRequest(`You cannot expand more than 4 levels of a property. Property: ${path}`, 'expand');
    out = expandIn(db, out, segments, path);
  }
  return out;
}
