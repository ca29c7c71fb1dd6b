import type { CommandIo } from './command.ts';

export type Cell = string | number | boolean | null | undefined | Date;

function text(cell: Cell): string {
  if (cell === null || cell === undefined) return '-';
  if (cell instanceof Date) return cell.toISOString().replace('T', ' ').slice(0, 19);
  return String(cell);
}

/** A plain aligned table; numbers right-aligned. */
export function table(headers: string[], rows: Cell[][]): string {
  const cells = rows.map((r) => r.map(text));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const numeric = headers.map((_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === 'number' || r[i] == null));
  const line = (r: string[]) =>
    r
      .map((c, i) => (numeric[i] ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(headers.map((h) => h.toUpperCase())), ...cells.map(line)].join('\n');
}

/** A list as a table, one row per item, or the line `empty` when there is none. */
export function listing<T>(empty: string, headers: string[], row: (item: T) => Cell[]): (items: T[]) => string {
  return (items) => (items.length === 0 ? empty : table(headers, items.map(row)));
}

/** Prints `value` as JSON with --json, otherwise the human rendering. */
export function render(io: CommandIo, json: unknown, value: unknown, human: () => string): void {
  io.out(json ? JSON.stringify(value, null, 2) : human());
}

/**
 * A progress bar on stderr for long work (only when stderr is a terminal, so
 * scripts and --json output stay clean).
 */
export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr) {
  const interactive = Boolean(stream.isTTY);
  let last = '';
  return {
    update(done: number, total?: number) {
      if (!interactive) return;
      const width = 30;
      const bar = total && total > 0 ? `[${'#'.repeat(Math.round((done / total) * width)).padEnd(width, '.')}] ${done}/${total}` : `${done}`;
      const line = `${label} ${bar}`;
      if (line !== last) stream.write(`\r${line}`);
      last = line;
    },
    done() {
      if (interactive && last) stream.write('\n');
    },
  };
}
