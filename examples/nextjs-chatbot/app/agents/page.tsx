import { Agents } from '../../components/agents.tsx';
import { listAgents } from '../../lib/agents.ts';
import { requireUser } from '../../lib/session.ts';

export const dynamic = 'force-dynamic';

export default async function AgentsPage() {
  const user = await requireUser();
  return (
    <>
      <h1>Agents</h1>
      <Agents agents={listAgents(user)} />
    </>
  );
}
