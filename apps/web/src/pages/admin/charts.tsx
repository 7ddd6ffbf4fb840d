import { num, pct, t } from '../../lib/i18n.js';

/** Small SVG charts (no chart library: two shapes, drawn with the page's own colours, readable without colour). */
export interface Bar {
  label: string;
  value: number | null;
  target: number;
  share: boolean;
}

const fmt = (v: number, share: boolean) => (share ? pct(v) : num(v, 1));

/** Value against target per indicator: a bar for the value, a tick for the target; text beside for screen readers. */
export function TargetBars({ bars, title }: { bars: Bar[]; title: string }) {
  const rowH = 34;
  const width = 560;
  const labelW = 0;
  const h = bars.length * rowH + 10;
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${width} ${h}`} role="img" aria-label={title} preserveAspectRatio="xMinYMin meet">
        {bars.map((b, i) => {
          const max = Math.max(b.target, b.value ?? 0, b.share ? 1 : 0) * 1.1 || 1;
          const x = (v: number) => labelW + (v / max) * (width - labelW - 10);
          const y = 6 + i * rowH;
          const met = b.value !== null && b.value >= b.target;
          return (
            <g key={b.label}>
              <rect x={labelW} y={y} width={width - labelW - 10} height={20} class="track" />
              {b.value !== null && (
                <rect
                  x={labelW}
                  y={y}
                  width={Math.max(1, x(b.value) - labelW)}
                  height={20}
                  class={met ? 'bar-met' : 'bar-short'}
                />
              )}
              <line x1={x(b.target)} x2={x(b.target)} y1={y - 4} y2={y + 24} class="target-line" />
            </g>
          );
        })}
      </svg>
      <figcaption>
        <ul class="legend">
          {bars.map((b) => (
            <li key={b.label}>
              <strong>{b.label}</strong>: {b.value === null ? t('admin.noData') : fmt(b.value, b.share)} /{' '}
              {t('admin.target')} {fmt(b.target, b.share)}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}

export interface Point {
  year: number;
  value: number | null;
}

/**
 * A yearly series with the target path: for a level, the straight line from the base year's value to the target; for a
 * growth rate, the base year's value compounded at the target rate each year (the series then holds the counts).
 */
export function TrendChart({
  series,
  baseYear,
  targetYear,
  target,
  share,
  growth = false,
  title,
}: {
  series: Point[];
  baseYear: number;
  targetYear: number;
  target: number;
  share: boolean;
  growth?: boolean;
  title: string;
}) {
  const w = 560;
  const h = 200;
  const pad = { l: 56, r: 12, t: 12, b: 28 };
  const years = [...new Set([...series.map((p) => p.year), baseYear, targetYear])].sort((a, b) => a - b);
  const y0 = years[0];
  const y1 = years[years.length - 1];
  const values = series.map((p) => p.value).filter((v): v is number => v !== null);
  const baseValue = series.find((p) => p.year === baseYear)?.value ?? values[0] ?? 0;
  const pathYears = years.filter((yr) => yr >= baseYear && yr <= targetYear);
  const path: Point[] = growth
    ? pathYears.map((yr) => ({ year: yr, value: baseValue * (1 + target) ** (yr - baseYear) }))
    : [
        { year: baseYear, value: baseValue },
        { year: targetYear, value: target },
      ];
  const max = Math.max(...path.map((p) => p.value as number), ...values, share ? 0.1 : 1) * 1.1;
  const x = (yr: number) => pad.l + ((yr - y0) / Math.max(1, y1 - y0)) * (w - pad.l - pad.r);
  const y = (v: number) => h - pad.b - (v / max) * (h - pad.t - pad.b);
  // The line breaks where a year has no figure (a gap, never a zero).
  const segments: Point[][] = [];
  for (const p of series) {
    if (p.value === null) segments.push([]);
    else (segments[segments.length - 1] ?? segments[segments.push([]) - 1]).push(p);
  }
  const ticks = [0, max / 2, max];
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${w} ${h}`} role="img" aria-label={title}>
        {ticks.map((v) => (
          <g key={v}>
            <line x1={pad.l} x2={w - pad.r} y1={y(v)} y2={y(v)} class="grid" />
            <text x={pad.l - 6} y={y(v) + 4} text-anchor="end" class="axis">
              {fmt(v, share)}
            </text>
          </g>
        ))}
        {years.map((yr) => (
          <text key={yr} x={x(yr)} y={h - 8} text-anchor="middle" class="axis">
            {yr}
          </text>
        ))}
        <polyline points={path.map((p) => `${x(p.year)},${y(p.value as number)}`).join(' ')} class="target-path" />
        {segments
          .filter((s) => s.length)
          .map((s, i) => (
            <polyline key={i} points={s.map((p) => `${x(p.year)},${y(p.value as number)}`).join(' ')} class="series" />
          ))}
        {series
          .filter((p) => p.value !== null)
          .map((p) => (
            <circle key={p.year} cx={x(p.year)} cy={y(p.value as number)} r={3.5} class="dot" />
          ))}
      </svg>
      <figcaption class="small">
        {t('admin.trendLegend')}:{' '}
        {series.map((p) => `${p.year}: ${p.value === null ? t('admin.noData') : fmt(p.value, share)}`).join(' · ')} —{' '}
        {growth
          ? t('admin.growthTarget', { rate: pct(target) })
          : t('admin.targetIn', { year: String(targetYear), value: fmt(target, share) })}
      </figcaption>
    </figure>
  );
}
