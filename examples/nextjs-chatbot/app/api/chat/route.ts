import { billing } from '../../../lib/billing.ts';
import { tollgate } from '../../../lib/engine.ts';
import { currentUser } from '../../../lib/session.ts';

/** Seed 004's chat endpoint: one message consumed (checked and counted in one step) per send. */
export async function POST(request: Request): Promise<Response> {
  const user = await currentUser();
  if (!user) return Response.json({ error: { code: 'unauthenticated', message: 'Sign in first' } }, { status: 401 });
  const body = (await request.json().catch(() => null)) as { message?: unknown; id?: unknown } | null;
  const message = typeof body?.message === 'string' ? body.message.trim() : '';
  if (message === '' || message.length > 4000)
    return Response.json({ error: { code: 'validation_failed', message: 'Write a message (at most 4,000 characters)', param: 'message' } }, { status: 400 });
  const { deps } = await billing();
  const { consume } = await tollgate();
  const used = await consume(deps, { customer: user, feature: 'messages', ...(typeof body?.id === 'string' ? { idempotencyKey: body.id.slice(0, 100) } : {}) });
  if (!used.ok) {
    const { code, message: reason, details } = used.error;
    if (code !== 'limit_reached') return Response.json({ error: { code, message: reason } }, { status: 400 });
    const resetsAt = details?.resetsAt;
    const resets = resetsAt instanceof Date ? resetsAt.toISOString() : typeof resetsAt === 'string' ? resetsAt : undefined;
    return Response.json({ error: { code, message: 'Daily message limit reached', ...(resets ? { resets_at: resets } : {}) } }, { status: 403 });
  }
  return Response.json({ reply: `You said: ${message}`, remaining: used.value.remaining });
}

export const dynamic = 'force-dynamic';
