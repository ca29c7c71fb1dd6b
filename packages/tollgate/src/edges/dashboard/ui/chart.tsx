import { money } from './format.ts';

export interface ChartDay {
  date: string;
  mrr: number;
  new: number;
  expansion: number;
  contraction: number;
  churn: number;
  reactivation: number;
}

const KINDS = [
  { key: 'new', label: 'New', sign: 1 },
  { key: 'expansion', label: 'Expansion', sign: 1 },
  { key: 'reactivation', label: 'Reactivation', sign: 1 },
  { key: 'contraction', label: 'Contraction', sign: -1 },
  { key: 'churn', label: 'Churn', sign: -1 },
] as const;

const W = 720;
const H = 300;
const PAD = { left: 64, right: 12, top: 12, bottom: 24 };
/** The MRR line's band, then the movements' band (gains above its zero line, losses below). */
const MRR_H = 170;
const MOVES_TOP = PAD.top + MRR_H + 22;
const MOVES_H = H - PAD.bottom - MOVES_TOP;

/**
 * MRR over time (the line) above the day's movements stacked as bars in their
 * own band (gains above its zero line, losses below).
 */
export function MrrChart({ days, currency }: { days: ChartDay[]; currency: string }) {
  if (days.length === 0) return <p className="muted">No MRR history yet.</p>;
  const plotW = W - PAD.left - PAD.right;
  const maxMrr = Math.max(1, ...days.map((d) => d.mrr));
  const gains = days.map((d) => d.new + d.expansion + d.reactivation);
  const losses = days.map((d) => -(d.contraction + d.churn));
  const maxMove = Math.max(1, ...gains, ...losses);
  const step = plotW / days.length;
  const x = (i: number) => PAD.left + i * step + step / 2;
  const y = (v: number) => PAD.top + MRR_H - (v / maxMrr) * MRR_H;
  const axis = MOVES_TOP + MOVES_H / 2;
  const barScale = MOVES_H / 2 / maxMove;
  const line = days.map((d, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(d.mrr).toFixed(1)}`).join(' ');
  const barW = Math.max(1, step * 0.7);
  const last = days[days.length - 1];
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`MRR over ${days.length} days, ending at ${last ? money(last.mrr, currency) : ''}`}>
        {[0, 0.5, 1].map((f) => (
          <g key={f}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(maxMrr * f)} y2={y(maxMrr * f)} className="grid" />
            <text x={PAD.left - 6} y={y(maxMrr * f) + 4} className="tick" textAnchor="end">
              {money(Math.round(maxMrr * f), currency)}
            </text>
          </g>
        ))}
        <line x1={PAD.left} x2={W - PAD.right} y1={axis} y2={axis} className="grid" />
        <text x={PAD.left - 6} y={axis + 4} className="tick" textAnchor="end">
          Moves
        </text>
        <text x={PAD.left - 6} y={MOVES_TOP + 8} className="tick" textAnchor="end">
          +{money(maxMove, currency)}
        </text>
        {days.map((d, i) => {
          let up = axis;
          let down = axis;
          return (
            <g key={d.date}>
              <title>{`${d.date}: MRR ${money(d.mrr, currency)}${KINDS.filter((k) => d[k.key] !== 0)
                .map((k) => `, ${k.label} ${money(d[k.key], currency)}`)
                .join('')}`}</title>
              {KINDS.map((k) => {
                const value = Math.abs(d[k.key]);
                if (value === 0) return null;
                const h = Math.max(1, value * barScale);
                const top = k.sign > 0 ? (up -= h) : down;
                if (k.sign < 0) down += h;
                return <rect key={k.key} x={x(i) - barW / 2} y={top} width={barW} height={h} className={`bar ${k.key}`} />;
              })}
            </g>
          );
        })}
        <path d={line} className="mrr-line" />
        <text x={PAD.left} y={H - 8} className="tick">
          {days[0]?.date}
        </text>
        <text x={W - PAD.right} y={H - 8} className="tick" textAnchor="end">
          {last?.date}
        </text>
      </svg>
      <figcaption className="legend">
        <span className="key mrr">MRR</span>
        {KINDS.map((k) => (
          <span key={k.key} className={`key ${k.key}`}>
            {k.label}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
