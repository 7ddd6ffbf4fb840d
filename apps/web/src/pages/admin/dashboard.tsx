import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { download, get, post, raw } from '../../lib/api.js';
import { dateTime, label, lang, num, pct, t, useLang } from '../../lib/i18n.js';
import { isAdmin, useSession } from '../../lib/session.js';
import { followTask } from '../../lib/tasks.js';
import { ErrorBox, Loading, PageTitle, useAction, useLoad } from '../../components/ui.js';
import { TargetBars, TrendChart } from './charts.js';

interface Plan {
  id: string;
  code: string;
  title: string;
  issuer: string;
  level: string;
  number: string | null;
  baseYear: number;
  horizonYear: number | null;
  adoptedAt?: string | null;
}
interface Indicator {
  targetId: string;
  key: string;
  indicator: string;
  descriptionVi: string;
  targetYear: number;
  target: { min: number; max: number | null };
  value: number | null;
  coverage: { reported: number; expected: number };
  status: string;
  series: { year: number; value: number | null }[];
}
interface Report {
  plan: { title: string; baseYear: number };
  period: { key: string; year: number };
  jurisdiction: { unitId: string | null; name: string | null };
  generatedAt: string;
  indicators: Indicator[];
  drillDown: {
    unitId: string;
    name: string | null;
    indicators: {
      key: string;
      value: number | null;
      status: string;
      coverage: { reported: number; expected: number };
    }[];
  }[];
}
interface ReportSummary {
  id: string;
  periodKey: string;
  generatedAt: string;
  dueOn: string | null;
}

const isShare = (indicator: string) => indicator.endsWith('_share') || indicator.endsWith('_growth');
const isGrowth = (indicator: string) => indicator.endsWith('_growth');
/** The plan's own wording in Vietnamese; in English the indicator's name (the plan text has no English). */
const nameOf = (i: { indicator: string; descriptionVi: string }) =>
  lang() === 'vi' && i.descriptionVi ? i.descriptionVi : label('indicator', i.indicator);
const show = (v: number | null, indicator: string) =>
  v === null ? t('admin.noData') : isShare(indicator) ? pct(v) : num(v, 1);

function QueueDashboardLink() {
  const { me } = useSession();
  const open = useAction(async () => {
    await post('/auth/browser/queue-dashboard');
    window.location.assign('/admin/queues');
  });
  if (!me?.account.systemAdmin) return null;
  return (
    <p>
      <button type="button" class="secondary" onClick={() => open.go()} disabled={open.busy}>
        {t('admin.queues')}
      </button>
      <ErrorBox error={open.error} />
    </p>
  );
}

/** Generation answers at once (stored or already there) or 202 with a task to follow until it ends. */
async function generateReport(planId: string, period: string): Promise<void> {
  const res = await raw('POST', `/plans/${planId}/reports/${period}`, { body: {} });
  await followTask(res, 'The report could not be generated.', 'Không lập được báo cáo.');
}

