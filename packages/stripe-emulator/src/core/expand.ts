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

/** Expands one dotted path (`latest_invoice.customer`, `data.customer`) in a copy of `object`. */
function expandIn(db: Db, object: Record<string, unknown>, segments: string[], full: string): Record<string, unknown> {
  const [field, ...rest] = segments;
  if (field === undefined || !(field in object)) return cannotExpand(full);
  const value = object[field];
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
