import { type Request, type Response, Router } from 'express';
import { consume, type Deps, errorBody, httpStatus } from 'tollgate';
import { userOf, type Users } from './users.ts';

/**
 * The marketplace's own product route: running an agent costs one execution.
 * `consume` checks the plan's monthly allowance and counts the run in one
 * atomic step (Free 10, Basic 100, Pro 1,000 then billed per execution,
 * Enterprise unlimited), so two runs at once never both take the last one.
 */
export function agentRoutes(deps: Deps, users: Users): Router {
  const router = Router();
  router.post('/agents/:agent/executions', async (req: Request, res: Response) => {
    const user = userOf(users, req.headers.authorization);
    if (!user) return void res.status(401).json(errorBody({ code: 'unauthenticated', message: 'send Authorization: Bearer <token>' }));
    const key = req.headers['idempotency-key'];
    const used = await consume(deps, {
      customer: user.id,
      feature: 'executions',
      properties: { agent: String(req.params.agent) },
      ...(typeof key === 'string' ? { idempotencyKey: key } : {}),
    });
    if (!used.ok) return void res.status(httpStatus(used.error.code)).json(errorBody(used.error));
    // ...the agent runs here...
    res.status(201).json({ execution: used.value.event.id, agent: req.params.agent, plan: used.value.plan, remaining: used.value.remaining });
  });
  return router;
}
