import { p } from '../../core/params.ts';
import { resourceRoutes, withBody, withId } from '../../core/resource-routes.ts';
import type { Db } from '../../core/db.ts';
import type { Router } from '../../core/router.ts';
import { advanceTestClock, createTestClock, deleteTestClock, getTestClock } from './test-clocks.ts';

const frozenTime = p.required(p.int({ min: 0 }));

export function testClockRoutes(r: Router): void {
  resourceRoutes(r, 'test_clock', (db: Db) => db.testClocks, {
    path: '/v1/test_helpers/test_clocks',
    create: withBody({ frozen_time: frozenTime, name: p.string({ maxLength: 300 }), expand: p.arr(p.string()) }, createTestClock),
    retrieve: (em, id) => getTestClock(em, id, 'test_clock'),
    del: deleteTestClock,
    actions: {
      advance: withId({ frozen_time: frozenTime, expand: p.arr(p.string()) }, (em, id, input) => advanceTestClock(em, id, input.frozen_time).clock),
    },
  });
}
