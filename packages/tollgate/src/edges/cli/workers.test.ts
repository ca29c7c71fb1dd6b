import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../core/lib/errors.ts';
import { reporterOptionsFrom } from './workers.ts';

describe('the reporter settings from the environment', () => {
  it('reads the rate, the open-window interval and the stream host; unset means the defaults', () => {
    expect(reporterOptionsFrom({})).toEqual({});
    expect(
      reporterOptionsFrom({
        TOLLGATE_REPORTER_RATE: '25',
        TOLLGATE_REPORTER_OPEN_WINDOW_SECONDS: '900',
        STRIPE_METER_EVENTS_URL: 'https://meter-events.example.com',
      }),
    ).toEqual({ ratePerSecond: 25, openWindowIntervalMs: 900_000, meterEventsUrl: 'https://meter-events.example.com' });
    expect(reporterOptionsFrom({ TOLLGATE_REPORTER_OPEN_WINDOW_SECONDS: 'never' })).toEqual({ openWindowIntervalMs: Number.POSITIVE_INFINITY });
    expect(reporterOptionsFrom({ TOLLGATE_REPORTER_OPEN_WINDOW_SECONDS: '0' })).toEqual({ openWindowIntervalMs: 0 });
  });

  it('refuses a bad value with a configuration error naming the variable', () => {
    for (const [name, value] of [
      ['TOLLGATE_REPORTER_RATE', '0'],
      ['TOLLGATE_REPORTER_RATE', 'fast'],
      ['TOLLGATE_REPORTER_RATE', 'Infinity'],
      ['TOLLGATE_REPORTER_OPEN_WINDOW_SECONDS', '-1'],
      ['TOLLGATE_REPORTER_OPEN_WINDOW_SECONDS', 'hourly'],
      ['TOLLGATE_REPORTER_OPEN_WINDOW_SECONDS', 'Infinity'],
    ] as const) {
      const attempt = () => reporterOptionsFrom({ [name]: value });
      expect(attempt, `${name}=${value}`).toThrow(ConfigError);
      expect(attempt, `${name}=${value}`).toThrow(new RegExp(`^${name} must be`));
    }
  });
});
