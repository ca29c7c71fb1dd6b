import { listen, pushConfig, type TollgateConfig, unwrap } from 'tollgate';
import { createTestDeps, type TestDeps } from 'tollgate/testing';
import { type LiveWebhooks, registerWebhooks } from './webhooks.ts';

export interface LiveApp {
  deps: TestDeps;
  server: Awaited<ReturnType<typeof listen>>;
  webhooks: LiveWebhooks;
}

/** What `build` gets: the engine's deps, where the app is served, and Stripe's signing secret for its endpoint. */
export interface AppContext {
  deps: TestDeps;
  appUrl: string;
  webhookSecret: () => string;
}

/**
 * Test support: an example app over real HTTP against a test's emulator and
 * database, with `config` pushed and Stripe's webhooks registered at
 * `webhookPath` (delivered by the emulator). The app is built once the
 * server has its url and the endpoint its secret; until then the server
 * answers 503.
 */
export async function startLiveApp(
  config: TollgateConfig,
  webhookPath: string,
  build: (context: AppContext) => { fetch: (request: Request) => Response | Promise<Response> },
): Promise<LiveApp> {
  const deps = await createTestDeps({ config });
  unwrap(await pushConfig(deps, { apply: true }));
  const holder: { app?: ReturnType<typeof build> } = {};
  const server = await listen((request) => (holder.app ? holder.app.fetch(request) : new Response('starting', { status: 503 })), { port: 0 });
  if (!deps.testStripe) throw new Error('the test deps have no emulator');
  const webhooks = await registerWebhooks(deps.stripe, deps.testStripe.emulator, `${server.url}${webhookPath}`);
  holder.app = build({ deps, appUrl: server.url, webhookSecret: () => webhooks.secret });
  return { deps, server, webhooks };
}
