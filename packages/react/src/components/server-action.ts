import { useCallback, useState } from 'react';
import { type ApiErrorBody, TollgateApiError } from '../client/errors.ts';
import { useTollgate } from '../provider.tsx';

/** What an app's server action answers: where to send the browser, or why not. */
export type ServerActionResult = { url: string } | { error: ApiErrorBody };

export type ServerAction<A extends unknown[]> = (...args: A) => Promise<ServerActionResult>;

/** Runs an app's server action that answers a url (followed) or an error (kept for ErrorMessage). */
export function useServerAction<A extends unknown[]>(action: ServerAction<A> | undefined) {
  const { navigate } = useTollgate();
  const [state, setState] = useState<{ loading: boolean; error: TollgateApiError | undefined }>({ loading: false, error: undefined });
  const run = useCallback(
    async (...args: A): Promise<boolean> => {
      if (!action) return false;
      setState({ loading: true, error: undefined });
      try {
        const result = await action(...args);
        if ('url' in result) {
          navigate(result.url);
          return true; // the browser is leaving: the button stays busy
        }
        setState({ loading: false, error: new TollgateApiError(result.error, 400) });
      } catch (e) {
        setState({ loading: false, error: new TollgateApiError({ code: 'network_error', message: e instanceof Error ? e.message : String(e) }, 0) });
      }
      return false;
    },
    [action, navigate],
  );
  return { ...state, run };
}