function Reports({ plan, year }: { plan: Plan; year: string }) {
  const { data, error, loading, reload } = useLoad(() => get<ReportSummary[]>(`/plans/${plan.id}/reports`), [plan.id]);
  // Only a year that is over can be reported on.
  const lastYear = Number(year) < new Date().getFullYear() ? year : String(new Date().getFullYear() - 1);
  const gen = useAction(async () => {
    await generateReport(plan.id, lastYear);
    reload();
  });
  const dl = useAction(async (period: string, format: string) =>
    download(
      await raw('GET', `/plans/${plan.id}/reports/${period}/export/${format}`),
      `${plan.code}-${period}.${format}`,
    ),
  );
  return (
    <section aria-labelledby="reports-heading">
      <h2 id="reports-heading">{t('admin.reports')}</h2>
      <ErrorBox error={error ?? dl.error ?? gen.error} />
      {data && !data.some((r) => r.periodKey === lastYear) && (
        <p>
          <button type="button" class="secondary" disabled={gen.busy} onClick={() => gen.go()}>
            {gen.busy ? t('admin.generating') : t('admin.generate', { period: lastYear })}
          </button>
        </p>
      )}
      {loading && <Loading />}
      {data && data.length === 0 && <p>{t('admin.noReports')}</p>}
      {data && data.length > 0 && (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('admin.period')}</th>
                <th scope="col">{t('admin.generated')}</th>
                <th scope="col">{t('admin.download')}</th>
              </tr>
            </thead>
            <tbody>
              {data.map((r) => (
                <tr key={r.id}>
                  <td data-label={t('admin.period')}>{r.periodKey}</td>
                  <td data-label={t('admin.generated')}>{dateTime(r.generatedAt)}</td>
                  <td data-label={t('admin.download')}>
                    {['xlsx', 'pdf', 'csv'].map((f) => (
                      <button
                        key={f}
                        type="button"
                        class="secondary small"
                        disabled={dl.busy}
                        onClick={() => dl.go(r.periodKey, f)}
                        aria-label={t('admin.downloadAs', { period: r.periodKey, format: f.toUpperCase() })}
                      >
                        {f.toUpperCase()}
                      </button>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function PlanView({ plan }: { plan: Plan }) {
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(String(Math.min(thisYear, plan.horizonYear ?? thisYear)));
  const [unit, setUnit] = useState<{ id: string; name: string | null }[]>([]);
  const unitId = unit[unit.length - 1]?.id;
  const { data, error, loading } = useLoad(
    () => get<Report>(`/plans/${plan.id}/indicators?period=${year}${unitId ? `&unitId=${unitId}` : ''}`),
    [plan.id, year, unitId],
  );
  const years: number[] = [];
  for (let y = plan.baseYear + 1; y <= Math.min(thisYear, plan.horizonYear ?? thisYear); y++) years.push(y);
  return (
    <div>
      <h2>{plan.title}</h2>
      <p class="muted">
        {[plan.number, plan.issuer].filter(Boolean).join(' · ')} · {label('level', plan.level)}
      </p>
      <div class="field inline">
        <label for="period">{t('admin.year')}</label>
        <select id="period" value={year} onChange={(e) => setYear((e.target as HTMLSelectElement).value)}>
          {years.reverse().map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </select>
      </div>
      <nav aria-label={t('admin.breadcrumb')} class="crumbs">
        <button type="button" class="link" onClick={() => setUnit([])}>
          {t('admin.whole')}
        </button>
        {unit.map((u, i) => (
          <span key={u.id}>
            {' › '}
            <button type="button" class="link" onClick={() => setUnit(unit.slice(0, i + 1))}>
              {u.name ?? '—'}
            </button>
          </span>
        ))}
      </nav>
      <ErrorBox error={error} />
      {loading && <Loading />}
      {data && (
        <>
          <p>
            {t('admin.jurisdiction')}: <strong>{data.jurisdiction.name ?? t('admin.wholeCountry')}</strong>
          </p>
          <TargetBars
            title={t('admin.attainment')}
            bars={data.indicators.map((i) => ({
              label: nameOf(i),
              value: i.value,
              target: i.target.min,
              share: isShare(i.indicator),
            }))}
          />
          <div class="table-wrap">
            <table>
              <caption>{t('admin.attainment')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('admin.indicator')}</th>
                  <th scope="col">{t('admin.value')}</th>
                  <th scope="col">{t('admin.target')}</th>
                  <th scope="col">{t('admin.coverage')}</th>
                  <th scope="col">{t('admin.status')}</th>
                </tr>
              </thead>
              <tbody>
                {data.indicators.map((i) => (
                  <tr key={i.targetId}>
                    <td data-label={t('admin.indicator')}>{nameOf(i)}</td>
                    <td data-label={t('admin.value')}>{show(i.value, i.indicator)}</td>
                    <td data-label={t('admin.target')}>
                      {show(i.target.min, i.indicator)} ({i.targetYear})
                    </td>
                    <td data-label={t('admin.coverage')}>
                      {t('admin.coverageN', { reported: i.coverage.reported, expected: i.coverage.expected })}
                    </td>
                    <td data-label={t('admin.status')}>
                      <span class={`tag status-${i.status}`}>{label('status', i.status)}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h3>{t('admin.trends')}</h3>
          <div class="trends">
            {data.indicators.map((i) => (
              <div key={i.targetId}>
                <h4>{nameOf(i)}</h4>
                <TrendChart
                  series={i.series}
                  baseYear={data.plan.baseYear}
                  targetYear={i.targetYear}
                  target={i.target.min}
                  share={isShare(i.indicator) && !isGrowth(i.indicator)}
                  growth={isGrowth(i.indicator)}
                  title={t('admin.trendOf', { name: nameOf(i) })}
                />
              </div>
            ))}
          </div>
          {data.drillDown.length > 0 && (
            <section aria-labelledby="drill-heading">
              <h3 id="drill-heading">{t('admin.drillDown')}</h3>
              <div class="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('admin.unit')}</th>
                      {data.indicators.map((i) => (
                        <th scope="col" key={i.key}>
                          {nameOf(i)}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {data.drillDown.map((d) => (
                      <tr key={d.unitId}>
                        <th scope="row">
                          <button
                            type="button"
                            class="link"
                            onClick={() => setUnit([...unit, { id: d.unitId, name: d.name }])}
                          >
                            {d.name ?? '—'}
                          </button>
                        </th>
                        {data.indicators.map((i) => {
                          const v = d.indicators.find((x) => x.key === i.key);
                          return (
                            <td key={i.key} data-label={nameOf(i)}>
                              {v ? `${show(v.value, i.indicator)} · ${label('status', v.status)}` : '—'}
                            </td>
                          );
                        })}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          )}
        </>
      )}
      <Reports plan={plan} year={year} />
    </div>
  );
}

export function AdminPage({ planId }: { planId?: string }) {
  useLang();
  const { me } = useSession();
  const { route } = useLocation();
  useEffect(() => {
    if (me === null) route(`/sign-in?next=${encodeURIComponent(planId ? `/admin/plans/${planId}` : '/admin')}`, true);
  }, [me]);
  const plans = useLoad(() => (isAdmin(me) ? get<Plan[]>('/plans') : Promise.resolve([] as Plan[])), [me?.account.id]);
  // Without a plan in the address, open the first plan running this year whose figures have values (the first in the
  // list may have ended, or have nothing reported yet).
  const opening = useLoad(async () => {
    if (planId || !plans.data?.length) return undefined;
    const thisYear = new Date().getFullYear();
    const running = (p: Plan) => p.baseYear < thisYear && (p.horizonYear ?? thisYear) >= thisYear;
    const ordered = [...plans.data.filter(running), ...plans.data.filter((p) => !running(p))];
    for (const p of ordered) {
      const year = Math.min(thisYear, p.horizonYear ?? thisYear);
      const report = await get<Report>(`/plans/${p.id}/indicators?period=${year}`).catch(() => undefined);
      if (report?.indicators.some((i) => i.value !== null)) return p.id;
    }
    return ordered[0]?.id;
  }, [plans.data, planId]);
  if (!me) return <Loading />;
  if (!isAdmin(me))
    return (
      <section>
        <PageTitle>{t('admin.title')}</PageTitle>
        <p>{t('admin.notAdmin')}</p>
      </section>
    );
  const list = plans.data ?? [];
  const current = list.find((p) => p.id === (planId ?? opening.data));
  return (
    <div class="admin">
      <PageTitle>{t('admin.title')}</PageTitle>
      <QueueDashboardLink />
      <ErrorBox error={plans.error} />
      {(plans.loading || (!planId && opening.loading)) && <Loading />}
      {list.length > 1 && current && (
        <div class="field inline">
          <label for="plan">{t('admin.plan')}</label>
          <select
            id="plan"
            value={current?.id}
            onChange={(e) => route(`/admin/plans/${(e.target as HTMLSelectElement).value}`)}
          >
            {list.map((p) => (
              <option key={p.id} value={p.id}>
                {p.title}
              </option>
            ))}
          </select>
        </div>
      )}
      {!plans.loading && list.length === 0 && <p>{t('admin.noPlans')}</p>}
      {current && <PlanView key={current.id} plan={current} />}
    </div>
  );
}
