import type { FormEvent, ReactNode } from 'react';

/** The pages' shared pieces: a load error, a table of rows with its loading and empty states, a filter form, badges and links. */

export function ErrorNote({ error }: { error: string | undefined }) {
  return error ? (
    <p className="error" role="alert">
      {error}
    </p>
  ) : null;
}

export interface Column<T> {
  header: ReactNode;
  /** Right-aligned, tabular figures. */
  num?: boolean;
  /** A class for the column's cells (`wrap`: long text wraps). */
  className?: string;
  cell: (row: T) => ReactNode;
}

/**
 * The rows of a list answer (`{ data: [...] }`, as `useData` loaded it) as a
 * scrollable table: "Loading…" until it came, its error, `empty` when there
 * are none; a row whose `attention` is true is highlighted.
 */
export function Listing<T>(props: {
  source: { data: { data: T[] } | undefined; error: string | undefined };
  empty: string;
  columns: Column<T>[];
  rowKey: (row: T) => string;
  attention?: (row: T) => boolean;
}) {
  const { columns } = props;
  const { error } = props.source;
  const rows = props.source.data?.data;
  return (
    <>
      <ErrorNote error={error} />
      {!rows ? (
        error ? null : (
          <p className="muted">Loading…</p>
        )
      ) : rows.length === 0 ? (
        <p className="muted">{props.empty}</p>
      ) : (
        <div className="scroll">
          <table>
            <thead>
              <tr>
                {columns.map((c, i) => (
                  <th key={i} className={c.num ? 'num' : undefined}>
                    {c.header}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={props.rowKey(row)} className={props.attention?.(row) ? 'attention' : undefined}>
                  {columns.map((c, i) => (
                    <td key={i} className={[c.num ? 'num' : '', c.className ?? ''].join(' ').trim() || undefined}>
                      {c.cell(row)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

/**
 * A filter form whose submit moves the page to `target()` (the hash route
 * keeps the filter in the URL): `label` above one row of `children` and the
 * submit button.
 */
export function FilterForm(props: { target: () => string; search?: boolean; submit: string; label?: ReactNode; children: ReactNode }) {
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    window.location.hash = props.target();
  };
  return (
    <form className="search" role={props.search ? 'search' : undefined} onSubmit={onSubmit}>
      {props.label}
      <div className="row">
        {props.children}
        <button type="submit">{props.submit}</button>
      </div>
    </form>
  );
}

/** Links to a set of filter values, the current one marked. */
export function FilterLinks(props: { label: string; base: string; param: string; values: string[]; current: string }) {
  return (
    <nav className="filters" aria-label={props.label}>
      <a href={props.base} aria-current={props.current === '' ? 'page' : undefined}>
        All
      </a>
      {props.values.map((v) => (
        <a key={v} href={`${props.base}?${props.param}=${encodeURIComponent(v)}`} aria-current={props.current === v ? 'page' : undefined}>
          {v}
        </a>
      ))}
    </nav>
  );
}

export function Status({ value, className }: { value: string; className?: string }) {
  return <span className={`status ${className ?? value}`}>{value}</span>;
}

export function CustomerLink({ id }: { id: string | null | undefined }) {
  return id ? <a href={`#/customers/${encodeURIComponent(id)}`}>{id}</a> : <>—</>;
}

/** A column showing an id or a type as code. */
export function codeColumn<T>(header: string, value: (row: T) => string | null | undefined): Column<T> {
  return { header, cell: (row) => <code>{value(row) ?? '—'}</code> };
}

/** A titled list of a customer's things (licenses, cards, invoices): "None." when empty, else one item a row. */
export function PlainList<T extends { id: string }>(props: { title: string; items: T[]; children: (item: T) => ReactNode }) {
  return (
    <>
      <h2>{props.title}</h2>
      {props.items.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <ul className="plain">
          {props.items.map((item) => (
            <li key={item.id}>{props.children(item)}</li>
          ))}
        </ul>
      )}
    </>
  );
}
