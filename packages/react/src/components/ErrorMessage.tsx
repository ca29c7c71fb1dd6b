import type { TollgateApiError } from '../client/errors.ts';

/** An API error for people, announced to screen readers. */
export function ErrorMessage({ error }: { error: TollgateApiError | undefined }) {
  if (!error) return null;
  return (
    <p role="alert" className="tollgate-error" data-code={error.code}>
      {error.message}
    </p>
  );
}
