import { useCallback, useEffect, useRef, useState } from 'react';
import { toApiError, type TollgateApiError } from '../client/errors.ts';

export interface ActionState<T> {
  /** The last successful result. */
  data: T | undefined;
  /** The last failure (cleared when the action runs again). */
  error: TollgateApiError | undefined;
  loading: boolean;
  /** Clears data and error. */
  reset: () => void;
}

/** Runs `action` on demand; resolves with its result, or with undefined when it failed (see `error`). */
export function useAction<A extends unknown[], T>(action: (...args: A) => Promise<T>): ActionState<T> & { run: (...args: A) => Promise<T | undefined> } {
  const [state, setState] = useState<Omit<ActionState<T>, 'reset'>>({ data: undefined, error: undefined, loading: false });
  const actionRef = useRef(action);
  actionRef.current = action;
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const run = useCallback(async (...args: A) => {
    setState((s) => ({ ...s, error: undefined, loading: true }));
    try {
      const data = await actionRef.current(...args);
      if (mounted.current) setState({ data, error: undefined, loading: false });
      return data;
    } catch (e) {
      if (mounted.current) setState((s) => ({ ...s, error: toApiError(e), loading: false }));
      return undefined;
    }
  }, []);
  const reset = useCallback(() => setState({ data: undefined, error: undefined, loading: false }), []);
  return { ...state, run, reset };
}
