import type { Emulator } from './emulator.ts';
import { p, parseShape } from './params.ts';
import type { Router } from './router.ts';
import { type FieldReader, matches, parseSearchQuery, searchPage } from './search.ts';

const searchShape = { query: p.required(p.string()), limit: p.int({ min: 1, max: 100 }), page: p.string(), expand: p.arr(p.string()) };

/**
 * `GET <list>/search` for a resource: Stripe's search query language over
 * `items` (newest first), each field read by `read`, one page of results.
 */
export function searchRoute<T>(r: Router, list: string, items: (em: Emulator) => T[], read: FieldReader<T>): void {
  const url = `${list}/search`;
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
