import { describe, expect, it } from '@jest/globals';
import { noticeEmail, noticeFor } from './notice-texts.js';

describe('notice texts', () => {
  it('writes days as dd/mm/yyyy and instants in Vietnam time', () => {
    expect(noticeFor('due_soon', 'p', { barcode: 'DKCB-01', dueDate: '2026-02-16' }).bodyVi).toBe('Tài liệu DKCB-01 cần trả trước ngày 16/02/2026.');
    // 17:30 UTC is half past midnight the next day in Hà Nội.
    expect(noticeFor('eloan_ending', 'p', { endsAt: '2026-11-20T17:30:00.000Z', eLoanId: 'e' }).bodyVi).toBe('Lượt mượn tài liệu số của bạn sẽ kết thúc vào 00:30 21/11/2026.');
    // Other values are left as they are; a missing one keeps its placeholder.
    expect(noticeFor('hold_ready', 'p', { barcode: '2026-01-01-X' }).bodyVi).toBe('Tài liệu 2026-01-01-X đang được giữ cho bạn đến hết ngày {pickupBy}.');
  });

  it('e-mails the feed text in Vietnamese, then the English text, greeting the patron by name (NFC)', () => {
    const notice = noticeFor('overdue', 'p', { barcode: 'DKCB-02', dueDate: '2026-03-01', loanId: 'l' });
    const m = noticeEmail(notice, { email: 'hoa@thu.example', name: 'Trịnh Thị Hoa'.normalize('NFD') });
    expect(m.to).toBe('hoa@thu.example');
    expect(m.subject).toBe('Tài liệu quá hạn / Item overdue');
    expect(m.text).toMatch(/^Chào Trịnh Thị Hoa,\n\nTài liệu DKCB-02 đã quá hạn trả từ ngày 01\/03\/2026\. Xin vui lòng trả hoặc gia hạn\./);
    expect(m.text).toContain('Hello Trịnh Thị Hoa,\n\nItem DKCB-02 has been overdue since 01/03/2026. Please return or renew it.');
    expect(m.text.indexOf('Chào')).toBeLessThan(m.text.indexOf('Hello'));
    expect(noticeEmail(notice, { email: 'x@thu.example', name: null }).text).toMatch(/^Chào bạn đọc,[\s\S]*\nHello,\n/);
  });
});
