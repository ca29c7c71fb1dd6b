import { resourceMissing } from '../errors.ts';

export interface ListParams {
  limit?: number;
  starting_after?: string;
  ending_before?: string;
  created?: number | { gt?: number; gte?: number; lt?: number; lte?: number };
}

export interface ListPage<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
  url: string;
}

/** True when `value` is inside a Stripe range filter (`created[gte]=...`) or equals a plain number. */
export function inRange(value: number | null | undefined, range: ListParams['created']): boolean {
  if (range === undefined) return true;
  if (value === null || value === undefined) return false;
  if (typeof range === 'number') return value === range;
  if (range.gt !== undefined && !(value > range.gt)) return false;
  if (range.gte !== undefined && !(value >= range.gte)) return false;
  if (range.lt !== undefined && !(value < range.lt)) return false;
  if (range.lte !== undefined && !(value <= range.lte)) return false;
  return true;
}

/**
 * One page of a newest-first list. `items` must already be filtered and newest first.
 * Cursors are object ids; an id that is not in the list is a 404 naming the cursor.
 */
export function paginate<T extends { id: string; created?: number }>(items: T[], params: ListParams, url: string, kind = 'object'): ListPage<T> {
  const limit = params.limit ?? 10;
  const filtered = params.created === undefined ? items : items.filter((item) => inRange(item.created, params.created));
  if (params.starting_after !== undefined) {
    const index = filtered.findIndex((item) => item.id === params.starting_after);
    if (index === -1) throw resourceMissing(kind, params.starting_after, 'starting_after');
    const data = filtered.slice(index + 1, index + 1 + limit);
    return { object: 'list', data, has_more: index + 1 + limit < filtered.length, url };
  }
  if (params.ending_before !== undefined) {
    const index = filtered.findIndex((item) => item.id === params.ending_before);
    if (index === -1) throw resourceMissing(kind, params.ending_before, 'ending_before');
    const start = Math.max(0, index - limit);
    return { object: 'list', data: filtered.slice(start, index), has_more: start > 0, url };
  }
  return { object: 'list', data: filtered.slice(0, limit), has_more: filtered.length > limit, url };
}
