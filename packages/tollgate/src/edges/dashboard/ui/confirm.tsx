import { type ReactNode, useEffect, useId, useRef, useState } from 'react';

/**
 * An action behind a confirmation step: the button opens a dialog saying what
 * will happen (`describe` may load a preview first); Confirm runs it.
 */
export function ConfirmAction(props: {
  label: string;
  title: string;
  danger?: boolean;
  describe: () => Promise<ReactNode> | ReactNode;
  run: () => Promise<unknown>;
  done: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [body, setBody] = useState<ReactNode>(null);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (open && dialog.current && !dialog.current.open) dialog.current.showModal();
    if (!open && dialog.current?.open) dialog.current.close();
  }, [open]);
  const start = async () => {
    setError(undefined);
    setBody('Loading…');
    setOpen(true);
    try {
      setBody(await props.describe());
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setBody(null);
    }
  };
  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await props.run();
      setOpen(false);
      props.done();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" className={props.danger ? 'danger' : ''} onClick={() => void start()}>
        {props.label}
      </button>
      <dialog ref={dialog} onClose={() => setOpen(false)} aria-labelledby={titleId}>
        <h2 id={titleId}>{props.title}</h2>
        <div className="dialog-body">{body}</div>
        {error ? (
          <p className="error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="actions">
          <button type="button" onClick={() => setOpen(false)}>
            Back
          </button>
          <button type="button" className={props.danger ? 'danger primary' : 'primary'} disabled={busy || error !== undefined} onClick={() => void confirm()}>
            {busy ? 'Working…' : 'Confirm'}
          </button>
        </div>
      </dialog>
    </>
  );
}
