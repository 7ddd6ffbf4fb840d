import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import ExcelJS from 'exceljs';
import { JURISDICTION_DIRECTORY, type JurisdictionDirectory, type Principal } from '@suotdoi/platform';
import { UsageErrors } from '../usage.errors.js';
import type { UsageEventKind } from '../events/usage-event.types.js';
import type {
  FigureGrain,
  FigureRowDto,
  FiguresDto,
  FiguresQuery,
  FigureSeriesSummaryDto,
  LikeForLikeDto,
} from './dto/figures.dto.js';

/**
 * Names of the usage kinds as the ministry's statistics use them. "Lượt luân chuyển" (circulation counts: loans and
 * renewals) is never used for rotating collections ("luân chuyển tài liệu"), and loans, renewals and in-house use stay
 * apart, as physical and online visits do.
 */
export const USAGE_KIND_NAMES_VI: Record<UsageEventKind, string> = {
  visit: 'Lượt bạn đọc đến thư viện (trực tiếp)',
  virtual_visit: 'Lượt truy cập thư viện số (trực tuyến)',
  loan: 'Lượt mượn tài liệu (lượt luân chuyển: mượn)',
  renewal: 'Lượt gia hạn (lượt luân chuyển: gia hạn)',
  return: 'Lượt trả tài liệu',
  in_house_use: 'Lượt sử dụng tài liệu tại chỗ',
  e_resource_request: 'Lượt sử dụng tài nguyên điện tử',
  programme_session: 'Buổi hoạt động, chương trình',
  programme_attendance: 'Lượt người tham gia hoạt động',
  museum_learning_visit: 'Lượt khách tham quan, học tập tại bảo tàng',
};

const TRUNC: Record<FigureGrain, { grain: 'day' | 'month' | 'year'; expr: string }> = {
  day: { grain: 'day', expr: 'r.period_start' },
  month: { grain: 'month', expr: 'r.period_start' },
  quarter: { grain: 'month', expr: `date_trunc('quarter', r.period_start)::date` },
  half_year: {
    grain: 'month',
    expr: `make_date(extract(year FROM r.period_start)::int, CASE WHEN extract(month FROM r.period_start) <= 6 THEN 1 ELSE 7 END, 1)`,
  },
  year: { grain: 'year', expr: 'r.period_start' },
};

const ROMAN = ['I', 'II', 'III', 'IV'];
export function periodLabel(grain: FigureGrain, start: string): string {
  const [y, m, d] = start.split('-').map(Number) as [number, number, number];
  if (grain === 'day') return `${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/${y}`;
  if (grain === 'month') return `Tháng ${m}/${y}`;
  if (grain === 'quarter') return `Quý ${ROMAN[(m - 1) / 3]}/${y}`;
  if (grain === 'half_year') return `${m <= 6 ? '6 tháng đầu năm' : '6 tháng cuối năm'} ${y}`;
  return `Năm ${y}`;
}

const shiftYear = (day: string, n: number) => `${Number(day.slice(0, 4)) + n}${day.slice(4)}`;

