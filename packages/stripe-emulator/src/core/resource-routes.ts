import { resourceMissing } from '../errors.ts';
import type { Db } from './db.ts';
import type { Emulator } from './emulator.ts';
import { paginate } from './list.ts';
import { type Field, type InferShape, expandShape, listShape, parseShape } from './params.ts';
import { type Handler, type Router, pathId } from './router.ts';
import { type SearchFields, searchRoute } from './search-route.ts';
import type { Collection } from './store.ts';

type Shape = Record<string, Field<unknown>>;
/** A request's parameters as an operation takes them: `expand` is the framework's (applied to the answer). */
type Input<S extends Shape> = Omit<InferShape<S>, 'expand'>;

function withoutExpand<T extends { expand?: unknown }>(input: T): Omit<T, 'expand'> {
  const { expand: _expand, ...rest } = input;
  return rest;
}

/** A handler on a collection (`POST /v1/coupons`): the body checked against `shape`, then `run`. */
export function withBody<S extends Shape>(shape: S, run: (em: Emulator, input: Input<S>) => unknown): Handler {
  return ({ em, body }) => run(em, withoutExpand(parseShape(shape, body)));
}

/** A handler on one object (`POST /v1/coupons/:id`, `.../:id/void`): the body checked against `shape`, then `run` with the id. */
export function withId<S extends Shape>(shape: S, run: (em: Emulator, id: string, input: Input<S>) => unknown): Handler {
  return (ctx) => run(ctx.em, pathId(ctx), withoutExpand(parseShape(shape, ctx.body)));
}

/** The object `id` of `collection`, or Stripe's 404 naming `object` and the path's `id`. */
export function findOrMissing<T extends { id: string }>(collection: Collection<T>, object: string, id: string): T {
  const found = collection.get(id);
  if (!found) throw resourceMissing(object, id, 'id');
  return found;
}

/** A list's query parameter with its own test (`where`, `equals`); parsed, its value is the test an object must pass. */
export interface ListFilter<T> {
  readonly test: Field<(item: T) => boolean>;
  /** The test when the parameter is not sent (subscriptions leave out ended ones); by default every object passes. */
  readonly absent?: (item: T) => boolean;
}

/** A list filter keeping the objects that `test` passes for the parameter's value. */
export function where<T, V>(param: Field<V>, test: (item: T, value: V) => boolean, absent?: (item: T) => boolean): ListFilter<T> {
  const parse = (value: unknown, path: string) => {
    const wanted = param.parse(value, path);
    return (item: T) => test(item, wanted);
  };
  return { test: { required: false, parse }, ...(absent ? { absent } : {}) };
}

/** A list filter keeping the objects whose `read` value is the parameter's value. */
export function equals<T, V>(param: Field<V>, read: (item: T) => unknown): ListFilter<T> {
  return where(param, (item: T, value: V) => read(item) === value);
}

/** A list parameter Stripe takes that the emulator accepts without filtering on it. */
export function accepted<T>(param: Field<unknown>): ListFilter<T> {
  return where(param, () => true);
}

/**
 * A Stripe resource's routes besides its object name and collection. `GET <path>` (the
 * list, newest first) is always served; the others when given.
 */
export interface ResourceSpec<T> {
  /** By default Stripe's: the object name's plural under /v1 (`billing.meter`: `/v1/billing/meters`). */
  path?: string;
  /** What a list or a search sees, newest first; by default the whole collection. */
  items?: (em: Emulator) => T[];
  /** List parameters that keep the objects whose field of the same name has the parameter's value. */
  match?: { [K in keyof T]?: Field<unknown> };
  /** List parameters with a test of their own. */
  filters?: Record<string, ListFilter<T>>;
  /** Fields of `GET <path>/search`. */
  search?: SearchFields<T>;
  /** `POST <path>`. */
  create?: Handler;
  /** `GET <path>/:id`, which takes `expand` (or `retrieveShape`). */
  retrieve?: (em: Emulator, id: string) => unknown;
  retrieveShape?: Shape;
  /** `POST <path>/:id`. */
  update?: Handler;
  /** `DELETE <path>/:id`, which takes no parameters. */
  del?: (em: Emulator, id: string) => unknown;
  /** `POST <path>/:id/<name>`. */
  actions?: Record<string, Handler>;
  /** `GET <path>/:id/lines`: one page of the object's lines (`object` names a line in an unknown-cursor error). */
  lines?: { object: string; of: (em: Emulator, id: string) => { id: string; lines: { data: { id: string }[] } } };
}

type Listable = { id: string; created?: number; metadata?: Record<string, string> | null };

/** `match` as filters: each keeps the objects whose field of that name is the parameter's value. */
function matchFilters<T>(match: { [K in keyof T]?: Field<unknown> }): [string, ListFilter<T>][] {
  // The keys of `match` are fields of T, by its type.
  const names = Object.keys(match) as (keyof T & string)[];
  return names.flatMap((name): [string, ListFilter<T>][] => {
    const param = match[name];
    return param ? [[name, equals(param, (item: T) => item[name])]] : [];
  });
}

/**
 * Registers a Stripe resource's routes: the list (and search) over `collection`, and create,
 * retrieve, update, delete and actions as `spec` gives them. `object` is the object's name
 * (`invoice`), as an unknown-cursor error names it.
 */
export function resourceRoutes<T extends Listable>(r: Router, object: string, collection: (db: Db) => Collection<T>, spec: ResourceSpec<T>): void {
  const path = spec.path ?? `/v1/${object.replace('.', '/')}s`;
  const items = spec.items ?? ((em: Emulator) => collection(em.db).newestFirst());
  const filters = [...matchFilters(spec.match ?? {}), ...Object.entries(spec.filters ?? {})];
  const filterShape = Object.fromEntries(filters.map(([name, filter]) => [name, filter.test]));
  if (spec.create) r.post(path, spec.create);
  r.get(path, ({ em, body }) => {
    const input = parseShape({ ...listShape, ...filterShape }, body);
    // Checked above, in Stripe's order; each filter's value read again as its test.
    const tests = filters.flatMap(([name, filter]) => {
      const test = body[name] === undefined ? filter.absent : filter.test.parse(body[name], name);
      return test ? [test] : [];
    });
    return paginate(
      items(em).filter((item) => tests.every((test) => test(item))),
      input,
      path,
      object,
    );
  });
  if (spec.search) searchRoute(r, path, items, spec.search);
  const { retrieve, del, lines } = spec;
  if (retrieve)
    r.get(
      `${path}/:id`,
      withId(spec.retrieveShape ?? expandShape, (em, id) => retrieve(em, id)),
    );
  if (spec.update) r.post(`${path}/:id`, spec.update);
  if (del)
    r.delete(
      `${path}/:id`,
      withId({}, (em, id) => del(em, id)),
    );
  for (const [name, handler] of Object.entries(spec.actions ?? {})) r.post(`${path}/:id/${name}`, handler);
  if (lines)
    r.get(`${path}/:id/lines`, (ctx) => {
      const input = parseShape(listShape, ctx.body);
      const owner = lines.of(ctx.em, pathId(ctx));
      return paginate(owner.lines.data, input, `${path}/${owner.id}/lines`, lines.object);
    });
}
