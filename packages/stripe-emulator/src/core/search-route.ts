import type { Emulator } from './emulator.ts';
import { p, parseShape } from './params.ts';
import type { Router } from './router.ts';
import { matches, parseSearchQuery, searchPage } from './search.ts';

const searchShape = { query: p.required(p.string()), limit: p.int({ min: 1, max: 100 }), page: p.string(), expand: p.arr(p.string()) };

/** The fields a resource's search query may name, each read off an object; `metadata['key']` is searchable on every resource. */
export type SearchFields<T> = Record<string, (item: T) => string | number | null>;

/**
 * `GET <list>/search` for a resource: Stripe's search query language over
 * `items` (newest first), each field read by `fields`, one page of results.
 */
export function searchRoute<T extends { metadata?: Record<string, string> | null }>(
  r: Router,
  list: string,
  items: (em: Emulator) => T[],
  fields: SearchFields<T>,
): void {
  const url = `${list}/search`;
  const read = (item: T, field: string, key: string | null) => {
    if (field === 'metadata') return key === null ? undefined : (item.metadata?.[key] ?? null);
    return Object.hasOwn(fields, field) ? fields[field]!(item) : undefined;
  };
  r.get(url, ({ em, body }) => {
    const input = parseShape(searchShape, body);
    const query = parseSearchQuery(input.query);
    return searchPage(
      items(em).filter((x) => matches(x, query, read)),
      input.limit,
      input.page,
      url,
    );
  });
}
