/**
 * The instant a test's clocks start at, unless the test names its own. CI runs
 * the date-sensitive suites again with TOLLGATE_TEST_NOW set to month ends, a
 * leap day and DST changes, so a date-dependent bug shows up there rather than
 * on a random day. Tests never start from the real date.
 */
export const DEFAULT_TEST_NOW = '2026-01-15T12:00:00Z';

export function testNow(env: NodeJS.ProcessEnv = process.env): Date {
  const raw = env.TOLLGATE_TEST_NOW;
  const at = new Date(raw && raw.length > 0 ? raw : DEFAULT_TEST_NOW);
  if (Number.isNaN(at.getTime())) throw new TypeError(`TOLLGATE_TEST_NOW is not an instant: ${String(raw)}`);
  return at;
}

const DAY = 86_400_000;

/** Midnight UTC `days` days before `from` (the test's origin by default). */
export function daysBefore(days: number, from: Date = testNow()): Date {
  return new Date(Math.floor((from.getTime() - days * DAY) / DAY) * DAY);
}

/**
 * The time limit of a scenario test: one that replays hours of simulated usage
 * or many delivery orders. Its work, not a wait, takes the time, so a busy
 * machine stretches it; the 15 s default is for everything else. CI lists
 * every test over 5 s either way.
 */
export const SCENARIO_TIMEOUT_MS = 60_000;
