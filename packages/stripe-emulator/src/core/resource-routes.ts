import { resourceMissing } from '../errors.ts';
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

/** One query parameter of a list: parsed, it is the test an object must pass. */
export interface ListFilter<T> extends Field<(item: T) => boolean> {
  /** The test when the parameter is not sent (subscriptions leave out canceled ones); by default every object passes. */
  readonly absent?: (item: T) => boolean;
}

/** A list filter keeping the objects that `test` passes for the parameter's value. */
export function where<T, V>(param: Field<V>, test: (item: T, value: V) => boolean, absent?: (item: T) => boolean): ListFilter<T> {
  return {
    required: false,
    parse: (value, path) => {
      const wanted = param.parse(value, path);
      return (item: T) => test(item, wanted);
    },
    ...(absent ? { absent } : {}),
  };
}

/** A list parameter Stripe takes that the emulator accepts without filtering on it. */
export function accepted<T>(param: Field<unknown>): ListFilter<T> {
  return where(param, () => true);
}

/** A list filter keeping the objects whose `read` value is the parameter's value. */
export function equals<T, V>(param: Field<V>, read: (item: T) => unknown): ListFilter<T> {
  return where(param, (item: T, value: V) => read(item) === value);
}

/** The object `id` of `collection`, or Stripe's 404 naming the path's `id`. */
export function findOrMissing<T extends { id: string }>(collection: Collection<T>, object: string, id: string): T {
  const found = collection.get(id);
  if (!found) throw resourceMissing(object, id, 'id');
  return found;
}

/**
 * What a Stripe resource's standard routes are made of. `GET <path>` (list, newest first,
 * with `filters`) is always served; the others when given.
 */
export interface ResourceSpec<T> {
  /** `/v1/coupons`. */
  path: string;
  /** The object's name, in a list's unknown-cursor error (`coupon`). */
  object: string;
  /** Every object a list or a search sees, newest first. */
  items: (em: Emulator) => T[];
  /** Query parameters of the list beyond `limit`, the cursors and `created`. */
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

/** Registers a resource's create, retrieve, update, delete, list, search and action routes. */
export function resourceRoutes<T extends { id: string; created?: number; metadata?: Record<string, string> | null }>(r: Router, spec: ResourceSpec<T>): void {
  const { path, filters = {} } = spec;
  if (spec.create) r.post(path, spec.create);
  r.get(path, ({ em, body }) => {
    const input = parseShape({ ...listShape, ...filters }, body);
    // Checked above, in Stripe's order; each filter's value read again as its test.
    const tests = Object.entries(filters).flatMap(([name, filter]) => {
      const test = body[name] === undefined ? filter.absent : filter.parse(body[name], name);
      return test ? [test] : [];
    });
    const items = spec.items(em).filter((item) => tests.every((test) => test(item)));
    return paginate(items, input, path, spec.object);
  });
  if (spec.search) searchRoute(r, path, spec.items, spec.search);
  const { retrieve, del } = spec;
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
  const { lines } = spec;
  if (lines)
    r.get(`${path}/:id/lines`, (ctx) => {
      const input = parseShape(listShape, ctx.body);
      const owner = lines.of(ctx.em, pathId(ctx));
      return paginate(owner.lines.data, input, `${path}/${owner.id}/lines`, lines.object);
    });
}
