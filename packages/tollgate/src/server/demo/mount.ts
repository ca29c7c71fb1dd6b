import type { Deps } from '../../lib/deps.ts';
import type { TollgateApp } from '../app.ts';
import { demoPage } from './page.ts';

/** The dev server: the API plus a demo page at `/` (never mounted by `serve`). */
export function mountDemo(app: TollgateApp, deps: Deps): TollgateApp {
  app.get('/', (c) => c.html(demoPage(deps.config)));
  return app;
}
