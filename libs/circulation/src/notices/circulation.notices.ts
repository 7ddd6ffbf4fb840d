import { defineNoticeTemplates, fillNotice, template, type NoticeParams } from '@suotdoi/notices';

// Names (title, barcode) are shown as written: only dates and instants are reformatted.
const AS_WRITTEN = ['title', 'barcode'];

/** The body in one language, naming the item by its title when the notice has one (patrons know a book by its title). */
const titled =
  (plain: string, withTitle: string) =>
  (p: NoticeParams): string =>
    fillNotice(p.title ? withTitle : plain, p, AS_WRITTEN);

type CopyParams = { title?: string; barcode: string };

/** Circulation's patron notices (feed and e-mail). Keys are stored with each notice: never rename one. */
export const CirculationNotices = defineNoticeTemplates('circulation', {
  due_soon: template<CopyParams & { dueDate: string; loanId?: string }>({
    subject: { vi: 'Sắp đến hạn trả tài liệu', en: 'Item due soon' },
    body: {
      vi: titled(
        'Tài liệu {barcode} cần trả trước ngày {dueDate}.',
        'Tài liệu “{title}” (mã vạch {barcode}) cần trả trước ngày {dueDate}.',
      ),
      en: titled('Item {barcode} is due by {dueDate}.', 'Item “{title}” (barcode {barcode}) is due by {dueDate}.'),
    },
    anonymous: { vi: 'bạn đọc' },
  }),
  overdue: template<CopyParams & { dueDate: string; loanId?: string }>({
    subject: { vi: 'Tài liệu quá hạn', en: 'Item overdue' },
    body: {
      vi: titled(
        'Tài liệu {barcode} đã quá hạn trả từ ngày {dueDate}. Xin vui lòng trả hoặc gia hạn.',
        'Tài liệu “{title}” (mã vạch {barcode}) đã quá hạn trả từ ngày {dueDate}. Xin vui lòng trả hoặc gia hạn.',
      ),
      en: titled(
        'Item {barcode} has been overdue since {dueDate}. Please return or renew it.',
        'Item “{title}” (barcode {barcode}) has been overdue since {dueDate}. Please return or renew it.',
      ),
    },
    anonymous: { vi: 'bạn đọc' },
  }),
  hold_ready: template<CopyParams & { pickupBy: string; holdId?: string }>({
    subject: { vi: 'Tài liệu đặt mượn đã sẵn sàng', en: 'Your hold is ready' },
    body: {
      vi: titled(
        'Tài liệu {barcode} đang được giữ cho bạn đến hết ngày {pickupBy}.',
        'Tài liệu “{title}” (mã vạch {barcode}) đang được giữ cho bạn đến hết ngày {pickupBy}.',
      ),
      en: titled(
        'Item {barcode} is being held for you until the end of {pickupBy}.',
        'Item “{title}” (barcode {barcode}) is being held for you until the end of {pickupBy}.',
      ),
    },
    anonymous: { vi: 'bạn đọc' },
  }),
  hold_expiring: template<CopyParams & { pickupBy: string; holdId?: string }>({
    subject: { vi: 'Sắp hết hạn nhận tài liệu đặt mượn', en: 'Hold about to expire' },
    body: {
      vi: titled(
        'Tài liệu {barcode} chỉ được giữ cho bạn đến hết ngày {pickupBy}.',
        'Tài liệu “{title}” (mã vạch {barcode}) chỉ được giữ cho bạn đến hết ngày {pickupBy}.',
      ),
      en: titled(
        'Item {barcode} is held for you only until the end of {pickupBy}.',
        'Item “{title}” (barcode {barcode}) is held for you only until the end of {pickupBy}.',
      ),
    },
    anonymous: { vi: 'bạn đọc' },
  }),
  eloan_ending: template<{ title?: string; endsAt: string; eLoanId?: string; resourceId?: string }>({
    subject: { vi: 'Lượt mượn tài liệu số sắp kết thúc', en: 'E-loan ending' },
    body: {
      vi: titled(
        'Lượt mượn tài liệu số của bạn sẽ kết thúc vào {endsAt}.',
        'Lượt mượn tài liệu số “{title}” của bạn sẽ kết thúc vào {endsAt}.',
      ),
      en: titled('Your e-loan ends at {endsAt}.', 'Your e-loan of “{title}” ends at {endsAt}.'),
    },
    anonymous: { vi: 'bạn đọc' },
  }),
  ehold_offered: template<{ title?: string; claimUntil: string; resourceId?: string }>({
    subject: { vi: 'Tài liệu số bạn đặt mượn đã sẵn sàng', en: 'Your e-book hold is available' },
    body: {
      vi: titled(
        'Tài liệu số bạn đặt mượn đang được giữ cho bạn đến {claimUntil}. Hãy mượn trước thời hạn này.',
        'Tài liệu số “{title}” bạn đặt mượn đang được giữ cho bạn đến {claimUntil}. Hãy mượn trước thời hạn này.',
      ),
      en: titled(
        'The e-book you placed a hold on is kept for you until {claimUntil}. Borrow it before then.',
        'The e-book “{title}” you placed a hold on is kept for you until {claimUntil}. Borrow it before then.',
      ),
    },
    anonymous: { vi: 'bạn đọc' },
  }),
});

export type CirculationNoticeKind = keyof typeof CirculationNotices;
