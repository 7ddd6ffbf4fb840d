import type { CirculationNotice, NoticeKind } from '../ports/ports.js';

const TEXTS: Record<NoticeKind, { subjectVi: string; subjectEn: string; bodyVi: string }> = {
  due_soon: { subjectVi: 'Sắp đến hạn trả tài liệu', subjectEn: 'Item due soon', bodyVi: 'Tài liệu {barcode} cần trả trước ngày {dueDate}.' },
  overdue: { subjectVi: 'Tài liệu quá hạn', subjectEn: 'Item overdue', bodyVi: 'Tài liệu {barcode} đã quá hạn trả từ ngày {dueDate}. Xin vui lòng trả hoặc gia hạn.' },
  hold_ready: { subjectVi: 'Tài liệu đặt mượn đã sẵn sàng', subjectEn: 'Your hold is ready', bodyVi: 'Tài liệu {barcode} đang được giữ cho bạn đến hết ngày {pickupBy}.' },
  hold_expiring: { subjectVi: 'Sắp hết hạn nhận tài liệu đặt mượn', subjectEn: 'Hold about to expire', bodyVi: 'Tài liệu {barcode} chỉ được giữ cho bạn đến hết ngày {pickupBy}.' },
  eloan_ending: { subjectVi: 'Lượt mượn tài liệu số sắp kết thúc', subjectEn: 'E-loan ending', bodyVi: 'Lượt mượn tài liệu số của bạn sẽ kết thúc vào {endsAt}.' },
  ehold_offered: { subjectVi: 'Tài liệu số bạn đặt mượn đã sẵn sàng', subjectEn: 'Your e-book hold is available', bodyVi: 'Tài liệu số bạn đặt mượn đang được giữ cho bạn đến {claimUntil}. Hãy mượn trước thời hạn này.' },
};

/** The notice of one kind for one patron, in Vietnamese (and an English subject). */
export function noticeFor(kind: NoticeKind, patronId: string, params: Record<string, string>): CirculationNotice {
  const t = TEXTS[kind];
  const bodyVi = t.bodyVi.replace(/\{(\w+)\}/g, (m, k: string) => params[k] ?? m);
  return { patronId, kind, subjectVi: t.subjectVi, subjectEn: t.subjectEn, bodyVi, params };
}
