import ExcelJS from 'exceljs';
import {
  addOfficialHeaderRows,
  addSignatureRows,
  formatDayVi,
  vietnamDate,
  XLSX_NUMBER_FORMATS,
} from '@suotdoi/platform';
import type { ItemState } from '../shipments/shipments.repository.js';
import type { ShipmentView } from '../shipments/shipments.service.js';

/** The two documents of a shipment: the manifest (biên bản giao nhận) and the receipt report with its discrepancies. */
export type ShipmentDocumentKind = 'manifest' | 'receipt';
export const SHIPMENT_DOCUMENT_KINDS: readonly ShipmentDocumentKind[] = ['manifest', 'receipt'];

export interface DocumentTable {
  heading: string;
  /** What the rows are, for the CSV's "Mục" column. */
  section: string;
  columns: string[];
  /** Relative column widths (PDF) and character widths (XLSX). */
  widths: number[];
  rows: (string | number | null)[][];
}

/** What a shipment document says, rendered the same way to PDF, XLSX and CSV. */
export interface ShipmentDocument {
  kind: ShipmentDocumentKind;
  /** File name without extension (ASCII). */
  fileStem: string;
  title: string;
  /** Number and symbol, e.g. 20260105-1A2B3C4D/BBGN. */
  number: string;
  /** The sender: the body issuing the document. */
  issuer: string;
  /** Place and date line ("Đông Hà, ngày …"): the sender's commune and the day of the event. */
  place: string;
  date: Date;
  sender: string;
  receiver: string;
  facts: [string, string][];
  totals: [string, number][];
  tables: DocumentTable[];
  /** Signature sides: the sender's and the receiver's representatives (names written by hand). */
  signatures: { party: string; title: string }[];
}

export interface ShipmentDocumentInput {
  shipment: ShipmentView;
  /** Place name for the date line (the sender's commune or province). */
  place: string | null;
  /** Receiving service point's name, when the shipment goes to one. */
  servicePointName: string | null;
  stage: { seq: number; plannedStart: string; plannedEnd: string } | null;
  /** Titles of copies scanned unexpectedly (by copy id), when the copy is known. */
  unexpectedTitles: Map<string, { title: string; callNumber: string | null }>;
}

const day = (d: Date | null) => (d ? formatDayVi(vietnamDate(d)) : '—');
const STATE_VI: Record<ItemState, string> = {
  packed: 'Gửi trong đợt',
  to_follow: 'Gửi sau (đang cho mượn hoặc giữ chỗ)',
  received: 'Đã nhận',
  missing: 'Thiếu khi nhận',
  damaged: 'Hư hỏng',
};
const ascii = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase()
    .slice(0, 60);
const ITEM_COLUMNS = ['STT', 'Mã vạch', 'Nhan đề', 'Ký hiệu xếp giá', 'Ghi chú'];
const ITEM_WIDTHS = [6, 22, 46, 18, 28];

