import type { CirculationRule } from './rule-matrix.js';

/** Why a rule refused something. Codes are stable; messages are in Vietnamese and English. */
export const REFUSALS = {
  maxLoans: {
    code: 'max_loans_reached',
    en: 'The patron already has {count} loans; the rule allows {max}.',
    vi: 'Bạn đọc đang mượn {count} tài liệu; quy định cho phép tối đa {max}.',
  },
  cardExpired: {
    code: 'card_expired',
    en: 'The library card expired on {date}.',
    vi: 'Thẻ bạn đọc đã hết hạn ngày {date}.',
  },
  patronNotActive: {
    code: 'patron_not_active',
    en: 'The patron account is {status}.',
    vi: 'Tài khoản bạn đọc {statusVi}.',
  },
  blocked: {
    code: 'patron_blocked',
    en: 'Outstanding charges of {owed} VND reach the block threshold of {threshold} VND.',
    vi: 'Khoản phí chưa thanh toán {owedVi} đã đạt ngưỡng khóa {thresholdVi}.',
  },
  hasOverdue: {
    code: 'has_overdue_loans',
    en: 'The patron has {count} overdue loan(s).',
    vi: 'Bạn đọc có {count} tài liệu quá hạn chưa trả.',
  },
  copyNotAvailable: {
    code: 'copy_not_available',
    en: 'The copy is {status}.',
    vi: 'Bản sách đang ở trạng thái {statusVi}.',
  },
  heldForAnother: {
    code: 'held_for_another_patron',
    en: 'The copy is held for another patron.',
    vi: 'Bản sách đang được giữ cho bạn đọc khác.',
  },
  wantedByHold: {
    code: 'wanted_by_hold',
    en: '{count} hold(s) of other patrons are waiting for this title: the copy should be set aside for them (check it in).',
    vi: 'Có {count} bạn đọc khác đang chờ đặt mượn tài liệu này: nên giữ bản sách cho họ (quét ở mục nhận trả).',
  },
  noRenewalsLeft: {
    code: 'no_renewals_left',
    en: 'The loan was renewed {count} time(s); the rule allows {max}.',
    vi: 'Tài liệu đã được gia hạn {count} lần; quy định cho phép tối đa {max}.',
  },
  onHoldForOthers: {
    code: 'on_hold_for_others',
    en: 'Another patron is waiting for this title.',
    vi: 'Có bạn đọc khác đang chờ mượn tài liệu này.',
  },
  notRenewable: {
    code: 'not_renewable',
    en: 'This item type cannot be renewed.',
    vi: 'Loại tài liệu này không được gia hạn.',
  },
  holdsNotAllowed: {
    code: 'holds_not_allowed',
    en: 'Holds are not allowed for this item type and patron category.',
    vi: 'Không được đặt mượn loại tài liệu này với loại bạn đọc này.',
  },
  maxHolds: {
    code: 'max_holds_reached',
    en: 'The patron already has {count} holds; the rule allows {max}.',
    vi: 'Bạn đọc đang có {count} yêu cầu đặt mượn; quy định cho phép tối đa {max}.',
  },
  alreadyHolding: {
    code: 'already_on_hold',
    en: 'The patron already has a hold on this title.',
    vi: 'Bạn đọc đã đặt mượn tài liệu này.',
  },
  alreadyBorrowing: {
    code: 'already_on_loan_to_patron',
    en: 'The patron already has this title on loan.',
    vi: 'Bạn đọc đang mượn tài liệu này.',
  },
  notLoanable: {
    code: 'not_loanable',
    en: 'This item type is for use in the library only.',
    vi: 'Loại tài liệu này chỉ đọc tại chỗ.',
  },
} as const;

export type RefusalKey = keyof typeof REFUSALS;

export interface Reason {
  code: string;
  en: string;
  vi: string;
}

const fill = (t: string, d: Record<string, unknown>) =>
  t.replace(/\{(\w+)\}/g, (m, k: string) => (d[k] === undefined ? m : String(d[k])));

export function reason(key: RefusalKey, details: Record<string, unknown> = {}): Reason {
  const r = REFUSALS[key];
  return { code: r.code, en: fill(r.en, details), vi: fill(r.vi, details) };
}

/** The matched rule as callers see it: the rule's key and limits, and which step of the fallback order matched. */
export type MatchedRule = Omit<CirculationRule, 'note'> & { matchedBy: string };

/** Every checkout, renewal and hold decision: which rule decided it and, if refused, why. */
export interface Decision {
  allowed: boolean;
  rule: MatchedRule;
  reasons: Reason[];
}

export function describeRule(rule: CirculationRule, matchedBy: string): MatchedRule {
  const { note: _note, ...rest } = rule;
  return { ...rest, matchedBy };
}

export function decide(rule: MatchedRule, reasons: Reason[]): Decision {
  return { allowed: reasons.length === 0, rule, reasons };
}

/** `summary` and `summaryVi` for a refusal error. */
export function summarise(reasons: Reason[]): { summary: string; summaryVi: string } {
  return { summary: reasons.map((r) => r.en).join(' '), summaryVi: reasons.map((r) => r.vi).join(' ') };
}

/** Vietnamese names of copy statuses, for refusal messages. */
/** A patron account's status in Vietnamese, as the refusal puts it ("Tài khoản bạn đọc …"). */
export const PATRON_STATUS_VI: Record<string, string> = {
  pending: 'chưa được kích hoạt (đang chờ xác minh)',
  active: 'đang hoạt động',
  suspended: 'đang bị tạm khóa',
  erased: 'đã bị xóa',
};

/** A hold's status in Vietnamese. */
export const HOLD_STATUS_VI: Record<string, string> = {
  waiting: 'đang chờ',
  in_transit: 'đang vận chuyển đến nơi nhận',
  ready: 'đã sẵn sàng chờ nhận',
  fulfilled: 'đã được nhận',
  cancelled: 'đã hủy',
  expired: 'đã hết hạn nhận',
};

export const COPY_STATUS_VI: Record<string, string> = {
  available: 'sẵn sàng trên giá',
  on_loan: 'đang cho mượn',
  in_transit: 'đang vận chuyển',
  on_hold_shelf: 'đang giữ cho bạn đọc đặt mượn',
  lost: 'bị mất',
  damaged: 'bị hư hỏng',
  withdrawn: 'đã thanh lý',
};
