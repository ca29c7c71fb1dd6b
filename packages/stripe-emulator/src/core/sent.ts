/**
 * What an update spreads over the object it changes: the parameters that were sent, and
 * only those (an absent parameter leaves its field as it is).
 */
export function sent<T extends object, K extends keyof T>(input: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (input[key] !== undefined) out[key] = input[key];
  return out;
}

/** As `sent`, for text fields Stripe unsets with an empty string: `''` is null. */
export function sentOrNull<K extends string>(input: Partial<Record<K, string>>, keys: readonly K[]): Partial<Record<K, string | null>> {
  const out: Partial<Record<K, string | null>> = {};
  for (const key of keys) {
    const value = input[key];
    if (value !== undefined) out[key] = value === '' ? null : value;
  }
  return out;
}
