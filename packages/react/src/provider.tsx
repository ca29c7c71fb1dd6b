import { createContext, type ReactNode, useContext, useMemo, useRef } from 'react';
import { createTollgateClient, type FetchLike, type TollgateClient } from './client/client.ts';
import type { PlanChange } from './client/types.ts';

/** A plan change that takes effect at the period end (a scheduled downgrade). */
export interface ScheduledChange {
  subscriptionId: string;
  plan: string;
  effectiveAt: string;
}

/** What a change can make stale: hooks reading a topic refetch when it is invalidated. */
export type Topic = 'subscription' | 'usage' | 'plans' | 'purchases';

export interface TollgateContextValue {
  client: TollgateClient;
  navigate: (url: string) => void;
  invalidate: (topic: Topic) => void;
  subscribe: (topic: Topic, listener: () => void) => () => void;
  /**
   * The last plan change made through this provider that takes effect at the
   * period end (a scheduled downgrade), as the engine answered it; undefined
   * when none. Kept for the page's life; it stands in until the engine's
   * subscription read (`scheduled_change`) catches up.
   */
  scheduledChange: () => ScheduledChange | undefined;
  rememberChange: (plan: string, change: PlanChange) => void;
}

const TollgateContext = createContext<TollgateContextValue | null>(null);

export interface TollgateProviderProps {
  /** Where the engine serves `/api/v1/billing`, e.g. `https://billing.example.com`, or `/` for the same origin. */
  baseUrl: string;
  /** Returns a customer token minted by your backend; called once, then again only after a 401. */
  getToken: () => Promise<string> | string;
  /** Defaults to the global `fetch`. */
  fetch?: FetchLike;
  /** How to send the browser to Checkout or the portal (default `window.location.assign`). */
  navigate?: (url: string) => void;
  children?: ReactNode;
}

const assignLocation = (url: string) => window.location.assign(url);

/** Gives the hooks and components below it a Tollgate client for the signed-in customer. */
export function TollgateProvider({ baseUrl, getToken, fetch, navigate, children }: TollgateProviderProps) {
  // The latest getToken, fetch and navigate are used without rebuilding the client:
  // inline arrows change every render, and a new client would make every hook read again.
  const tokenRef = useRef(getToken);
  tokenRef.current = getToken;
  const fetchRef = useRef(fetch);
  fetchRef.current = fetch;
  const navigateRef = useRef(navigate ?? assignLocation);
  navigateRef.current = navigate ?? assignLocation;
  const value = useMemo<TollgateContextValue>(() => {
    const listeners = new Map<Topic, Set<() => void>>();
    let scheduled: ScheduledChange | undefined;
    return {
      client: createTollgateClient({ baseUrl, getToken: () => tokenRef.current(), fetch: (url, init) => (fetchRef.current ?? globalThis.fetch)(url, init) }),
      navigate: (url) => navigateRef.current(url),
      invalidate: (topic) => listeners.get(topic)?.forEach((listener) => listener()),
      subscribe: (topic, listener) => {
        const set = listeners.get(topic) ?? new Set();
        listeners.set(topic, set);
        set.add(listener);
        return () => set.delete(listener);
      },
      scheduledChange: () => scheduled,
      rememberChange: (plan, change) => {
        scheduled =
          change.effective === 'period_end' && change.effective_at !== null
            ? { subscriptionId: change.subscription.id, plan, effectiveAt: change.effective_at }
            : undefined;
      },
    };
  }, [baseUrl]);
  return <TollgateContext.Provider value={value}>{children}</TollgateContext.Provider>;
}

/** The provider's client and helpers; throws outside a TollgateProvider. */
export function useTollgate(): TollgateContextValue {
  const value = useContext(TollgateContext);
  if (!value) throw new Error('Tollgate hooks and components must be used inside <TollgateProvider>');
  return value;
}