/** Build a shipment's manifest or receipt report from its (frozen) items. */
export function shipmentDocument(kind: ShipmentDocumentKind, input: ShipmentDocumentInput): ShipmentDocument {
  const s = input.shipment;
  const sender = s.fromName ?? '—';
  const receiver = (s.toName ?? '—') + (input.servicePointName ? ` (${input.servicePointName})` : '');
  const facts: [string, string][] = [
    ['Bộ sách luân chuyển', s.collectionName],
    ['Bên giao', sender],
    ['Bên nhận', receiver],
  ];
  if (input.stage)
    facts.push([
      'Chặng luân chuyển',
      `Chặng ${input.stage.seq}, dự kiến từ ${formatDayVi(input.stage.plannedStart)} đến ${formatDayVi(input.stage.plannedEnd)}`,
    ]);
  else facts.push(['Chặng luân chuyển', 'Trả về cơ sở sở hữu']);
  facts.push(
    ['Ngày chuẩn bị', day(s.preparedAt)],
    ['Ngày gửi', day(s.dispatchedAt)],
    ['Ngày nhận', day(s.firstReceivedAt)],
  );
  if (s.closedAt) facts.push(['Ngày kết thúc kiểm nhận', day(s.closedAt)]);
  if (s.note) facts.push(['Ghi chú', s.note]);
  const number = `${vietnamDate(s.dispatchedAt ?? s.preparedAt).replace(/-/g, '')}-${s.id.slice(0, 8).toUpperCase()}`;
  const signatures = [
    { party: sender, title: 'Đại diện bên giao' },
    { party: receiver, title: 'Đại diện bên nhận' },
  ];
  const itemRows = (items: ShipmentView['items'], note: (i: ShipmentView['items'][number]) => string) =>
    items.map((i, n) => [n + 1, i.barcode, i.title, i.callNumber ?? '', note(i)]);

  if (kind === 'manifest') {
    const sending = s.items.filter((i) => i.state !== 'to_follow');
    const following = s.items.filter((i) => i.state === 'to_follow');
    return {
      kind,
      fileStem: `bien-ban-giao-nhan-${ascii(s.collectionName)}-${number.toLowerCase()}`,
      title: 'BIÊN BẢN GIAO NHẬN TÀI LIỆU LUÂN CHUYỂN',
      number: `${number}/BBGN`,
      issuer: sender,
      place: input.place ?? '',
      date: s.dispatchedAt ?? s.preparedAt,
      sender,
      receiver,
      facts,
      totals: [
        ['Tổng số bản trong biên bản', s.items.length],
        ['Số tên sách', new Set(s.items.map((i) => i.recordId)).size],
        ['Số bản gửi trong đợt', sending.length],
        ['Số bản gửi sau', following.length],
      ],
      tables: [
        {
          heading: 'Danh mục tài liệu giao nhận',
          section: 'Gửi trong đợt',
          columns: ITEM_COLUMNS,
          widths: ITEM_WIDTHS,
          rows: itemRows(sending, () => ''),
        },
        ...(following.length
          ? [
              {
                heading: 'Tài liệu gửi sau (đang cho mượn hoặc giữ chỗ khi chuẩn bị)',
                section: 'Gửi sau',
                columns: ITEM_COLUMNS,
                widths: ITEM_WIDTHS,
                rows: itemRows(following, () => STATE_VI.to_follow),
              },
            ]
          : []),
      ],
      signatures,
    };
  }

  const received = s.items.filter((i) => i.state === 'received' || i.state === 'damaged');
  const damaged = s.items.filter((i) => i.state === 'damaged');
  // While the shipment is open, copies not yet scanned are "not yet received"; once closed they are missing.
  const missing = s.items.filter((i) => i.state === 'missing' || i.state === 'packed');
  const following = s.items.filter((i) => i.state === 'to_follow');
  const missingLabel = s.status === 'closed' ? 'Thiếu (thất lạc khi vận chuyển)' : 'Chưa nhận';
  const tables: DocumentTable[] = [
    {
      heading: 'Tài liệu đã nhận',
      section: 'Đã nhận',
      columns: ITEM_COLUMNS,
      widths: ITEM_WIDTHS,
      rows: itemRows(received, (i) => (i.state === 'damaged' ? `Hư hỏng: ${i.note ?? ''}` : '')),
    },
    {
      heading: `Tài liệu ${missingLabel.toLowerCase()}`,
      section: missingLabel,
      columns: ITEM_COLUMNS,
      widths: ITEM_WIDTHS,
      rows: itemRows(missing, () => missingLabel),
    },
    {
      heading: 'Tài liệu hư hỏng',
      section: 'Hư hỏng',
      columns: ITEM_COLUMNS,
      widths: ITEM_WIDTHS,
      rows: itemRows(damaged, (i) => i.note ?? ''),
    },
    {
      heading: 'Mã vạch ngoài danh mục (nhận được nhưng không có trong biên bản giao)',
      section: 'Ngoài danh mục',
      columns: ITEM_COLUMNS,
      widths: ITEM_WIDTHS,
      rows: s.unexpected.map((u, n) => {
        const known = u.copyId ? input.unexpectedTitles.get(u.copyId) : undefined;
        return [
          n + 1,
          u.barcode,
          known?.title ?? '',
          known?.callNumber ?? '',
          known ? 'Bản sách của cơ sở khác' : 'Mã vạch không có trong hệ thống',
        ];
      }),
    },
    {
      heading: 'Tài liệu gửi sau',
      section: 'Gửi sau',
      columns: ITEM_COLUMNS,
      widths: ITEM_WIDTHS,
      rows: itemRows(following, () => STATE_VI.to_follow),
    },
  ];
  return {
    kind,
    fileStem: `bien-ban-kiem-nhan-${ascii(s.collectionName)}-${number.toLowerCase()}`,
    title: 'BIÊN BẢN KIỂM NHẬN TÀI LIỆU LUÂN CHUYỂN',
    number: `${number}/BBKN`,
    issuer: receiver,
    place: input.place ?? '',
    date: s.closedAt ?? s.firstReceivedAt ?? s.dispatchedAt ?? s.preparedAt,
    sender,
    receiver,
    facts,
    totals: [
      ['Số bản theo biên bản giao', s.items.length - following.length],
      ['Số bản đã nhận', received.length],
      [s.status === 'closed' ? 'Số bản thiếu' : 'Số bản chưa nhận', missing.length],
      ['Số bản hư hỏng', damaged.length],
      ['Số mã vạch ngoài danh mục', s.unexpected.length],
      ['Số bản gửi sau', following.length],
    ],
    tables: tables.filter((t, n) => n === 0 || t.rows.length),
    signatures,
  };
}

