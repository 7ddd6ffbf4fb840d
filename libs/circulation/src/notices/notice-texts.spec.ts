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

describe('notice texts with the title', () => {
  const title = 'Đất rừng phương Nam';

  it('names the copy by its title, with the barcode beside it, in the feed and both languages of the e-mail', () => {
    const due = noticeFor('due_soon', 'p', { title, barcode: 'ĐKCB-0042', dueDate: '2026-02-16', loanId: 'l' });
    expect(due.bodyVi).toBe('Tài liệu “Đất rừng phương Nam” (mã vạch ĐKCB-0042) cần trả trước ngày 16/02/2026.');
    const m = noticeEmail(due, { email: 'dung@thu.example', name: 'Đỗ Văn Dũng' });
    expect(m.text).toContain('Item “Đất rừng phương Nam” (barcode ĐKCB-0042) is due by 16/02/2026.');
    expect(noticeFor('overdue', 'p', { title, barcode: 'B1', dueDate: '2026-03-01' }).bodyVi).toBe('Tài liệu “Đất rừng phương Nam” (mã vạch B1) đã quá hạn trả từ ngày 01/03/2026. Xin vui lòng trả hoặc gia hạn.');
    expect(noticeFor('hold_ready', 'p', { title, barcode: 'B1', pickupBy: '2026-03-05' }).bodyVi).toBe('Tài liệu “Đất rừng phương Nam” (mã vạch B1) đang được giữ cho bạn đến hết ngày 05/03/2026.');
    expect(noticeFor('hold_expiring', 'p', { title, barcode: 'B1', pickupBy: '2026-03-05' }).bodyVi).toBe('Tài liệu “Đất rừng phương Nam” (mã vạch B1) chỉ được giữ cho bạn đến hết ngày 05/03/2026.');
    expect(noticeFor('eloan_ending', 'p', { title, endsAt: '2026-11-20T17:30:00.000Z', eLoanId: 'e' }).bodyVi).toBe('Lượt mượn tài liệu số “Đất rừng phương Nam” của bạn sẽ kết thúc vào 00:30 21/11/2026.');
    expect(noticeFor('ehold_offered', 'p', { title, claimUntil: '2026-11-20T17:30:00.000Z' }).bodyVi).toBe(
      'Tài liệu số “Đất rừng phương Nam” bạn đặt mượn đang được giữ cho bạn đến 00:30 21/11/2026. Hãy mượn trước thời hạn này.',
    );
  });

  it('keeps a title as written (NFC), even one that looks like a date or a placeholder', () => {
    expect(noticeFor('due_soon', 'p', { title: 'Hà Nội 2026-01-01 {dueDate}'.normalize('NFD'), barcode: 'B1', dueDate: '2026-02-16' }).bodyVi).toBe(
      'Tài liệu “Hà Nội 2026-01-01 {dueDate}” (mã vạch B1) cần trả trước ngày 16/02/2026.',
    );
  });

  it('adds an HTML part with the title escaped, keeping the text part', () => {
    const notice = noticeFor('hold_ready', 'p', { title: 'Tôi & "Đất" <Mẹ>', barcode: 'ĐKCB-7', pickupBy: '2026-03-05', holdId: 'h' });
    const m = noticeEmail(notice, { email: 'me@thu.example', name: 'Lê <Thị> Đào' });
    expect(m.text).toContain('Tài liệu “Tôi & "Đất" <Mẹ>” (mã vạch ĐKCB-7) đang được giữ cho bạn đến hết ngày 05/03/2026.');
    expect(m.html).toContain('<html lang="vi">');
    expect(m.html).toContain('<title>Tài liệu đặt mượn đã sẵn sàng / Your hold is ready</title>');
    expect(m.html).toContain('<p>Chào Lê &lt;Thị&gt; Đào,</p>');
    expect(m.html).toContain('<p>Tài liệu “Tôi &amp; &quot;Đất&quot; &lt;Mẹ&gt;” (mã vạch ĐKCB-7) đang được giữ cho bạn đến hết ngày 05/03/2026.</p>');
    expect(m.html).toContain('<p>Item “Tôi &amp; &quot;Đất&quot; &lt;Mẹ&gt;” (barcode ĐKCB-7) is being held for you until the end of 05/03/2026.</p>');
    expect(m.html).not.toContain('<Mẹ>');
  });
});
