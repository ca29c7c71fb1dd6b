import { loadTokenSecret, mintCustomerToken } from '../../auth/tokens.ts';
import type { Deps } from '../../../core/lib/deps.ts';
import { httpStatus } from '../../../core/lib/errors.ts';
import type { TollgateApp } from '../app.ts';
import { DEMO_ASSET_TYPES, type DemoAssetName, demoAsset } from './assets.ts';
import { demoPage } from './page.ts';
import { buyDemoAgent } from './purchase.ts';

export const DEMO_CUSTOMER = 'demo_user';

/**
 * The dev server's demo at `/` (never mounted by `serve`): a small React app
 * on @tollgate/react (ui/): pricing, hosted checkout and the return trip, the
 * plan's status, usage with the limit at its control, the portal, a
 * marketplace of one-time purchases and the usage history. It acts as a
 * signed-in `demo_user` through a customer token from `/demo/token`, exactly
 * as an app's backend would mint one for its user; `/demo/purchase` is the
 * app's server action that prices a marketplace agent.
 */
export function mountDemo(app: TollgateApp, deps: Deps, options: { tokenSecret?: string } = {}): TollgateApp {
  app.get('/', (c) => c.html(demoPage(deps.config, DEMO_CUSTOMER)));
  for (const name of Object.keys(DEMO_ASSET_TYPES) as DemoAssetName[]) {
    app.get(`/demo/${name}`, async (c) => c.body(await demoAsset(name), 200, { 'content-type': DEMO_ASSET_TYPES[name], 'cache-control': 'no-cache' }));
  }
  app.get('/demo/token', async (c) => {
    const secret = await loadTokenSecret(deps, options.tokenSecret);
    const minted = mintCustomerToken(secret, { customer: DEMO_CUSTOMER, now: deps.clock.now(), ttlSeconds: 3600 });
    return c.json({ token: minted.token, customer: minted.customer });
  });
  app.post('/demo/purchase', async (c) => {
    const body: unknown = await c.req.json().catch(() => null);
    const started = await buyDemoAgent(deps, DEMO_CUSTOMER, body);
    if (started.ok) return c.json({ url: started.value.url });
    const { code, message, param } = started.error;
    return c.json({ error: { code, message, ...(param ? { param } : {}) } }, httpStatus(code) as 400);
  });
  return app;
}