const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** CSV of every listed copy, one row each with its section (UTF-8 with BOM, so spreadsheet programs read Vietnamese). */
export function shipmentDocumentCsv(d: ShipmentDocument): Buffer {
  const head = ['Mục', ...ITEM_COLUMNS];
  const rows = d.tables.flatMap((t) => t.rows.map((r) => [t.section, ...r]));
  const lines = [head, ...rows].map((r) => r.map(csvCell).join(','));
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

/** XLSX: official header, facts, totals and every list on one sheet, ready to print; numbers are numbers. */
export async function shipmentDocumentXlsx(d: ShipmentDocument): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Suốt Đời';
  wb.created = d.date;
  const ws = wb.addWorksheet(d.kind === 'manifest' ? 'Biên bản giao nhận' : 'Biên bản kiểm nhận', {
    pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  const columns = ITEM_COLUMNS.length;
  ws.columns = ITEM_WIDTHS.map((w) => ({ width: w }));
  let next = addOfficialHeaderRows(
    ws,
    { issuingBody: d.issuer, number: d.number, place: d.place || 'Việt Nam', date: d.date },
    columns,
    { title: d.title },
  );
  const put = (values: (string | number | null)[]) => {
    const r = ws.getRow(next++);
    r.values = values;
    return r;
  };
  for (const [k, v] of d.facts) put([null, k, v]).getCell(2).font = { bold: true };
  next++;
  for (const [k, v] of d.totals) {
    const cell = put([null, k, v]).getCell(3);
    cell.numFmt = XLSX_NUMBER_FORMATS.count;
    cell.alignment = { horizontal: 'left' };
  }
  for (const t of d.tables) {
    next++;
    put([`${t.heading} (${t.rows.length})`]).font = { bold: true };
    const head = put(t.columns);
    head.font = { bold: true };
    head.eachCell((c) => (c.border = { bottom: { style: 'thin' } }));
    for (const row of t.rows) put(row).alignment = { vertical: 'top', wrapText: true };
  }
  addSignatureRows(
    ws,
    {
      left: { authority: d.signatures[0]!.party, title: d.signatures[0]!.title },
      right: { authority: d.signatures[1]!.party, title: d.signatures[1]!.title },
    },
    columns,
    next,
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}
