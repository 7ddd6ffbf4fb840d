import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import ExcelJS from 'exceljs';
import type { DataSource } from 'typeorm';
import { JURISDICTION_DIRECTORY, type JurisdictionDirectory, type Principal } from '@suotdoi/platform';
import { EventsAccess } from '../access.js';
import { EventsErrors } from '../events.errors.js';

/** One institution's events figures for a year (Vietnam time). */
export interface EventsReportRow {
  institutionId: string;
  institutionName: string;
  programmes: number;
  sessionsScheduled: number;
  sessionsHeld: number;
  sessionsCancelled: number;
  registrations: number;
  attended: number;
  noShows: number;
  walkIns: number;
  online: number;
  attendance: number;
  clubs: number;
  clubMembers: number;
}

const COLUMNS: [keyof EventsReportRow, string, string][] = [
  ['institutionName', 'Cơ sở', 'Institution'],
  ['programmes', 'Chương trình', 'Programmes'],
  ['sessionsScheduled', 'Buổi theo kế hoạch', 'Sessions scheduled'],
  ['sessionsHeld', 'Buổi đã tổ chức', 'Sessions held'],
  ['sessionsCancelled', 'Buổi đã hủy', 'Sessions cancelled'],
  ['registrations', 'Lượt đăng ký', 'Registrations'],
  ['attended', 'Có mặt (đã đăng ký)', 'Attended (registered)'],
  ['noShows', 'Vắng mặt', 'No-shows'],
  ['walkIns', 'Khách vãng lai', 'Walk-ins'],
  ['online', 'Trực tuyến', 'Online'],
  ['attendance', 'Tổng lượt tham dự', 'Total attendance'],
  ['clubs', 'Câu lạc bộ', 'Clubs'],
  ['clubMembers', 'Thành viên câu lạc bộ', 'Club members'],
];

/** Events, sessions, registrations and attendance per institution for a year, for an institution or a jurisdiction. */
@Injectable()
export class EventsReportsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(JURISDICTION_DIRECTORY) private readonly directory: JurisdictionDirectory,
    private readonly access: EventsAccess,
  ) {}

  async rows(
    p: Principal,
    scope: { institutionId?: string; unitId?: string },
    year: number,
  ): Promise<EventsReportRow[]> {
    let ids: string[];
    const asOf = new Date(`${year}-12-31T16:59:59Z`);
    if (scope.unitId) {
      await this.access.assertAdministers(p, scope.unitId);
      ids = await this.directory.institutionsUnder([scope.unitId], asOf);
    } else if (scope.institutionId) {
      await this.access.assertReads(p, scope.institutionId);
      ids = [scope.institutionId];
    } else throw EventsErrors.reportScopeRequired();
    const names = new Map((await this.directory.describeInstitutions(ids, asOf)).map((i) => [i.id, i.name]));
    const figures: Omit<EventsReportRow, 'institutionName'>[] = await this.ds.query(
      `WITH i AS (SELECT unnest($1::uuid[]) AS id),
       s AS (
         SELECT s.* FROM events.sessions s WHERE s.institution_id = ANY($1::uuid[]) AND extract(year FROM s.starts_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::int = $2
       )
       SELECT i.id AS "institutionId",
         (SELECT count(DISTINCT programme_id)::int FROM s WHERE s.institution_id = i.id) AS programmes,
         (SELECT count(*)::int FROM s WHERE s.institution_id = i.id) AS "sessionsScheduled",
         (SELECT count(*)::int FROM s WHERE s.institution_id = i.id AND status = 'held') AS "sessionsHeld",
         (SELECT count(*)::int FROM s WHERE s.institution_id = i.id AND status = 'cancelled') AS "sessionsCancelled",
         (SELECT count(*)::int FROM events.registrations g JOIN s ON s.id = g.session_id WHERE s.institution_id = i.id AND g.status <> 'cancelled') AS registrations,
         (SELECT coalesce(sum(attended), 0)::int FROM s WHERE s.institution_id = i.id AND status = 'held') AS attended,
         (SELECT coalesce(sum(g.seats), 0)::int FROM events.registrations g JOIN s ON s.id = g.session_id WHERE s.institution_id = i.id AND g.status = 'no_show') AS "noShows",
         (SELECT coalesce(sum(walk_ins), 0)::int FROM s WHERE s.institution_id = i.id AND status = 'held') AS "walkIns",
         (SELECT coalesce(sum(online_attendees), 0)::int FROM s WHERE s.institution_id = i.id AND status = 'held') AS online,
         (SELECT coalesce(sum(greatest(coalesce(headcount, 0), attended + walk_ins) + online_attendees), 0)::int FROM s WHERE s.institution_id = i.id AND status = 'held') AS attendance,
         (SELECT count(*)::int FROM events.clubs c WHERE c.institution_id = i.id AND c.founded_on <= make_date($2, 12, 31) AND (c.closed_on IS NULL OR c.closed_on >= make_date($2, 1, 1))) AS clubs,
         (SELECT count(*)::int FROM events.club_members m JOIN events.clubs c ON c.id = m.club_id WHERE c.institution_id = i.id
            AND m.joined_on <= make_date($2, 12, 31) AND (m.left_on IS NULL OR m.left_on >= make_date($2, 1, 1))) AS "clubMembers"
       FROM i`,
      [ids, year],
    );
    return figures
      .map((f) => ({ ...f, institutionName: names.get(f.institutionId) ?? '' }))
      .sort((a, b) => a.institutionName.localeCompare(b.institutionName, 'vi'));
  }

  /** CSV, UTF-8 with a BOM (spreadsheet programs then read the Vietnamese right); headers in Vietnamese and English. */
  csv(rows: EventsReportRow[]): Buffer {
    const cell = (v: unknown) => {
      const s = v === null || v === undefined ? '' : String(v);
      return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
    };
    const lines = [COLUMNS.map(([, vi, en]) => `${vi} / ${en}`), ...rows.map((r) => COLUMNS.map(([k]) => r[k]))].map(
      (l) => l.map(cell).join(','),
    );
    return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
  }

  async xlsx(rows: EventsReportRow[], title: string): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    wb.creator = 'Suốt Đời';
    const ws = wb.addWorksheet('Sự kiện');
    ws.addRow([title]).font = { bold: true };
    ws.addRow([]);
    ws.addRow(COLUMNS.map(([, vi]) => vi)).font = { bold: true };
    ws.addRow(COLUMNS.map(([, , en]) => en)).font = { italic: true };
    for (const r of rows) ws.addRow(COLUMNS.map(([k]) => r[k]));
    const total = ws.addRow(
      COLUMNS.map(([k], i) => (i === 0 ? 'Tổng cộng / Total' : rows.reduce((s, r) => s + (r[k] as number), 0))),
    );
    total.font = { bold: true };
    ws.getColumn(1).width = 48;
    for (let c = 2; c <= COLUMNS.length; c++) ws.getColumn(c).width = 16;
    return Buffer.from(await wb.xlsx.writeBuffer());
  }
}
