import { loadTokenSecret, mintCustomerToken } from '../../auth/tokens.ts';
import type { Deps } from '../../../core/lib/deps.ts';
import type { TollgateApp } from '../app.ts';
import { DEMO_SCRIPT } from './script.ts';
import { demoPage } from './page.ts';

export const DEMO_CUSTOMER = 'demo_user';

/**
 * The dev server's demo at `/` (never mounted by `serve`): a pricing table,
 * hosted checkout, the return trip, and a usage meter. It acts as a signed-in
 * `demo_user` through a customer token from `/demo/token`, exactly as an app's
 * backend would mint one for its user.
 */
export function mountDemo(app: TollgateApp, deps: Deps, options: { tokenSecret?: string } = {}): TollgateApp {
  app.get('/', (c) => c.html(demoPage(deps.config)));
  app.get('/demo/app.js', (c) => c.body(DEMO_SCRIPT, 200, { 'content-type': 'text/javascript; charset=utf-8' }));
  app.get('/demo/token', async (c) => {
    const secret = await loadTokenSecret(deps, options.tokenSecret);
    const minted = mintCustomerToken(secret, { customer: DEMO_CUSTOMER, now: deps.clock.now(), ttlSeconds: 3600 });
    return c.json({ token: minted.token, customer: minted.customer });
  });
  return app;
}