/** Usage figures for people: by institution or unit, kind and period, with year on year, CAGR and like-for-like. */
@Injectable()
export class FiguresReaderService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Optional() @Inject(JURISDICTION_DIRECTORY) private readonly directory?: JurisdictionDirectory,
  ) {}

  /** Library managers read their institutions; network administrators their jurisdiction; others' ids → 404. */
  private async authorise(p: Principal, q: FiguresQuery): Promise<void> {
    if (p.systemAdmin) return;
    if (!this.directory) throw UsageErrors.directoryUnavailable();
    const ids = [...new Set(q.ids)];
    if (q.scope === 'institution') {
      const managed = new Set(p.staff.filter((s) => s.roles.includes('manager')).map((s) => s.institutionId));
      const administered = p.adminUnitIds.length
        ? new Set(await this.directory.institutionsUnder(p.adminUnitIds))
        : new Set<string>();
      const other = ids.find((id) => !managed.has(id) && !administered.has(id));
      if (other) throw UsageErrors.notYourInstitution({ id: other });
      return;
    }
    const units = p.adminUnitIds.length ? new Set(await this.directory.unitsUnder(p.adminUnitIds)) : new Set<string>();
    const other = ids.find((id) => !units.has(id));
    if (other) throw UsageErrors.notYourUnit({ id: other });
  }

  async read(p: Principal, q: FiguresQuery): Promise<FiguresDto> {
    if (q.to <= q.from) throw UsageErrors.badRange({ from: q.from, to: q.to });
    if (q.grain === 'day' && Date.parse(q.to) - Date.parse(q.from) > 400 * 86400_000)
      throw UsageErrors.badRange({ from: q.from, to: q.to });
    await this.authorise(p, q);
    const t = TRUNC[q.grain];
    // The same periods a year earlier come in the same query, for year on year.
    const rows: { s: string; p: string; k: UsageEventKind; v: number; e: number; m: number }[] = await this.ds.query(
      `SELECT r.scope_id AS s, to_char(${t.expr}, 'YYYY-MM-DD') AS p, r.kind AS k,
              sum(r.value)::float8 AS v, sum(r.estimated_value)::float8 AS e, sum(r.manual_value)::float8 AS m
       FROM usage.rollups r JOIN (SELECT DISTINCT unnest($2::uuid[]) AS id) i ON i.id = r.scope_id
       WHERE r.scope = $1 AND r.grain = $3 AND r.kind = ANY($4::text[]) AND r.period_start >= $5::date AND r.period_start < $6::date
       GROUP BY 1, 2, 3 ORDER BY 1, 3, 2`,
      [q.scope, q.ids, t.grain, q.kinds, shiftYear(q.from, -1), q.to],
    );
    const [asOf]: { at: Date }[] = await this.ds.query(
      `SELECT coalesce(min(marked_at), now()) AS at FROM usage.dirty_days`,
    );
    const names = new Map<string, string>();
    if (this.directory) {
      const found =
        q.scope === 'institution'
          ? await this.directory.describeInstitutions(q.ids)
          : ((await this.directory.describeUnits?.(q.ids)) ?? []);
      for (const f of found) names.set(f.id, f.name);
    }
    const key = (s: string, k: string, period: string) => `${s}|${k}|${period}`;
    const byKey = new Map(rows.map((r) => [key(r.s, r.k, r.p), r]));
    const out: FigureRowDto[] = [];
    for (const r of rows) {
      if (r.p < q.from) continue;
      const prev = byKey.get(key(r.s, r.k, shiftYear(r.p, -1)));
      out.push({
        scopeId: r.s,
        name: names.get(r.s) ?? r.s,
        kind: r.k,
        kindNameVi: USAGE_KIND_NAMES_VI[r.k],
        periodStart: r.p,
        periodLabel: periodLabel(q.grain, r.p),
        value: r.v,
        counted: Math.round((r.v - r.e) * 10) / 10,
        estimated: r.e,
        manual: r.m,
        yearOnYear: prev && prev.v !== 0 ? r.v / prev.v - 1 : null,
      });
    }
    const series: FigureSeriesSummaryDto[] = [];
    const groups = new Map<string, FigureRowDto[]>();
    for (const r of out) groups.set(`${r.scopeId}|${r.kind}`, [...(groups.get(`${r.scopeId}|${r.kind}`) ?? []), r]);
    for (const list of groups.values()) {
      const first = list[0]!;
      const last = list.at(-1)!;
      const years = (Date.parse(last.periodStart) - Date.parse(first.periodStart)) / (365.25 * 86400_000);
      series.push({
        scopeId: first.scopeId,
        name: first.name,
        kind: first.kind,
        cagr:
          years >= 0.99 && first.value > 0
            ? Math.pow(last.value / first.value, (1 / Math.round(years * 4)) * 4) - 1
            : null,
      });
    }
    const likeForLike: LikeForLikeDto[] = [];
    const periods = [...new Set(out.map((r) => r.periodStart))].sort();
    for (const kind of q.kinds) {
      const firstP = periods[0];
      const lastP = periods.at(-1);
      if (!firstP || !lastP || firstP === lastP) {
        likeForLike.push({ kind, compared: 0, first: null, last: null, growth: null });
        continue;
      }
      let a = 0;
      let b = 0;
      let n = 0;
      for (const id of new Set(q.ids)) {
        const f = byKey.get(key(id, kind, firstP));
        const l = byKey.get(key(id, kind, lastP));
        if (!f || !l) continue;
        a += f.v;
        b += l.v;
        n++;
      }
      likeForLike.push({
        kind,
        compared: n,
        first: n ? a : null,
        last: n ? b : null,
        growth: n && a > 0 ? b / a - 1 : null,
      });
    }
    // Demo events are written only by the demo seeder, with `demo:` client event ids: counted here so that figures
    // built on them say so (the partial index events_demo_period_idx makes this free where there are none).
    const [demo]: { events: number; quantity: number }[] = await this.ds.query(
      `SELECT count(*)::int AS events, coalesce(sum(quantity), 0)::float8 AS quantity FROM usage.events
       WHERE client_event_id LIKE 'demo:%' AND period_day >= $2::date AND period_day < $3::date AND kind = ANY($4::text[])
         AND ${q.scope === 'institution' ? 'institution_id' : 'unit_id'} = ANY($1::uuid[])`,
      [q.ids, q.from, q.to, q.kinds],
    );
    return {
      asOf: new Date(asOf!.at).toISOString(),
      grain: q.grain,
      rows: out,
      series,
      likeForLike,
      demo: { events: demo!.events, quantity: demo!.quantity },
    };
  }

  csv(f: FiguresDto): Buffer {
    const cell = (v: unknown) => {
      const s = v === null || v === undefined ? '' : String(v);
      return /[",\n\r;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
    };
    const head = [
      'Đơn vị / cơ sở',
      'Chỉ số',
      'Kỳ',
      'Bắt đầu kỳ',
      'Tổng',
      'Đếm được',
      'Ước tính',
      'Nhập tay',
      'So với cùng kỳ năm trước (%)',
    ];
    const lines = [
      head,
      ...f.rows.map((r) => [
        r.name,
        r.kindNameVi,
        r.periodLabel,
        r.periodStart,
        r.value,
        r.counted,
        r.estimated,
        r.manual,
        r.yearOnYear === null ? '' : (r.yearOnYear * 100).toFixed(1),
      ]),
    ];
    lines.push(
      [],
      [`Số liệu tính đến ${new Date(f.asOf).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' })} (giờ Việt Nam)`],
    );
    return Buffer.from(`\uFEFF${lines.map((l) => l.map(cell).join(',')).join('\r\n')}\r\n`, 'utf8');
  }

  async xlsx(f: FiguresDto): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Số liệu');
    ws.columns = [
      { header: 'Đơn vị / cơ sở', width: 40 },
      { header: 'Chỉ số', width: 44 },
      { header: 'Kỳ', width: 22 },
      { header: 'Tổng', width: 12 },
      { header: 'Đếm được', width: 12 },
      { header: 'Ước tính', width: 12 },
      { header: 'Nhập tay', width: 12 },
      { header: 'So với cùng kỳ năm trước', width: 16 },
    ];
    ws.getRow(1).font = { bold: true };
    for (const r of f.rows)
      ws.addRow([r.name, r.kindNameVi, r.periodLabel, r.value, r.counted, r.estimated, r.manual, r.yearOnYear]);
    for (const c of [4, 5, 6, 7]) ws.getColumn(c).numFmt = '#,##0';
    ws.getColumn(8).numFmt = '0.0%';
    ws.addRow([]);
    ws.addRow([
      `Số liệu tính đến ${new Date(f.asOf).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' })} (giờ Việt Nam)`,
    ]);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }
}
