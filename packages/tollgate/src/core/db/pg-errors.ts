/** Postgres error codes the engine answers by running work again. */
export const PG_UNIQUE_VIOLATION = '23505';
export const PG_DEADLOCK = '40P01';

/**
 * Whether a database error (or one it wraps, along `cause`: Drizzle wraps
 * the driver's) carries one of these SQLSTATE codes. The one test both
 * drivers' errors answer: PGlite and node-postgres both set `code`.
 */
export function hasPgCode(error: unknown, ...codes: string[]): boolean {
  for (let e: unknown = error; typeof e === 'object' && e !== null; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && codes.includes(code)) return true;
  }
  return false;
}
