import { Chat } from '../components/chat.tsx';
import { requireUser } from '../lib/session.ts';

export const dynamic = 'force-dynamic';

export default async function ChatPage() {
  await requireUser();
  return (
    <>
      <h1>Chat</h1>
      <Chat />
    </>
  );
}
