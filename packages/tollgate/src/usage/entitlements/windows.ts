import type { ResetWindow } from '../../core/config/types.ts';
import { text } from '../../core/lib/input.ts';

/**
 * Usage windows. A window is identified by a key (`day:2026-01-15`,
 * `week:2026-01-12`, `month:2026-01`, `period:2026-01-03T10:00:00.000Z`);
 * counters reset by moving to a new key at the boundary, never by a cron.
 * Calendar windows are computed in UTC or in an IANA time zone with `Intl`.
 */
export interface UsageWindow {
  key: string;
  start: Date;
  end: Date;
}

export interface Period {
  start: Date;
  end: Date;
}

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Offset forms (`+01:00`, `-0530`): newer runtimes' Intl takes them as zones, older ones refuse them. */
const OFFSET = /^[+\-\u2212]/;

/**
 * True for `UTC` and any IANA zone this runtime knows. Fixed offsets are
 * refused on every runtime (Node 24's Intl accepts them, Node 20's does not),
 * so a zone stored by one node is read the same by every other.
 */
export function isValidTimeZone(timeZone: string): boolean {
  if (timeZone === 'UTC') return true;
  if (OFFSET.test(timeZone)) return false;
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** A time zone for calendar usage windows, as operations take it: `UTC` or an IANA name this runtime knows (`Europe/Paris`). */
export const timeZoneName = () =>
  text(100).refine((zone) => isValidTimeZone(zone), { error: 'must be an IANA time zone name such as "Europe/Paris", or "UTC"' });

interface LocalDate {
  year: number;
  month: number; // 1-12
  day: number;
}

/** Offset of the zone from UTC at an instant, in ms (Paris in winter: +3600000). */
function offsetMs(timeZone: string, ms: number): number {
  if (timeZone === 'UTC') return 0;
  const p: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(ms))) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  const asUtc = Date.UTC(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
  return asUtc - (ms - (((ms % 1000) + 1000) % 1000));
}

function localDate(timeZone: string, ms: number): LocalDate {
  const d = new Date(ms + offsetMs(timeZone, ms));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** The instant local midnight starts the given date in the zone. */
function zonedMidnight(timeZone: string, year: number, month: number, day: number): number {
  const wall = Date.UTC(year, month - 1, day);
  const first = wall - offsetMs(timeZone, wall);
  const second = wall - offsetMs(timeZone, first);
  return second;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function dateKey(d: LocalDate): string {
  return `${pad(d.year, 4)}-${pad(d.month)}-${pad(d.day)}`;
}

/** Adds days to a calendar date (no time zone involved). */
function addDays(d: LocalDate, days: number): LocalDate {
  const u = new Date(Date.UTC(d.year, d.month - 1, d.day) + days * DAY_MS);
  return { year: u.getUTCFullYear(), month: u.getUTCMonth() + 1, day: u.getUTCDate() };
}

function calendarWindow(reset: 'day' | 'week' | 'month', at: number, timeZone: string): UsageWindow {
  const today = localDate(timeZone, at);
  let first: LocalDate;
  let next: LocalDate;
  let key: string;
  if (reset === 'day') {
    first = today;
    next = addDays(today, 1);
    key = `day:${dateKey(first)}`;
  } else if (reset === 'week') {
    // ISO weeks start on Monday.
    const weekday = (new Date(Date.UTC(today.year, today.month - 1, today.day)).getUTCDay() + 6) % 7;
    first = addDays(today, -weekday);
    next = addDays(first, 7);
    key = `week:${dateKey(first)}`;
  } else {
    first = { year: today.year, month: today.month, day: 1 };
    next = today.month === 12 ? { year: today.year + 1, month: 1, day: 1 } : { year: today.year, month: today.month + 1, day: 1 };
    key = `month:${pad(first.year, 4)}-${pad(first.month)}`;
  }
  return {
    key,
    start: new Date(zonedMidnight(timeZone, first.year, first.month, first.day)),
    end: new Date(zonedMidnight(timeZone, next.year, next.month, next.day)),
  };
}

/**
 * The billing period holding `at`. A mirror that has not yet seen the renewal
 * (the period ended) rolls forward by the period's length; before the period,
 * it rolls back.
 */
function periodWindow(at: number, period: Period): UsageWindow {
  let start = period.start.getTime();
  let end = period.end.getTime();
  const length = end - start;
  while (at >= end) {
    start = end;
    end += length;
  }
  while (at < start) {
    end = start;
    start -= length;
  }
  const s = new Date(start);
  return { key: `period:${s.toISOString()}`, start: s, end: new Date(end) };
}

/**
 * The window of a metered feature that holds the instant `at`. A
 * `billing_period` feature without a subscription period (free customers)
 * uses the calendar month.
 */
export function windowFor(reset: ResetWindow, at: Date, timeZone = 'UTC', period?: Period | null): UsageWindow {
  const ms = at.getTime();
  if (reset === 'billing_period') {
    if (period && period.end.getTime() > period.start.getTime()) return periodWindow(ms, period);
    return calendarWindow('month', ms, timeZone);
  }
  return calendarWindow(reset, ms, timeZone);
}
