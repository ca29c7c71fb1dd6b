import { paginate } from '../../core/list.ts';
import { expandShape, listShape, p, parseShape } from '../../core/params.ts';
import { type Router, pathId } from '../../core/router.ts';
import { advanceTestClock, createTestClock, deleteTestClock, getTestClock } from './test-clocks.ts';

export function testClockRoutes(r: Router): void {
  r.post('/v1/test_helpers/test_clocks', ({ em, body }) => {
    const { expand: _e, ...input } = parseShape(
      { frozen_time: p.required(p.int({ min: 0 })), name: p.string({ maxLength: 300 }), expand: p.arr(p.string()) },
      body,
    );
    return createTestClock(em, input);
  });
  r.get('/v1/test_helpers/test_clocks', ({ em, body }) => {
    const input = parseShape(listShape, body);
    return paginate(em.db.testClocks.newestFirst(), input, '/v1/test_helpers/test_clocks', 'test_clock');
  });
  r.get('/v1/test_helpers/test_clocks/:id', (ctx) => {
    parseShape(expandShape, ctx.body);
    return getTestClock(ctx.em, pathId(ctx), 'test_clock');
  });
  r.delete('/v1/test_helpers/test_clocks/:id', (ctx) => {
    parseShape({}, ctx.body);
    return deleteTestClock(ctx.em, pathId(ctx));
  });
  r.post('/v1/test_helpers/test_clocks/:id/advance', (ctx) => {
    const input = parseShape({ frozen_time: p.required(p.int({ min: 0 })), expand: p.arr(p.string()) }, ctx.body);
    return advanceTestClock(ctx.em, pathId(ctx), input.frozen_time).clock;
  });
}
