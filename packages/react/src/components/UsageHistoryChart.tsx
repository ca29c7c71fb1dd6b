import { useId } from 'react';
import { useUsageHistory } from '../hooks/use-usage-history.ts';
import { formatDate } from './dates.ts';
import { ErrorMessage } from './ErrorMessage.tsx';

export interface UsageHistoryChartProps {
  /** A metered feature of the config, e.g. "messages". */
  feature: string;
  /** How many days, today last (default 30). */
  days?: number;
  /** The caption (default "<feature> per day"). */
  title?: string;
  /** The unit in the summary, plural (default: the feature key). */
  unit?: string;
  locale?: string;
}

const W = 300;
const H = 80;
const short = (date: string, locale?: string) => formatDate(`${date}T00:00:00Z`, locale).replace(/, \d{4}$/, '');

/**
 * A bar chart of a metered feature per day over the last 30 days (seed 004's
 * usage analytics), drawn in SVG with no dependency. Screen readers get a
 * summary and the figures as a table.
 */
export function UsageHistoryChart({ feature, days, title, unit, locale }: UsageHistoryChartProps) {
  const { data, error, loading } = useUsageHistory(feature, { days });
  const id = useId();
  const caption = title ?? `${feature} per day`;
  if (!data) {
    return (
      <figure className="tollgate-history" aria-busy={loading}>
        <figcaption className="tollgate-history__title">{caption}</figcaption>
        {error ? <ErrorMessage error={error} /> : <p role="status">Loading history…</p>}
      </figure>
    );
  }
  const points = data.days;
  const total = points.reduce((sum, d) => sum + d.used, 0);
  const peak = points.reduce((best, d) => (d.used > best.used ? d : best), points[0] ?? { date: '', used: 0 });
  const max = Math.max(1, peak.used);
  const slot = W / Math.max(1, points.length);
  const name = unit ?? feature;
  const summary = `${total.toLocaleString('en-US')} ${name} in the last ${points.length} days${peak.used > 0 ? `; most on ${short(peak.date, locale)} (${peak.used.toLocaleString('en-US')})` : ''}`;
  return (
    <figure className="tollgate-history">
      <figcaption className="tollgate-history__title" id={`${id}-title`}>
        {caption}
      </figcaption>
      <p className="tollgate-history__summary" id={`${id}-summary`}>
        {summary}
      </p>
      <svg className="tollgate-history__chart" viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" role="img" aria-labelledby={`${id}-title ${id}-summary`}>
        <line x1="0" y1={H - 0.5} x2={W} y2={H - 0.5} className="tollgate-history__axis" />
        {points.map((d, i) => {
          const h = d.used <= 0 ? 0 : Math.max(1.5, (d.used / max) * (H - 4));
          return (
            <rect key={d.date} x={i * slot + slot * 0.15} y={H - h} width={slot * 0.7} height={h} rx="1" data-date={d.date} data-used={d.used}>
              <title>{`${short(d.date, locale)}: ${d.used.toLocaleString('en-US')}`}</title>
            </rect>
          );
        })}
      </svg>
      <div className="tollgate-history__range" aria-hidden="true">
        <span>{points[0] ? short(points[0].date, locale) : ''}</span>
        <span>{points.at(-1) ? 'Today' : ''}</span>
      </div>
      <table className="tollgate-visually-hidden">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col">{name}</th>
          </tr>
        </thead>
        <tbody>
          {points.map((d) => (
            <tr key={d.date}>
              <th scope="row">{d.date}</th>
              <td>{d.used}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
