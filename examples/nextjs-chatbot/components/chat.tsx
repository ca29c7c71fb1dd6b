'use client';

import { LimitMessage, SubscriptionStatus, TollgateApiError, UsageDisplay, useTollgate } from '@tollgate/react';
import { type FormEvent, useId, useState } from 'react';

interface Line {
  id: string;
  from: 'you' | 'bot';
  text: string;
}

/** Seed 004's chat: every send consumes one message on the server; at the limit the send button says so. */
export function Chat() {
  const { invalidate } = useTollgate();
  const [lines, setLines] = useState<Line[]>([]);
  const [draft, setDraft] = useState('');
  const [sending, setSending] = useState(false);
  const [refusal, setRefusal] = useState<TollgateApiError | undefined>();
  const limitId = useId();

  const send = async (event: FormEvent) => {
    event.preventDefault();
    const text = draft.trim();
    if (text === '' || sending) return;
    setSending(true);
    const id = crypto.randomUUID();
    try {
      const response = await fetch('/api/chat', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ message: text, id }),
      });
      const body = (await response.json()) as { reply?: string; error?: { code: string; message: string } };
      if (body.error) {
        setRefusal(new TollgateApiError(body.error, response.status));
        return;
      }
      setRefusal(undefined);
      setDraft('');
      setLines((l) => [...l, { id, from: 'you', text }, { id: `${id}-r`, from: 'bot', text: body.reply ?? '' }]);
    } finally {
      setSending(false);
      invalidate('usage');
    }
  };

  const limited = refusal?.code === 'limit_reached';
  return (
    <div className="chat-layout">
      <section className="chat" aria-label="Chat">
        <ol className="messages" aria-live="polite">
          {lines.length === 0 ? <li className="empty">Say hello to your assistant.</li> : null}
          {lines.map((l) => (
            <li key={l.id} className={`bubble ${l.from}`}>
              <span className="visually-hidden">{l.from === 'you' ? 'You: ' : 'Assistant: '}</span>
              {l.text}
            </li>
          ))}
        </ol>
        <form className="composer" onSubmit={(e) => void send(e)}>
          <label htmlFor="message" className="visually-hidden">
            Message
          </label>
          <textarea id="message" value={draft} onChange={(e) => setDraft(e.target.value)} rows={2} placeholder="Message the assistant" maxLength={4000} />
          <button
            type="submit"
            className="tollgate-button"
            disabled={sending || draft.trim() === ''}
            aria-busy={sending}
            aria-describedby={refusal ? limitId : undefined}
          >
            Send
          </button>
        </form>
        <LimitMessage id={limitId} error={refusal} upgradeHref={limited ? '/pricing' : undefined} />
      </section>
      <aside className="side">
        <div className="tollgate-panel">
          <SubscriptionStatus freeLabel="Free plan" />
        </div>
        <UsageDisplay labels={{ messages: 'messages today', agents: 'agents' }} features={['messages', 'agents']} />
      </aside>
    </div>
  );
}
