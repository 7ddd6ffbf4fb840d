import { Injectable } from '@nestjs/common';
import ExcelJS from 'exceljs';
import {
  defineTask,
  formatDayVi,
  TaskProcessor,
  XLSX_NUMBER_FORMATS,
  type TaskContext,
  type TaskHandler,
} from '@suotdoi/platform';
import type { CollectionFigures, HostYearFigures } from './figures.service.js';

/** Figures read at request time (access checked then); the task only renders them. */
export interface FiguresExportPayload {
  collection?: CollectionFigures;
  hosts?: HostYearFigures[];
  range: { from?: string; to?: string };
}
export type FiguresExportResult = { rows: number; files: string[] };

/** Export rotation figures (per collection and stage, or per host, commune and year) as XLSX and CSV. */
export const FiguresExportTask = defineTask<FiguresExportPayload, FiguresExportResult>({
  kind: 'rotation.figures_export',
  title: { vi: 'Xuất số liệu luân chuyển', en: 'Rotation figures export' },
  attempts: 3,
});

const STATUS_VI: Record<string, string> = {
  home: 'Tại cơ sở sở hữu',
  planned: 'Chưa đến',
  current: 'Đang luân chuyển',
  done: 'Đã xong',
};
type Cell = string | number | null;
interface Sheet {
  name: string;
  title: string;
  columns: { head: string; width: number; count?: boolean; decimal?: boolean }[];
  rows: Cell[][];
}

function stageSheet(c: CollectionFigures): Sheet {
  return {
    name: 'Theo chặng',
    title: `Số liệu bộ sách luân chuyển “${c.name}”: ${c.copies} bản, ${c.loans} lượt mượn, vòng quay ${c.turnover}`,
    columns: [
      { head: 'Chặng', width: 8 },
      { head: 'Nơi nhận', width: 36 },
      { head: 'Bắt đầu dự kiến', width: 14 },
      { head: 'Kết thúc dự kiến', width: 14 },
      { head: 'Trạng thái', width: 18 },
      { head: 'Số bản đã giao', width: 12, count: true },
      { head: 'Lượt mượn', width: 12, count: true },
      { head: 'Lượt gia hạn', width: 12, count: true },
      { head: 'Bạn đọc', width: 12, count: true },
      { head: 'Số bản được mượn', width: 14, count: true },
      { head: 'Vòng quay (lượt mượn/bản)', width: 14, decimal: true },
      { head: 'Số tháng nơi nhận báo cáo', width: 14, count: true },
    ],
    rows: c.stages.map((s) => [
      s.seq,
      s.hostName,
      s.plannedStart ? formatDayVi(s.plannedStart) : null,
      s.plannedEnd ? formatDayVi(s.plannedEnd) : null,
      STATUS_VI[s.status] ?? s.status,
      s.copiesDelivered,
      s.loans,
      s.renewals,
      s.borrowers,
      s.copiesLent,
      s.turnover,
      s.reportedMonths,
    ]),
  };
}

function hostSheet(hosts: HostYearFigures[]): Sheet {
  return {
    name: 'Theo nơi nhận',
    title: 'Số liệu luân chuyển theo nơi nhận, xã và năm',
    columns: [
      { head: 'Năm', width: 8 },
      { head: 'Nơi nhận', width: 40 },
      { head: 'Xã, phường (đơn vị hành chính)', width: 30 },
      { head: 'Số bộ sách nhận', width: 14, count: true },
      { head: 'Số bản đã giao', width: 14, count: true },
      { head: 'Lượt mượn', width: 14, count: true },
    ],
    rows: hosts.map((h) => [h.year, h.institutionName, h.unitName, h.collectionsReceived, h.copiesDelivered, h.loans]),
  };
}

const csvCell = (v: Cell) => {
  const s = v === null ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** CSV of one sheet (UTF-8 with BOM); a missing figure is an empty cell. */
export function figuresCsv(s: Sheet): Buffer {
  const lines = [s.columns.map((c) => c.head), ...s.rows].map((r) => r.map(csvCell).join(','));
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

/** XLSX of one sheet: a title row, the header, numbers as numbers with Vietnamese-readable formats. */
export async function figuresXlsx(s: Sheet, range: FiguresExportPayload['range']): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Suốt Đời';
  const ws = wb.addWorksheet(s.name);
  ws.columns = s.columns.map((c) => ({ width: c.width }));
  ws.addRow([s.title]).font = { bold: true };
  ws.addRow([
    `Kỳ: ${range.from ? formatDayVi(range.from) : 'từ đầu'} – ${range.to ? formatDayVi(range.to) : 'nay'} (giờ Việt Nam)`,
  ]);
  ws.addRow([]);
  const head = ws.addRow(s.columns.map((c) => c.head));
  head.font = { bold: true };
  head.alignment = { wrapText: true, vertical: 'top' };
  for (const r of s.rows) {
    const row = ws.addRow(r);
    s.columns.forEach((c, n) => {
      if (c.count) row.getCell(n + 1).numFmt = XLSX_NUMBER_FORMATS.count;
      if (c.decimal) row.getCell(n + 1).numFmt = '#,##0.00';
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Renders the figures read when the export was asked for; a retry renders the same files again. */
@Injectable()
@TaskProcessor()
export class FiguresExportHandler implements TaskHandler<FiguresExportPayload, FiguresExportResult> {
  readonly task = FiguresExportTask;

  async run(p: FiguresExportPayload, ctx: TaskContext): Promise<FiguresExportResult> {
    const sheet = p.collection ? stageSheet(p.collection) : hostSheet(p.hosts ?? []);
    const stem = p.collection ? 'so-lieu-bo-sach-luan-chuyen' : 'so-lieu-luan-chuyen-theo-noi-nhan';
    const files = [`${stem}.xlsx`, `${stem}.csv`];
    await ctx.addFile({
      name: files[0]!,
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      content: await figuresXlsx(sheet, p.range),
    });
    await ctx.addFile({ name: files[1]!, contentType: 'text/csv; charset=utf-8', content: figuresCsv(sheet) });
    await ctx.progress(1, 1);
    return { rows: sheet.rows.length, files };
  }
}
