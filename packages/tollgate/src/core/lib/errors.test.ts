import { describe, expect, it } from 'vitest';
import { appError, ERROR_CODES, errorBody, httpStatus } from './errors.ts';
import { err, ok, unwrap } from './result.ts';

describe('errors and results', () => {
  it('maps every code to a 4xx or 5xx status', () => {
    for (const status of Object.values(ERROR_CODES)) expect(status).toBeGreaterThanOrEqual(400);
    expect(httpStatus('plan_not_found')).toBe(404);
    expect(httpStatus('limit_reached')).toBe(403);
    expect(httpStatus('already_subscribed')).toBe(409);
  });

  it('renders the one error body, with param and details when present', () => {
    expect(errorBody(appError('plan_not_found', 'No plan "gold".', 'plan'))).toEqual({
      error: { code: 'plan_not_found', message: 'No plan "gold".', param: 'plan' },
    });
    expect(errorBody(appError('limit_reached', 'Daily limit reached.', undefined, { resetsAt: '2026-01-02T00:00:00Z' }))).toEqual({
      error: { code: 'limit_reached', message: 'Daily limit reached.', resetsAt: '2026-01-02T00:00:00Z' },
    });
  });

  it('results carry values or errors', () => {
    expect(unwrap(ok(3))).toBe(3);
    expect(() => unwrap(err(appError('not_found', 'gone')))).toThrow('gone');
  });
});
