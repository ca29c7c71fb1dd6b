import { runCommonRouteTests } from './common-route-tests.ts';

// Every route the app mounts gets the same authentication and bad-input cases.
runCommonRouteTests('every /api/v1/billing route', (t) => t.app.routes);
