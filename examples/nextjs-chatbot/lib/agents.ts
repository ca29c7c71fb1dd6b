/**
 * The app's own data: each user's agents, and the marketplace's listings
 * (agents other users made, sold once at their seller's price). Kept in
 * this server process's memory to keep the example small; an app keeps
 * them in its own tables.
 */
export interface Agent {
  id: string;
  name: string;
}

export interface Listing {
  id: string;
  name: string;
  description: string;
  seller: string;
  /** Cents. */
  price: number;
}

export const LISTINGS: readonly Listing[] = [
  { id: 'agt_research', name: 'Research assistant', description: 'Finds sources and writes a cited summary.', seller: 'Ada', price: 1200 },
  { id: 'agt_sql', name: 'SQL helper', description: 'Turns questions into queries for your schema.', seller: 'Grace', price: 900 },
  { id: 'agt_editor', name: 'Copy editor', description: 'Tightens prose and keeps your house style.', seller: 'Linus', price: 500 },
];

const holder = globalThis as { chatbotAgents?: Map<string, Agent[]> };
const store: Map<string, Agent[]> = (holder.chatbotAgents ??= new Map<string, Agent[]>());

export function listAgents(user: string): Agent[] {
  return store.get(user) ?? [];
}

export function addAgent(user: string, agent: Agent): void {
  store.set(user, [...listAgents(user), agent]);
}

export function removeAgent(user: string, id: string): boolean {
  const before = listAgents(user);
  const after = before.filter((a) => a.id !== id);
  store.set(user, after);
  return after.length < before.length;
}
