/** `T` with every key whose value may be `undefined` optional instead. */
export type Defined<T> = { [K in keyof T as undefined extends T[K] ? never : K]: T[K] } & {
  [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined>;
};

/**
 * The object without its `undefined` values, keys in their order: a Stripe
 * parameter, a signed claim or an answer names only what is set, where a
 * key that is present but `undefined` would be sent, hashed or compared.
 * Not for the hot paths (usage track/consume/check): it copies.
 */
export function defined<T extends object>(object: T): Defined<T> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) if (value !== undefined) out[key] = value;
  return out as Defined<T>;
}
