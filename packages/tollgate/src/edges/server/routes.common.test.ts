import { runCommonRouteTests } from './common-routes.test-support.ts';
import type { Route } from './route.ts';

// Every route the app mounts gets the same authentication and bad-input cases.
runCommonRouteTests('every /api/v1/billing route', (t) => t.app.routes);

// The same cases over real HTTP to the Node listener's direct path (node-listener.ts),
// which serves the fixed paths (a path with a parameter goes through Hono's router).
const fixedPaths = (routes: Route[]) => routes.filter((r) => !r.path.includes(':'));
runCommonRouteTests('every /api/v1/billing route, over the Node listener', (t) => fixedPaths(t.app.routes), { transport: 'node' });
