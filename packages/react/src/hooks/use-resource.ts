import { useCallback, useEffect, useRef, useState } from 'react';
import { toApiError, type TollgateApiError } from '../client/errors.ts';
import type { TollgateClient } from '../client/client.ts';
import { type Topic, useTollgate } from '../provider.tsx';

export interface ResourceState<T> {
  /** The last successful read; kept while a refresh is in flight or after it fails. */
  data: T | undefined;
  error: TollgateApiError | undefined;
  /** True while a read is in flight (the first one and every refresh). */
  loading: boolean;
  /** Reads again; resolves when done (never rejects: a failure lands in `error`). */
  refresh: () => Promise<void>;
}

/**
 * Reads `load(client)` on mount and whenever `key` changes or `topic` is
 * invalidated (a consume or plan change elsewhere in the tree). Late answers
 * from superseded reads are dropped.
 */
export function useResource<T>(topic: Topic, key: string, load: (client: TollgateClient) => Promise<T>): ResourceState<T> {
  const { client, subscribe } = useTollgate();
  const [state, setState] = useState<Omit<ResourceState<T>, 'refresh'>>({ data: undefined, error: undefined, loading: true });
  const loadRef = useRef(load);
  loadRef.current = load;
  const latest = useRef(0);
  const mounted = useRef(true);

  const refresh = useCallback(async () => {
    const call = ++latest.current;
    setState((s) => ({ ...s, loading: true }));
    try {
      const data = await loadRef.current(client);
      if (mounted.current && call === latest.current) setState({ data, error: undefined, loading: false });
    } catch (e) {
      if (mounted.current && call === latest.current) setState((s) => ({ ...s, error: toApiError(e), loading: false }));
    }
  }, [client]);

  useEffect(() => {
    mounted.current = true;
    void refresh();
    const unsubscribe = subscribe(topic, () => void refresh());
    return () => {
      mounted.current = false;
      unsubscribe();
    };
  }, [refresh, subscribe, topic, key]);

  return { ...state, refresh };
}
