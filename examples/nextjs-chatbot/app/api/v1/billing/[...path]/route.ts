import { billing } from '../../../../../lib/billing.ts';

/** Tollgate's HTTP API for the browser (@tollgate/react), with customer tokens from /api/token. */
async function handle(request: Request): Promise<Response> {
  return (await billing()).app.fetch(request);
}

export const dynamic = 'force-dynamic';
export { handle as GET, handle as POST };
