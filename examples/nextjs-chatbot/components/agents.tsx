'use client';

import { ErrorMessage, TollgateApiError, UsageDisplay, useTollgate } from '@tollgate/react';
import { useRouter } from 'next/navigation';
import { type FormEvent, useId, useState } from 'react';
import { createAgent, deleteAgent } from '../app/actions.ts';
import type { Agent } from '../lib/agents.ts';

/** The user's agents, created and deleted against the plan's agent gauge. */
export function Agents({ agents }: { agents: Agent[] }) {
  const router = useRouter();
  const { invalidate } = useTollgate();
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<TollgateApiError | undefined>();
  const errorId = useId();

  const run = async (action: () => Promise<{ ok: true } | { error: { code: string; message: string } }>) => {
    setBusy(true);
    try {
      const result = await action();
      if ('error' in result) setError(new TollgateApiError(result.error, 409));
      else {
        setError(undefined);
        setName('');
      }
      router.refresh();
      invalidate('usage');
    } finally {
      setBusy(false);
    }
  };
  const create = (event: FormEvent) => {
    event.preventDefault();
    void run(() => createAgent(name));
  };
  return (
    <div className="chat-layout">
      <section aria-labelledby="agents-heading">
        <h2 id="agents-heading">Your agents</h2>
        <form className="composer" onSubmit={create}>
          <label htmlFor="agent-name" className="visually-hidden">
            Agent name
          </label>
          <input id="agent-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="Name a new agent" maxLength={60} required />
          <button type="submit" className="tollgate-button" disabled={busy || name.trim() === ''} aria-describedby={error ? errorId : undefined}>
            Create agent
          </button>
        </form>
        <div id={errorId}>
          <ErrorMessage error={error} />
        </div>
        <ul className="list">
          {agents.length === 0 ? <li className="empty">No agents yet.</li> : null}
          {agents.map((a) => (
            <li key={a.id}>
              <span>{a.name}</span>
              <button type="button" className="link-button" disabled={busy} onClick={() => void run(() => deleteAgent(a.id))} aria-label={`Delete ${a.name}`}>
                Delete
              </button>
            </li>
          ))}
        </ul>
      </section>
      <aside className="side">
        <UsageDisplay title="Plan limits" labels={{ agents: 'agents', messages: 'messages today' }} features={['agents']} />
      </aside>
    </div>
  );
}
