// The `tollgate/server` entry: the HTTP API as a web-standard handler
// (`app.fetch(Request) => Response`) for Next.js route handlers, Hono, Bun or
// Deno, and the Node adapters for Express, Fastify or `node:http`.
import '../../core/lib/node-version.ts';
export { type AppOptions, createApp, type TollgateApp } from './app.ts';
export { nodeHandler } from './node.ts';
export { listen, type Listening, type ListenOptions } from './listen.ts';
export { WEBHOOK_PATH, type WebhookSecret } from './webhook-route.ts';
export { BASE_PATH } from './route.ts';
export type { AppPrincipal, AuthenticateHook } from '../auth/authenticate.ts';
