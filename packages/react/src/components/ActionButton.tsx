import type { ReactNode } from 'react';
import type { TollgateApiError } from '../client/errors.ts';
import { ErrorMessage } from './ErrorMessage.tsx';

export interface ActionButtonProps {
  onClick: () => void;
  /** The action is in flight: the button is busy and disabled. */
  loading: boolean;
  /** The action's refusal, shown beside the button. */
  error: TollgateApiError | undefined;
  disabled?: boolean;
  className?: string | undefined;
  children: ReactNode;
}

/** The button of every billing action (checkout, portal, credits, plan change), with its refusal beside it. */
export function ActionButton({ onClick, loading, error, disabled = false, className, children }: ActionButtonProps) {
  return (
    <>
      <button type="button" className={className ?? 'tollgate-button'} onClick={onClick} disabled={disabled || loading} aria-busy={loading}>
        {children}
      </button>
      <ErrorMessage error={error} />
    </>
  );
}
